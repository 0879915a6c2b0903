/**
 * Designated vending points and night markets for the demo district.
 *
 * APPROXIMATE DEMO DATA drawn by the project, not survey data: the 英才街
 * vending point is the one the bureau's press article describes; its outline
 * here is a small rectangle around the demo landmark of the same name.
 */
import type { LngLatPair } from './subDistricts.ts';

export type ZoneKind = 'vending' | 'night_market' | 'control' | 'grid';

export interface DemoZone {
  kind: ZoneKind;
  name: string;
  /** One closed ring, [lng, lat] pairs, first = last. */
  ring: readonly LngLatPair[];
}

/** A w×h metre rectangle centred on a point, as a closed ring (metres per degree at lat ≈ 34.85). */
function rectangle([lng, lat]: LngLatPair, widthM: number, heightM: number): LngLatPair[] {
  const dLng = widthM / 2 / 91_400;
  const dLat = heightM / 2 / 110_950;
  return [
    [lng - dLng, lat - dLat],
    [lng + dLng, lat - dLat],
    [lng + dLng, lat + dLat],
    [lng - dLng, lat + dLat],
    [lng - dLng, lat - dLat],
  ];
}

export const DEMO_ZONES: readonly DemoZone[] = [
  // Along 英才街 (east–west), around the landmark of the same name.
  { kind: 'night_market', name: '英才街夜市疏导点', ring: rectangle([113.628, 34.8318], 260, 90) },
  // Along 长兴路 (east–west) near the metro station.
  { kind: 'vending', name: '长兴路便民疏导点', ring: rectangle([113.652, 34.8147], 160, 60) },
  // Along 江山路 (north–south).
  { kind: 'vending', name: '江山路早市疏导点', ring: rectangle([113.6124, 34.85], 60, 180) },
];

export function zoneGeoJson(zone: DemoZone): { type: 'Polygon'; coordinates: LngLatPair[][] } {
  return { type: 'Polygon', coordinates: [[...zone.ring]] };
}
