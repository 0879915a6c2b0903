/**
 * The supervisors' report (GET /api/kpis) and its downloads, plus the period
 * presets the page offers. Dates are the bureau's local dates (Asia/Shanghai),
 * whatever time zone the browser is set to.
 */
import type { KpiExportFormat, KpiQuery, KpiReport } from '@civic/shared';
import { request } from './api.ts';
import { downloadFile } from './download.ts';

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const PERIOD_PRESETS = ['today', 'week', 'month', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** The Shanghai calendar date of an instant, YYYY-MM-DD. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The period a preset means at `now`, up to and including today: today;
 * this week from Monday (the Chinese week starts on Monday); this month from
 * the 1st. 'custom' keeps nothing and answers today.
 */
export function presetPeriod(preset: PeriodPreset, now: Date): { from: string; to: string } {
  const today = shanghaiDate(now);
  const local = new Date(`${today}T00:00:00Z`);
  switch (preset) {
    case 'today':
    case 'custom':
      return { from: today, to: today };
    case 'week': {
      const sinceMonday = (local.getUTCDay() + 6) % 7;
      return { from: new Date(local.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10), to: today };
    }
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

/** The query string of a report or export request; unset filters are left out. */
export function kpiSearch(query: KpiQuery, format?: KpiExportFormat): string {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.subDistrictId !== undefined) params.set('subDistrictId', String(query.subDistrictId));
  if (query.categoryCode !== undefined) params.set('categoryCode', query.categoryCode);
  if (query.channel !== undefined) params.set('channel', query.channel);
  if (query.squadId !== undefined) params.set('squadId', String(query.squadId));
  if (format) params.set('format', format);
  return params.toString();
}

export const kpiApi = {
  report: (query: KpiQuery) => request<KpiReport>('GET', `/api/kpis?${kpiSearch(query)}`),

  /** Downloads the report as a file; answers the file's name. */
  download: (format: KpiExportFormat, query: KpiQuery): Promise<string> =>
    downloadFile(`/api/kpis/export?${kpiSearch(query, format)}`, `kpis_${query.from}_${query.to}.${format}`),
};
