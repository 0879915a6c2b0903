/**
 * What each chart of the report shows, as ECharts options built from the
 * report alone: pure functions, so what a supervisor sees can be tested
 * without a canvas. Labels come in already translated.
 */
import type { Channel, KpiReport } from '@civic/shared';
import type { ChartOption } from './echarts.ts';

/** The app's own colours (app.css): accent blue, ok green, warn amber, danger red. */
export const COLOURS = {
  received: '#1c64b8',
  disposed: '#2b8a3e',
  onTime: '#b35c00',
  late: '#c92a2a',
  grey: '#66768a',
};

const percent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 1000) / 10);

const percentAxis = {
  type: 'value' as const,
  min: 0,
  max: 100,
  axisLabel: { formatter: '{value}%' },
  splitLine: { show: false },
};

const base: ChartOption = {
  tooltip: { trigger: 'axis' },
  legend: { top: 0 },
  grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
};

export interface DailyLabels {
  received: string;
  disposed: string;
  onTimeRate: string;
}

/** Received and disposed per day as lines, the on-time disposal rate on a % axis. */
export function dailyTrendOption(report: KpiReport, labels: DailyLabels): ChartOption {
  const days = report.byDay;
  return {
    ...base,
    color: [COLOURS.received, COLOURS.disposed, COLOURS.onTime],
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)), boundaryGap: false },
    yAxis: [{ type: 'value', minInterval: 1 }, percentAxis],
    dataZoom: days.length > 45 ? [{ type: 'inside' }] : [],
    series: [
      { name: labels.received, type: 'line', data: days.map((d) => d.metrics.received), smooth: true },
      { name: labels.disposed, type: 'line', data: days.map((d) => d.metrics.disposed), smooth: true },
      {
        name: labels.onTimeRate,
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        lineStyle: { type: 'dashed' },
        data: days.map((d) => percent(d.metrics.onTimeDisposalRate)),
      },
    ],
  };
}

export interface CategoryLabels {
  received: string;
  disposed: string;
  uncategorised: string;
}

/** The busiest categories (up to `limit`), received and disposed as horizontal bars, the busiest on top. */
export function categoryBarsOption(
  report: KpiReport,
  labels: CategoryLabels,
  english: boolean,
  limit = 12,
): ChartOption {
  const rows = [...report.byCategory]
    .sort((a, b) => b.metrics.received - a.metrics.received)
    .slice(0, limit)
    .reverse();
  const name = (r: (typeof rows)[number]) =>
    r.code === null ? labels.uncategorised : ((english ? r.nameEn : r.name) ?? r.code);
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    color: [COLOURS.received, COLOURS.disposed],
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map(name) },
    series: [
      { name: labels.received, type: 'bar', data: rows.map((r) => r.metrics.received) },
      { name: labels.disposed, type: 'bar', data: rows.map((r) => r.metrics.disposed) },
    ],
  };
}

export interface SquadLabels {
  dispatched: string;
  disposed: string;
  onTimeRate: string;
}

/** Per squad that was dispatched: dispatched and disposed bars, the on-time rate as points on a % axis. */
export function squadBarsOption(report: KpiReport, labels: SquadLabels): ChartOption {
  const rows = report.bySquad.filter((r) => r.squadId !== null);
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    color: [COLOURS.received, COLOURS.disposed, COLOURS.onTime],
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name ?? `#${r.squadId}`),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: [{ type: 'value', minInterval: 1 }, percentAxis],
    series: [
      { name: labels.dispatched, type: 'bar', data: rows.map((r) => r.metrics.dispatched) },
      { name: labels.disposed, type: 'bar', data: rows.map((r) => r.metrics.disposed) },
      {
        name: labels.onTimeRate,
        type: 'line',
        yAxisIndex: 1,
        symbolSize: 10,
        lineStyle: { opacity: 0 },
        data: rows.map((r) => percent(r.metrics.onTimeDisposalRate)),
      },
    ],
  };
}

export interface ChannelLabels {
  channel(channel: Channel): string;
  disposalRate: string;
  onTimeRate: string;
  feedbackRate: string;
  satisfactionRate: string;
}

/** The main rates side by side for each channel the period's cases came from. */
export function channelRatesOption(report: KpiReport, labels: ChannelLabels): ChartOption {
  const rows = report.byChannel;
  const series = (name: string, pick: (m: (typeof rows)[number]['metrics']) => number | null) => ({
    name,
    type: 'bar' as const,
    data: rows.map((r) => percent(pick(r.metrics))),
  });
  return {
    ...base,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (v == null ? '—' : `${String(v)}%`),
    },
    color: [COLOURS.disposed, COLOURS.onTime, COLOURS.received, COLOURS.grey],
    xAxis: { type: 'category', data: rows.map((r) => labels.channel(r.channel)) },
    yAxis: { ...percentAxis, splitLine: { show: true } },
    series: [
      series(labels.disposalRate, (m) => m.disposalRate),
      series(labels.onTimeRate, (m) => m.onTimeDisposalRate),
      series(labels.feedbackRate, (m) => m.feedbackRate),
      series(labels.satisfactionRate, (m) => m.satisfactionRate),
    ],
  };
}
