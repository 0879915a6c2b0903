import { describe, expect, it } from 'vitest';
import { STANDARD_CATEGORIES } from './standard-catalogue.ts';

describe('the standard category catalogue', () => {
  it('have unique codes; every 小类 has an existing 大类 parent and a code that extends it', () => {
    const codes = STANDARD_CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    const tops = new Set(STANDARD_CATEGORIES.filter((c) => c.parentCode === null).map((c) => c.code));
    expect(tops.size).toBeGreaterThanOrEqual(5);
    for (const c of STANDARD_CATEGORIES) {
      expect([1, 2, 3, 4]).toContain(c.priority);
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.nameEn.length).toBeGreaterThan(0);
      if (c.parentCode === null) {
        expect(c.code).toMatch(/^\d{2}$/);
      } else {
        expect(tops.has(c.parentCode), c.code).toBe(true);
        expect(c.code).toMatch(/^\d{4}$/);
        expect(c.code.startsWith(c.parentCode)).toBe(true);
      }
    }
    // The seed inserts in the catalogue's order or parents first; both work.
    for (const name of [
      '暴露垃圾',
      '乱堆乱放',
      '渣土撒漏',
      '占道经营',
      '店外经营',
      '流动摊贩',
      '户外广告',
      '违规张贴',
      '违法建设',
      '施工噪音',
      '餐饮油烟',
      '噪音扰民',
    ]) {
      expect(
        STANDARD_CATEGORIES.some((c) => c.name === name),
        name,
      ).toBe(true);
    }
  });

  it('give every 小类 a limit for each stage, and no 大类 any', () => {
    for (const c of STANDARD_CATEGORIES) {
      const stages = Object.keys(c.limits).sort();
      expect(stages, c.code).toEqual(c.parentCode === null ? [] : ['arrive', 'close', 'dispose', 'register']);
      for (const limit of Object.values(c.limits)) expect(limit.amount, c.code).toBeGreaterThan(0);
    }
  });
});
