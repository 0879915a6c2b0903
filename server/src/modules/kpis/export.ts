import ExcelJS from 'exceljs';
import type { Channel, KpiDuration, KpiMetrics, KpiReport } from '@civic/shared';

/** One column of an exported table: a count, a rate (a fraction) or minutes. */
interface Column {
  header: string;
  kind: 'count' | 'rate' | 'minutes';
  value(metrics: KpiMetrics): number | null;
}

const count = (header: string, key: keyof KpiMetrics): Column => ({
  header,
  kind: 'count',
  value: (m) => m[key] as number,
});
const rate = (header: string, key: keyof KpiMetrics): Column => ({
  header,
  kind: 'rate',
  value: (m) => m[key] as number | null,
});
const durationColumns = (name: string, key: 'timeToArrive' | 'timeToDispose'): Column[] => {
  const pick = (field: keyof KpiDuration) => (m: KpiMetrics) => m[key][field];
  return [
    { header: `${name}统计件数`, kind: 'count', value: pick('count') },
    { header: `平均${name}(分钟,自然时间)`, kind: 'minutes', value: pick('meanWall') },
    { header: `90%${name}(分钟,自然时间)`, kind: 'minutes', value: pick('p90Wall') },
    { header: `平均${name}(分钟,工作时间)`, kind: 'minutes', value: pick('meanWorking') },
    { header: `90%${name}(分钟,工作时间)`, kind: 'minutes', value: pick('p90Working') },
  ];
};

/** The metric columns, in the order of docs/kpis.md. */
export const METRIC_COLUMNS: readonly Column[] = [
  count('受理量', 'received'),
  count('合并(重复)件', 'merged'),
  count('立案数', 'registered'),
  count('不予立案数', 'notRegistered'),
  rate('立案率', 'registrationRate'),
  count('派遣数', 'dispatched'),
  count('处置数', 'disposed'),
  rate('处置率', 'disposalRate'),
  count('有处置时限件数', 'disposedWithDeadline'),
  count('按期处置数', 'disposedOnTime'),
  rate('按期处置率', 'onTimeDisposalRate'),
  count('结案数', 'closed'),
  rate('结案率', 'closureRate'),
  count('返工数', 'reworked'),
  rate('返工率', 'reworkRate'),
  count('延期数', 'extended'),
  rate('延期率', 'extensionRate'),
  count('应反馈数', 'feedbackDue'),
  count('已反馈数', 'feedbackGiven'),
  rate('反馈率', 'feedbackRate'),
  count('回访数', 'followedUp'),
  count('满意数(含基本满意)', 'satisfied'),
  rate('满意率', 'satisfactionRate'),
  count('督办件', 'supervised'),
  ...durationColumns('到场时长', 'timeToArrive'),
  ...durationColumns('处置时长', 'timeToDispose'),
];

const CHANNEL_NAMES: Record<Channel, string> = {
  hotline: '12345热线',
  web: '网上举报',
  letter_visit: '来信来访',
  patrol: '巡查发现',
};

/** One breakdown as a table: what its rows are, a label per row. */
interface Table {
  /** Sheet name and the CSV's 维度 column. */
  dimension: string;
  /** Header of the row-label column. */
  labelHeader: string;
  rows: { label: string; metrics: KpiMetrics }[];
}

export function tables(report: KpiReport): Table[] {
  return [
    { dimension: '合计', labelHeader: '范围', rows: [{ label: '合计', metrics: report.totals }] },
    {
      dimension: '按类别',
      labelHeader: '类别',
      rows: report.byCategory.map((r) => ({
        label: r.code === null ? '未分类' : `${r.code} ${r.name ?? ''}`.trim(),
        metrics: r.metrics,
      })),
    },
    {
      dimension: '按渠道',
      labelHeader: '渠道',
      rows: report.byChannel.map((r) => ({ label: CHANNEL_NAMES[r.channel], metrics: r.metrics })),
    },
    {
      dimension: '按队伍',
      labelHeader: '队伍',
      rows: report.bySquad.map((r) => ({
        label: r.squadId === null ? '未派遣' : (r.name ?? `#${r.squadId}`),
        metrics: r.metrics,
      })),
    },
    {
      dimension: '按街道',
      labelHeader: '街道/镇',
      rows: report.bySubDistrict.map((r) => ({
        label: r.subDistrictId === null ? '未定位或辖区外' : (r.name ?? `#${r.subDistrictId}`),
        metrics: r.metrics,
      })),
    },
    {
      dimension: '按日期',
      labelHeader: '日期',
      rows: report.byDay.map((r) => ({ label: r.date, metrics: r.metrics })),
    },
  ];
}

/** A rate as Excel reads it from text: "66.7%"; empty when there is no denominator. */
function csvCell(column: Column, value: number | null): string {
  if (value === null) return '';
  if (column.kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  return String(value);
}

function csvEscape(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Every table in one CSV, one row per group, with the dimension in the first
 * column (维度, 分组, then the metrics). UTF-8 with a byte-order mark and CRLF
 * line ends, so Excel on a Chinese Windows opens it with the characters right.
 */
export function toCsv(report: KpiReport): Buffer {
  const lines = [['维度', '分组', ...METRIC_COLUMNS.map((c) => c.header)]];
  for (const table of tables(report)) {
    for (const row of table.rows) {
      lines.push([table.dimension, row.label, ...METRIC_COLUMNS.map((c) => csvCell(c, c.value(row.metrics)))]);
    }
  }
  const text = lines.map((cells) => cells.map(csvEscape).join(',')).join('\r\n') + '\r\n';
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}

function filterText(report: KpiReport): [string, string][] {
  const { filters, options } = report;
  const sub = options.subDistricts.find((s) => s.id === filters.subDistrictId);
  const category = options.categories.find((c) => c.code === filters.categoryCode);
  const squad = options.squads.find((s) => s.id === filters.squadId);
  return [
    ['统计周期', `${report.period.from} 至 ${report.period.to}（${report.period.days} 天，北京时间）`],
    ['街道/镇', sub ? sub.name : '全部'],
    ['类别', category ? `${category.code} ${category.name}（含下级类别）` : '全部'],
    ['渠道', filters.channel ? CHANNEL_NAMES[filters.channel] : '全部'],
    ['队伍', squad ? squad.name : '全部'],
    ['生成时间', report.generatedAt],
    ['口径', '统计对象为统计周期内受理的案件；各项指标的定义见 docs/kpis.md'],
  ];
}

/**
 * A workbook with a 说明 sheet (period and filters) and one sheet per table,
 * Chinese headers, rates as percentages Excel can still compute with.
 */
export async function toXlsx(report: KpiReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'civic-dispatch';
  workbook.created = new Date(report.generatedAt);

  const about = workbook.addWorksheet('说明');
  about.columns = [
    { header: '项目', key: 'name', width: 12 },
    { header: '内容', key: 'value', width: 60 },
  ];
  for (const [name, value] of filterText(report)) about.addRow({ name, value });
  about.getRow(1).font = { bold: true };

  for (const table of tables(report)) {
    const sheet = workbook.addWorksheet(table.dimension, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    sheet.columns = [
      { header: table.labelHeader, key: 'label', width: table.dimension === '按类别' ? 20 : 14 },
      ...METRIC_COLUMNS.map((column, i) => ({
        header: column.header,
        key: `m${i}`,
        width: Math.max(10, column.header.length * 2),
        style: column.kind === 'rate' ? { numFmt: '0.0%' } : column.kind === 'minutes' ? { numFmt: '0.0' } : {},
      })),
    ];
    for (const row of table.rows) {
      const values: Record<string, string | number | null> = { label: row.label };
      METRIC_COLUMNS.forEach((column, i) => (values[`m${i}`] = column.value(row.metrics)));
      sheet.addRow(values);
    }
    sheet.getRow(1).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** attachment; an ASCII name for old clients and the Chinese one (RFC 6266) for the rest. */
export function contentDisposition(report: KpiReport, extension: 'csv' | 'xlsx'): string {
  const span = `${report.period.from}_${report.period.to}`;
  const ascii = `kpis_${span}.${extension}`;
  const chinese = `绩效统计_${span}.${extension}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(chinese)}`;
}
