import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Crs, LngLat } from '@civic/shared';
import { convertPoint, fromWgs84, inChina, toWgs84 } from './crs.ts';

/** Metres between two nearby points (equirectangular; exact enough under a kilometre). */
function metres(a: LngLat, b: LngLat): number {
  const lat = ((a.lat + b.lat) / 2) * (Math.PI / 180);
  return Math.hypot((a.lng - b.lng) * 111_320 * Math.cos(lat), (a.lat - b.lat) * 110_574);
}

const p = (lng: number, lat: number): LngLat => ({ lng, lat });

/**
 * Published pairs, each with where it comes from:
 *
 * - gcoord's own test fixture test/fixtures/china-cities.json
 *   (github.com/hujiulong/gcoord), the entries 郑州市 and 驻马店市, given
 *   there to 7 decimals in WGS84, GCJ02 and BD09;
 * - gcoord's README: WGS84 [116.403988, 39.914266] → BD09
 *   [116.41661560068297, 39.92196580126834], and GCJ02 [123, 45] → WGS84
 *   [122.99395597, 44.99804071] (also in its test/unit/crs/GCJ02.spec);
 * - wandergis/coordtransform, test/app.js, for the point (116.404, 39.915)
 *   near Tiananmen: wgs84togcj02 [116.41024449916938, 39.91640428150164],
 *   gcj02tobd09 [116.41036949371029, 39.92133699351021], bd09togcj02
 *   [116.39762729119315, 39.90865673957631].
 *
 * The china-cities values are rounded to 1e-7 and were not all produced by
 * the same formula, so they are checked to a metre; the others to 1e-6°.
 */
const CITY_PAIRS: { name: string; wgs84: LngLat; gcj02: LngLat; bd09: LngLat }[] = [
  {
    name: '郑州市 (gcoord china-cities.json)',
    wgs84: p(113.6192856, 34.7478004),
    gcj02: p(113.6253334, 34.7466173),
    bd09: p(113.6317519, 34.7528605),
  },
  {
    name: '驻马店市 (gcoord china-cities.json)',
    wgs84: p(114.0164322, 33.0133556),
    gcj02: p(114.022306, 33.0115324),
    bd09: p(114.0287781, 33.0176697),
  },
];

describe('coordinate conversion against published values', () => {
  for (const pair of CITY_PAIRS) {
    it(`${pair.name}: WGS-84 ↔ GCJ-02 ↔ BD-09 within a metre`, () => {
      expect(metres(convertPoint(pair.wgs84, 'wgs84', 'gcj02'), pair.gcj02)).toBeLessThan(1);
      expect(metres(convertPoint(pair.wgs84, 'wgs84', 'bd09'), pair.bd09)).toBeLessThan(1);
      expect(metres(toWgs84(pair.gcj02, 'gcj02'), pair.wgs84)).toBeLessThan(1);
      expect(metres(toWgs84(pair.bd09, 'bd09'), pair.wgs84)).toBeLessThan(1);
      expect(metres(convertPoint(pair.gcj02, 'gcj02', 'bd09'), pair.bd09)).toBeLessThan(1);
    });
  }

  it('gcoord README: WGS-84 → BD-09 near Tiananmen, and GCJ-02 → WGS-84 at (123, 45)', () => {
    const bd = fromWgs84(p(116.403988, 39.914266), 'bd09');
    expect(bd.lng).toBeCloseTo(116.41661560068297, 6);
    expect(bd.lat).toBeCloseTo(39.92196580126834, 6);
    const wgs = toWgs84(p(123, 45), 'gcj02');
    expect(wgs.lng).toBeCloseTo(122.99395597, 6);
    expect(wgs.lat).toBeCloseTo(44.99804071, 6);
  });

  it('wandergis/coordtransform at (116.404, 39.915)', () => {
    const gcj = convertPoint(p(116.404, 39.915), 'wgs84', 'gcj02');
    expect(gcj.lng).toBeCloseTo(116.41024449916938, 6);
    expect(gcj.lat).toBeCloseTo(39.91640428150164, 6);
    const bd = convertPoint(p(116.404, 39.915), 'gcj02', 'bd09');
    expect(bd.lng).toBeCloseTo(116.41036949371029, 6);
    expect(bd.lat).toBeCloseTo(39.92133699351021, 6);
    const back = convertPoint(p(116.404, 39.915), 'bd09', 'gcj02');
    expect(back.lng).toBeCloseTo(116.39762729119315, 6);
    expect(back.lat).toBeCloseTo(39.90865673957631, 6);
  });

  it('moves a point in Huiji by hundreds of metres, as the domain notes say', () => {
    const huiji = p(113.63, 34.85);
    const offset = metres(fromWgs84(huiji, 'gcj02'), huiji);
    expect(offset).toBeGreaterThan(200);
    expect(offset).toBeLessThan(1000);
  });
});

describe('round trips', () => {
  const huijiBox = fc.record({
    lng: fc.double({ min: 113.5, max: 113.8, noNaN: true }),
    lat: fc.double({ min: 34.75, max: 35.0, noNaN: true }),
  });
  const chinaBox = fc.record({
    lng: fc.double({ min: 75, max: 134, noNaN: true }),
    lat: fc.double({ min: 18, max: 53, noNaN: true }),
  });
  for (const crs of ['gcj02', 'bd09'] as const) {
    it(`WGS-84 → ${crs} → WGS-84 stays within a few decimetres, in Huiji and across China`, () => {
      for (const box of [huijiBox, chinaBox]) {
        fc.assert(
          fc.property(box, (point) => metres(toWgs84(fromWgs84(point, crs), crs), point) < 0.3),
          { numRuns: 300 },
        );
      }
    });
  }
  it('wgs84 and an absent crs change nothing', () => {
    const point = p(113.63, 34.85);
    expect(toWgs84(point, undefined)).toBe(point);
    expect(fromWgs84(point, 'wgs84')).toBe(point);
  });
});

describe('outside China', () => {
  const abroad: [string, LngLat][] = [
    ['Paris', p(2.3522, 48.8566)],
    ['Tokyo', p(139.6917, 35.6895)],
    ['Sydney', p(151.2093, -33.8688)],
    ['New York', p(-74.006, 40.7128)],
  ];
  it.each(abroad)('%s is left unchanged in every system', (_name, point) => {
    expect(inChina(point)).toBe(false);
    for (const from of ['wgs84', 'gcj02', 'bd09'] as Crs[]) {
      for (const to of ['wgs84', 'gcj02', 'bd09'] as Crs[]) expect(convertPoint(point, from, to)).toEqual(point);
    }
  });
});
