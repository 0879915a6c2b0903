import { describe, expect, test } from 'vitest';
import { navigationLinks, wgs84ToBd09, wgs84ToGcj02 } from './navigation.ts';

/** Reference points converted by gcoord 1.x (what the server uses), WGS-84 → GCJ-02 and BD-09. */
const REFERENCE = [
  {
    wgs: { lng: 113.63, lat: 34.83 },
    gcj: { lng: 113.63605964457433, lat: 34.82890864016178 },
    bd: { lng: 113.64247646407291, lat: 34.8352481695479 },
  },
  {
    wgs: { lng: 116.397428, lat: 39.90923 },
    gcj: { lng: 116.40367162595768, lat: 39.91063350638631 },
    bd: { lng: 116.41004410170474, lat: 39.916972856075134 },
  },
];

/** 1e-7 degrees is about a centimetre. */
const close = (point: { lng: number; lat: number }) => ({
  lng: expect.closeTo(point.lng, 7),
  lat: expect.closeTo(point.lat, 7),
});

describe('coordinate conversion', () => {
  test.each(REFERENCE)('matches gcoord for $wgs.lng,$wgs.lat', ({ wgs, gcj, bd }) => {
    expect(wgs84ToGcj02(wgs)).toEqual(close(gcj));
    expect(wgs84ToBd09(wgs)).toEqual(close(bd));
  });

  test('leaves points outside China alone', () => {
    const paris = { lng: 2.35, lat: 48.85 };
    expect(wgs84ToGcj02(paris)).toEqual(paris);
    expect(wgs84ToBd09(paris)).toEqual(paris);
  });
});

describe('navigationLinks', () => {
  const to = { lng: 113.63, lat: 34.83 };

  test('a geo: URI in WGS-84, Amap in GCJ-02, Baidu in BD-09', () => {
    const links = navigationLinks(to, 'HJ001 英才街');
    expect(links.geo).toBe('geo:34.830000,113.630000?q=34.830000,113.630000(HJ001%20%E8%8B%B1%E6%89%8D%E8%A1%97)');
    const amap = new URL(links.amap);
    expect(amap.origin + amap.pathname).toBe('https://uri.amap.com/navigation');
    expect(amap.searchParams.get('to')).toBe('113.636060,34.828909,HJ001 英才街');
    expect(amap.searchParams.get('coordinate')).toBe('gaode');
    const baidu = new URL(links.baidu);
    expect(baidu.pathname).toBe('/marker');
    expect(baidu.searchParams.get('location')).toBe('34.835248,113.642476');
    expect(baidu.searchParams.get('coord_type')).toBe('bd09ll');
  });

  test('Baidu routes from the phone when its position is known', () => {
    const baidu = new URL(navigationLinks(to, '现场', { lng: 113.62, lat: 34.82 }).baidu);
    expect(baidu.pathname).toBe('/direction');
    expect(baidu.searchParams.get('destination')).toBe('latlng:34.835248,113.642476|name:现场');
    expect(baidu.searchParams.get('origin')).toMatch(/^latlng:34\.8\d+,113\.6\d+\|name:我的位置$/);
  });
});
