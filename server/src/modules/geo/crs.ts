import gcoordModule from 'gcoord';
import type { Crs, LngLat } from '@civic/shared';

// gcoord's CommonJS build exports its API object itself, while its types
// describe that object as the default export: take whichever is there.
type Gcoord = typeof gcoordModule.default;
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

/**
 * Conversions between WGS-84 (what we store), GCJ-02 (Amap/高德, Tencent) and
 * BD-09 (Baidu), with the maintained `gcoord` library. Points are converted at
 * the edge: inputs to WGS-84 before they reach a service, outputs from WGS-84
 * just before they leave.
 */

const GCOORD: Record<Crs, Gcoord['WGS84'] | Gcoord['GCJ02'] | Gcoord['BD09']> = {
  wgs84: gcoord.WGS84,
  gcj02: gcoord.GCJ02,
  bd09: gcoord.BD09,
};

/**
 * The box gcoord treats as China (its isInChinaBbox). GCJ-02 and BD-09 exist
 * only inside China: outside it every system is WGS-84 and nothing moves.
 * gcoord already leaves GCJ-02 alone there; its BD-09 formulas do not check,
 * so this module does, the same way for both.
 */
const CHINA_BOX = { west: 72.004, east: 137.8347, south: 0.8293, north: 55.8271 };

export function inChina(point: LngLat): boolean {
  return (
    point.lng >= CHINA_BOX.west &&
    point.lng <= CHINA_BOX.east &&
    point.lat >= CHINA_BOX.south &&
    point.lat <= CHINA_BOX.north
  );
}

/** 1e-7 degrees is about a centimetre: enough, and stable to compare in tests. */
const round = (value: number) => Math.round(value * 1e7) / 1e7;

export function convertPoint(point: LngLat, from: Crs, to: Crs): LngLat {
  if (from === to || !inChina(point)) return point;
  const [lng, lat] = gcoord.transform([point.lng, point.lat], GCOORD[from], GCOORD[to]);
  return { lng: round(lng), lat: round(lat) };
}

/** A point a client sent in `crs` (wgs84 when absent), as WGS-84. */
export function toWgs84(point: LngLat, crs: Crs | undefined): LngLat {
  return convertPoint(point, crs ?? 'wgs84', 'wgs84');
}

/** A stored WGS-84 point in the system a client asked for (wgs84 when absent). */
export function fromWgs84(point: LngLat, crs: Crs | undefined): LngLat {
  return convertPoint(point, 'wgs84', crs ?? 'wgs84');
}

/** `fromWgs84` for a point that may be null, as case DTOs carry it. */
export function fromWgs84OrNull(point: LngLat | null, crs: Crs | undefined): LngLat | null {
  return point === null ? null : fromWgs84(point, crs);
}
