import { describe, expect, test } from 'vitest';
import { createSolver, sha256, solveChallenge } from './pow.ts';

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
const utf8 = (text: string) => new TextEncoder().encode(text);

async function subtle(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text)));
}

function zeroBits(digest: Uint8Array): number {
  const binary = [...digest].map((b) => b.toString(2).padStart(8, '0')).join('');
  const first = binary.indexOf('1');
  return first === -1 ? binary.length : first;
}

describe('sha256', () => {
  test('matches the published test vectors', () => {
    expect(hex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  test('matches the platform’s SHA-256 at every length around the block edges', async () => {
    for (let length = 0; length <= 200; length++) {
      const text = 'x'.repeat(length);
      expect(hex(sha256(utf8(text))), `length ${length}`).toBe(hex(await subtle(text)));
    }
  });
});

describe('the solver', () => {
  test('finds a nonce the platform agrees on, for challenges of every length modulo 64', async () => {
    for (let length = 40; length < 40 + 64; length += 7) {
      const challenge = `v1.${'c'.repeat(length)}`;
      const nonce = await solveChallenge(challenge, 10);
      expect(nonce).toMatch(/^\d+$/);
      expect(zeroBits(await subtle(challenge + nonce))).toBeGreaterThanOrEqual(10);
    }
  });

  test('answers the first nonce that works, as a plain search would', () => {
    const challenge = 'v1.first-nonce.1780000000000.8.signature';
    let expected = 0;
    while (zeroBits(sha256(utf8(challenge + expected))) < 8) expected++;
    const solver = createSolver(challenge, 8);
    let found: string | null = null;
    while (found === null) found = solver.run(50);
    expect(found).toBe(String(expected));
  });

  test('difficulty 0 takes the first nonce', () => {
    expect(createSolver('anything', 0).run(1)).toBe('0');
  });
});
