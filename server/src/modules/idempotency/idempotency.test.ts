import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprint } from './fingerprint.ts';
import { isIdempotentRoute } from './plugin.ts';
import { decide, type KeyRow } from './store.ts';

describe('fingerprint', () => {
  it('ignores key order and undefined fields, not values, arrays order, method or path', () => {
    const base = fingerprint('POST', '/api/cases/1/dispose', { note: 'x', photoIds: [1, 2] });
    expect(fingerprint('post', '/api/cases/1/dispose', { photoIds: [1, 2], note: 'x', extra: undefined })).toBe(base);
    expect(fingerprint('POST', '/api/cases/1/dispose', { note: 'x', photoIds: [2, 1] })).not.toBe(base);
    expect(fingerprint('POST', '/api/cases/2/dispose', { note: 'x', photoIds: [1, 2] })).not.toBe(base);
    expect(fingerprint('POST', '/api/cases/1/dispose', { note: 'y', photoIds: [1, 2] })).not.toBe(base);
  });

  it('tells no body from an empty one and hashes raw bytes as bytes', () => {
    expect(fingerprint('POST', '/p', undefined)).toBe(fingerprint('POST', '/p', null));
    expect(fingerprint('POST', '/p', {})).not.toBe(fingerprint('POST', '/p', undefined));
    expect(fingerprint('POST', '/p', Buffer.from([1, 2]))).toBe(fingerprint('POST', '/p', Buffer.from([1, 2])));
    expect(fingerprint('POST', '/p', Buffer.from([1, 2]))).not.toBe(fingerprint('POST', '/p', Buffer.from([2, 1])));
  });

  it('sorts nested objects', () => {
    expect(canonicalJson({ b: { d: 1, c: [{ f: 1, e: 2 }] }, a: null })).toBe(
      '{"a":null,"b":{"c":[{"e":2,"f":1}],"d":1}}',
    );
  });
});

describe('decide', () => {
  const row = (overrides: Partial<KeyRow>): KeyRow => ({
    fingerprint: 'f',
    status: 'done',
    response_status: 200,
    response_type: 'application/json; charset=utf-8',
    response_body: '{"id":1}',
    ...overrides,
  });

  it('replays a finished request with the same fingerprint', () => {
    expect(decide(row({}), 'f')).toEqual({
      kind: 'replay',
      response: { status: 200, contentType: 'application/json; charset=utf-8', body: '{"id":1}' },
    });
  });
  it('refuses another request under the same key, running or not', () => {
    expect(decide(row({}), 'g')).toEqual({ kind: 'mismatch' });
    expect(decide(row({ status: 'running', response_status: null }), 'g')).toEqual({ kind: 'mismatch' });
  });
  it('says "running" while the first is still at work', () => {
    expect(decide(row({ status: 'running', response_status: null, response_body: null }), 'f')).toEqual({
      kind: 'running',
    });
  });
});

describe('isIdempotentRoute', () => {
  const route = (method: string, url: string, config?: object) => ({ method, url, config }) as never;
  it('covers filing and every case action by path, and routes that opt in', () => {
    expect(isIdempotentRoute(route('POST', '/api/cases'))).toBe(true);
    expect(isIdempotentRoute(route('POST', '/api/cases/:id/accept'))).toBe(true);
    expect(isIdempotentRoute(route('POST', '/api/cases/:id/extension/approve'))).toBe(true);
    expect(isIdempotentRoute(route('POST', '/api/cases/:id/acknowledge'))).toBe(true);
    expect(isIdempotentRoute(route('POST', '/api/cases/:id/photos'))).toBe(false);
    expect(isIdempotentRoute(route('POST', '/api/cases/:id/photos', { idempotent: true }))).toBe(true);
    expect(isIdempotentRoute(route('GET', '/api/cases'))).toBe(false);
    expect(isIdempotentRoute(route('PUT', '/api/cases/:id/location'))).toBe(false);
    expect(isIdempotentRoute(route('PUT', '/api/squads/:id/status', { idempotent: true }))).toBe(true);
  });
});
