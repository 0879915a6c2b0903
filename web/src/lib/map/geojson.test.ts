import { describe, expect, test } from 'vitest';
import type { District } from '../api.ts';
import { caseDto, squadDto } from '../../test/fixtures.ts';
import { casesToGeoJSON, districtBounds, districtToGeoJSON, squadsToGeoJSON } from './geojson.ts';

describe('casesToGeoJSON', () => {
  test('one point per located case, [lng, lat], with what the layers style and click by', () => {
    const located = caseDto({
      id: 7,
      caseNo: 'HJ-7',
      status: 'dispatched',
      priority: 1,
      location: { lng: 113.61, lat: 34.87 },
    });

    const { type, features } = casesToGeoJSON([located]);

    expect(type).toBe('FeatureCollection');
    expect(features).toEqual([
      {
        type: 'Feature',
        id: 7,
        geometry: { type: 'Point', coordinates: [113.61, 34.87] },
        properties: { id: 7, caseNo: 'HJ-7', status: 'dispatched', priority: 1 },
      },
    ]);
  });

  test('cases without a location are left out', () => {
    const cases = new Map([
      [1, caseDto({ id: 1 })],
      [2, caseDto({ id: 2, location: null, needsLocation: true, locationSource: null })],
      [3, caseDto({ id: 3 })],
    ]);

    expect(casesToGeoJSON(cases.values()).features.map((f) => f.id)).toEqual([1, 3]);
  });

  test('no cases, an empty collection (setData still needs one)', () => {
    expect(casesToGeoJSON([])).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

describe('squadsToGeoJSON', () => {
  test('stale squads are flagged, so the layer greys them', () => {
    const squads = [
      squadDto({
        id: 1,
        code: 'A',
        name: 'Alpha',
        status: 'busy',
        position: { lng: 113.6, lat: 34.8 },
        positionFresh: true,
      }),
      squadDto({ id: 2, code: 'B', name: 'Bravo', position: { lng: 113.7, lat: 34.9 }, positionFresh: false }),
    ];

    const { features } = squadsToGeoJSON(squads);

    expect(features).toEqual([
      {
        type: 'Feature',
        id: 1,
        geometry: { type: 'Point', coordinates: [113.6, 34.8] },
        properties: { id: 1, code: 'A', name: 'Alpha', status: 'busy', fresh: true },
      },
      {
        type: 'Feature',
        id: 2,
        geometry: { type: 'Point', coordinates: [113.7, 34.9] },
        properties: { id: 2, code: 'B', name: 'Bravo', status: 'available', fresh: false },
      },
    ]);
  });

  test('squads that never reported a position are left out', () => {
    const squads = [squadDto({ id: 1 }), squadDto({ id: 2, position: { lng: 113.6, lat: 34.8 } })];

    expect(squadsToGeoJSON(squads).features.map((f) => f.id)).toEqual([2]);
  });
});

describe('district', () => {
  const box = (west: number, south: number, east: number, north: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  });
  const district: District = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: box(113.5, 34.8, 113.6, 34.9),
        properties: { layer: 'sub_district', name: 'North' },
      },
      {
        type: 'Feature',
        geometry: box(113.6, 34.7, 113.7, 34.8),
        properties: { layer: 'sub_district', name: 'South' },
      },
      {
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [
            [113.45, 34.75],
            [113.65, 34.95],
          ],
        },
        properties: { layer: 'road', name: 'Main Rd', class: 'primary' },
      },
      {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [[113.55, 34.85]] },
        properties: { layer: 'road', name: 'Lane' },
      },
      {
        type: 'Feature',
        geometry: box(113.52, 34.82, 113.53, 34.83),
        properties: { layer: 'zone', name: 'Night market', kind: 'night_market' },
      },
    ],
  };

  test('sub-districts, roads and zones go to separate collections; a missing road class is null', () => {
    const { areas, roads, zones } = districtToGeoJSON(district);

    expect(areas.features.map((f) => f.properties)).toEqual([
      { name: 'North', class: null, kind: null },
      { name: 'South', class: null, kind: null },
    ]);
    expect(roads.features.map((f) => f.properties)).toEqual([
      { name: 'Main Rd', class: 'primary', kind: null },
      { name: 'Lane', class: null, kind: null },
    ]);
    expect(zones.features.map((f) => f.properties)).toEqual([
      { name: 'Night market', class: null, kind: 'night_market' },
    ]);
    expect(areas.features[0]?.geometry).toEqual(box(113.5, 34.8, 113.6, 34.9));
  });

  test('bounds: the bbox the API sent', () => {
    expect(districtBounds({ ...district, bbox: [113.4, 34.7, 113.8, 35] })).toEqual([113.4, 34.7, 113.8, 35]);
  });

  test('bounds: computed from every coordinate of every feature when the API sent no bbox', () => {
    expect(districtBounds(district)).toEqual([113.45, 34.7, 113.7, 34.95]);
  });

  test('bounds: none for an empty district', () => {
    expect(districtBounds({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});
