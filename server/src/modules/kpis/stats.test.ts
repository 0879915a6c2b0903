import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, percentile, rate, roundMinutes, summarizeDurations } from './stats.ts';

describe('percentile (nearest rank)', () => {
  it('picks the smallest value with at least p% at or below it', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile(ten, 1)).toBe(1);
    expect(percentile([30, 50, 990], 90)).toBe(990);
    expect(percentile([42], 90)).toBe(42);
    expect(percentile([], 90)).toBeNull();
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('is always a measured value, with at least p% of values at or below it and fewer than p% below', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const result = percentile(values, p)!;
          expect(values).toContain(result);
          const atOrBelow = values.filter((v) => v <= result).length;
          const below = values.filter((v) => v < result).length;
          expect(atOrBelow / values.length).toBeGreaterThanOrEqual(p / 100 - 1e-9);
          expect(below / values.length).toBeLessThan(p / 100);
        },
      ),
    );
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 90);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('mean, rate and rounding', () => {
  it('averages, or null for nothing', () => {
    expect(mean([30, 50, 990])).toBeCloseTo(356.6667, 4);
    expect(mean([])).toBeNull();
  });

  it('divides, or null when the denominator is 0', () => {
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(0, 4)).toBe(0);
    expect(rate(0, 0)).toBeNull();
  });

  it('rounds minutes to one decimal', () => {
    expect(roundMinutes(356.66666)).toBe(356.7);
    expect(roundMinutes(56.65)).toBe(56.7);
    expect(roundMinutes(null)).toBeNull();
  });

  it('summarises wall and working durations separately', () => {
    expect(
      summarizeDurations([
        { wallMinutes: 30, workingMinutes: 30 },
        { wallMinutes: 990, workingMinutes: 90 },
        { wallMinutes: 50, workingMinutes: 50 },
      ]),
    ).toEqual({ count: 3, meanWall: 356.7, p90Wall: 990, meanWorking: 56.7, p90Working: 90 });
    expect(summarizeDurations([])).toEqual({
      count: 0,
      meanWall: null,
      p90Wall: null,
      meanWorking: null,
      p90Working: null,
    });
  });
});
