/**
 * Zones of the demo district: designated vending points and night markets
 * with their hours, a temple-fair control area, responsibility grids over
 * 刘寨 and 长兴路 with their owning squads, and the one-card-four-colours
 * pilot area.
 *
 * APPROXIMATE DEMO DATA drawn by the project, not survey data: the 英才街
 * vending point is the one the bureau's press article describes; its outline
 * here is a small rectangle around the demo landmark of the same name. The
 * pilot area is "about 3.5 km² over 刘寨 and 长兴路" as the article says, not
 * its real outline. The grids split the two demo sub-districts along their
 * own corner points, so they tile them exactly.
 */
import type { OpeningHours, ZoneKind } from '@civic/shared';
import type { LngLatPair } from './subDistricts.ts';

export type { ZoneKind };

export interface DemoZone {
  kind: ZoneKind;
  name: string;
  /** One closed ring, [lng, lat] pairs, first = last. */
  ring: readonly LngLatPair[];
  openingHours?: readonly OpeningHours[];
  /**
   * A control area's period, in whole days from the day the demo is seeded
   * (local time), so that a fresh demo always shows one in force.
   */
  periodDays?: { from: number; to: number };
  notice?: string;
  /** A grid's owning squad (data/squads.ts). */
  ownerSquadCode?: string;
}

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

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
  {
    kind: 'night_market',
    name: '英才街夜市疏导点',
    ring: rectangle([113.628, 34.8318], 260, 90),
    openingHours: [{ days: EVERY_DAY, start: '18:00', end: '23:30' }],
  },
  // Along 长兴路 (east–west) near the metro station: the morning and evening rush.
  {
    kind: 'vending',
    name: '长兴路便民疏导点',
    ring: rectangle([113.652, 34.8147], 160, 60),
    openingHours: [
      { days: EVERY_DAY, start: '07:00', end: '09:30' },
      { days: EVERY_DAY, start: '17:00', end: '21:00' },
    ],
  },
  // Along 江山路 (north–south).
  {
    kind: 'vending',
    name: '江山路早市疏导点',
    ring: rectangle([113.6124, 34.85], 60, 180),
    openingHours: [{ days: EVERY_DAY, start: '05:30', end: '08:30' }],
  },
  // A temple fair on 古荥大道, with its public notice.
  {
    kind: 'control',
    name: '古荥庙会临时管控区域',
    ring: rectangle([113.555, 34.88535], 400, 300),
    openingHours: [{ days: EVERY_DAY, start: '08:00', end: '21:00' }],
    periodDays: { from: -1, to: 14 },
    notice: '古荥庙会期间每日 08:00–21:00，古荥大道两侧实行临时管控：车辆绕行，摊贩请在庙会指定区域内经营。',
  },
  // Responsibility grids: 刘寨 split at lat 34.82, 长兴路 at lng 113.655.
  {
    kind: 'grid',
    name: '刘寨街道第一网格',
    ring: [
      [113.599, 34.82],
      [113.635, 34.82],
      [113.635, 34.84],
      [113.598, 34.84],
      [113.599, 34.82],
    ],
    ownerSquadCode: 'SQ01',
  },
  {
    kind: 'grid',
    name: '刘寨街道第二网格',
    ring: [
      [113.6, 34.8],
      [113.635, 34.8],
      [113.635, 34.82],
      [113.599, 34.82],
      [113.6, 34.8],
    ],
    ownerSquadCode: 'SQ11',
  },
  {
    kind: 'grid',
    name: '长兴路街道第一网格',
    ring: [
      [113.635, 34.8],
      [113.655, 34.8],
      [113.655, 34.84],
      [113.645, 34.84],
      [113.635, 34.84],
      [113.635, 34.8],
    ],
    ownerSquadCode: 'SQ02',
  },
  {
    kind: 'grid',
    name: '长兴路街道第二网格',
    ring: [
      [113.655, 34.8],
      [113.67, 34.8],
      [113.67, 34.84],
      [113.655, 34.84],
      [113.655, 34.8],
    ],
    ownerSquadCode: 'SQ02',
  },
  // About 1.57 km × 2.22 km ≈ 3.5 km² across the 刘寨/长兴路 line (lng 113.635), 英才街 to 长兴路.
  {
    kind: 'pilot',
    name: '一卡四色试点区域',
    ring: [
      [113.6265, 34.8135],
      [113.6437, 34.8135],
      [113.6437, 34.8335],
      [113.6265, 34.8335],
      [113.6265, 34.8135],
    ],
  },
];

export function zoneGeoJson(zone: DemoZone): { type: 'Polygon'; coordinates: LngLatPair[][] } {
  return { type: 'Polygon', coordinates: [[...zone.ring]] };
}

/** A control area's period as instants: local midnights, `from` and `to` days after the seeding day. */
export function demoZonePeriod(zone: DemoZone, seededAt: Date): { startsAt: string; endsAt: string } | null {
  if (!zone.periodDays) return null;
  const offset = 8 * 3600_000; // Asia/Shanghai, UTC+08:00 all year
  const localMidnight = Math.floor((seededAt.getTime() + offset) / 86_400_000) * 86_400_000 - offset;
  const day = (n: number) => new Date(localMidnight + n * 86_400_000).toISOString();
  return { startsAt: day(zone.periodDays.from), endsAt: day(zone.periodDays.to) };
}
