import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../http/errors.ts';
import { leadingZeroBits, meetsDifficulty, ProofOfWork } from './challenge.ts';

const key = async () => Buffer.alloc(32, 7);

function solve(challenge: string, difficulty: number): string {
  for (let nonce = 0; ; nonce++) if (meetsDifficulty(challenge, String(nonce), difficulty)) return String(nonce);
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code?: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return { status: error.statusCode, ...error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('leadingZeroBits', () => {
  it('counts whole zero bytes and the zero bits of the first other byte', () => {
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Uint8Array.from([0x01]))).toBe(7);
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0x10, 0xff]))).toBe(19);
    expect(leadingZeroBits(Uint8Array.from([0, 0]))).toBe(16);
  });

  it('agrees with the digest written out in binary', () => {
    for (let i = 0; i < 200; i++) {
      const digest = createHash('sha256').update(`x${i}`).digest();
      const binary = [...digest].map((b) => b.toString(2).padStart(8, '0')).join('');
      expect(leadingZeroBits(digest)).toBe(binary.indexOf('1'));
    }
  });
});

describe('ProofOfWork', () => {
  it('accepts a solution before expiry and refuses it after, whatever the nonce', async () => {
    let now = 1_000_000;
    const pow = new ProofOfWork(key, 8, 60_000, () => now);
    const issued = await pow.issue();
    expect(issued.expiresAt.getTime()).toBe(1_060_000);
    const nonce = solve(issued.challenge, 8);
    await expect(pow.verify(issued.challenge, nonce)).resolves.toMatchObject({ expiresAt: issued.expiresAt });
    now = 1_060_000;
    expect(await refusal(pow.verify(issued.challenge, nonce))).toMatchObject({
      status: 422,
      code: 'challenge_expired',
      field: 'body.challenge',
    });
  });

  it('keeps the difficulty a challenge was issued with', async () => {
    const issued = await new ProofOfWork(key, 4, 60_000).issue();
    const nonce = solve(issued.challenge, 4);
    // A server since set to a harder difficulty still accepts the open form's challenge.
    await expect(new ProofOfWork(key, 20, 60_000).verify(issued.challenge, nonce)).resolves.toBeDefined();
  });

  it('refuses another key’s signature, a tampered challenge and a wrong nonce', async () => {
    const pow = new ProofOfWork(key, 8, 60_000);
    const other = await new ProofOfWork(async () => Buffer.alloc(32, 9), 8, 60_000).issue();
    expect((await refusal(pow.verify(other.challenge, solve(other.challenge, 8)))).code).toBe('challenge_invalid');
    const issued = await pow.issue();
    const later = issued.challenge.replace(/\.(\d+)\.8\./, (_m, ms: string) => `.${Number(ms) + 1}.8.`);
    expect((await refusal(pow.verify(later, solve(later, 8)))).code).toBe('challenge_invalid');
    expect((await refusal(pow.verify('garbage', '1'))).code).toBe('challenge_invalid');
    let wrong = 0;
    while (meetsDifficulty(issued.challenge, String(wrong), 8)) wrong++;
    expect(await refusal(pow.verify(issued.challenge, String(wrong)))).toMatchObject({
      code: 'challenge_unsolved',
      field: 'body.nonce',
    });
  });
});
