import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MERCHANT_KPI_DAILY_MAX_DAYS,
  gradeChangeBucketUnit,
  gradeChangeBuckets,
  gradeChangeDirection,
  merchantKpiRate,
} from './merchant-kpis.ts';
import { MERCHANT_GRADES } from './merchants.ts';

const DAY_MS = 86_400_000;

/** `days` consecutive local dates from `first`. */
const datesFrom = (first: string, days: number) =>
  Array.from({ length: days }, (_, i) =>
    new Date(Date.parse(`${first}T00:00:00Z`) + i * DAY_MS).toISOString().slice(0, 10),
  );

describe('gradeChangeBucketUnit', () => {
  it('draws up to two months per day and anything longer per month', () => {
    expect(gradeChangeBucketUnit(1)).toBe('day');
    expect(gradeChangeBucketUnit(MERCHANT_KPI_DAILY_MAX_DAYS)).toBe('day');
    expect(gradeChangeBucketUnit(MERCHANT_KPI_DAILY_MAX_DAYS + 1)).toBe('month');
    expect(gradeChangeBucketUnit(366)).toBe('month');
  });
});

describe('gradeChangeBuckets', () => {
  it('gives every day its own bucket', () => {
    expect(gradeChangeBuckets(datesFrom('2024-02-28', 3), 'day')).toEqual([
      { key: '2024-02-28', from: '2024-02-28', to: '2024-02-28' },
      { key: '2024-02-29', from: '2024-02-29', to: '2024-02-29' },
      { key: '2024-03-01', from: '2024-03-01', to: '2024-03-01' },
    ]);
  });

  it('clips the first and last month to the period', () => {
    expect(gradeChangeBuckets(datesFrom('2024-12-20', 75), 'month')).toEqual([
      { key: '2024-12', from: '2024-12-20', to: '2024-12-31' },
      { key: '2025-01', from: '2025-01-01', to: '2025-01-31' },
      { key: '2025-02', from: '2025-02-01', to: '2025-02-28' },
      { key: '2025-03', from: '2025-03-01', to: '2025-03-04' },
    ]);
  });

  it('partitions any period: in order, no gap, no overlap, each bucket within one month', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 366 }),
        (start, days) => {
          const dates = datesFrom(start.toISOString().slice(0, 10), days);
          const unit = gradeChangeBucketUnit(days);
          const buckets = gradeChangeBuckets(dates, unit);
          const covered = buckets.flatMap((b) => dates.filter((d) => d >= b.from && d <= b.to));
          expect(covered).toEqual(dates);
          for (const b of buckets) {
            expect(b.from.slice(0, 7)).toBe(b.to.slice(0, 7));
            expect(b.key).toBe(unit === 'day' ? b.from : b.from.slice(0, 7));
          }
          expect(new Set(buckets.map((b) => b.key)).size).toBe(buckets.length);
        },
      ),
    );
  });
});

describe('gradeChangeDirection', () => {
  it('is up towards red, down towards blue, same when the colour stays', () => {
    expect(gradeChangeDirection('blue', 'yellow')).toBe('up');
    expect(gradeChangeDirection('yellow', 'red')).toBe('up');
    expect(gradeChangeDirection('red', 'orange')).toBe('down');
    expect(gradeChangeDirection('orange', 'blue')).toBe('down');
    for (const grade of MERCHANT_GRADES) expect(gradeChangeDirection(grade, grade)).toBe('same');
  });
});

describe('merchantKpiRate', () => {
  it('divides, and has no value with nothing to divide by', () => {
    expect(merchantKpiRate(1, 4)).toBe(0.25);
    expect(merchantKpiRate(0, 3)).toBe(0);
    expect(merchantKpiRate(0, 0)).toBeNull();
  });
});
