/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** A small seeded PRNG (mulberry32): the same query points on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The fixture's one sub-district (test/support/fixtures.ts), shrunk a little so points stay inside it. */
export const FIXTURE_DISTRICT: Box = { west: 113.601, south: 34.801, east: 113.659, north: 34.859 };
/** Huiji district's bounding box, over which the KNN bench spreads its squads. */
export const HUIJI_BBOX: Box = { west: 113.52, south: 34.8, east: 113.75, north: 34.98 };

export function pointIn(box: Box, random: () => number = Math.random): { lng: number; lat: number } {
  return { lng: box.west + random() * (box.east - box.west), lat: box.south + random() * (box.north - box.south) };
}
