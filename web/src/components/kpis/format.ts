/** How the report's numbers read on screen: rates as 83.3%, durations as 2小时10分, nothing as —. */
import type { KpiDuration, KpiMetrics } from '@civic/shared';
import { formatDuration } from '../../lib/i18n.ts';

export const NONE = '—';

export function formatRate(rate: number | null): string {
  return rate === null ? NONE : `${(rate * 100).toFixed(1)}%`;
}

export function formatMinutes(minutes: number | null): string {
  return minutes === null ? NONE : formatDuration(minutes);
}

/** Which clock durations are read on: working time (the legal limits' own) or the wall clock (what the complainant lived). */
export type TimeBasis = 'working' | 'wall';

export function meanOf(duration: KpiDuration, basis: TimeBasis): number | null {
  return basis === 'working' ? duration.meanWorking : duration.meanWall;
}

export function p90Of(duration: KpiDuration, basis: TimeBasis): number | null {
  return basis === 'working' ? duration.p90Working : duration.p90Wall;
}

/** One row of a breakdown table, whatever the breakdown. */
export interface KpiTableRow {
  key: string;
  label: string;
  metrics: KpiMetrics;
}
