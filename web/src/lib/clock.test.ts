import { describe, expect, test } from 'vitest';
import type { DeadlineDto } from '@civic/shared';
import {
  clockOffset,
  compareForBoard,
  durationParts,
  isHigherStep,
  nextDeadline,
  readClock,
  urgencyRank,
  type BoardOrderEntry,
} from './clock.ts';

const T0 = Date.parse('2025-05-06T02:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function deadline(overrides: Partial<DeadlineDto> & Pick<DeadlineDto, 'id' | 'warnAt' | 'dueAt'>): DeadlineDto {
  return {
    stage: 'dispose',
    startedAt: iso(T0 - 3_600_000),
    limit: { amount: 4, unit: 'working_hours' },
    source: 'category',
    metAt: null,
    escalation: null,
    ...overrides,
  };
}

describe('nextDeadline', () => {
  test('the earliest due of the clocks still running, whatever order they come in', () => {
    const arrive = deadline({ id: 1, stage: 'arrive', warnAt: iso(T0 + 50_000), dueAt: iso(T0 + 60_000) });
    const dispose = deadline({ id: 2, warnAt: iso(T0 + 20_000), dueAt: iso(T0 + 30_000) });
    const met = deadline({ id: 3, warnAt: iso(T0), dueAt: iso(T0 + 1_000), metAt: iso(T0) });

    expect(nextDeadline({ deadlines: [arrive, met, dispose] })?.id).toBe(2);
    expect(nextDeadline({ deadlines: [met] })).toBeNull();
    expect(nextDeadline({ deadlines: [] })).toBeNull();
  });
});

describe('readClock', () => {
  const running = deadline({ id: 1, warnAt: iso(T0 + 10_000), dueAt: iso(T0 + 20_000) });

  test('green before the warning, amber from it, red from the deadline on', () => {
    expect(readClock({ deadlines: [running] }, T0)).toMatchObject({
      colour: 'green',
      remainingMs: 20_000,
      overdue: false,
    });
    expect(readClock({ deadlines: [running] }, T0 + 10_000)).toMatchObject({ colour: 'amber', overdue: false });
    expect(readClock({ deadlines: [running] }, T0 + 20_000)).toMatchObject({
      colour: 'red',
      remainingMs: 0,
      overdue: true,
    });
    expect(readClock({ deadlines: [running] }, T0 + 25_000)).toMatchObject({ colour: 'red', remainingMs: -5_000 });
  });

  test('no running clock, no reading', () => {
    expect(readClock({ deadlines: [] }, T0)).toBeNull();
  });
});

describe('durationParts', () => {
  test('H:MM:SS, whole days apart', () => {
    expect(durationParts(5_025_000)).toEqual({ days: 0, hms: '1:23:45' });
    expect(durationParts(-310_000)).toEqual({ days: 0, hms: '0:05:10' });
    expect(durationParts(3 * 86_400_000 + 4 * 3_600_000 + 5_000)).toEqual({ days: 3, hms: '4:00:05' });
  });

  test('time left rounds up and time overdue down, so it reads 0:00:00 only when red', () => {
    expect(durationParts(400).hms).toBe('0:00:01');
    expect(durationParts(0).hms).toBe('0:00:00');
    expect(durationParts(-999).hms).toBe('0:00:00');
    expect(durationParts(-1_000).hms).toBe('0:00:01');
  });
});

describe('clockOffset', () => {
  test('the server read its clock halfway through the round trip', () => {
    // Sent at local 1000, answered at local 1200; the server said 7_200_100.
    expect(clockOffset(iso(7_200_100), 1_000, 1_200)).toBe(7_199_000);
    expect(clockOffset(iso(T0 - 60_000), T0, T0)).toBe(-60_000);
  });

  test('an unreadable time gives NaN, which the caller refuses', () => {
    expect(clockOffset('not a time', 0, 0)).toBeNaN();
  });
});

describe('board order', () => {
  const entry = (id: number, supervised: boolean, warnIn: number | null, dueIn: number | null): BoardOrderEntry => {
    const deadlines =
      warnIn === null || dueIn === null ? [] : [deadline({ id, warnAt: iso(T0 + warnIn), dueAt: iso(T0 + dueIn) })];
    return { item: { id, supervised }, reading: readClock({ deadlines }, T0) };
  };

  test('overdue and supervised first, then amber, then green by due time, then cases without a clock', () => {
    const entries = [
      entry(1, false, 100_000, 200_000), // green, due late
      entry(2, false, null, null), // no clock
      entry(3, false, -10_000, 50_000), // amber
      entry(4, true, 100_000, 150_000), // supervised, green
      entry(5, false, -20_000, -5_000), // red
      entry(6, false, 10_000, 20_000), // green, due soon
      entry(7, false, -10_000, 40_000), // amber, due sooner
    ];

    expect(entries.sort(compareForBoard).map((e) => e.item.id)).toEqual([5, 4, 7, 3, 6, 1, 2]);
  });

  test('ranks', () => {
    expect(urgencyRank(null, true)).toBe(0);
    expect(urgencyRank(null, false)).toBe(3);
  });
});

describe('isHigherStep', () => {
  test('follows the ladder warning → reminder → notice → reprimand', () => {
    expect(isHigherStep('warning', null)).toBe(true);
    expect(isHigherStep('notice', 'reminder')).toBe(true);
    expect(isHigherStep('reminder', 'reminder')).toBe(false);
    expect(isHigherStep('warning', 'reprimand')).toBe(false);
    expect(isHigherStep(null, 'warning')).toBe(false);
  });
});
