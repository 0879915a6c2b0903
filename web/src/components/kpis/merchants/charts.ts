/**
 * The merchant report's charts as ECharts options built from the report
 * alone (as ../charts.ts does for the case report), so what is drawn can be
 * tested without a canvas. Labels come in already translated.
 */
import { MERCHANT_GRADES, type MerchantGrade, type MerchantKpiReport } from '@civic/shared';
import { GRADE_COLORS } from '../../../lib/merchant-grades.ts';
import type { ChartOption } from '../echarts.ts';

const base: ChartOption = {
  tooltip: { trigger: 'axis' },
  legend: { top: 0 },
  grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
};

export interface SubDistrictLabels {
  grade: Record<MerchantGrade, string>;
  noSubDistrict: string;
}

/** One stacked bar per sub-district: its merchants by grade at the end of the period. */
export function subDistrictGradesOption(report: MerchantKpiReport, labels: SubDistrictLabels): ChartOption {
  const rows = report.bySubDistrict;
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    color: MERCHANT_GRADES.map((g) => GRADE_COLORS[g]),
    xAxis: {
      type: 'category',
      data: rows.map((r) => (r.subDistrictId === null ? labels.noSubDistrict : (r.name ?? `#${r.subDistrictId}`))),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: MERCHANT_GRADES.map((grade) => ({
      name: labels.grade[grade],
      type: 'bar' as const,
      stack: 'grade',
      data: rows.map((r) => r[grade]),
    })),
  };
}

export interface ChangeLabels {
  to: Record<MerchantGrade, string>;
  up: string;
  down: string;
}

/**
 * Changes per bucket as stacked areas by the grade reached, with the
 * up (worse) and down (better) counts as dashed lines over them.
 */
export function gradeChangesOption(report: MerchantKpiReport, labels: ChangeLabels): ChartOption {
  const { buckets, unit } = report.gradeChanges;
  // No point markers: a month of daily points would hide the areas under them.
  const line = { type: 'line' as const, showSymbol: false };
  return {
    ...base,
    // Up in purple, apart from the four grades; down in the app's "ok" green.
    color: [...MERCHANT_GRADES.map((g) => GRADE_COLORS[g]), '#5c2d91', '#2b8a3e'],
    xAxis: {
      type: 'category',
      // A day shows as MM-DD (the year is in the period above), a month as YYYY-MM.
      data: buckets.map((b) => (unit === 'day' ? b.key.slice(5) : b.key)),
      boundaryGap: false,
    },
    yAxis: { type: 'value', minInterval: 1 },
    dataZoom: buckets.length > 45 ? [{ type: 'inside' }] : [],
    series: [
      ...MERCHANT_GRADES.map((grade) => ({
        ...line,
        name: labels.to[grade],
        stack: 'to',
        areaStyle: { opacity: 0.5 },
        data: buckets.map((b) => b.toGrade[grade]),
      })),
      { ...line, name: labels.up, lineStyle: { type: 'dashed' as const }, data: buckets.map((b) => b.up) },
      { ...line, name: labels.down, lineStyle: { type: 'dashed' as const }, data: buckets.map((b) => b.down) },
    ],
  };
}
