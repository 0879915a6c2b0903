/**
 * Small planar helpers for the simulator's walkers. Over the few hundred
 * metres a squad moves between ticks, an equirectangular projection around
 * the current latitude is accurate to well under a metre.
 */
import { along } from '@turf/along';
import { lineString } from '@turf/helpers';
import { length } from '@turf/length';

export type Coord = [number, number];

export interface RoadLine {
  name: string;
  coords: Coord[];
  feature: ReturnType<typeof lineString>;
  lengthKm: number;
  /** Distance along the line to each vertex, in km (turf's measure). */
  vertexKm: number[];
}

const METRES_PER_DEGREE_LAT = 110_574;

function metresPerDegreeLng(lat: number): number {
  return 111_320 * Math.cos((lat * Math.PI) / 180);
}

export function distanceM(a: Coord, b: Coord): number {
  const lat = (a[1] + b[1]) / 2;
  const dx = (b[0] - a[0]) * metresPerDegreeLng(lat);
  const dy = (b[1] - a[1]) * METRES_PER_DEGREE_LAT;
  return Math.hypot(dx, dy);
}

export function makeRoadLine(name: string, coords: Coord[]): RoadLine | undefined {
  if (coords.length < 2) return undefined;
  const feature = lineString(coords);
  const lengthKm = length(feature);
  if (!(lengthKm > 0)) return undefined;
  const vertexKm = [0];
  for (let i = 1; i < coords.length; i++) {
    vertexKm.push(vertexKm[i - 1]! + length(lineString([coords[i - 1]!, coords[i]!])));
  }
  return { name, coords, feature, lengthKm, vertexKm };
}

/** The point `km` along the road, clamped to its ends. */
export function pointAlong(road: RoadLine, km: number): Coord {
  const clamped = Math.min(Math.max(km, 0), road.lengthKm);
  const [lng, lat] = along(road.feature, clamped).geometry.coordinates;
  return [lng!, lat!];
}

/** Moves from `from` towards `to` by at most `stepM` metres. */
export function moveToward(from: Coord, to: Coord, stepM: number): { position: Coord; arrived: boolean } {
  const d = distanceM(from, to);
  if (d <= stepM) return { position: [to[0], to[1]], arrived: true };
  const f = stepM / d;
  return { position: [from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f], arrived: false };
}

export interface Snap {
  road: RoadLine;
  /** Distance along the road of the nearest point, km. */
  alongKm: number;
  point: Coord;
  /** How far `p` is from that point, metres. */
  offsetM: number;
}

/** The nearest point on any of `roads` to `p`. */
export function snapToRoads(p: Coord, roads: readonly RoadLine[]): Snap | undefined {
  let best: Snap | undefined;
  const kx = metresPerDegreeLng(p[1]);
  const ky = METRES_PER_DEGREE_LAT;
  for (const road of roads) {
    for (let i = 1; i < road.coords.length; i++) {
      const a = road.coords[i - 1]!;
      const b = road.coords[i]!;
      const ax = (a[0] - p[0]) * kx;
      const ay = (a[1] - p[1]) * ky;
      const bx = (b[0] - p[0]) * kx;
      const by = (b[1] - p[1]) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
      const offsetM = Math.hypot(ax + t * dx, ay + t * dy);
      if (!best || offsetM < best.offsetM) {
        const segmentKm = road.vertexKm[i]! - road.vertexKm[i - 1]!;
        best = {
          road,
          alongKm: road.vertexKm[i - 1]! + t * segmentKm,
          point: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])],
          offsetM,
        };
      }
    }
  }
  return best;
}
