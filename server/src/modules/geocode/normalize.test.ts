import { describe, expect, it } from 'vitest';
import { normalizeAddress, splitIntersection, stripRegionPrefix } from './normalize.ts';

describe('normalizeAddress', () => {
  it('turns full-width digits and letters half-width and drops spaces', () => {
    expect(normalizeAddress('天河路１２３号 Ａ座')).toBe('天河路123号A座');
  });
  it('keeps the region prefix, which gazetteer names may carry (惠济区政府)', () => {
    expect(normalizeAddress('惠济区政府 东门')).toBe('惠济区政府东门');
  });
});

describe('stripRegionPrefix', () => {
  it('drops the shared province, city and district prefix', () => {
    expect(stripRegionPrefix('河南省郑州市惠济区英才街')).toBe('英才街');
    expect(stripRegionPrefix('郑州惠济区长兴路')).toBe('长兴路');
  });
});

describe('splitIntersection', () => {
  it('finds both roads of "A路与B街交叉口"', () => {
    expect(splitIntersection('天河路与英才街交叉口东北角')).toEqual(['天河路', '英才街']);
    expect(splitIntersection('长兴路和开元路路口')).toEqual(['长兴路', '开元路']);
  });
  it('is undefined for a plain address', () => {
    expect(splitIntersection('英才街夜市疏导点')).toBeUndefined();
  });
});
