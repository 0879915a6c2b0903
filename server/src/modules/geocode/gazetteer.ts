import type { Queryable } from '../../db/pool.ts';
import type { ExternalGeocoder } from './external.ts';
import { CONFIDENCE_THRESHOLD, geocode, type GeocodeLevel } from './geocoder.ts';

export type MatchLevel = GeocodeLevel;

export interface GazetteerMatch {
  lng: number;
  lat: number;
  level: MatchLevel;
  /** What was matched, for the dispatcher to judge, e.g. "天河路 × 英才街". */
  label: string;
  /** 0..1; a case is placed only at or above CONFIDENCE_THRESHOLD. */
  confidence: number;
}

/**
 * The external geocoder cases are placed with when the gazetteer is unsure.
 * Set once at start from GEOCODER_* (buildApp); configuration, not state:
 * every node is started with the same.
 */
let defaultExternal: ExternalGeocoder | undefined;

export function useExternalGeocoder(external: ExternalGeocoder | undefined): void {
  defaultExternal = external;
}

export function externalGeocoder(): ExternalGeocoder | undefined {
  return defaultExternal;
}

/**
 * Places a free-text address for a new case (geocoder.ts). Undefined when
 * nothing reaches the confidence threshold: the case then waits for a person
 * to place it (needsLocation).
 */
export async function lookupAddress(db: Queryable, rawText: string): Promise<GazetteerMatch | undefined> {
  const { results } = await geocode(db, rawText, { limit: 1, external: defaultExternal });
  const best = results[0];
  if (!best || best.confidence < CONFIDENCE_THRESHOLD) return undefined;
  return { ...best.point, level: best.level, label: best.label, confidence: best.confidence };
}
