import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import ExcelJS from 'exceljs';
import { Type } from 'typebox';
import {
  KPI_ROLES,
  MerchantKpiExportQuery,
  MerchantKpiQuery,
  MerchantKpiReport,
  type KpiExportFormat,
} from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { errors } from '../../http/schemas.ts';
import { MerchantKpiService } from './merchant-kpis.ts';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** GET /api/kpis/merchants and its download: the 一卡四色 figures (docs/kpis.md, "Merchants"). */
export const merchantKpiRoutes =
  (pool: Pool, kpis = new MerchantKpiService(pool)): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/kpis/merchants',
      {
        config: { access: KPI_ROLES },
        schema: {
          tags: ['kpis'],
          summary:
            'Merchants by grade (as of the end of the period) and sub-district, grade changes, violations, ' +
            'repeat-violation rate and card coverage, for the district, a sub-district or a zone (pilot area)',
          querystring: MerchantKpiQuery,
          response: { 200: MerchantKpiReport, ...errors(400, 401, 403) },
        },
      },
      async (request) => kpis.report(request.query),
    );

    app.get(
      '/api/kpis/merchants/export',
      {
        config: { access: KPI_ROLES },
        schema: {
          tags: ['kpis'],
          summary: 'The same merchant report as a download: CSV (UTF-8 with BOM, one row per figure) or Excel',
          querystring: MerchantKpiExportQuery,
          produces: [CONTENT_TYPES.csv, CONTENT_TYPES.xlsx],
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The file' }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const { format, ...query } = request.query;
        const report = await kpis.report(query);
        const body = format === 'csv' ? merchantKpiCsv(report) : await merchantKpiXlsx(report);
        return reply
          .header('content-type', CONTENT_TYPES[format])
          .header('content-disposition', merchantKpiDisposition(report, format))
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  };

// The downloads -------------------------------------------------------------

/** One table of the report: a sheet of the workbook, a dimension of the CSV. */
interface Table {
  name: string;
  labelHeader: string;
  columns: string[];
  /** `rate` marks a row of the summary whose figure is a fraction (shown 83.3%). */
  rows: { label: string; values: (number | null)[]; rate?: boolean }[];
}

const GRADE_HEADERS = ['蓝色', '黄色', '橙色', '红色'] as const;

const ZONE_KIND_NAMES: Record<string, string> = {
  vending: '疏导点',
  night_market: '夜市经营区域',
  control: '临时管控区域',
  grid: '责任网格',
  pilot: '试点区域',
};

export function merchantKpiTables(report: MerchantKpiReport): Table[] {
  const { byGrade, gradeChanges, repeatViolationRate: repeat, cardCoverage } = report;
  const figure = (label: string, value: number | null, rate = false) => ({ label, values: [value], rate });
  const changeColumns = [...GRADE_HEADERS.map((g) => `变为${g}`), '升级(变差)', '降级(好转)', '合计'];
  return [
    {
      name: '概况',
      labelHeader: '指标',
      columns: ['数值'],
      rows: [
        figure('商户数', byGrade.total),
        figure('蓝色', byGrade.blue),
        figure('黄色', byGrade.yellow),
        figure('橙色', byGrade.orange),
        figure('红色', byGrade.red),
        figure('已发温馨提示卡', cardCoverage.withCard),
        figure('发卡率', cardCoverage.rate, true),
        figure('期内违章数', report.violations.total),
        figure('有违章商户数', repeat.violatingMerchants),
        figure('重复违章商户数', repeat.repeatMerchants),
        figure('重复违章率', repeat.rate, true),
        figure('期内新登记商户数', gradeChanges.registered),
        figure('等级变化次数', gradeChanges.totals.total),
        figure('升级(变差)次数', gradeChanges.totals.up),
        figure('降级(好转)次数', gradeChanges.totals.down),
      ],
    },
    {
      name: '按街道',
      labelHeader: '街道/镇',
      columns: [...GRADE_HEADERS, '合计'],
      rows: report.bySubDistrict.map((r) => ({
        label: r.subDistrictId === null ? '辖区外' : (r.name ?? `#${r.subDistrictId}`),
        values: [r.blue, r.yellow, r.orange, r.red, r.total],
      })),
    },
    {
      name: '等级变化',
      labelHeader: gradeChanges.unit === 'day' ? '日期' : '月份',
      columns: changeColumns,
      rows: gradeChanges.buckets.map((b) => ({
        label: b.key,
        values: [b.toGrade.blue, b.toGrade.yellow, b.toGrade.orange, b.toGrade.red, b.up, b.down, b.total],
      })),
    },
    {
      name: '违章类型',
      labelHeader: '违章类型',
      columns: ['违章数', '违章商户数'],
      rows: report.violations.byType.map((r) => ({
        label: `${r.violationType} ${r.name ?? ''}`.trim(),
        values: [r.violations, r.merchants],
      })),
    },
  ];
}

function csvCell(value: number | null, rate: boolean): string {
  if (value === null) return '';
  return rate ? `${(value * 100).toFixed(1)}%` : String(value);
}

function csvEscape(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The tables have different columns, so the CSV is one long table, a row per
 * figure: 维度, 分组, 指标, 数值 (the summary's 分组 is 合计). UTF-8 with a BOM
 * and CRLF, as the case report's CSV, so Excel opens it with the characters right.
 */
export function merchantKpiCsv(report: MerchantKpiReport): Buffer {
  const lines: string[][] = [['维度', '分组', '指标', '数值']];
  for (const table of merchantKpiTables(report)) {
    for (const row of table.rows) {
      if (table.name === '概况') {
        lines.push([table.name, '合计', row.label, csvCell(row.values[0] ?? null, row.rate === true)]);
        continue;
      }
      table.columns.forEach((header, i) => {
        lines.push([table.name, row.label, header, csvCell(row.values[i] ?? null, false)]);
      });
    }
  }
  const text = lines.map((cells) => cells.map(csvEscape).join(',')).join('\r\n') + '\r\n';
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}

function areaText(report: MerchantKpiReport): string {
  const { area } = report;
  if (!area) return '全区';
  if (area.kind === 'sub_district') return `街道/镇：${area.name}`;
  return `区域：${area.name}（${ZONE_KIND_NAMES[area.zoneKind ?? ''] ?? area.zoneKind ?? ''}）`;
}

/** A 说明 sheet, then a sheet per table with Chinese headers; rates as numbers formatted 0.0%. */
export async function merchantKpiXlsx(report: MerchantKpiReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'civic-dispatch';
  workbook.created = new Date(report.generatedAt);

  const about = workbook.addWorksheet('说明');
  about.columns = [
    { header: '项目', key: 'name', width: 12 },
    { header: '内容', key: 'value', width: 70 },
  ];
  const { period } = report;
  for (const [name, value] of [
    ['统计周期', `${period.from} 至 ${period.to}（${period.days} 天，北京时间）`],
    ['统计范围', areaText(report)],
    ['生成时间', report.generatedAt],
    ['口径', `商户及其等级为统计周期末（${period.to} 24:00）的状态；违章与等级变化为周期内发生的；定义见 docs/kpis.md`],
  ]) {
    about.addRow({ name, value });
  }
  about.getRow(1).font = { bold: true };

  for (const table of merchantKpiTables(report)) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    sheet.columns = [
      { header: table.labelHeader, key: 'label', width: 20 },
      ...table.columns.map((header, i) => ({ header, key: `c${i}`, width: Math.max(10, header.length * 2 + 2) })),
    ];
    for (const row of table.rows) {
      const added = sheet.addRow({ label: row.label, ...Object.fromEntries(row.values.map((v, i) => [`c${i}`, v])) });
      if (row.rate) added.getCell(2).numFmt = '0.0%';
    }
    sheet.getRow(1).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** attachment; an ASCII name for old clients and the Chinese one (RFC 6266) for the rest. */
export function merchantKpiDisposition(report: MerchantKpiReport, extension: KpiExportFormat): string {
  const span = `${report.period.from}_${report.period.to}`;
  const chinese = `一卡四色统计_${span}.${extension}`;
  return `attachment; filename="merchant-kpis_${span}.${extension}"; filename*=UTF-8''${encodeURIComponent(chinese)}`;
}
