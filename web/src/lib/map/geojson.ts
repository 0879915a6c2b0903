/** The one place where API data becomes GeoJSON for the map. */
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import type { CaseDto, CaseStatus, SquadDto, SquadStatus } from '@civic/shared';
import type { District } from '../api.ts';

export interface CaseFeatureProps {
  id: number;
  caseNo: string;
  status: CaseStatus;
  priority: number;
}

export interface SquadFeatureProps {
  id: number;
  code: string;
  name: string;
  status: SquadStatus;
  fresh: boolean;
}

export interface DistrictFeatureProps {
  name: string;
  /** A road's class. */
  class: string | null;
  /** A zone's kind (vending, night_market, control, grid). */
  kind: string | null;
}

export type CaseCollection = FeatureCollection<Point, CaseFeatureProps>;
export type SquadCollection = FeatureCollection<Point, SquadFeatureProps>;
export type DistrictCollection = FeatureCollection<Geometry, DistrictFeatureProps>;

/** Cases with a location; those that need one are listed beside the map but cannot be drawn. */
export function casesToGeoJSON(cases: Iterable<CaseDto>): CaseCollection {
  const features: Feature<Point, CaseFeatureProps>[] = [];
  for (const c of cases) {
    if (!c.location) continue;
    features.push({
      type: 'Feature',
      id: c.id,
      geometry: { type: 'Point', coordinates: [c.location.lng, c.location.lat] },
      properties: { id: c.id, caseNo: c.caseNo, status: c.status, priority: c.priority },
    });
  }
  return { type: 'FeatureCollection', features };
}

export function squadsToGeoJSON(squads: Iterable<SquadDto>): SquadCollection {
  const features: Feature<Point, SquadFeatureProps>[] = [];
  for (const s of squads) {
    if (!s.position) continue;
    features.push({
      type: 'Feature',
      id: s.id,
      geometry: { type: 'Point', coordinates: [s.position.lng, s.position.lat] },
      properties: { id: s.id, code: s.code, name: s.name, status: s.status, fresh: s.positionFresh },
    });
  }
  return { type: 'FeatureCollection', features };
}

export interface TrackFeatureProps {
  /** The point's time (ms); none on the line. */
  at: number | null;
}
export type TrackCollection = FeatureCollection<LineString | Point, TrackFeatureProps>;

/** A squad's replayed track: the line through its kept points, and each point with its time. */
export function trackToGeoJSON(points: {
  coordinates: readonly [number, number][];
  times: readonly number[];
}): TrackCollection {
  const features: Feature<LineString | Point, TrackFeatureProps>[] = [];
  if (points.coordinates.length >= 2) {
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: points.coordinates.map(([lng, lat]) => [lng, lat]) },
      properties: { at: null },
    });
  }
  points.coordinates.forEach(([lng, lat], index) =>
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lng, lat] },
      properties: { at: points.times[index] ?? null },
    }),
  );
  return { type: 'FeatureCollection', features };
}

/** Splits /api/district into the collections the base map draws. */
export function districtToGeoJSON(district: District): {
  areas: DistrictCollection;
  roads: DistrictCollection;
  zones: DistrictCollection;
} {
  const pick = (layer: 'sub_district' | 'road' | 'zone'): DistrictCollection => ({
    type: 'FeatureCollection',
    features: district.features
      .filter((f) => f.properties.layer === layer)
      .map((f) => ({
        type: 'Feature',
        // The API schema leaves geometry open; the server sends GeoJSON geometries.
        geometry: f.geometry as Geometry,
        properties: { name: f.properties.name, class: f.properties.class ?? null, kind: f.properties.kind ?? null },
      })),
  });
  return { areas: pick('sub_district'), roads: pick('road'), zones: pick('zone') };
}

/** [minLng, minLat, maxLng, maxLat] from the API, or from the features when it sent none. */
export function districtBounds(district: District): [number, number, number, number] | null {
  const b = district.bbox;
  if (b && b.length >= 4) return [b[0]!, b[1]!, b[2]!, b[3]!];
  let minLng = Infinity,
    minLat = Infinity,
    maxLng = -Infinity,
    maxLat = -Infinity;
  const visit = (coords: unknown): void => {
    if (Array.isArray(coords) && typeof coords[0] === 'number' && typeof coords[1] === 'number') {
      minLng = Math.min(minLng, coords[0]);
      maxLng = Math.max(maxLng, coords[0]);
      minLat = Math.min(minLat, coords[1]);
      maxLat = Math.max(maxLat, coords[1]);
    } else if (Array.isArray(coords)) {
      coords.forEach(visit);
    }
  };
  for (const f of district.features) visit((f.geometry as { coordinates?: unknown } | null)?.coordinates);
  return Number.isFinite(minLng) ? [minLng, minLat, maxLng, maxLat] : null;
}
