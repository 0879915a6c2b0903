import { describe, expect, it } from 'vitest';
import type { RedisClient } from '../../plugins/redis.ts';
import { addressKey, describeWait, MemoryCounterStore, RedisCounterStore } from './rate-limit.ts';

describe('MemoryCounterStore', () => {
  it('counts hits in a fixed window per key and starts again when it ends', async () => {
    let now = 0;
    const store = new MemoryCounterStore(() => now);
    expect(await store.hit('a', 1000)).toEqual({ count: 1, resetMs: 1000 });
    now = 400;
    expect(await store.hit('a', 1000)).toEqual({ count: 2, resetMs: 600 });
    expect(await store.hit('b', 1000)).toEqual({ count: 1, resetMs: 1000 });
    now = 1000;
    expect(await store.hit('a', 1000)).toEqual({ count: 1, resetMs: 1000 });
  });
});

describe('describeWait', () => {
  it('says seconds, minutes or hours', () => {
    expect(describeWait(45)).toBe('45 s');
    expect(describeWait(600)).toBe('10 min');
    expect(describeWait(86_400)).toBe('24 h');
  });
});

describe('RedisCounterStore', () => {
  it('counts on this node when Redis does not answer in time, and says so', async () => {
    const silent = {
      multi: () => {
        const chain = { incr: () => chain, pExpire: () => chain, pTTL: () => chain, exec: () => new Promise(() => {}) };
        return chain;
      },
    } as unknown as RedisClient;
    const errors: unknown[] = [];
    const store = new RedisCounterStore(silent, new MemoryCounterStore(), (e) => errors.push(e), 20);
    expect((await store.hit('k', 60_000)).count).toBe(1);
    expect((await store.hit('k', 60_000)).count).toBe(2);
    expect(errors).toHaveLength(2);
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses, unwraps mapped ones, and groups IPv6 by /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2408:8456:0a10:0001:1234:5678:9abc:def0')).toBe('2408:8456:a10:1::/64');
    expect(addressKey('2408:8456:a10:1::9')).toBe('2408:8456:a10:1::/64');
    expect(addressKey('2408:8456::1')).toBe('2408:8456:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
