import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../../http/errors.ts';

export interface IssuedChallenge {
  challenge: string;
  difficulty: number;
  expiresAt: Date;
}

export interface SolvedChallenge {
  /** The challenge's random id: what "accepted once" is recorded under. */
  id: string;
  expiresAt: Date;
}

const VERSION = 'v1';

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Whether SHA-256(challenge + nonce) starts with `difficulty` zero bits. */
export function meetsDifficulty(challenge: string, nonce: string, difficulty: number): boolean {
  return (
    leadingZeroBits(
      createHash('sha256')
        .update(challenge + nonce)
        .digest(),
    ) >= difficulty
  );
}

const invalid = (field: string, code: string, message: string) => new HttpError(422, message, { field, code });

/**
 * A small proof of work in front of the citizen form: no third-party
 * captcha, nothing to store until a solution comes back. A challenge is
 * `v1.<id>.<expires ms>.<difficulty>.<HMAC>`: the difficulty travels inside
 * it, so changing the setting never breaks a form already open. Each node
 * verifies with the same key (kept in the database); the caller records the
 * id so that a challenge is accepted once.
 */
export class ProofOfWork {
  constructor(
    private readonly key: () => Promise<Buffer>,
    private readonly difficulty: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(): Promise<IssuedChallenge> {
    const expires = this.now() + this.ttlMs;
    const payload = `${VERSION}.${randomBytes(16).toString('base64url')}.${expires}.${this.difficulty}`;
    const signature = await this.sign(payload);
    return { challenge: `${payload}.${signature}`, difficulty: this.difficulty, expiresAt: new Date(expires) };
  }

  /** Checks signature, expiry and solution; throws a 422 naming the field at fault. */
  async verify(challenge: string, nonce: string): Promise<SolvedChallenge> {
    const parts = challenge.split('.');
    const [version, id, expiresText, difficultyText, signature] = parts;
    if (parts.length !== 5 || version !== VERSION || !id || !signature) {
      throw invalid('body.challenge', 'challenge_invalid', 'The challenge is not one this server issued');
    }
    const payload = parts.slice(0, 4).join('.');
    const expected = Buffer.from(await this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalid('body.challenge', 'challenge_invalid', 'The challenge is not one this server issued');
    }
    const expires = Number(expiresText);
    if (!(expires > this.now())) {
      throw invalid('body.challenge', 'challenge_expired', 'The challenge has expired; ask for a new one');
    }
    if (!meetsDifficulty(challenge, nonce, Number(difficultyText))) {
      throw invalid('body.nonce', 'challenge_unsolved', 'The nonce does not solve the challenge');
    }
    return { id, expiresAt: new Date(expires) };
  }

  private async sign(payload: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(payload)
      .digest('base64url');
  }
}
