/**
 * Links that take a squad member to a case with the phone's navigation app.
 * Cases are stored in WGS-84; Amap (高德) wants GCJ-02 and Baidu BD-09, so the
 * point is converted here, on the phone. The server converts with the
 * `gcoord` library (server/src/modules/geo/crs.ts), which the web package
 * does not depend on and shared/src/crs.ts has no conversion helpers yet:
 * these are the same published formulas, checked against gcoord's output in
 * navigation.test.ts. Replace them with the shared helpers once they exist.
 */
import type { LngLat } from '@civic/shared';

/** Where GCJ-02 and BD-09 apply (gcoord's isInChinaBbox); outside it every system is WGS-84. */
const CHINA_BOX = { west: 72.004, east: 137.8347, south: 0.8293, north: 55.8271 };

export function inChina(point: LngLat): boolean {
  return (
    point.lng >= CHINA_BOX.west &&
    point.lng <= CHINA_BOX.east &&
    point.lat >= CHINA_BOX.south &&
    point.lat <= CHINA_BOX.north
  );
}

// Krasovsky 1940 ellipsoid, as GCJ-02 uses it.
const A = 6378245.0;
const EE = 0.006693421622965943;
const X_PI = (Math.PI * 3000.0) / 180.0;

function offsetLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function offsetLng(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

export function wgs84ToGcj02(point: LngLat): LngLat {
  if (!inChina(point)) return point;
  const dLatRaw = offsetLat(point.lng - 105.0, point.lat - 35.0);
  const dLngRaw = offsetLng(point.lng - 105.0, point.lat - 35.0);
  const radLat = (point.lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (dLatRaw * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (dLngRaw * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lng: point.lng + dLng, lat: point.lat + dLat };
}

export function gcj02ToBd09(point: LngLat): LngLat {
  if (!inChina(point)) return point;
  const { lng: x, lat: y } = point;
  const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * X_PI);
  return { lng: z * Math.cos(theta) + 0.0065, lat: z * Math.sin(theta) + 0.006 };
}

export const wgs84ToBd09 = (point: LngLat): LngLat => gcj02ToBd09(wgs84ToGcj02(point));

/** Six decimals is about 0.1 m: plenty for a map app, and short in a URL. */
const fixed = (value: number) => value.toFixed(6);

/** Named in the apps' statistics, as their URI APIs ask. */
const SOURCE = 'civic-dispatch';

export interface NavigationLinks {
  /** RFC 5870 `geo:` URI (WGS-84): Android offers every map app installed. */
  geo: string;
  /** Amap's URI API: its app when installed, its web page otherwise (GCJ-02). */
  amap: string;
  /** Baidu's URI API (BD-09): a route from the phone when its position is known, else the place. */
  baidu: string;
}

/** Links to navigate to `to` (WGS-84), named `name`; `from` (WGS-84) is where the phone is, if known. */
export function navigationLinks(to: LngLat, name: string, from: LngLat | null = null): NavigationLinks {
  const gcj = wgs84ToGcj02(to);
  const bd = wgs84ToBd09(to);
  const label = encodeURIComponent(name);
  const geo = `geo:${fixed(to.lat)},${fixed(to.lng)}?q=${fixed(to.lat)},${fixed(to.lng)}(${label})`;
  const amap =
    `https://uri.amap.com/navigation?to=${fixed(gcj.lng)},${fixed(gcj.lat)},${label}` +
    `&mode=car&policy=1&coordinate=gaode&callnative=1&src=${SOURCE}`;
  let baidu: string;
  if (from) {
    const origin = wgs84ToBd09(from);
    baidu =
      `https://api.map.baidu.com/direction?origin=latlng:${fixed(origin.lat)},${fixed(origin.lng)}|name:${encodeURIComponent('我的位置')}` +
      `&destination=latlng:${fixed(bd.lat)},${fixed(bd.lng)}|name:${label}` +
      `&mode=driving&coord_type=bd09ll&output=html&src=${SOURCE}`;
  } else {
    baidu =
      `https://api.map.baidu.com/marker?location=${fixed(bd.lat)},${fixed(bd.lng)}&title=${label}&content=${label}` +
      `&coord_type=bd09ll&output=html&src=${SOURCE}`;
  }
  return { geo, amap, baidu };
}
