/**
 * The 一卡四色 report (GET /api/kpis/merchants) and its downloads, and the
 * area a supervisor picks for it: the whole district, a sub-district, or a
 * zone polygon (the pilot area).
 */
import type { KpiExportFormat, MerchantKpiQuery, MerchantKpiReport } from '@civic/shared';
import { request } from './api.ts';
import { downloadFile } from './download.ts';

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

  /** Downloads the report as a file; answers the file's name. */
  download: (format: KpiExportFormat, query: MerchantKpiQuery): Promise<string> =>
    downloadFile(
      `/api/kpis/merchants/export?${merchantKpiSearch(query, format)}`,
      `merchant-kpis_${query.from}_${query.to}.${format}`,
    ),
};
