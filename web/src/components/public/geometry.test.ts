import { describe, expect, test } from 'vitest';
import type { District } from '../../lib/api.ts';
import { inDistrict } from './geometry.ts';

const square = [
  [
    [113.6, 34.8],
    [113.66, 34.8],
    [113.66, 34.86],
    [113.6, 34.86],
    [113.6, 34.8],
  ],
];
const hole = [
  [113.62, 34.82],
  [113.64, 34.82],
  [113.64, 34.84],
  [113.62, 34.84],
  [113.62, 34.82],
];

const district = (geometry: unknown): District => ({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry, properties: { layer: 'sub_district', name: '刘寨街道' } },
    {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [] },
      properties: { layer: 'road', name: '天河路' },
    },
  ],
});

describe('inDistrict', () => {
  test('inside and outside a multipolygon, holes excluded', () => {
    const d = district({ type: 'MultiPolygon', coordinates: [[square[0], hole]] });
    expect(inDistrict(d, { lng: 113.61, lat: 34.81 })).toBe(true);
    expect(inDistrict(d, { lng: 113.63, lat: 34.83 })).toBe(false);
    expect(inDistrict(d, { lng: 113.7, lat: 34.83 })).toBe(false);
  });

  test('a plain polygon, and a district with no boundary takes any point', () => {
    expect(inDistrict(district({ type: 'Polygon', coordinates: square }), { lng: 113.65, lat: 34.85 })).toBe(true);
    expect(inDistrict({ type: 'FeatureCollection', features: [] }, { lng: 0, lat: 0 })).toBe(true);
  });
});
