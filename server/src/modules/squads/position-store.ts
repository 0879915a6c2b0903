import type { Queryable } from '../../db/pool.ts';

/** One fix as the server stores it: the time is already on the server's clock. */
export interface StoredFix {
  squadId: number;
  lng: number;
  lat: number;
  at: Date;
  accuracyM: number | null;
}

/**
 * What became of a fix: `stored` as the squad's latest position; `ignored`
 * when the squad already has a newer one or is off duty (nobody is tracked
 * off duty); `unknown_squad` when there is no such squad.
 */
export type FixOutcome = 'stored' | 'ignored' | 'unknown_squad';

export interface PositionStoreOptions {
  /**
   * Fixes that arrive within this many ms are written in one statement
   * (0: each fix is written on its own, at once). Batching trades this much
   * delay for one round trip and one index pass per batch instead of per fix.
   */
  writeMs: number;
  /** Downsampling: keep a fix in the track when it moved more than this (and its own accuracy)… */
  trackMinDistanceM: number;
  /** …or when this long passed since the last kept point. */
  trackMinIntervalSeconds: number;
  /** The most fixes one statement carries. */
  maxBatch?: number;
}

interface Pending {
  fix: StoredFix;
  resolve(outcome: FixOutcome): void;
  reject(error: unknown): void;
}

/** Whether an incoming fix (EXCLUDED) joins the track, against the last kept point (p.track_*). */
const KEEP_IN_TRACK = `(p.track_at IS NULL
     OR EXCLUDED.at >= p.track_at + make_interval(secs => $6::float8)
     OR NOT ST_DWithin(p.track_position, EXCLUDED.position, greatest($7::float8, coalesce(EXCLUDED.accuracy_m, 0)), false))`;

/**
 * One statement stores a batch of fixes, at most one per squad:
 * - fixes of squads that do not exist or are off duty are dropped (a plain
 *   read of `squads`: no lock that a case transition could wait on, and none
 *   that waits on one);
 * - the latest position is replaced only by a newer fix;
 * - a stored fix is also kept in the track when it moved more than the
 *   distance (or its own accuracy, so that jitter of a poor fix is not
 *   movement) or when the interval passed since the last kept point.
 * Returns each squad of the batch, whether it exists and whether its fix was stored.
 */
const STORE_FIXES = `
  WITH given AS (
    SELECT i.squad_id, i.lng, i.lat, i.at, i.accuracy_m, s.status
      FROM unnest($1::int[], $2::float8[], $3::float8[], $4::timestamptz[], $5::real[])
           AS i(squad_id, lng, lat, at, accuracy_m)
      LEFT JOIN squads s ON s.id = i.squad_id
  ),
  latest AS (
    INSERT INTO squad_positions AS p (squad_id, position, at, accuracy_m, received_at, track_position, track_at)
    SELECT squad_id, ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, at, accuracy_m, now(),
           ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, at
      FROM given WHERE status IS NOT NULL AND status <> 'off_duty'
     -- Rows are locked in squad order, so two nodes' batches cannot deadlock.
     ORDER BY squad_id
    ON CONFLICT ON CONSTRAINT squad_positions_pkey DO UPDATE
       SET position = EXCLUDED.position,
           at = EXCLUDED.at,
           accuracy_m = EXCLUDED.accuracy_m,
           received_at = now(),
           track_position = CASE WHEN ${KEEP_IN_TRACK} THEN EXCLUDED.position ELSE p.track_position END,
           track_at = CASE WHEN ${KEEP_IN_TRACK} THEN EXCLUDED.at ELSE p.track_at END
     WHERE p.at < EXCLUDED.at
    RETURNING p.squad_id, p.position, p.at, p.accuracy_m, p.track_at = p.at AS kept
  ),
  track AS (
    INSERT INTO squad_track_points (squad_id, at, position, accuracy_m)
    SELECT squad_id, at, position, accuracy_m FROM latest WHERE kept
    ON CONFLICT ON CONSTRAINT squad_track_points_pkey DO NOTHING
  )
  SELECT given.squad_id, given.status IS NOT NULL AS known, latest.squad_id IS NOT NULL AS stored
    FROM given LEFT JOIN latest ON latest.squad_id = given.squad_id`;

/**
 * Writes squad fixes: the latest per squad and the downsampled track, in
 * batches. Besides the copy of a hand-set `squads.position` (migration
 * 012), this is the only writer of `squad_positions` and
 * `squad_track_points`, and it never locks a row a case transition locks. `submit` resolves once the fix is committed (or ignored), so an
 * acknowledgement means "stored".
 */
export class PositionStore {
  #queue: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #closed = false;
  readonly #maxBatch: number;

  constructor(
    private readonly db: Queryable,
    private readonly options: PositionStoreOptions,
  ) {
    this.#maxBatch = options.maxBatch ?? 5000;
  }

  submit(fix: StoredFix): Promise<FixOutcome> {
    if (this.#closed) return Promise.reject(new Error('position store closed'));
    return new Promise<FixOutcome>((resolve, reject) => {
      const pending = { fix, resolve, reject };
      if (this.options.writeMs === 0) {
        // Unbatched: each fix its own statement, as many at once as the pool allows.
        void this.#write([pending]);
        return;
      }
      this.#queue.push(pending);
      this.#schedule();
    });
  }

  /** Writes what is queued now and waits for it (and for a write in flight). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#writing || this.#queue.length > 0) {
      if (this.#writing) await this.#writing;
      else this.#startBatch();
    }
  }

  /** Stores what is queued, then refuses new fixes. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #schedule(): void {
    if (this.#timer || this.#writing) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#startBatch();
    }, this.options.writeMs);
  }

  #startBatch(): void {
    if (this.#writing || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.#writing = this.#write(batch).finally(() => {
      this.#writing = undefined;
      // Fixes that came in meanwhile wait for the next slot, not for another full interval after it.
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  /**
   * One statement per round; a round holds at most one fix per squad (a
   * statement may not change the same row twice), oldest first, so that
   * several fixes of one squad in a batch are each considered for the track.
   */
  async #write(batch: Pending[]): Promise<void> {
    const bySquad = new Map<number, Pending[]>();
    for (const pending of batch) {
      const list = bySquad.get(pending.fix.squadId);
      if (list) list.push(pending);
      else bySquad.set(pending.fix.squadId, [pending]);
    }
    const rounds: Pending[][] = [];
    for (const list of bySquad.values()) {
      list.sort((a, b) => a.fix.at.getTime() - b.fix.at.getTime());
      list.forEach((pending, index) => (rounds[index] ??= []).push(pending));
    }
    for (const round of rounds) {
      try {
        const outcomes = await this.#store(round.map((pending) => pending.fix));
        for (const pending of round) pending.resolve(outcomes.get(pending.fix.squadId) ?? 'unknown_squad');
      } catch (error) {
        for (const pending of round) pending.reject(error);
      }
    }
  }

  async #store(fixes: StoredFix[]): Promise<Map<number, FixOutcome>> {
    const { rows } = await this.db.query<{ squad_id: number; known: boolean; stored: boolean }>(STORE_FIXES, [
      fixes.map((f) => f.squadId),
      fixes.map((f) => f.lng),
      fixes.map((f) => f.lat),
      fixes.map((f) => f.at.toISOString()),
      fixes.map((f) => f.accuracyM),
      this.options.trackMinIntervalSeconds,
      this.options.trackMinDistanceM,
    ]);
    return new Map(
      rows.map((row) => [row.squad_id, row.stored ? 'stored' : row.known ? 'ignored' : 'unknown_squad'] as const),
    );
  }
}
