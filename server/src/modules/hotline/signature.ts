import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTLINE_HEADERS, HOTLINE_REPLAY_WINDOW_SECONDS } from '@civic/shared';

/** `sha256=<hex>` of HMAC-SHA256(secret, timestamp + "." + body). */
export function sign(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** The two headers that sign `body`, stamped `nowMs`. */
export function signatureHeaders(secret: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [HOTLINE_HEADERS.timestamp]: timestamp, [HOTLINE_HEADERS.signature]: sign(secret, timestamp, body) };
}

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
}

/**
 * Whether the request was signed with `secret` within the replay window.
 * The comparison takes the same time whatever the given signature is (both
 * sides are hashed to a fixed length first), and the HMAC is computed even
 * when the timestamp is already wrong, so timing tells nothing.
 */
export function verifySignature(secret: string, request: SignedRequest, nowMs = Date.now()): boolean {
  const timestamp = request.timestamp ?? '';
  const expected = sign(secret, timestamp, request.body);
  const same = timingSafeEqual(digest(expected), digest(request.signature ?? ''));
  const fresh =
    /^\d{1,12}$/.test(timestamp) && Math.abs(nowMs / 1000 - Number(timestamp)) <= HOTLINE_REPLAY_WINDOW_SECONDS;
  return same && fresh;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** A new shared secret: 32 random bytes, URL-safe. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * JSON with object keys sorted, so that the same payload re-serialised by the
 * platform (another key order, other spacing) hashes the same.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint a ticket's payload is compared by. */
export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}
