import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from './export.ts';
import { unguardFormula } from './import-columns.ts';
import { cellOf, decodeText, MerchantFileError, readSheet } from './import-read.ts';

/** 店名,类型 in GB18030 (GBK), as Excel on a Chinese Windows saves a CSV. */
const GBK_HEADER = Buffer.from([0xb5, 0xea, 0xc3, 0xfb, 0x2c, 0xc0, 0xe0, 0xd0, 0xcd]);

describe('decoding a CSV', () => {
  it('reads UTF-8 with or without a byte-order mark, GBK, and UTF-16 with one', () => {
    expect(decodeText(Buffer.from('\uFEFF店名,类型', 'utf8'))).toBe('店名,类型');
    expect(decodeText(Buffer.from('店名,类型', 'utf8'))).toBe('店名,类型');
    expect(decodeText(GBK_HEADER)).toBe('店名,类型');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('店名\t类型', 'utf16le')]))).toBe(
      '店名\t类型',
    );
  });

  it('refuses binary files', () => {
    expect(() => decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toThrow(MerchantFileError);
  });
});

describe('reading a CSV', () => {
  it('numbers rows as Excel shows them, blank lines and multi-line cells included, and drops empty rows', async () => {
    const csv = '店名,类型\r\n\r\n"两行\n的店名",门店\r\n,,\r\n最后,摊贩\r\n';
    const rows = await readSheet(Buffer.from(csv), 'csv');
    expect(rows).toEqual([
      { row: 1, cells: ['店名', '类型'] },
      { row: 3, cells: ['两行\n的店名', '门店'] },
      { row: 5, cells: ['最后', '摊贩'] },
    ]);
  });

  it('reads the tab-separated "Unicode text" Excel also saves', async () => {
    const rows = await readSheet(Buffer.from('店名\t地址\n甲,乙\t某路1号\n'), 'csv');
    expect(rows[1]!.cells).toEqual(['甲,乙', '某路1号']);
  });

  it('refuses an empty file and an unclosed quote as a whole', async () => {
    await expect(readSheet(Buffer.alloc(0), 'csv')).rejects.toThrow(MerchantFileError);
    await expect(readSheet(Buffer.from('店名,类型\n"没有结束,门店\n'), 'csv')).rejects.toThrow(/第 2 行/);
  });

  it('reads back whatever text an export writes, commas, quotes, line breaks and formulas included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom('', '=', '@', '+', '-', '-1', "'", "'=", "''+", '"', ','),
            fc.string({ unit: 'grapheme', maxLength: 12 }),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        async (parts) => {
          const texts = parts.map(([prefix, rest]) => prefix + rest);
          const columns = texts.map((_, i) => ({ key: `c${i}`, header: `列${i}` }));
          const row = Object.fromEntries(texts.map((text, i) => [`c${i}`, text]));
          const rows = await readSheet(toCsv(columns, [row]), 'csv');
          const back = (rows[1]?.cells ?? []).map((cell) => unguardFormula(String(cell ?? '')));
          // A row of only blank cells is dropped like any empty row.
          if (texts.every((t) => t.trim() === '')) expect(rows).toHaveLength(1);
          else expect(back.concat(Array(texts.length).fill('')).slice(0, texts.length)).toEqual(texts);
        },
      ),
    );
  });
});

describe('reading a workbook', () => {
  it('takes the first sheet with data, its row numbers, and plain values from rich text, formulas and links', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('空白');
    const sheet = workbook.addWorksheet('登记');
    sheet.getRow(1).values = ['商户登记表'];
    sheet.getRow(3).values = ['店名', '经度', '发卡日期', '地址'];
    sheet.getRow(4).values = [
      { richText: [{ text: '老王' }, { text: '烧饼', font: { bold: true } }] },
      { formula: '113+0.62', result: 113.62 },
      new Date(Date.UTC(2026, 2, 1)),
      { text: '天河路18号', hyperlink: 'https://example.invalid/' },
    ];
    const rows = await readSheet(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    expect(rows.map((r) => r.row)).toEqual([1, 3, 4]);
    expect(rows[2]!.cells).toEqual(['老王烧饼', 113.62, new Date(Date.UTC(2026, 2, 1)), '天河路18号']);
  });

  it('refuses truncated workbooks, old .xls files, other bytes and empty workbooks, each as a whole', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('登记').addRow(['店名']);
    const whole = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(readSheet(whole.subarray(0, Math.floor(whole.length / 2)), 'xlsx')).rejects.toThrow(MerchantFileError);
    await expect(readSheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), 'xlsx')).rejects.toThrow(/\.xls/);
    await expect(readSheet(Buffer.from('店名,类型\n'), 'xlsx')).rejects.toThrow(MerchantFileError);
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('空白');
    await expect(readSheet(Buffer.from(await empty.xlsx.writeBuffer()), 'xlsx')).rejects.toThrow(/没有数据/);
  });

  it('maps error cells to their text and unknown values to nothing', () => {
    expect(cellOf({ error: '#N/A' })).toBe('#N/A');
    expect(cellOf(true)).toBe('TRUE');
    expect(cellOf(undefined)).toBeNull();
    expect(cellOf(new Date(Number.NaN))).toBeNull();
  });
});
