import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * Turns an uploaded CSV or XLSX file into rows of cells, numbered as the
 * spreadsheet numbers them (row 1 is the first line of the file or sheet),
 * so that the error report points at the row a person sees in Excel.
 * Knows nothing of merchants: import-rows.ts reads the cells.
 */

export type ImportFileFormat = 'csv' | 'xlsx';

/** What a cell holds: CSV gives text; a workbook also numbers and dates. */
export type Cell = string | number | Date | null;

export interface SheetRow {
  /** 1-based, as the spreadsheet shows it. */
  row: number;
  cells: Cell[];
}

/** The file as a whole cannot be read: the upload is refused with a 400, nothing is imported. */
export class MerchantFileError extends Error {}

/** A district's registry is tens of thousands of entries; a bigger file is almost certainly not one. */
export const MAX_ROWS = 100_000;

export async function readSheet(bytes: Buffer, format: ImportFileFormat): Promise<SheetRow[]> {
  if (bytes.length === 0) throw new MerchantFileError('文件是空的 (the file is empty)');
  const rows = format === 'csv' ? readCsv(bytes) : await readXlsx(bytes);
  const nonEmpty = rows.filter((row) => row.cells.some((cell) => !isBlank(cell)));
  if (nonEmpty.length > MAX_ROWS + 1) {
    throw new MerchantFileError(`文件超过 ${MAX_ROWS} 行，请分成几个文件导入 (more than ${MAX_ROWS} rows)`);
  }
  return nonEmpty;
}

export function isBlank(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * Excel on a Chinese Windows saves "CSV" in GB18030 (GBK) and "CSV UTF-8"
 * with a byte-order mark; "Unicode text" is UTF-16 with one. Without a mark,
 * text that is valid UTF-8 is UTF-8 (GBK Chinese almost never is), anything
 * else is tried as GB18030.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode('utf-8', bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2));
  // Text in either encoding has no NUL byte; a binary file almost always does.
  if (bytes.includes(0)) throw new MerchantFileError('不是文本文件，无法按 CSV 读取 (not a text file)');
  try {
    return decode('utf-8', bytes);
  } catch {
    try {
      return decode('gb18030', bytes);
    } catch {
      throw new MerchantFileError('无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV (unknown text encoding)');
    }
  }
}

function decode(encoding: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    if (encoding === 'utf-8' || encoding === 'gb18030') throw error;
    throw new MerchantFileError(`文件不是有效的 ${encoding} 文本 (invalid ${encoding})`);
  }
}

function readCsv(bytes: Buffer): SheetRow[] {
  const text = decodeText(bytes);
  // "Unicode text" from Excel is tab-separated; judge by the first line.
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = count(firstLine, '\t') > count(firstLine, ',') ? '\t' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      // Blank lines are kept so that the record index stays the row Excel shows.
      skip_empty_lines: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new MerchantFileError(
      `CSV 无法读取${line ? `（第 ${line} 行附近）` : ''}：${(error as Error).message} (unreadable CSV)`,
    );
  }
  return records.map((cells, index) => ({ row: index + 1, cells }));
}

const count = (text: string, char: string) => text.split(char).length - 1;

async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  // An .xlsx is a zip; an old .xls is an OLE compound file.
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new MerchantFileError('这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV (old .xls format)');
  }
  if (!bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw new MerchantFileError('不是 Excel .xlsx 文件 (not an .xlsx workbook)');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new MerchantFileError(`Excel 文件已损坏或不完整：${(error as Error).message} (unreadable workbook)`);
  }
  // The first sheet with anything on it: a workbook often keeps an empty Sheet1 or a notes sheet after the data.
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new MerchantFileError('Excel 文件中没有数据 (the workbook is empty)');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push({ row: rowNumber, cells: Array.from(values, (value) => cellOf(value)) });
  });
  return rows;
}

/** ExcelJS's cell value (text, number, date, rich text, formula, hyperlink, error …) as one of ours. */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return v.richText
        .map((part) => (part as { text?: unknown }).text)
        .map((text) => (typeof text === 'string' ? text : ''))
        .join('');
    }
    // A formula: what Excel last computed for it.
    if ('formula' in v || 'sharedFormula' in v) return cellOf(v.result);
    if ('hyperlink' in v || 'text' in v) return cellOf(v.text);
    if ('error' in v) return String(v.error);
  }
  return null;
}
