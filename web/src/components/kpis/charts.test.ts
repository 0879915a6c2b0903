import { describe, expect, test } from 'vitest';
import type { KpiMetrics, KpiReport } from '@civic/shared';
import { categoryBarsOption, channelRatesOption, dailyTrendOption, squadBarsOption } from './charts.ts';

const none = { count: 0, meanWall: null, p90Wall: null, meanWorking: null, p90Working: null };

function metrics(overrides: Partial<KpiMetrics>): KpiMetrics {
  return {
    received: 0,
    merged: 0,
    registered: 0,
    notRegistered: 0,
    registrationRate: null,
    dispatched: 0,
    disposed: 0,
    disposalRate: null,
    disposedWithDeadline: 0,
    disposedOnTime: 0,
    onTimeDisposalRate: null,
    closed: 0,
    closureRate: null,
    reworked: 0,
    reworkRate: null,
    extended: 0,
    extensionRate: null,
    feedbackDue: 0,
    feedbackGiven: 0,
    feedbackRate: null,
    followedUp: 0,
    satisfied: 0,
    satisfactionRate: null,
    supervised: 0,
    timeToArrive: none,
    timeToDispose: none,
    ...overrides,
  };
}

const report = {
  byDay: [
    { date: '2025-03-03', metrics: metrics({ received: 2, disposed: 1, onTimeDisposalRate: 2 / 3 }) },
    { date: '2025-03-04', metrics: metrics({ received: 0 }) },
  ],
  byCategory: [
    { code: '0101', name: '暴露垃圾', nameEn: 'Exposed garbage', metrics: metrics({ received: 1 }) },
    { code: null, name: null, nameEn: null, metrics: metrics({ received: 5, disposed: 2 }) },
  ],
  bySquad: [
    { squadId: 3, name: '一中队', metrics: metrics({ dispatched: 4, disposed: 3, onTimeDisposalRate: 0.5 }) },
    { squadId: null, name: null, metrics: metrics({ received: 2 }) },
  ],
  byChannel: [{ channel: 'hotline', metrics: metrics({ disposalRate: 1, feedbackRate: 0.755 }) }],
} as unknown as KpiReport;

const seriesData = (option: ReturnType<typeof dailyTrendOption>) =>
  (option.series as { name: string; data: unknown[] }[]).map((s) => [s.name, s.data]);

describe('chart options', () => {
  test('daily trend: one point per day, the on-time rate as a percentage with gaps for no disposals', () => {
    const option = dailyTrendOption(report, { received: '受理', disposed: '处置', onTimeRate: '按期' });
    expect(option.xAxis).toMatchObject({ data: ['03-03', '03-04'] });
    expect(seriesData(option)).toEqual([
      ['受理', [2, 0]],
      ['处置', [1, 0]],
      ['按期', [66.7, null]],
    ]);
  });

  test('categories: busiest on top (last on a horizontal axis), names in the page’s language', () => {
    const option = categoryBarsOption(report, { received: 'R', disposed: 'D', uncategorised: '未分类' }, true);
    expect(option.yAxis).toMatchObject({ data: ['Exposed garbage', '未分类'] });
    expect(seriesData(option)).toEqual([
      ['R', [1, 5]],
      ['D', [0, 2]],
    ]);
  });

  test('squads: only squads that were dispatched', () => {
    const option = squadBarsOption(report, { dispatched: 'S', disposed: 'D', onTimeRate: 'O' });
    expect(option.xAxis).toMatchObject({ data: ['一中队'] });
    expect(seriesData(option)).toEqual([
      ['S', [4]],
      ['D', [3]],
      ['O', [50]],
    ]);
  });

  test('channels: rates as percentages, null where there is no denominator', () => {
    const option = channelRatesOption(report, {
      channel: (c) => `ch:${c}`,
      disposalRate: 'a',
      onTimeRate: 'b',
      feedbackRate: 'c',
      satisfactionRate: 'd',
    });
    expect(option.xAxis).toMatchObject({ data: ['ch:hotline'] });
    expect(seriesData(option)).toEqual([
      ['a', [100]],
      ['b', [null]],
      ['c', [75.5]],
      ['d', [null]],
    ]);
  });
});
