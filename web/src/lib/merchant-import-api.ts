/**
 * Bulk import and export of the merchant registry over REST
 * (docs/merchants.md#import-and-export): send a file, follow its job, and
 * download the template, the error report and exports with the session's
 * token (a plain link could not send it).
 */
import type { Crs, MerchantQuery } from '@civic/shared';
import { request } from './api.ts';
import { downloadFile } from './download.ts';
import { merchantSearch } from './merchant-api.ts';

export type FileFormat = 'csv' | 'xlsx';

/** What the server says about a row it could not register. */
export interface ImportRowError {
  /** The spreadsheet row, 1-based, the header row included. */
  row: number;
  /** The column header as the file spells it. */
  field: string;
  code: string;
  /** Plain Chinese, for the bureau's staff. */
  message: string;
}

export interface MerchantImportJob {
  id: number;
  format: FileFormat;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  total: number;
  done: number;
  failed: number;
  /** The first 100; the report has them all. */
  errors: ImportRowError[];
  errorCount: number;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface StartedImport extends MerchantImportJob {
  ignoredColumns: string[];
}

const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The format of a picked file, by its name: the browser's own type for a
 * .csv is unreliable (Windows with Excel calls it application/vnd.ms-excel).
 * 'xls' is the old binary format, which the server cannot read.
 */
export function fileFormatOf(name: string): FileFormat | 'xls' | undefined {
  const lower = name.trim().toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.xls')) return 'xls';
  return undefined;
}

/** The export's query string: the page's filters without its paging, and the format. */
export function exportSearch(filters: MerchantQuery, format: FileFormat): string {
  const search = new URLSearchParams(merchantSearch({ ...filters, limit: undefined, offset: undefined }));
  search.set('format', format);
  return search.toString();
}

/** Rows registered so far (done counts the failed ones too). */
export const importedRows = (job: MerchantImportJob): number => job.done - job.failed;

/** How far along, 0 to 1; an empty job is complete. */
export function progressOf(job: MerchantImportJob): number {
  return job.total === 0 ? 1 : Math.min(1, job.done / job.total);
}

export const merchantImportApi = {
  /** Sends the file as the body; `crs` is for rows whose 坐标系 cell is empty. */
  start: (file: Blob, format: FileFormat, crs: Crs = 'wgs84') =>
    request<StartedImport>('POST', `/api/merchants/imports?crs=${crs}`, {
      raw: new Blob([file], { type: CONTENT_TYPES[format] }),
    }),
  job: (id: number) => request<MerchantImportJob>('GET', `/api/merchants/imports/${id}`),
  downloadErrors: (id: number) =>
    downloadFile(`/api/merchants/imports/${id}/errors.csv`, `merchant_import_${id}_errors.csv`),
  downloadTemplate: (format: FileFormat) =>
    downloadFile(`/api/merchants/import-template?format=${format}`, `merchant_import_template.${format}`),
  downloadExport: (format: FileFormat, filters: MerchantQuery) =>
    downloadFile(`/api/merchants/export?${exportSearch(filters, format)}`, `merchants.${format}`),
};
