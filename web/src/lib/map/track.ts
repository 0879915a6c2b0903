/**
 * A squad's track for replay: read from the API, and where the squad was at
 * any moment of it. Pure, so the replay state owns the clock and this only
 * answers.
 */
import type { LngLat, SquadTrack } from '@civic/shared';
import { request } from '../api.ts';

/** The track's positions and their times (ms), oldest first. */
export interface TrackPoints {
  coordinates: [number, number][];
  times: number[];
}

export function fetchSquadTrack(squadId: number, from: Date, to: Date): Promise<SquadTrack> {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  return request<SquadTrack>('GET', `/api/squads/${squadId}/track?${query.toString()}`);
}

/** The API's Feature (LineString, Point or no geometry) as plain arrays. */
export function trackPoints(track: SquadTrack): TrackPoints {
  const geometry = track.geometry;
  const coordinates: [number, number][] =
    geometry === null ? [] : geometry.type === 'Point' ? [geometry.coordinates] : geometry.coordinates;
  return { coordinates, times: track.properties.times.map((time) => Date.parse(time)) };
}

/**
 * Where the squad was at `time`: on the straight line between the kept
 * points around it (the track is downsampled, so this is an estimate between
 * points), clamped to the first and last point. Null for an empty track.
 */
export function positionAt(points: TrackPoints, time: number): LngLat | null {
  const { coordinates, times } = points;
  const last = times.length - 1;
  if (last < 0) return null;
  if (time <= times[0]!) return toLngLat(coordinates[0]!);
  if (time >= times[last]!) return toLngLat(coordinates[last]!);
  // The last point at or before `time` (binary search: tracks can be long).
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (times[middle]! <= time) low = middle;
    else high = middle;
  }
  const [t0, t1] = [times[low]!, times[high]!];
  const [a, b] = [coordinates[low]!, coordinates[high]!];
  const f = t1 === t0 ? 0 : (time - t0) / (t1 - t0);
  return { lng: a[0] + (b[0] - a[0]) * f, lat: a[1] + (b[1] - a[1]) * f };
}

/** [minLng, minLat, maxLng, maxLat] of the track, or null when it is empty. */
export function trackBounds(points: TrackPoints): [number, number, number, number] | null {
  if (points.coordinates.length === 0) return null;
  const lngs = points.coordinates.map((c) => c[0]);
  const lats = points.coordinates.map((c) => c[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

function toLngLat([lng, lat]: [number, number]): LngLat {
  return { lng, lat };
}
