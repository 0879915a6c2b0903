import { describe, expect, test } from 'vitest';
import type { MerchantKpiReport } from '@civic/shared';
import { GRADE_COLORS } from '../../../lib/merchant-grades.ts';
import { gradeChangesOption, subDistrictGradesOption } from './charts.ts';

const zero = { toGrade: { blue: 0, yellow: 0, orange: 0, red: 0 }, up: 0, down: 0, total: 0 };

function report(overrides: Partial<MerchantKpiReport>): MerchantKpiReport {
  return {
    period: {
      from: '2025-03-01',
      to: '2025-03-03',
      days: 3,
      timeZone: 'Asia/Shanghai',
      start: '2025-02-28T16:00:00.000Z',
      end: '2025-03-03T16:00:00.000Z',
    },
    area: null,
    generatedAt: '2025-03-04T00:00:00.000Z',
    options: { subDistricts: [], zones: [] },
    byGrade: { blue: 0, yellow: 0, orange: 0, red: 0, total: 0 },
    bySubDistrict: [],
    gradeChanges: { unit: 'day', buckets: [], totals: zero, registered: 0 },
    violations: { total: 0, byType: [] },
    repeatViolationRate: { repeatMerchants: 0, violatingMerchants: 0, rate: null },
    cardCoverage: { withCard: 0, merchants: 0, rate: null },
    ...overrides,
  };
}

const gradeLabels = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };
type Series = { name: string; data: number[]; stack?: string };

describe('subDistrictGradesOption', () => {
  test('stacks the four grades per sub-district, in card colours, outside-the-district named', () => {
    const option = subDistrictGradesOption(
      report({
        bySubDistrict: [
          { subDistrictId: 1, name: '刘寨街道', blue: 5, yellow: 2, orange: 1, red: 0, total: 8 },
          { subDistrictId: null, name: null, blue: 0, yellow: 0, orange: 0, red: 1, total: 1 },
        ],
      }),
      { grade: gradeLabels, noSubDistrict: '辖区外' },
    );
    expect(option.color).toEqual([GRADE_COLORS.blue, GRADE_COLORS.yellow, GRADE_COLORS.orange, GRADE_COLORS.red]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['刘寨街道', '辖区外']);
    const series = option.series as Series[];
    expect(series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['蓝色', 'grade', [5, 0]],
      ['黄色', 'grade', [2, 0]],
      ['橙色', 'grade', [1, 0]],
      ['红色', 'grade', [0, 1]],
    ]);
  });
});

describe('gradeChangesOption', () => {
  const labels = {
    to: { blue: '变为蓝色', yellow: '变为黄色', orange: '变为橙色', red: '变为红色' },
    up: '升级',
    down: '降级',
  };

  test('stacks the changes by grade reached and draws up and down over them, per day', () => {
    const option = gradeChangesOption(
      report({
        gradeChanges: {
          unit: 'day',
          buckets: [
            { key: '2025-03-01', from: '2025-03-01', to: '2025-03-01', ...zero },
            {
              key: '2025-03-02',
              from: '2025-03-02',
              to: '2025-03-02',
              toGrade: { blue: 1, yellow: 2, orange: 0, red: 1 },
              up: 3,
              down: 1,
              total: 4,
            },
          ],
          totals: zero,
          registered: 0,
        },
      }),
      labels,
    );
    expect((option.xAxis as { data: string[] }).data).toEqual(['03-01', '03-02']);
    const series = option.series as Series[];
    expect(series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['变为蓝色', 'to', [0, 1]],
      ['变为黄色', 'to', [0, 2]],
      ['变为橙色', 'to', [0, 0]],
      ['变为红色', 'to', [0, 1]],
      ['升级', undefined, [0, 3]],
      ['降级', undefined, [0, 1]],
    ]);
  });

  test('labels months with their year', () => {
    const option = gradeChangesOption(
      report({
        gradeChanges: {
          unit: 'month',
          buckets: [
            { key: '2024-12', from: '2024-12-20', to: '2024-12-31', ...zero },
            { key: '2025-01', from: '2025-01-01', to: '2025-01-31', ...zero },
          ],
          totals: zero,
          registered: 0,
        },
      }),
      labels,
    );
    expect((option.xAxis as { data: string[] }).data).toEqual(['2024-12', '2025-01']);
  });
});
