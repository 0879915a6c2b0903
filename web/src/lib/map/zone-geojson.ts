/**
 * Zones as GeoJSON for the map, from either source: GET /api/zones (the wall
 * screen and the editor, live) or GET /api/district (every other map, drawn
 * once). Both give the same properties, so zone-style.ts paints them alike.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { zonePhaseAt, type ZoneDto, type ZoneKind } from '@civic/shared';
import type { District } from '../api.ts';

export interface ZoneFeatureProps {
  id: number;
  name: string;
  kind: ZoneKind;
  /** Open now (in hours and in its period); drawn faded when not. */
  active: boolean;
}

export type ZoneCollection = FeatureCollection<Polygon | MultiPolygon, ZoneFeatureProps>;

/** Grids and the pilot area first, so the smaller zones inside them draw on top. */
const DRAW_ORDER: Record<ZoneKind, number> = { pilot: 0, grid: 1, control: 2, night_market: 3, vending: 4 };

function collection(features: Feature<Polygon | MultiPolygon, ZoneFeatureProps>[]): ZoneCollection {
  features.sort((a, b) => DRAW_ORDER[a.properties.kind] - DRAW_ORDER[b.properties.kind]);
  return { type: 'FeatureCollection', features };
}

/** Zones as they stand at `now`; one that has ended (a past temple fair) is left out. */
export function zonesToGeoJSON(zones: Iterable<ZoneDto>, now: Date, hiddenId: number | null = null): ZoneCollection {
  const features: Feature<MultiPolygon, ZoneFeatureProps>[] = [];
  for (const zone of zones) {
    if (zone.id === hiddenId) continue;
    const phase = zonePhaseAt(zone, now);
    if (phase === 'ended') continue;
    features.push({
      type: 'Feature',
      id: zone.id,
      geometry: zone.geometry as MultiPolygon,
      properties: { id: zone.id, name: zone.name, kind: zone.kind, active: phase === 'open' },
    });
  }
  return collection(features);
}

/** The zones of /api/district (the server already left out ended ones and says which are open). */
export function districtZonesToGeoJSON(district: District): ZoneCollection {
  const features: Feature<Polygon | MultiPolygon, ZoneFeatureProps>[] = [];
  for (const f of district.features) {
    if (f.properties.layer !== 'zone') continue;
    features.push({
      type: 'Feature',
      // The API schema leaves geometry open; the server sends the zone's MultiPolygon.
      geometry: f.geometry as MultiPolygon,
      properties: {
        id: f.properties.id ?? 0,
        name: f.properties.name,
        kind: (f.properties.kind ?? 'vending') as ZoneKind,
        active: f.properties.activeNow ?? true,
      },
    });
  }
  return collection(features);
}
