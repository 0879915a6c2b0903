import type { Duration, KpiDuration } from '@civic/shared';

/**
 * The p-th percentile by nearest rank: the smallest value with at least p% of
 * the values at or below it (the 90th of ten values is the 9th smallest). It
 * is always one of the measured values, so "p90 = 47 min" means a real case
 * took 47 minutes. null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // The epsilon keeps 0.9 * 10 = 9.000000000000002 from ranking as 10.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1]!;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** numerator / denominator, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Minutes to one decimal: reports show no more, and exact tests need a fixed rounding. */
export function roundMinutes(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** Count, mean and 90th percentile of durations, wall-clock and working time, in minutes to 0.1. */
export function summarizeDurations(durations: readonly Duration[]): KpiDuration {
  const wall = durations.map((d) => d.wallMinutes);
  const working = durations.map((d) => d.workingMinutes);
  return {
    count: durations.length,
    meanWall: roundMinutes(mean(wall)),
    p90Wall: roundMinutes(percentile(wall, 90)),
    meanWorking: roundMinutes(mean(working)),
    p90Working: roundMinutes(percentile(working, 90)),
  };
}
