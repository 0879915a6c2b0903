/**
 * The 一卡四色 report (GET /api/kpis/merchants) and its downloads, and the
 * area a supervisor picks for it: the whole district, a sub-district, or a
 * zone polygon (the pilot area).
 */
import type { ApiError, KpiExportFormat, MerchantKpiQuery, MerchantKpiReport } from '@civic/shared';
import { ApiRequestError, getToken, request } from './api.ts';
import { filenameFromDisposition } from './kpi-api.ts';

/**
 * The query's area fields for the picker's value: '' (the district),
 * 'sd:<id>' or 'zone:<id>'; an unreadable value means the whole district.
 */
export function areaQuery(value: string): Pick<MerchantKpiQuery, 'subDistrictId' | 'areaZoneId'> {
  const match = /^(sd|zone):(\d+)$/.exec(value);
  if (!match) return {};
  const id = Number(match[2]);
  return match[1] === 'sd' ? { subDistrictId: id } : { areaZoneId: id };
}

/** The query string of a report or export request; an unset area is left out. */
export function merchantKpiSearch(query: MerchantKpiQuery, format?: KpiExportFormat): string {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.subDistrictId !== undefined) params.set('subDistrictId', String(query.subDistrictId));
  if (query.areaZoneId !== undefined) params.set('areaZoneId', String(query.areaZoneId));
  if (format) params.set('format', format);
  return params.toString();
}

export const merchantKpiApi = {
  report: (query: MerchantKpiQuery) =>
    request<MerchantKpiReport>('GET', `/api/kpis/merchants?${merchantKpiSearch(query)}`),

  /**
   * Downloads the report as a file. A link cannot carry the bearer token, so
   * the file is fetched with it, then handed to the browser as a blob URL.
   */
  async download(format: KpiExportFormat, query: MerchantKpiQuery): Promise<string> {
    const token = getToken();
    let response: Response;
    try {
      response = await fetch(`/api/kpis/merchants/export?${merchantKpiSearch(query, format)}`, {
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
      `merchant-kpis_${query.from}_${query.to}.${format}`,
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
