/**
 * The supervisors' report (GET /api/kpis) and its downloads, plus the period
 * presets the page offers. Dates are the bureau's local dates (Asia/Shanghai),
 * whatever time zone the browser is set to.
 */
import type { ApiError, KpiExportFormat, KpiQuery, KpiReport } from '@civic/shared';
import { ApiRequestError, getToken, request } from './api.ts';

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

/** The file name a Content-Disposition header offers, preferring the UTF-8 one (RFC 6266). */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain ? plain[1]!.trim() : fallback;
}

export const kpiApi = {
  report: (query: KpiQuery) => request<KpiReport>('GET', `/api/kpis?${kpiSearch(query)}`),

  /**
   * Downloads the report as a file. A link cannot carry the bearer token, so
   * the file is fetched with it, then handed to the browser as a blob URL.
   */
  async download(format: KpiExportFormat, query: KpiQuery): Promise<string> {
    const token = getToken();
    let response: Response;
    try {
      response = await fetch(`/api/kpis/export?${kpiSearch(query, format)}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
    } catch (cause) {
      throw new ApiRequestError(0, null, cause instanceof Error ? cause.message : 'network error');
    }
    if (!response.ok) {
      let body: ApiError | null = null;
      try {
        body = (await response.json()) as ApiError;
      } catch {
        // Not JSON: the status text will do.
      }
      throw new ApiRequestError(response.status, body, response.statusText);
    }
    const filename = filenameFromDisposition(
      response.headers.get('content-disposition'),
      `kpis_${query.from}_${query.to}.${format}`,
    );
    const url = URL.createObjectURL(await response.blob());
    try {
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      link.style.display = 'none';
      document.body.append(link);
      link.click();
      link.remove();
    } finally {
      // Revoked after the click has been handled; revoking at once can cancel the download in some browsers.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    return filename;
  },
};
