import { describe, expect, test } from 'vitest';
import type { ZoneDto, ZoneMultiPolygon } from '@civic/shared';
import type { District } from '../api.ts';
import { districtZonesToGeoJSON, zonesToGeoJSON } from './zone-geojson.ts';

const square: ZoneMultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [113.63, 34.83],
        [113.64, 34.83],
        [113.64, 34.84],
        [113.63, 34.83],
      ],
    ],
  ],
};
const at = (local: string) => new Date(`${local}+08:00`);

let nextId = 1;
const zone = (fields: Partial<ZoneDto>): ZoneDto => ({
  id: nextId++,
  kind: 'vending',
  name: 'zone',
  geometry: square,
  openingHours: [],
  startsAt: null,
  endsAt: null,
  notice: null,
  ownerSquad: null,
  activeNow: true,
  updatedAt: '2026-05-15T00:00:00.000Z',
  ...fields,
});

describe('zonesToGeoJSON', () => {
  const market = zone({
    kind: 'night_market',
    name: '夜市',
    openingHours: [{ days: [5], start: '18:00', end: '02:00' }],
  });
  const grid = zone({ kind: 'grid', name: '网格' });
  const pastFair = zone({
    kind: 'control',
    name: '上月庙会',
    startsAt: at('2026-04-01T00:00').toISOString(),
    endsAt: at('2026-04-03T00:00').toISOString(),
  });
  const nextFair = zone({
    kind: 'control',
    name: '下月庙会',
    startsAt: at('2026-06-01T00:00').toISOString(),
    endsAt: at('2026-06-03T00:00').toISOString(),
  });

  test('works out whether each is open at the given time, and leaves out the ones that ended', () => {
    const friday = zonesToGeoJSON([market, grid, pastFair, nextFair], at('2026-05-15T20:00'));
    expect(friday.features.map((f) => [f.properties.name, f.properties.active])).toEqual([
      ['网格', true],
      ['下月庙会', false],
      ['夜市', true],
    ]);
    const saturdayNoon = zonesToGeoJSON([market], at('2026-05-16T12:00'));
    expect(saturdayNoon.features[0]?.properties.active).toBe(false);
  });

  test('leaves out the zone being edited', () => {
    expect(zonesToGeoJSON([market, grid], at('2026-05-15T20:00'), market.id).features.map((f) => f.id)).toEqual([
      grid.id,
    ]);
  });
});

describe('districtZonesToGeoJSON', () => {
  test("takes the district's zones with the server's activeNow, in drawing order", () => {
    const district: District = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: square, properties: { layer: 'sub_district', name: '刘寨街道' } },
        {
          type: 'Feature',
          geometry: square,
          properties: { layer: 'zone', name: '疏导点', kind: 'vending', id: 4, activeNow: false },
        },
        {
          type: 'Feature',
          geometry: square,
          properties: { layer: 'zone', name: '试点', kind: 'pilot', id: 9, activeNow: true },
        },
      ],
    };
    expect(districtZonesToGeoJSON(district).features.map((f) => f.properties)).toEqual([
      { id: 9, name: '试点', kind: 'pilot', active: true },
      { id: 4, name: '疏导点', kind: 'vending', active: false },
    ]);
  });
});
