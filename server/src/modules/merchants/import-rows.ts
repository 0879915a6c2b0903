import type { Crs, MerchantInput, MerchantKind } from '@civic/shared';
import { MerchantInput as MerchantInputSchema } from '@civic/shared';
import { Value } from 'typebox/value';
import {
  classifyHeader,
  IMPORT_COLUMNS,
  REQUIRED_COLUMNS,
  type ImportColumn,
  type ImportColumnKey,
  unguardFormula,
} from './import-columns.ts';
import { isBlank, MerchantFileError, type Cell, type SheetRow } from './import-read.ts';
import { normalisePhone } from './registry.ts';

/**
 * Reads the cells of one spreadsheet row into a MerchantInput, or says what
 * is wrong with each bad cell. Messages are plain Chinese for the bureau's
 * staff; `code` lets the web page say the same in English.
 */

export type RowErrorCode =
  | 'required'
  | 'too_long'
  | 'invalid_kind'
  | 'not_a_number'
  | 'out_of_range'
  | 'invalid_crs'
  | 'invalid_phone'
  | 'invalid_date'
  | 'future_date'
  | 'card_date_missing'
  | 'invalid_active'
  | 'outside_district'
  | 'duplicate'
  | 'invalid';

export interface RowError {
  /** The spreadsheet row, 1-based, the header row included. */
  row: number;
  /** The column header as the file spells it ('' when the row as a whole is wrong). */
  field: string;
  code: RowErrorCode;
  message: string;
}

export interface ParsedRow {
  row: number;
  /** Present when every cell could be read. */
  input?: MerchantInput;
  errors: RowError[];
}

export interface HeaderMap {
  /** The row the header is on. */
  row: number;
  /** Per cell position: the column it is, or undefined for a skipped one. */
  columns: (ImportColumn | undefined)[];
  /** Header text as written, per import column. */
  headers: Partial<Record<ImportColumnKey, string>>;
  /** Headers this importer does not know, skipped (export-only columns are skipped silently). */
  ignored: string[];
}

/** A sheet may open with a title line or two ("××街道商户登记表") above the header. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Finds the header: the first of the first rows that names a required
 * column. Throws MerchantFileError naming every required column missing.
 */
export function locateHeader(rows: SheetRow[]): HeaderMap {
  const candidates = rows.slice(0, HEADER_SEARCH_ROWS);
  const headerRow =
    candidates.find((row) =>
      row.cells.some((cell) => {
        const column = typeof cell === 'string' ? classifyHeader(cell) : undefined;
        return typeof column === 'object' && column.required;
      }),
    ) ?? candidates[0];
  if (!headerRow) throw new MerchantFileError('文件中没有表头和数据 (no header row)');

  const columns: (ImportColumn | undefined)[] = [];
  const headers: Partial<Record<ImportColumnKey, string>> = {};
  const ignored: string[] = [];
  headerRow.cells.forEach((cell, index) => {
    const text = cell === null ? '' : String(cell instanceof Date ? cell.toISOString() : cell).trim();
    if (text === '') return;
    const column = classifyHeader(text);
    if (column === 'export_only') return;
    if (!column) {
      ignored.push(text);
      return;
    }
    // The same column twice: the first one counts, the second is reported as ignored.
    if (headers[column.key] !== undefined) {
      ignored.push(text);
      return;
    }
    columns[index] = column;
    headers[column.key] = text;
  });
  const missing = REQUIRED_COLUMNS.filter((column) => headers[column.key] === undefined);
  if (missing.length > 0) {
    throw new MerchantFileError(
      `缺少必需的列：${missing.map((c) => c.header).join('、')}（表头须在前 ${HEADER_SEARCH_ROWS} 行内）` +
        ` (missing required columns: ${missing.map((c) => c.english).join(', ')})`,
    );
  }
  return { row: headerRow.row, columns, headers, ignored };
}

export interface RowDefaults {
  /** The system coordinates are in when a row's 坐标系 cell is empty. */
  crs: Crs;
  /** "Today" in the bureau's time zone, YYYY-MM-DD: a card cannot be issued after it. */
  today: string;
}

/** Reads one data row. Every bad cell is reported, not only the first. */
export function parseRow(sheetRow: SheetRow, header: HeaderMap, defaults: RowDefaults): ParsedRow {
  const cells: Partial<Record<ImportColumnKey, Cell>> = {};
  header.columns.forEach((column, index) => {
    if (column) cells[column.key] = sheetRow.cells[index] ?? null;
  });
  const errors: RowError[] = [];
  const fail = (key: ImportColumnKey, code: RowErrorCode, message: string) =>
    errors.push({ row: sheetRow.row, field: header.headers[key] ?? columnOf(key).header, code, message });

  const text = (key: ImportColumnKey, maxLength: number): string | null => {
    const value = textOf(cells[key] ?? null);
    if (value !== null && [...value].length > maxLength) {
      fail(key, 'too_long', `不能超过 ${maxLength} 个字（现有 ${[...value].length} 个）`);
      return null;
    }
    return value;
  };

  const name = textOf(cells.name ?? null) === null ? null : text('name', 100);
  if (textOf(cells.name ?? null) === null) fail('name', 'required', '店名不能为空');

  const kindText = textOf(cells.kind ?? null);
  let kind: MerchantKind | undefined;
  if (kindText === null) fail('kind', 'required', '类型不能为空，应为“门店”或“流动摊贩”');
  else {
    kind = KIND_WORDS.get(wordKey(kindText));
    if (!kind) fail('kind', 'invalid_kind', `“${kindText}”不是有效类型，应为“门店”或“流动摊贩”`);
  }

  const lng = coordinate(cells.lng ?? null, -180, 180, '经度', (code, message) => fail('lng', code, message));
  const lat = coordinate(cells.lat ?? null, -90, 90, '纬度', (code, message) => fail('lat', code, message));

  let crs = defaults.crs;
  const crsText = textOf(cells.crs ?? null);
  if (crsText !== null) {
    const known = CRS_WORDS.get(wordKey(crsText));
    if (known) crs = known;
    else fail('crs', 'invalid_crs', `“${crsText}”不是可识别的坐标系，应为 WGS84、GCJ02 或 BD09`);
  }

  let operatorPhone: string | null = null;
  const phoneText = textOf(cells.operatorPhone ?? null);
  if (phoneText !== null) {
    const phone = normalisePhone(phoneText.normalize('NFKC'));
    if (/^\+?\d{5,15}$/.test(phone)) operatorPhone = phone;
    else fail('operatorPhone', 'invalid_phone', `“${phoneText}”不是有效的电话号码（只能是数字，可带 + 和 -）`);
  }

  const cardIssuedOn = issueDate(cells.cardIssuedOn ?? null, defaults.today, (code, message) =>
    fail('cardIssuedOn', code, message),
  );
  const cardIssuedBy = text('cardIssuedBy', 50);
  if (cardIssuedBy !== null && cardIssuedOn === null && isBlank(cells.cardIssuedOn ?? null)) {
    fail('cardIssuedOn', 'card_date_missing', '填写了发卡人，也须填写发卡日期');
  }

  let active: boolean | undefined;
  const activeText = textOf(cells.active ?? null);
  if (activeText !== null) {
    active = ACTIVE_WORDS.get(wordKey(activeText));
    if (active === undefined) fail('active', 'invalid_active', `“${activeText}”不是有效状态，应为“在营”或“停业”`);
  }

  const input: MerchantInput = {
    name: name ?? '',
    kind: kind ?? 'shop',
    operatorName: text('operatorName', 50),
    operatorPhone,
    businessType: text('businessType', 50),
    storefrontDescription: text('storefrontDescription', 500),
    businessTools: text('businessTools', 200),
    address: text('address', 200),
    location: { lng: lng ?? 0, lat: lat ?? 0 },
    crs,
    cardIssuedOn,
    cardIssuedBy,
    ...(active === undefined ? {} : { active }),
  };
  if (errors.length > 0) return { row: sheetRow.row, errors };

  // The registry's own schema has the last word; a cell read above that it
  // still refuses is a bug here, but reported on the row, not thrown.
  if (!Value.Check(MerchantInputSchema, input)) {
    const issue = [...Value.Errors(MerchantInputSchema, input)][0];
    const [, first = '', second = ''] = issue?.instancePath.split('/') ?? [];
    const field = (first === 'location' ? second : first) as ImportColumnKey;
    errors.push({
      row: sheetRow.row,
      field: header.headers[field] ?? '',
      code: 'invalid',
      message: `不符合登记要求：${issue?.message ?? 'invalid'}`,
    });
    return { row: sheetRow.row, errors };
  }
  return { row: sheetRow.row, input, errors };
}

const columnOf = (key: ImportColumnKey): ImportColumn => IMPORT_COLUMNS.find((column) => column.key === key)!;

/** A cell as trimmed text, or null when empty. Numbers keep all their digits (a phone typed as a number). */
function textOf(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return utcDate(cell);
  const text = typeof cell === 'number' ? (Number.isInteger(cell) ? cell.toFixed(0) : String(cell)) : cell;
  // An export's guard against formulas ('=…): the apostrophe is not part of the value.
  const trimmed = unguardFormula(text.trim());
  return trimmed === '' ? null : trimmed;
}

/** Case, width and spacing do not matter in the words below. */
const wordKey = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-]/g, '');

const KIND_WORDS = new Map<string, MerchantKind>(
  (
    [
      ['门店', 'shop'],
      ['店铺', 'shop'],
      ['商铺', 'shop'],
      ['shop', 'shop'],
      ['store', 'shop'],
      ['流动摊贩', 'street_vendor'],
      ['摊贩', 'street_vendor'],
      ['流动摊点', 'street_vendor'],
      ['摊点', 'street_vendor'],
      ['street_vendor', 'street_vendor'],
      ['street vendor', 'street_vendor'],
      ['vendor', 'street_vendor'],
    ] as const
  ).map(([word, kind]) => [wordKey(word), kind]),
);

const CRS_WORDS = new Map<string, Crs>(
  (
    [
      ['wgs84', 'wgs84'],
      ['wgs-84', 'wgs84'],
      ['gps', 'wgs84'],
      ['cgcs2000', 'wgs84'],
      ['天地图', 'wgs84'],
      ['gcj02', 'gcj02'],
      ['gcj-02', 'gcj02'],
      ['高德', 'gcj02'],
      ['腾讯', 'gcj02'],
      ['火星坐标', 'gcj02'],
      ['bd09', 'bd09'],
      ['bd-09', 'bd09'],
      ['百度', 'bd09'],
    ] as const
  ).map(([word, crs]) => [wordKey(word), crs]),
);

const ACTIVE_WORDS = new Map<string, boolean>(
  (
    [
      ['在营', true],
      ['营业', true],
      ['正常', true],
      ['是', true],
      ['active', true],
      ['true', true],
      ['1', true],
      ['停业', false],
      ['歇业', false],
      ['注销', false],
      ['否', false],
      ['inactive', false],
      ['false', false],
      ['0', false],
    ] as const
  ).map(([word, value]) => [wordKey(word), value]),
);

function coordinate(
  cell: Cell,
  min: number,
  max: number,
  label: string,
  fail: (code: RowErrorCode, message: string) => void,
): number | null {
  if (isBlank(cell)) {
    fail('required', `${label}不能为空`);
    return null;
  }
  const value = typeof cell === 'number' ? cell : Number(String(cell).normalize('NFKC').trim());
  if (cell instanceof Date || !Number.isFinite(value)) {
    fail('not_a_number', `${label}不是数字：“${textOf(cell) ?? ''}”`);
    return null;
  }
  if (value < min || value > max) {
    fail('out_of_range', `${label}超出范围（${min} 到 ${max}）：${value}`);
    return null;
  }
  return value;
}

/** Excel counts days from 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日 (a time after it is ignored),
 * a date cell, or a bare Excel day number (a date column that lost its format).
 */
function issueDate(cell: Cell, today: string, fail: (code: RowErrorCode, message: string) => void): string | null {
  if (isBlank(cell)) return null;
  let year: number;
  let month: number;
  let day: number;
  if (cell instanceof Date) {
    // ExcelJS gives a date cell as UTC midnight of the day Excel shows.
    [year, month, day] = [cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()];
  } else if (typeof cell === 'number' && Number.isInteger(cell) && cell > 0 && cell < 2_958_466) {
    const date = new Date(EXCEL_EPOCH_MS + cell * DAY_MS);
    [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    const text = String(cell).normalize('NFKC').trim();
    const match =
      /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(
        text,
      );
    if (!match) {
      fail('invalid_date', `“${text}”不是可识别的日期，请写成 2026-03-01 或 2026/3/1`);
      return null;
    }
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    fail('invalid_date', `${iso} 不是存在的日期`);
    return null;
  }
  if (year < 2000) {
    fail('invalid_date', `${iso} 早于登记制度，请检查年份`);
    return null;
  }
  if (iso > today) {
    fail('future_date', `${iso} 晚于今天，发卡日期应为已发放的日期`);
    return null;
  }
  return iso;
}

/** A Date as the calendar day it is in UTC (how ExcelJS reads date cells). */
function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
