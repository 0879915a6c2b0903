import type { Queryable } from '../../db/pool.ts';

/** One request's claim on a key, held from the first hook to the stored answer. */
export interface Claim {
  userId: number;
  key: string;
}

/** A stored answer, replayed as it was sent. */
export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: string;
}

/** What to do with a request whose key is already in the table. */
export type Outcome =
  | { kind: 'claimed' }
  /** The same key was used for another request: refuse (422). */
  | { kind: 'mismatch' }
  /** The first request with this key has not answered yet (409, retry later). */
  | { kind: 'running' }
  | { kind: 'replay'; response: StoredResponse };

export interface KeyRow {
  fingerprint: string;
  status: 'running' | 'done';
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
}

/** The decision for an existing row, apart from expiry and abandoned claims (the claim's SQL takes those over). */
export function decide(row: KeyRow, fingerprint: string): Exclude<Outcome, { kind: 'claimed' }> {
  if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (row.status === 'running' || row.response_status === null) return { kind: 'running' };
  return {
    kind: 'replay',
    response: { status: row.response_status, contentType: row.response_type, body: row.response_body ?? '' },
  };
}

export interface StoreOptions {
  /** How long a key is remembered (default 7 days). */
  ttlSeconds: number;
  /** A claim still running after this long was abandoned by a node that died, and may be taken over. */
  leaseSeconds: number;
  /** Expired keys are deleted at most this often per node, by whichever request comes along. */
  cleanupEveryMs: number;
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = {
  ttlSeconds: 7 * 24 * 3600,
  leaseSeconds: 60,
  cleanupEveryMs: 10 * 60_000,
};

/**
 * The `idempotency_keys` table. A claim is one INSERT … ON CONFLICT, so two
 * concurrent requests with one key cannot both win: the unique key makes the
 * second wait for the first's insert and then find it.
 */
export class IdempotencyStore {
  #lastCleanup = 0;

  constructor(
    private readonly db: Queryable,
    private readonly options: StoreOptions = DEFAULT_STORE_OPTIONS,
  ) {}

  async claim(claim: Claim, request: { fingerprint: string; method: string; path: string }): Promise<Outcome> {
    await this.#cleanupNowAndThen();
    // Twice at most: a row that expired and was deleted between the two statements is simply claimable.
    for (let attempt = 0; attempt < 2; attempt++) {
      const { rows: claimed } = await this.db.query(
        `INSERT INTO idempotency_keys (user_id, key, fingerprint, method, path, locked_until, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6), now() + make_interval(secs => $7))
         ON CONFLICT (user_id, key) DO UPDATE
            SET fingerprint = EXCLUDED.fingerprint, method = EXCLUDED.method, path = EXCLUDED.path,
                status = 'running', response_status = NULL, response_type = NULL, response_body = NULL,
                created_at = now(), locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at
          WHERE idempotency_keys.expires_at < now()
             OR (idempotency_keys.status = 'running' AND idempotency_keys.locked_until < now()
                 AND idempotency_keys.fingerprint = EXCLUDED.fingerprint)
         RETURNING 1`,
        [
          claim.userId,
          claim.key,
          request.fingerprint,
          request.method,
          request.path,
          this.options.leaseSeconds,
          this.options.ttlSeconds,
        ],
      );
      if (claimed.length > 0) return { kind: 'claimed' };
      const { rows } = await this.db.query<KeyRow>(
        `SELECT fingerprint, status, response_status, response_type, response_body
           FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [claim.userId, claim.key],
      );
      if (rows[0]) return decide(rows[0], request.fingerprint);
    }
    throw new Error('idempotency key could be neither claimed nor read');
  }

  /** Stores the answer; from now on a repeat gets it instead of running again. */
  async complete(claim: Claim, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys
          SET status = 'done', response_status = $3, response_type = $4, response_body = $5
        WHERE user_id = $1 AND key = $2`,
      [claim.userId, claim.key, response.status, response.contentType, response.body],
    );
  }

  /** Forgets a claim whose request failed on our side (5xx), so that a retry runs it again. */
  async release(claim: Claim): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status = 'running'`, [
      claim.userId,
      claim.key,
    ]);
  }

  async #cleanupNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastCleanup < this.options.cleanupEveryMs) return;
    this.#lastCleanup = now;
    // A bounded batch, so one unlucky request never waits on a huge delete.
    await this.db.query(
      `DELETE FROM idempotency_keys
        WHERE (user_id, key) IN (SELECT user_id, key FROM idempotency_keys WHERE expires_at < now() LIMIT 1000)`,
    );
  }
}
