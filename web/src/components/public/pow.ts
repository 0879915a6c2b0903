/**
 * The citizen form's proof of work: find a decimal nonce such that
 * SHA-256(challenge + nonce) starts with `difficulty` zero bits.
 *
 * SHA-256 is written out here rather than taken from crypto.subtle: that is
 * missing on plain-http pages (a bureau's LAN), and its one promise per hash
 * would cost more than the hash itself. The challenge's whole 64-byte blocks
 * are hashed once; each try hashes only the last block or two.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** One 64-byte block into the state. */
function compress(state: Uint32Array, block: Uint8Array, offset: number, w: Uint32Array): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + i * 4;
    w[i] = (block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[i] = w[i - 16]! + s0 + w[i - 7]! + s1;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = state[0]! + a;
  state[1] = state[1]! + b;
  state[2] = state[2]! + c;
  state[3] = state[3]! + d;
  state[4] = state[4]! + e;
  state[5] = state[5]! + f;
  state[6] = state[6]! + g;
  state[7] = state[7]! + h;
}

/** SHA-256 of some bytes (the solver's building block, exposed for its tests). */
export function sha256(bytes: Uint8Array): Uint8Array {
  const state = Uint32Array.from(INITIAL);
  const w = new Uint32Array(64);
  const whole = bytes.length - (bytes.length % 64);
  for (let offset = 0; offset < whole; offset += 64) compress(state, bytes, offset, w);
  const tail = padTail(bytes.subarray(whole), bytes.length);
  for (let offset = 0; offset < tail.length; offset += 64) compress(state, tail, offset, w);
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) view.setUint32(i * 4, state[i]!);
  return out;
}

/** The last bytes of a message with SHA-256's padding and bit length: one or two blocks. */
function padTail(rest: Uint8Array, totalLength: number): Uint8Array {
  const blocks = rest.length + 9 <= 64 ? 1 : 2;
  const tail = new Uint8Array(blocks * 64);
  tail.set(rest);
  tail[rest.length] = 0x80;
  const view = new DataView(tail.buffer);
  const bits = totalLength * 8;
  view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(tail.length - 4, bits >>> 0);
  return tail;
}

/** Whether the state's first bits are zero. */
function hasZeroBits(state: Uint32Array, difficulty: number): boolean {
  if (difficulty <= 0) return true;
  if (difficulty <= 32) return state[0]! >>> (32 - difficulty) === 0;
  return state[0] === 0 && state[1]! >>> (64 - difficulty) === 0;
}

/**
 * A solver for one challenge. `run(tries)` tests the next `tries` nonces and
 * answers the first that works, or null to be called again: the caller
 * decides how to share the thread (see `solveChallenge`).
 */
export function createSolver(challenge: string, difficulty: number): { run(tries: number): string | null } {
  const prefix = new TextEncoder().encode(challenge);
  const whole = prefix.length - (prefix.length % 64);
  const mid = Uint32Array.from(INITIAL);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < whole; offset += 64) compress(mid, prefix, offset, w);
  const rest = prefix.subarray(whole);
  const state = new Uint32Array(8);
  // Room for the rest of the prefix, 16 digits, the 0x80 and the length.
  const tail = new Uint8Array(rest.length + 16 + 9 <= 64 ? 64 : 128);
  const view = new DataView(tail.buffer);
  let nonce = 0;
  return {
    run(tries: number): string | null {
      for (const end = nonce + tries; nonce < end; nonce++) {
        const digits = String(nonce);
        tail.fill(0);
        tail.set(rest);
        for (let i = 0; i < digits.length; i++) tail[rest.length + i] = digits.charCodeAt(i);
        const length = rest.length + digits.length;
        tail[length] = 0x80;
        const blocks = length + 9 <= 64 ? 1 : 2;
        const bits = (whole + length) * 8;
        view.setUint32(blocks * 64 - 8, Math.floor(bits / 2 ** 32));
        view.setUint32(blocks * 64 - 4, bits >>> 0);
        state.set(mid);
        compress(state, tail, 0, w);
        if (blocks === 2) compress(state, tail, 64, w);
        if (hasZeroBits(state, difficulty)) return String(nonce++);
      }
      return null;
    },
  };
}

/**
 * Solves on the main thread in slices of about 10 ms, so that the page keeps
 * answering taps while it works (it normally starts as the form opens, and is
 * done before anyone has typed a word). A message, not setTimeout, hands the
 * thread back: nested timers are clamped to 4 ms, which would cost a third of
 * the time.
 */
export async function solveChallenge(challenge: string, difficulty: number, signal?: AbortSignal): Promise<string> {
  const solver = createSolver(challenge, difficulty);
  for (;;) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const until = performance.now() + 10;
    do {
      const found = solver.run(512);
      if (found !== null) return found;
    } while (performance.now() < until);
    await yieldToPage();
  }
}

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
