import { describe, expect, test } from 'vitest';
import { merchantSearch } from './merchant-api.ts';

describe('merchantSearch', () => {
  test('sends the filters that are set, trimmed, and leaves out the blank ones', () => {
    expect(merchantSearch({})).toBe('');
    expect(merchantSearch({ q: '   ' })).toBe('');
    expect(
      new URLSearchParams(
        merchantSearch({ q: ' 英才街 ', grade: 'yellow', kind: 'shop', subDistrictId: 2, limit: 50 }),
      ),
    ).toEqual(new URLSearchParams({ q: '英才街', grade: 'yellow', kind: 'shop', subDistrictId: '2', limit: '50' }));
  });

  test('the first page has no offset, later pages do', () => {
    expect(merchantSearch({ limit: 50, offset: 0 })).toBe('limit=50');
    expect(merchantSearch({ limit: 50, offset: 100 })).toBe('limit=50&offset=100');
  });
});
