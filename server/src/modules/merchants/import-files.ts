import { toCsv, toXlsx, type ExportFormat } from './export.ts';
import { IMPORT_COLUMNS, type ImportColumnKey } from './import-columns.ts';
import type { RowError } from './import-rows.ts';

/**
 * The two files the import hands out besides the export: an empty template
 * with one example row, and the full per-row error report of a job.
 */

/** What each column takes, for the template's 填写说明 sheet. */
const COLUMN_HELP: Record<ImportColumnKey, string> = {
  name: '店招或摊位名称，最多 100 字',
  kind: '“门店”或“流动摊贩”（也可写 shop / street_vendor）',
  operatorName: '经营者姓名',
  operatorPhone: '手机或座机号码，只含数字，可带 + 和 -',
  businessType: '如 餐饮、水果、百货',
  storefrontDescription: '门头的样子，最多 500 字',
  businessTools: '如 三轮车、折叠桌、遮阳棚',
  address: '经营地址；店名和地址都相同的行视为已登记',
  lng: '经度，十进制度数',
  lat: '纬度，十进制度数',
  crs: 'WGS84（GPS、天地图，默认）、GCJ02（高德、腾讯）或 BD09（百度）',
  cardIssuedOn: '温馨提示卡发放日期，如 2026-03-01 或 2026/3/1，不晚于今天',
  cardIssuedBy: '发卡人；填写时须同时填写发卡日期',
  active: '“在营”（默认）或“停业”',
};

export async function importTemplate(format: ExportFormat): Promise<Buffer> {
  const example = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.example])) as Record<ImportColumnKey, string>;
  if (format === 'csv') return toCsv(IMPORT_COLUMNS, [example]);
  const notes = [
    ['列', '是否必填', '说明'],
    ...IMPORT_COLUMNS.map((c) => [c.header, c.required ? '必填' : '', COLUMN_HELP[c.key]]),
    [],
    ['', '', '第一张表的第 2 行是示例，导入前请删除或改为真实数据。表头可用中文或英文列名，未识别的列会被忽略。'],
  ];
  const [year, month, day] = example.cardIssuedOn.split('-').map(Number) as [number, number, number];
  return toXlsx(
    '商户登记',
    IMPORT_COLUMNS,
    [
      {
        ...example,
        // Numbers and a date cell, as a filled-in sheet would have them.
        lng: Number(example.lng),
        lat: Number(example.lat),
        cardIssuedOn: new Date(Date.UTC(year, month - 1, day)),
      },
    ],
    notes,
  );
}

const REPORT_COLUMNS = [
  { key: 'row', header: '行号' },
  { key: 'field', header: '列' },
  { key: 'message', header: '错误说明' },
  { key: 'code', header: '错误代码' },
] as const;

/** Every error of a job as a CSV, in row order. */
export function errorReport(errors: readonly RowError[]): Buffer {
  return toCsv(
    REPORT_COLUMNS,
    errors.map((e) => ({ row: e.row, field: e.field, message: e.message, code: e.code })),
  );
}
