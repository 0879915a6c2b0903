import { createHash } from 'node:crypto';

/**
 * What makes two requests "the same" for one idempotency key: the method, the
 * path (with its query) and the body, with object keys in a fixed order so that
 * `{"a":1,"b":2}` and `{"b":2,"a":1}` agree. A raw body (a photo) is hashed as
 * bytes.
 */
export function fingerprint(method: string, path: string, body: unknown): string {
  const hash = createHash('sha256').update(`${method.toUpperCase()} ${path}\n`);
  if (Buffer.isBuffer(body)) hash.update('bytes:').update(body);
  else if (body !== undefined && body !== null) hash.update('json:').update(canonicalJson(body));
  return hash.digest('hex');
}

/** JSON with every object's keys sorted, recursively; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) sorted[key] = sortKeys(record[key]);
  }
  return sorted;
}
