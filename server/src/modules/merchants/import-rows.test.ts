import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MerchantFileError, type Cell, type SheetRow } from './import-read.ts';
import { locateHeader, parseRow, type HeaderMap } from './import-rows.ts';

const TODAY = '2026-06-15';
const defaults = { crs: 'wgs84' as const, today: TODAY };

const CHINESE_HEADER = [
  '店名',
  '类型',
  '经营者',
  '联系电话',
  '经营类型',
  '门头描述',
  '经营工具',
  '地址',
  '经度',
  '纬度',
  '坐标系',
  '发卡日期',
  '发卡人',
];

function sheet(...rows: Cell[][]): SheetRow[] {
  return rows.map((cells, index) => ({ row: index + 1, cells }));
}

/** One data row under CHINESE_HEADER, with some cells replaced. */
function parseOne(overrides: Record<string, Cell>, header: string[] = CHINESE_HEADER) {
  const base: Record<string, Cell> = {
    店名: '老王烧饼',
    类型: '门店',
    经营者: '王建国',
    联系电话: '13800138000',
    经营类型: '餐饮',
    门头描述: '红底白字',
    经营工具: '烤炉',
    地址: '天河路18号',
    经度: '113.6205',
    纬度: '34.8302',
    坐标系: '',
    发卡日期: '2026-03-01',
    发卡人: '张队员',
  };
  const values = { ...base, ...overrides };
  const rows = sheet(
    header,
    header.map((h) => values[h] ?? null),
  );
  const map = locateHeader(rows);
  return parseRow(rows[1]!, map, defaults);
}

describe('the header row', () => {
  it('reads the bureau’s Chinese headers and their English names alike', () => {
    const chinese = locateHeader(sheet(CHINESE_HEADER));
    expect(chinese.row).toBe(1);
    expect(chinese.columns.map((c) => c?.key)).toEqual([
      'name',
      'kind',
      'operatorName',
      'operatorPhone',
      'businessType',
      'storefrontDescription',
      'businessTools',
      'address',
      'lng',
      'lat',
      'crs',
      'cardIssuedOn',
      'cardIssuedBy',
    ]);
    const english = locateHeader(
      sheet(['Name', 'KIND', 'operator', 'Phone', 'Business Type', 'card_issued_on', 'Longitude', 'lat', 'ＣＲＳ']),
    );
    expect(english.columns.map((c) => c?.key)).toEqual([
      'name',
      'kind',
      'operatorName',
      'operatorPhone',
      'businessType',
      'cardIssuedOn',
      'lng',
      'lat',
      'crs',
    ]);
    expect(english.headers.lng).toBe('Longitude');
  });

  it('skips a title line above the header, and notes unknown columns but not the export’s own', () => {
    const map = locateHeader(
      sheet(['刘寨街道商户登记表'], [], ['店名', '备注', '类型', '经度', '纬度', '等级', '编号', '备注']),
    );
    expect(map.row).toBe(3);
    expect(map.ignored).toEqual(['备注', '备注']);
    expect(map.columns[1]).toBeUndefined();
    expect(map.columns[5]).toBeUndefined();
  });

  it('refuses a file without the required columns, naming each', () => {
    expect(() => locateHeader(sheet(['店名', '地址'], ['a', 'b']))).toThrow(MerchantFileError);
    expect(() => locateHeader(sheet(['店名', '地址']))).toThrow(/类型、经度、纬度.*kind, lng, lat/);
    expect(() => locateHeader([])).toThrow(MerchantFileError);
  });
});

describe('a data row', () => {
  it('becomes the MerchantInput the registry takes', () => {
    const parsed = parseOne({ 联系电话: '138-0013 8000', 坐标系: 'gcj-02' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.input).toEqual({
      name: '老王烧饼',
      kind: 'shop',
      operatorName: '王建国',
      operatorPhone: '13800138000',
      businessType: '餐饮',
      storefrontDescription: '红底白字',
      businessTools: '烤炉',
      address: '天河路18号',
      location: { lng: 113.6205, lat: 34.8302 },
      crs: 'gcj02',
      cardIssuedOn: '2026-03-01',
      cardIssuedBy: '张队员',
    });
  });

  it('takes the kinds, coordinate systems and states in either language', () => {
    expect(parseOne({ 类型: '流动摊贩' }).input?.kind).toBe('street_vendor');
    expect(parseOne({ 类型: 'Street_Vendor' }).input?.kind).toBe('street_vendor');
    expect(parseOne({ 类型: 'shop' }).input?.kind).toBe('shop');
    expect(parseOne({ 坐标系: '百度' }).input?.crs).toBe('bd09');
    expect(parseOne({ 坐标系: 'BD09' }).input?.crs).toBe('bd09');
    expect(parseOne({ 坐标系: 'WGS-84' }).input?.crs).toBe('wgs84');
    expect(parseOne({ 坐标系: null }).input?.crs).toBe('wgs84');
    const header = [...CHINESE_HEADER, '状态'];
    expect(parseOne({ 状态: '停业' }, header).input?.active).toBe(false);
    expect(parseOne({ 状态: '在营' }, header).input?.active).toBe(true);
    expect(parseOne({}, header).input).not.toHaveProperty('active');
  });

  it('reads numbers and dates as a workbook holds them', () => {
    const parsed = parseOne({
      联系电话: 13800138000,
      经度: 113.6205,
      纬度: '３４.８３０２',
      发卡日期: new Date(Date.UTC(2026, 2, 1)),
    });
    expect(parsed.input).toMatchObject({
      operatorPhone: '13800138000',
      location: { lng: 113.6205, lat: 34.8302 },
      cardIssuedOn: '2026-03-01',
    });
    // 46082 is Excel's day number of 2026-03-01 (a date column that lost its format).
    expect(parseOne({ 发卡日期: 46082 }).input?.cardIssuedOn).toBe('2026-03-01');
  });

  it('takes the usual ways of writing a date', () => {
    for (const written of ['2026-03-01', '2026/3/1', '2026.3.1', '2026年3月1日', '2026/03/01 00:00:00', ' 2026-3-1 ']) {
      expect(parseOne({ 发卡日期: written }).input?.cardIssuedOn, written).toBe('2026-03-01');
    }
  });

  it('reports every bad cell of a row with the column as the file spells it', () => {
    const parsed = parseOne({
      店名: '  ',
      类型: '小卖部',
      经度: 'abc',
      纬度: '95',
      联系电话: '138 0013 800O',
      发卡日期: '2026-02-30',
      坐标系: '北京54',
    });
    expect(parsed.input).toBeUndefined();
    expect(parsed.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, '店名', 'required'],
      [2, '类型', 'invalid_kind'],
      [2, '经度', 'not_a_number'],
      [2, '纬度', 'out_of_range'],
      [2, '坐标系', 'invalid_crs'],
      [2, '联系电话', 'invalid_phone'],
      [2, '发卡日期', 'invalid_date'],
    ]);
    expect(parsed.errors[1]!.message).toContain('小卖部');
    expect(parsed.errors[2]!.message).toBe('经度不是数字：“abc”');
  });

  it('names the English header when the file uses English headers', () => {
    const header = ['name', 'kind', 'lng', 'lat'];
    const rows = sheet(header, ['a', 'shop', '113.6', 'north']);
    const parsed = parseRow(rows[1]!, locateHeader(rows), defaults);
    expect(parsed.errors).toMatchObject([{ field: 'lat', code: 'not_a_number' }]);
  });

  it('refuses missing coordinates, future and ancient card dates, and an issuer without a date', () => {
    expect(parseOne({ 经度: null }).errors).toMatchObject([{ field: '经度', code: 'required' }]);
    expect(parseOne({ 发卡日期: '2026-06-16' }).errors).toMatchObject([{ field: '发卡日期', code: 'future_date' }]);
    expect(parseOne({ 发卡日期: '2026-06-15' }).errors).toEqual([]);
    expect(parseOne({ 发卡日期: '1999-12-31' }).errors).toMatchObject([{ code: 'invalid_date' }]);
    expect(parseOne({ 发卡日期: '三月一日' }).errors).toMatchObject([{ code: 'invalid_date' }]);
    expect(parseOne({ 发卡日期: '' }).errors).toMatchObject([{ field: '发卡日期', code: 'card_date_missing' }]);
    expect(parseOne({ 发卡日期: '', 发卡人: '' }).input?.cardIssuedOn).toBeNull();
  });

  it('counts characters, not bytes, against the length limits', () => {
    expect(parseOne({ 店名: '店'.repeat(100) }).errors).toEqual([]);
    expect(parseOne({ 店名: '店'.repeat(101) }).errors).toMatchObject([{ field: '店名', code: 'too_long' }]);
    expect(parseOne({ 发卡人: 'x'.repeat(51) }).errors).toMatchObject([{ field: '发卡人', code: 'too_long' }]);
  });

  it('leaves out the apostrophe an export puts before a formula-like cell', () => {
    expect(parseOne({ 门头描述: "'=红底白字" }).input?.storefrontDescription).toBe('=红底白字');
    expect(parseOne({ 门头描述: "'普通" }).input?.storefrontDescription).toBe("'普通");
  });

  it('reads any calendar date written in any of the usual forms as the same day', () => {
    const day = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date(`${TODAY}T00:00:00Z`),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, fc.constantFrom('iso', 'slash', 'chinese', 'cell', 'serial'), (date, form) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const iso = date.toISOString().slice(0, 10);
        const cell: Cell = {
          iso,
          slash: `${y}/${m}/${d}`,
          chinese: `${y}年${m}月${d}日`,
          cell: new Date(Date.UTC(y, m - 1, d)),
          serial: Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000),
        }[form];
        expect(parseOne({ 发卡日期: cell }).input?.cardIssuedOn).toBe(iso);
      }),
    );
  });
});

describe('row numbers', () => {
  it('are the spreadsheet’s, carried from the sheet row', () => {
    const map: HeaderMap = locateHeader(sheet(['店名', '类型', '经度', '纬度']));
    const parsed = parseRow({ row: 41, cells: ['', 'shop', '1', '2'] }, map, defaults);
    expect(parsed.errors).toMatchObject([{ row: 41, field: '店名' }]);
  });
});
