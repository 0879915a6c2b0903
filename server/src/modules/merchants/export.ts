import ExcelJS from 'exceljs';
import type { MerchantDto, MerchantGrade, MerchantKind, MerchantQuery } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { loadGradeRules } from './grade-settings.ts';
import {
  EXPORT_ONLY_COLUMNS,
  guardFormula,
  IMPORT_COLUMNS,
  type ExportOnlyColumnKey,
  type ImportColumnKey,
} from './import-columns.ts';
import { searchMerchants, type MerchantAudience } from './registry-view.ts';

/**
 * The registry as a file (docs/merchants.md#import-and-export): the import's
 * columns, so an export imports again, then what only the registry knows
 * (id, sub-district, grid, grade, since when, counting violations), which an
 * import skips. Rows are those GET /api/merchants finds with the same
 * filters, all of them rather than one page, with the operator masked for
 * readers who see it masked there.
 */

export type ExportFormat = 'csv' | 'xlsx';
export type MerchantFilters = Omit<MerchantQuery, 'limit' | 'offset'>;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Far above a district's registry; the answer says when it was cut (X-Export-Truncated). */
export const MAX_EXPORT_ROWS = 100_000;

export const KIND_WORDS: Record<MerchantKind, string> = { shop: '门店', street_vendor: '流动摊贩' };
const GRADE_WORDS: Record<MerchantGrade, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

type ColumnKey = ImportColumnKey | ExportOnlyColumnKey;
/** A value as a workbook holds it; CSV writes each as text. */
type Value = string | number | Date | null;

const EXPORT_COLUMNS: readonly { key: ColumnKey; header: string }[] = [
  EXPORT_ONLY_COLUMNS.find((c) => c.key === 'id')!,
  ...IMPORT_COLUMNS,
  ...EXPORT_ONLY_COLUMNS.filter((c) => c.key !== 'id'),
];

const shanghaiMinute = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function valuesOf(merchant: MerchantDto): Record<ColumnKey, Value> {
  return {
    id: merchant.id,
    name: merchant.name,
    kind: KIND_WORDS[merchant.kind],
    operatorName: merchant.operatorName,
    operatorPhone: merchant.operatorPhone,
    businessType: merchant.businessType,
    storefrontDescription: merchant.storefrontDescription,
    businessTools: merchant.businessTools,
    address: merchant.address,
    lng: merchant.location.lng,
    lat: merchant.location.lat,
    // Stored and exported in WGS-84, whatever system the entry arrived in.
    crs: 'WGS84',
    cardIssuedOn: merchant.card ? dateCell(merchant.card.issuedOn) : null,
    cardIssuedBy: merchant.card?.issuedBy ?? null,
    active: merchant.active ? '在营' : '停业',
    subDistrict: merchant.subDistrict?.name ?? null,
    grid: merchant.grid?.name ?? null,
    grade: GRADE_WORDS[merchant.grade],
    gradeSince: shanghaiMinute.format(new Date(merchant.gradeSince)),
    countingViolations: merchant.countingViolations,
  };
}

/** A YYYY-MM-DD date as the UTC midnight Excel stores for that day. */
function dateCell(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

export interface RegistryExport {
  body: Buffer;
  rows: number;
  /** Matching entries in the registry; more than `rows` when cut at MAX_EXPORT_ROWS. */
  total: number;
}

export async function exportRegistry(
  db: Queryable,
  filters: MerchantFilters,
  audience: MerchantAudience,
  format: ExportFormat,
): Promise<RegistryExport> {
  const rules = await loadGradeRules(db);
  const { total, items } = await searchMerchants(
    db,
    { ...filters, limit: MAX_EXPORT_ROWS, offset: 0 },
    audience,
    rules.recordWindowDays,
  );
  // Oldest first, as a register is kept; the search answers newest first.
  const rows = items.reverse().map(valuesOf);
  const body = format === 'csv' ? toCsv(EXPORT_COLUMNS, rows) : await toXlsx('商户登记', EXPORT_COLUMNS, rows);
  return { body, rows: rows.length, total };
}

// Files ---------------------------------------------------------------------------

/** A header and rows as a CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends. */
export function toCsv<K extends string>(
  columns: readonly { key: K; header: string }[],
  rows: readonly Record<K, Value>[],
): Buffer {
  const lines = [columns.map((c) => c.header)];
  for (const row of rows) lines.push(columns.map((c) => csvText(row[c.key])));
  const text = lines.map((cells) => cells.map(csvEscape).join(',')).join('\r\n') + '\r\n';
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}

function csvText(value: Value): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** Quotes what CSV needs quoted, and keeps Excel from running a cell as a formula (guardFormula). */
function csvEscape(text: string): string {
  const safe = guardFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One sheet, bold frozen header, dates as dates and numbers as numbers, everything else as text. */
export async function toXlsx<K extends string>(
  sheetName: string,
  columns: readonly { key: K; header: string }[],
  rows: readonly Record<K, Value>[],
  notes?: readonly (readonly string[])[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'civic-dispatch';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    key: column.key,
    width: Math.max(10, [...column.header].length * 2 + 2),
    style: { numFmt: '@' },
  }));
  for (const row of rows) {
    const added = sheet.addRow(row);
    added.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      else if (typeof cell.value === 'number') cell.numFmt = 'General';
    });
  }
  sheet.getRow(1).font = { bold: true };
  if (notes) {
    const about = workbook.addWorksheet('填写说明');
    for (const line of notes) about.addRow([...line]);
    about.getColumn(1).width = 14;
    about.getColumn(2).width = 10;
    about.getColumn(3).width = 70;
    about.getRow(1).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** attachment; an ASCII name for old clients and the Chinese one (RFC 6266) for the rest. */
export function attachment(ascii: string, chinese: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(chinese)}`;
}
