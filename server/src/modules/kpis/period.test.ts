import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../http/errors.ts';
import { localDate, resolvePeriod } from './period.ts';

function fieldOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof HttpError && error.statusCode === 400) return error.details.field;
    throw error;
  }
  return undefined;
}

describe('resolvePeriod', () => {
  it('covers local Shanghai days: from its midnight to the midnight after `to`', () => {
    const period = resolvePeriod('2025-03-03', '2025-03-09');
    expect(period.start.toISOString()).toBe('2025-03-02T16:00:00.000Z');
    expect(period.end.toISOString()).toBe('2025-03-09T16:00:00.000Z');
    expect(period.dates).toEqual([
      '2025-03-03',
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
      '2025-03-08',
      '2025-03-09',
    ]);
    expect(resolvePeriod('2024-02-28', '2024-03-01').dates).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(resolvePeriod('2025-01-01', '2025-01-01').dates).toEqual(['2025-01-01']);
  });

  it('allows up to 366 days and names the field at fault otherwise', () => {
    expect(resolvePeriod('2024-01-01', '2024-12-31').dates).toHaveLength(366);
    expect(fieldOf(() => resolvePeriod('2024-01-01', '2025-01-01'))).toBe('querystring.to');
    expect(fieldOf(() => resolvePeriod('2025-03-09', '2025-03-08'))).toBe('querystring.to');
    expect(fieldOf(() => resolvePeriod('2025-02-29', '2025-03-08'))).toBe('querystring.from');
    expect(fieldOf(() => resolvePeriod('2025-03-01', '2025-04-31'))).toBe('querystring.to');
    expect(fieldOf(() => resolvePeriod('2025-00-10', '2025-03-08'))).toBe('querystring.from');
    expect(fieldOf(() => resolvePeriod('0099-01-01', '0099-01-02'))).toBe('querystring.from');
    expect(fieldOf(() => resolvePeriod('2025-3-1', '2025-03-08'))).toBe('querystring.from');
  });

  it('puts every instant of the period on one of its dates, and none outside', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 366 }),
        (instant, days) => {
          const from = localDate(instant);
          const period = resolvePeriod(from, from);
          expect(instant >= period.start && instant < period.end).toBe(true);
          const first = new Date(period.start.getTime() - 1);
          expect(localDate(first)).not.toBe(from);
          const to = localDate(new Date(instant.getTime() + (days - 1) * 86_400_000));
          expect(resolvePeriod(from, to).dates).toHaveLength(days);
        },
      ),
    );
  });
});

describe('localDate', () => {
  it('is the Shanghai calendar date (UTC+8)', () => {
    expect(localDate(new Date('2025-03-09T15:59:59.999Z'))).toBe('2025-03-09');
    expect(localDate(new Date('2025-03-09T16:00:00.000Z'))).toBe('2025-03-10');
  });
});
