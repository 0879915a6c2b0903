import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/pool.ts';
import { DuplicateIndex, metresBetween, textKey } from './import-duplicates.ts';

/** An index with nothing loaded: load() asks the database only when there are names to look up. */
const unused = {
  query: () => Promise.reject(new Error('no query expected')),
} as unknown as Queryable;
const emptyIndex = (rowOfMerchant = new Map<number, number>()) => DuplicateIndex.load(unused, [], rowOfMerchant);

const AT = { lng: 113.63, lat: 34.83 };
/** Metres east of AT. */
const east = (m: number) => ({ lng: AT.lng + m / 91_480, lat: AT.lat });

describe('the duplicate rule', () => {
  it('compares names and addresses without spaces, width or Latin case', () => {
    expect(textKey(' 老王 烧饼 ')).toBe(textKey('老王烧饼'));
    expect(textKey('ＫＦＣ 天河路１８号')).toBe(textKey('kfc天河路18号'));
    expect(textKey('老王烧饼')).not.toBe(textKey('老王饼'));
  });

  it('finds the same name at the same address, or with the same phone', async () => {
    const index = await emptyIndex(new Map([[7, 12]]));
    index.remember(7, { name: '老王烧饼', address: '天河路18号', phone: '138-0013-8000', point: AT });
    expect(index.find({ name: '老王 烧饼', address: '天河路１８号', phone: null, point: east(500) })).toEqual({
      merchantId: 7,
      fileRow: 12,
      by: 'address',
    });
    expect(
      index.find({ name: '老王烧饼', address: '英才街2号', phone: '13800138000', point: east(500) }),
    ).toMatchObject({ by: 'phone' });
    // Same name elsewhere with another phone: a different shop of a chain.
    expect(index.find({ name: '老王烧饼', address: '英才街2号', phone: '13900000000', point: AT })).toBeUndefined();
    expect(index.find({ name: '小李水果', address: '天河路18号', phone: null, point: AT })).toBeUndefined();
  });

  it('knows a row with neither address nor phone by its name and place', async () => {
    const index = await emptyIndex();
    index.remember(3, { name: '烤红薯', address: null, phone: null, point: AT });
    expect(index.find({ name: '烤红薯', address: null, phone: null, point: east(15) })).toEqual({
      merchantId: 3,
      fileRow: undefined,
      by: 'place',
    });
    expect(index.find({ name: '烤红薯', address: null, phone: null, point: east(40) })).toBeUndefined();
  });

  it('measures metres on the ground', () => {
    expect(metresBetween(AT, east(100))).toBeGreaterThan(99);
    expect(metresBetween(AT, east(100))).toBeLessThan(101);
  });
});
