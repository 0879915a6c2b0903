import { describe, expect, test } from 'vitest';
import type { SquadTrack } from '@civic/shared';
import { trackToGeoJSON } from './geojson.ts';
import { positionAt, trackBounds, trackPoints } from './track.ts';

const properties = (times: string[]): SquadTrack['properties'] => ({
  squadId: 3,
  from: '2026-05-01T08:00:00.000Z',
  to: '2026-05-01T09:00:00.000Z',
  times,
  accuracyM: times.map(() => 5),
  truncated: false,
});

describe('trackPoints', () => {
  test('reads a LineString, a single Point and an empty track alike', () => {
    const times = ['2026-05-01T08:00:00.000Z', '2026-05-01T08:01:00.000Z'];
    const line: SquadTrack = {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [113.6, 34.8],
          [113.61, 34.81],
        ],
      },
      properties: properties(times),
    };
    expect(trackPoints(line)).toEqual({
      coordinates: [
        [113.6, 34.8],
        [113.61, 34.81],
      ],
      times: times.map((t) => Date.parse(t)),
    });
    const one: SquadTrack = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [113.6, 34.8] },
      properties: properties([times[0]!]),
    };
    expect(trackPoints(one).coordinates).toEqual([[113.6, 34.8]]);
    const none: SquadTrack = { type: 'Feature', geometry: null, properties: properties([]) };
    expect(trackPoints(none)).toEqual({ coordinates: [], times: [] });
  });
});

describe('positionAt', () => {
  const points = {
    coordinates: [
      [113.6, 34.8],
      [113.62, 34.8],
      [113.62, 34.84],
    ] as [number, number][],
    times: [1000, 3000, 7000],
  };

  test('interpolates between the kept points around the moment', () => {
    expect(positionAt(points, 2000)).toEqual({ lng: 113.61, lat: 34.8 });
    const later = positionAt(points, 6000)!;
    expect(later.lng).toBeCloseTo(113.62, 9);
    expect(later.lat).toBeCloseTo(34.83, 9);
    expect(positionAt(points, 3000)).toEqual({ lng: 113.62, lat: 34.8 });
  });

  test('holds the first and last point outside the track, and has nothing for an empty one', () => {
    expect(positionAt(points, 0)).toEqual({ lng: 113.6, lat: 34.8 });
    expect(positionAt(points, 99_999)).toEqual({ lng: 113.62, lat: 34.84 });
    expect(positionAt({ coordinates: [], times: [] }, 1000)).toBeNull();
  });

  test('bounds and GeoJSON: one line plus each point with its time', () => {
    expect(trackBounds(points)).toEqual([113.6, 34.8, 113.62, 34.84]);
    const { features } = trackToGeoJSON(points);
    expect(features.map((f) => f.geometry.type)).toEqual(['LineString', 'Point', 'Point', 'Point']);
    expect(features.map((f) => f.properties.at)).toEqual([null, 1000, 3000, 7000]);
    expect(trackToGeoJSON({ coordinates: [[113.6, 34.8]], times: [1] }).features).toHaveLength(1);
  });
});
