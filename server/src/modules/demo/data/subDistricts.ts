/**
 * Sub-districts (街道/镇) of Huiji District, Zhengzhou.
 *
 * APPROXIMATE DEMO DATA drawn by the project, not survey data: the shapes are
 * simple polygons that tile a box of roughly lng 113.52–113.75, lat 34.80–34.95
 * (the Yellow River to the north, 北三环 to the south) so that the map, the
 * gazetteer and "which sub-district is this case in" have something plausible
 * to work with. Codes follow the national pattern (410108 = 惠济区) but are
 * not official. Do not use for anything but demos and tests.
 */

/** [lng, lat] in WGS-84. */
export type LngLatPair = readonly [number, number];

export interface DemoSubDistrict {
  code: string;
  name: string;
  /** Exterior ring, counter-clockwise, closed (first point repeated last). */
  ring: readonly LngLatPair[];
}

// Corner points shared by neighbouring polygons, so that edges coincide exactly.
// Columns west → east, rows south → north.
const A: LngLatPair = [113.52, 34.8]; // south-west corner of the district
const B: LngLatPair = [113.6, 34.8];
const C: LngLatPair = [113.635, 34.8];
const D: LngLatPair = [113.67, 34.8];
const E: LngLatPair = [113.75, 34.8]; // south-east corner
const F: LngLatPair = [113.598, 34.84];
const G: LngLatPair = [113.635, 34.84];
const H: LngLatPair = [113.645, 34.84];
const I: LngLatPair = [113.67, 34.84];
const J: LngLatPair = [113.75, 34.84];
const K: LngLatPair = [113.602, 34.885];
const L: LngLatPair = [113.645, 34.885];
const M: LngLatPair = [113.75, 34.885];
// The northern edge follows the Yellow River's south bank, roughly.
const N0: LngLatPair = [113.52, 34.945];
const N1: LngLatPair = [113.56, 34.95];
const N2: LngLatPair = [113.6, 34.948];
const N3: LngLatPair = [113.64, 34.945];
const N4: LngLatPair = [113.68, 34.94];
const N5: LngLatPair = [113.72, 34.93];
const N6: LngLatPair = [113.75, 34.92];

export const DEMO_SUB_DISTRICTS: readonly DemoSubDistrict[] = [
  { code: '410108001', name: '刘寨街道', ring: [B, C, G, F, B] },
  { code: '410108002', name: '长兴路街道', ring: [C, D, I, H, G, C] },
  { code: '410108003', name: '新城街道', ring: [F, G, H, L, K, F] },
  { code: '410108004', name: '迎宾路街道', ring: [D, E, J, I, D] },
  { code: '410108005', name: '大河路街道', ring: [H, I, J, M, L, H] },
  { code: '410108100', name: '花园口镇', ring: [K, L, M, N6, N5, N4, N3, N2, K] },
  { code: '410108101', name: '古荥镇', ring: [A, B, F, K, N2, N1, N0, A] },
];

/** The district's bounding box [west, south, east, north]. */
export const DEMO_DISTRICT_BBOX = [113.52, 34.8, 113.75, 34.95] as const;

export function subDistrictGeoJson(sub: DemoSubDistrict): { type: 'Polygon'; coordinates: number[][][] } {
  return { type: 'Polygon', coordinates: [sub.ring.map(([lng, lat]) => [lng, lat])] };
}
