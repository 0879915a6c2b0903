import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TimeLimit, WorkingPeriod } from '@civic/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from './working-calendar.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const OFFSET_MS = 8 * 3_600_000;

const OFFICE_HOURS: WorkingPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:00', end: '17:30' },
];
const calendar = new WorkingCalendar({ workingHours: OFFICE_HOURS });

/** An instant given as Shanghai local time, '2026-09-30T16:00'. */
function at(local: string): Date {
  return new Date(`${local}+08:00`);
}

/** An instant as Shanghai local time, for readable assertions: '2026-10-08T09:00' (seconds only when set). */
function shanghai(date: Date): string {
  const text = new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 23);
  return text.endsWith(':00.000') ? text.slice(0, 16) : text;
}

function dayNumber(localDate: string): number {
  return Date.parse(`${localDate}T00:00:00Z`) / DAY_MS;
}
function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
function midnight(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}
function dayOfInstant(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}
function dates(first: string, last = first): string[] {
  const out: string[] = [];
  for (let day = dayNumber(first); day <= dayNumber(last); day++) out.push(dateOf(day));
  return out;
}

/** The State Council's 2025 and 2026 schedules, transcribed by hand (days off; make-up working days). */
const HOLIDAYS = new Set([
  ...dates('2025-01-01'),
  ...dates('2025-01-28', '2025-02-04'),
  ...dates('2025-04-04', '2025-04-06'),
  ...dates('2025-05-01', '2025-05-05'),
  ...dates('2025-05-31', '2025-06-02'),
  ...dates('2025-10-01', '2025-10-08'),
  ...dates('2026-01-01', '2026-01-03'),
  ...dates('2026-02-15', '2026-02-23'),
  ...dates('2026-04-04', '2026-04-06'),
  ...dates('2026-05-01', '2026-05-05'),
  ...dates('2026-06-19', '2026-06-21'),
  ...dates('2026-09-25', '2026-09-27'),
  ...dates('2026-10-01', '2026-10-07'),
]);
const MAKE_UP_DAYS = [
  '2025-01-26',
  '2025-02-08',
  '2025-04-27',
  '2025-09-28',
  '2025-10-11',
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
];

describe('isWorkingDay', () => {
  it('follows the official 2025 and 2026 schedules day by day', () => {
    const wrong = dates('2025-01-01', '2026-12-31').filter((date) => {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const expected = MAKE_UP_DAYS.includes(date) || (!HOLIDAYS.has(date) && weekday >= 1 && weekday <= 5);
      return calendar.isWorkingDay(date) !== expected;
    });
    expect(wrong).toEqual([]);
  });

  it('knows the 2026 National Day and Mid-Autumn break and its make-up days', () => {
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true); // Sunday, make-up
    expect(calendar.isWorkingDay('2026-09-25')).toBe(false); // Friday, Mid-Autumn
    expect(calendar.isWorkingDay('2026-09-30')).toBe(true);
    expect(dates('2026-10-01', '2026-10-07').map((d) => calendar.isWorkingDay(d))).toEqual(Array(7).fill(false));
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false); // Sunday
  });

  it('lets an override make a Saturday working and a weekday off', () => {
    const overridden = new WorkingCalendar({
      workingHours: OFFICE_HOURS,
      overrides: new Map([
        ['2026-03-14', true],
        ['2026-03-16', false],
        ['2026-10-01', true],
        ['2026-10-10', false],
      ]),
    });
    expect(overridden.isWorkingDay('2026-03-14')).toBe(true);
    expect(overridden.isWorkingDay('2026-03-16')).toBe(false);
    expect(overridden.isWorkingDay('2026-10-01')).toBe(true); // over the package's holiday
    expect(overridden.isWorkingDay('2026-10-10')).toBe(false); // over the package's make-up day
    expect(overridden.isWorkingDay('2026-03-13')).toBe(true);
    // Friday 16:00 + 4 working hours: 1.5 on Friday, 3.5 on the Saturday, so Saturday 11:00.
    expect(shanghai(overridden.addWorkingMinutes(at('2026-03-13T16:00'), 240))).toBe('2026-03-14T11:00');
    // Saturday 17:00 + 1 working hour skips Sunday and the Monday off: Tuesday 09:00.
    expect(shanghai(overridden.addWorkingMinutes(at('2026-03-14T17:00'), 60))).toBe('2026-03-17T09:00');
  });

  it('falls back to Monday–Friday for a year without package data, and says so', () => {
    expect(calendar.hasDataFor(2025)).toBe(true);
    expect(calendar.hasDataFor(2026)).toBe(true);
    expect(calendar.hasDataFor(2027)).toBe(false);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true); // a Friday: the package does not know New Year yet
    expect(calendar.isWorkingDay('2027-10-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(shanghai(calendar.addWorkingMinutes(at('2026-12-31T17:00'), 60))).toBe('2027-01-01T09:00');

    const entered = new WorkingCalendar({ workingHours: OFFICE_HOURS, overrides: new Map([['2027-01-01', false]]) });
    expect(entered.hasDataFor(2027)).toBe(true);
    expect(entered.hasDataFor(2028)).toBe(false);
    expect(entered.isWorkingDay('2027-01-01')).toBe(false);
    expect(shanghai(entered.addWorkingMinutes(at('2026-12-31T17:00'), 60))).toBe('2027-01-04T09:00');
  });

  it('rejects a malformed or impossible date', () => {
    expect(() => calendar.isWorkingDay('2026-2-3')).toThrow(/YYYY-MM-DD/);
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(
      () => new WorkingCalendar({ workingHours: OFFICE_HOURS, overrides: new Map([['2026/10/01', true]]) }),
    ).toThrow(/override "2026\/10\/01"/);
  });
});

describe('working hours', () => {
  it('adds up the minutes of a working day', () => {
    expect(calendar.minutesPerDay).toBe(420);
    expect(new WorkingCalendar({ workingHours: [{ start: '00:00', end: '24:00' }] }).minutesPerDay).toBe(1440);
  });

  it.each([
    ['no period', []],
    ['start after end', [{ start: '12:00', end: '08:30' }]],
    ['an empty period', [{ start: '08:30', end: '08:30' }]],
    ['out of order', [OFFICE_HOURS[1]!, OFFICE_HOURS[0]!]],
    [
      'overlapping',
      [
        { start: '08:30', end: '12:00' },
        { start: '11:30', end: '17:30' },
      ],
    ],
    ['a one-digit hour', [{ start: '8:30', end: '12:00' }]],
    ['hour 25', [{ start: '08:30', end: '25:00' }]],
    ['minute 60', [{ start: '08:60', end: '12:00' }]],
    ['past midnight', [{ start: '08:30', end: '24:01' }]],
  ])('throws a clear error for %s', (_label, workingHours) => {
    expect(() => new WorkingCalendar({ workingHours })).toThrow(/working (hours|period)/);
  });

  it('accepts periods that touch', () => {
    const touching = new WorkingCalendar({
      workingHours: [
        { start: '08:00', end: '12:00' },
        { start: '12:00', end: '16:00' },
      ],
    });
    expect(touching.minutesPerDay).toBe(480);
    expect(shanghai(touching.addWorkingMinutes(at('2026-03-10T11:00'), 120))).toBe('2026-03-10T13:00');
  });
});

describe('addWorkingMinutes and deadline', () => {
  it('carries a Wednesday 16:00 case over the National Day break', () => {
    // 1.5 h left on 30 September, then 10-01..07 are off: 0.5 h on Thursday 10-08.
    expect(shanghai(calendar.deadline(at('2026-09-30T16:00'), { amount: 2, unit: 'working_hours' }))).toBe(
      '2026-10-08T09:00',
    );
  });

  it('spills a Friday-afternoon limit over the weekend', () => {
    expect(shanghai(calendar.deadline(at('2026-03-13T16:00'), { amount: 4, unit: 'working_hours' }))).toBe(
      '2026-03-16T11:00',
    );
  });

  it('lands on a make-up Saturday', () => {
    expect(shanghai(calendar.deadline(at('2026-10-09T16:00'), { amount: 2, unit: 'working_hours' }))).toBe(
      '2026-10-10T09:00',
    );
    // and on a make-up Sunday
    expect(shanghai(calendar.deadline(at('2026-09-18T17:00'), { amount: 1, unit: 'working_hours' }))).toBe(
      '2026-09-20T09:00',
    );
  });

  it('skips the lunch break', () => {
    expect(shanghai(calendar.addWorkingMinutes(at('2026-03-10T11:00'), 120))).toBe('2026-03-10T15:00');
  });

  it.each([
    ['before 08:30', '2026-03-10T07:00', '2026-03-10T09:30'],
    ['in the lunch break', '2026-03-10T12:30', '2026-03-10T15:00'],
    ['at night', '2026-03-10T22:00', '2026-03-11T09:30'],
    ['after midnight', '2026-03-11T02:00', '2026-03-11T09:30'],
    ['on a holiday', '2026-10-03T10:00', '2026-10-08T09:30'],
    ['on a Sunday', '2026-03-15T10:00', '2026-03-16T09:30'],
  ])('starts counting at the next working period when it starts %s', (_label, start, due) => {
    expect(shanghai(calendar.addWorkingMinutes(at(start), 60))).toBe(due);
  });

  it('ends exactly at a period end rather than at the next start', () => {
    expect(shanghai(calendar.addWorkingMinutes(at('2026-03-10T08:30'), 210))).toBe('2026-03-10T12:00');
    expect(shanghai(calendar.addWorkingMinutes(at('2026-03-10T08:30'), 211))).toBe('2026-03-10T14:01');
    expect(shanghai(calendar.deadline(at('2026-03-10T08:30'), { amount: 1, unit: 'working_days' }))).toBe(
      '2026-03-10T17:30',
    );
  });

  it('ends a whole working day at the end of a working day', () => {
    const oneDay: TimeLimit = { amount: 1, unit: 'working_days' };
    expect(shanghai(calendar.deadline(at('2026-03-10T17:30'), oneDay))).toBe('2026-03-11T17:30');
    expect(shanghai(calendar.deadline(at('2026-03-10T07:00'), oneDay))).toBe('2026-03-10T17:30');
    expect(shanghai(calendar.deadline(at('2026-03-13T20:00'), oneDay))).toBe('2026-03-16T17:30');
    expect(shanghai(calendar.deadline(at('2026-09-30T17:30'), { amount: 2, unit: 'working_days' }))).toBe(
      '2026-10-09T17:30',
    );
  });

  it('returns the start itself for 0 minutes, even outside working time', () => {
    expect(shanghai(calendar.addWorkingMinutes(at('2026-10-03T22:00'), 0))).toBe('2026-10-03T22:00');
  });

  it('works to the millisecond and never early', () => {
    expect(shanghai(calendar.addWorkingMinutes(at('2026-03-10T09:00'), 0.5))).toBe('2026-03-10T09:00:30.000');
    expect(shanghai(calendar.addWorkingMinutes(at('2026-03-10T09:00'), 1 / 3))).toBe('2026-03-10T09:00:20.000');
    // 0.3 ms rounds up to 1 ms.
    expect(shanghai(calendar.addWorkingMinutes(at('2026-03-10T09:00'), 0.000005))).toBe('2026-03-10T09:00:00.001');
  });

  it('rejects a negative or non-finite amount and an invalid start', () => {
    expect(() => calendar.addWorkingMinutes(at('2026-03-10T09:00'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingMinutes(at('2026-03-10T09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => calendar.addWorkingMinutes(at('2026-03-10T09:00'), Infinity)).toThrow(RangeError);
    expect(() => calendar.addWorkingMinutes(new Date(Number.NaN), 1)).toThrow(/invalid Date/);
  });

  it("counts 'minutes' on the wall clock, holidays and nights included", () => {
    expect(shanghai(calendar.deadline(at('2026-10-01T23:00'), { amount: 90, unit: 'minutes' }))).toBe(
      '2026-10-02T00:30',
    );
  });

  it('keeps the clock time for working days inside working time', () => {
    // The shared docs' example: 3 working days from Tuesday 10:00 end on Friday 10:00.
    expect(shanghai(calendar.deadline(at('2026-03-10T10:00'), { amount: 3, unit: 'working_days' }))).toBe(
      '2026-03-13T10:00',
    );
  });

  it('runs 20 working days across the Spring Festival', () => {
    // After Tue 02-10: 11, 12, 13, Sat 14 (make-up), [15–23 off], 24–27, Sat 28 (make-up), then
    // 03-02..06 and 03-09..13 make 19, and Monday 03-16 is the 20th.
    expect(shanghai(calendar.deadline(at('2026-02-10T10:00'), { amount: 20, unit: 'working_days' }))).toBe(
      '2026-03-16T10:00',
    );
  });

  it('runs 20 working days across Mid-Autumn and National Day', () => {
    // After Thu 09-24: Fri 25 off; 28, 29, 30; [10-01..07 off]; 8, 9, Sat 10 (make-up); 12–16; 19–23; 26–29.
    expect(shanghai(calendar.deadline(at('2026-09-24T10:00'), { amount: 20, unit: 'working_days' }))).toBe(
      '2026-10-29T10:00',
    );
  });

  it('handles the largest limit the schema allows', () => {
    const due = calendar.deadline(at('2026-09-24T10:00'), { amount: 100_000, unit: 'working_days' });
    expect(calendar.workingMinutesBetween(at('2026-09-24T10:00'), due)).toBe(100_000 * 420);
  });
});

describe('workingMinutesBetween, duration and shareOf', () => {
  it('counts only working periods of working days', () => {
    expect(calendar.workingMinutesBetween(at('2026-03-10T11:00'), at('2026-03-10T15:00'))).toBe(120);
    expect(calendar.workingMinutesBetween(at('2026-09-30T00:00'), at('2026-10-09T00:00'))).toBe(840);
    expect(calendar.workingMinutesBetween(at('2026-10-01T00:00'), at('2026-10-08T00:00'))).toBe(0);
    expect(calendar.workingMinutesBetween(at('2026-10-10T00:00'), at('2026-10-11T00:00'))).toBe(420);
  });

  it('is 0 when to ≤ from', () => {
    expect(calendar.workingMinutesBetween(at('2026-03-10T15:00'), at('2026-03-10T11:00'))).toBe(0);
    expect(calendar.workingMinutesBetween(at('2026-03-10T11:00'), at('2026-03-10T11:00'))).toBe(0);
  });

  it('reports a duration both ways', () => {
    expect(calendar.duration(at('2026-09-30T16:00'), at('2026-10-08T09:00'))).toEqual({
      wallMinutes: 7 * 1440 + 17 * 60,
      workingMinutes: 120,
    });
    expect(calendar.duration(at('2026-03-10T11:00'), at('2026-03-10T10:00'))).toEqual({
      wallMinutes: 0,
      workingMinutes: 0,
    });
  });

  it('finds the warning point as a share of working time', () => {
    const from = at('2026-09-30T16:00');
    const due = calendar.deadline(from, { amount: 2, unit: 'working_hours' });
    // 80% of 120 working minutes is 96: 90 on 09-30, then 6 on 10-08.
    expect(shanghai(calendar.shareOf(from, due, 'working_hours', 0.8))).toBe('2026-10-08T08:36');
    expect(shanghai(calendar.shareOf(from, due, 'working_hours', 1))).toBe('2026-10-08T09:00');
    expect(shanghai(calendar.shareOf(from, due, 'working_hours', 0))).toBe('2026-09-30T16:00');
  });

  it('takes a wall-clock share for minutes and for a ticket without a unit', () => {
    const from = at('2026-10-01T10:00');
    const due = at('2026-10-01T20:00');
    expect(shanghai(calendar.shareOf(from, due, 'minutes', 0.8))).toBe('2026-10-01T18:00');
    expect(shanghai(calendar.shareOf(from, due, null, 0.5))).toBe('2026-10-01T15:00');
  });

  it('gives due itself at ratio 1 even when due lies outside working time', () => {
    const from = at('2026-03-10T10:00');
    const due = at('2026-03-12T20:00'); // an extension to the evening
    expect(shanghai(calendar.shareOf(from, due, 'working_days', 1))).toBe('2026-03-12T20:00');
    expect(shanghai(calendar.shareOf(from, due, 'working_days', 0.9999))).toBe('2026-03-12T17:29:52.980');
  });

  it('rejects a ratio outside 0..1', () => {
    expect(() => calendar.shareOf(at('2026-03-10T10:00'), at('2026-03-11T10:00'), null, 1.5)).toThrow(RangeError);
    expect(() => calendar.shareOf(at('2026-03-10T10:00'), at('2026-03-11T10:00'), null, -0.1)).toThrow(RangeError);
  });
});

describe('the host time zone', () => {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const moduleUrl = new URL('./working-calendar.ts', import.meta.url).href;

  function runIn(timeZone: string, body: string): unknown {
    const code = `import { WorkingCalendar } from ${JSON.stringify(moduleUrl)};
      const calendar = new WorkingCalendar({ workingHours: [{ start: '08:30', end: '12:00' }, { start: '14:00', end: '17:30' }] });
      ${body}`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: root,
      env: { ...process.env, TZ: timeZone },
      encoding: 'utf8',
    });
    return JSON.parse(out);
  }

  it('does not shift the calendar west of UTC', () => {
    const result = runIn(
      'America/Los_Angeles',
      `console.log(JSON.stringify({
        offset: new Date(2026, 9, 10, 12).getTimezoneOffset(),
        days: ['2026-09-19', '2026-09-20', '2026-10-09', '2026-10-10'].map((d) => calendar.isWorkingDay(d)),
        due: calendar.addWorkingMinutes(new Date('2026-09-30T16:00+08:00'), 120).toISOString(),
      }));`,
    );
    expect(result).toEqual({ offset: 420, days: [false, true, true, true], due: '2026-10-08T01:00:00.000Z' });
  });

  it("agrees with the package's own functions where they are reliable (UTC+08:00)", () => {
    const result = runIn(
      'Asia/Shanghai',
      `const { default: chineseDays } = await import('chinese-days');
      const differences = [];
      for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86400000) {
        const date = new Date(t).toISOString().slice(0, 10);
        if (calendar.isWorkingDay(date) !== chineseDays.isWorkday(date)) differences.push(date);
      }
      console.log(JSON.stringify(differences));`,
    );
    expect(result).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Properties over random instants in 2025–2026, amounts and working hours.

const RUNS = { numRuns: 200 };
const FIRST_DAY = dayNumber('2025-01-01');
const LAST_DAY = dayNumber('2026-12-31');

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
/** Working periods as [start, end) minutes after midnight. */
function periodMinutes(hours: readonly WorkingPeriod[]): [number, number][] {
  const toMinutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  return hours.map((p) => [toMinutes(p.start), toMinutes(p.end)]);
}

const workingHoursArb: fc.Arbitrary<WorkingPeriod[]> = fc.oneof(
  fc.constant(OFFICE_HOURS),
  fc.constant<WorkingPeriod[]>([{ start: '00:00', end: '24:00' }]),
  fc
    .array(fc.record({ gap: fc.integer({ min: 0, max: 360 }), length: fc.integer({ min: 1, max: 480 }) }), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => {
      const periods: WorkingPeriod[] = [];
      let cursor = 0;
      for (const { gap, length } of parts) {
        const start = cursor + gap;
        if (start + length > 1440) break;
        periods.push({ start: hhmm(start), end: hhmm(start + length) });
        cursor = start + length;
      }
      return periods;
    }),
);

/** Days around the holidays are where the bugs would be. */
const dayArb = fc.oneof(
  fc.integer({ min: FIRST_DAY, max: LAST_DAY }),
  fc.constantFrom(...[...HOLIDAYS, ...MAKE_UP_DAYS, '2026-09-30', '2026-02-13', '2025-09-30'].map(dayNumber)),
);

/** Any millisecond, or a period boundary give or take a millisecond. */
function instantArb(hours: readonly WorkingPeriod[]): fc.Arbitrary<number> {
  const boundaries = periodMinutes(hours).flat();
  return fc.oneof(
    fc.tuple(dayArb, fc.integer({ min: 0, max: DAY_MS - 1 })).map(([day, ms]) => midnight(day) + ms),
    fc.tuple(dayArb, fc.integer({ min: 0, max: 1439 })).map(([day, minute]) => midnight(day) + minute * MINUTE_MS),
    fc
      .tuple(dayArb, fc.constantFrom(...boundaries), fc.constantFrom(-1, 0, 1))
      .map(([day, minute, nudge]) => midnight(day) + minute * MINUTE_MS + nudge),
  );
}

/** Whole minutes from 0 to several weeks' worth, or whole milliseconds as fractional minutes. */
const minutesArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 600 }),
  fc.integer({ min: 1, max: 20 * 1440 }),
  fc.integer({ min: 1, max: 3 * DAY_MS }).map((ms) => ms / MINUTE_MS),
);

/** Whole working days land on period ends, where off-by-one bugs live. */
function amountArb(hours: readonly WorkingPeriod[]): fc.Arbitrary<number> {
  const perDay = periodMinutes(hours).reduce((sum, [start, end]) => sum + end - start, 0);
  return fc.oneof(
    minutesArb,
    fc.integer({ min: 1, max: 5 }).map((days) => days * perDay),
  );
}

const scenarioArb = workingHoursArb.chain((hours) =>
  fc.record({ hours: fc.constant(hours), from: instantArb(hours), minutes: amountArb(hours) }),
);

/** Whether `ms` is inside (start, end] of a working period of a working day. */
function endsInWorkingTime(cal: WorkingCalendar, hours: readonly WorkingPeriod[], ms: number): boolean {
  const periods = periodMinutes(hours);
  // A period ending at 24:00 ends at the next day's 00:00.
  return [dayOfInstant(ms), dayOfInstant(ms - 1)].some(
    (day) =>
      cal.isWorkingDay(dateOf(day)) &&
      periods.some(([start, end]) => midnight(day) + start * MINUTE_MS < ms && ms <= midnight(day) + end * MINUTE_MS),
  );
}

/** Minute by minute, the slow obvious way: is [ms, ms + 1 min) working time? */
function isWorkingMinute(cal: WorkingCalendar, periods: [number, number][], ms: number): boolean {
  const day = dayOfInstant(ms);
  const minute = (ms - midnight(day)) / MINUTE_MS;
  return cal.isWorkingDay(dateOf(day)) && periods.some(([start, end]) => start <= minute && minute < end);
}

describe('properties', () => {
  it('adds exactly the working minutes asked for, at the earliest instant', () => {
    fc.assert(
      fc.property(scenarioArb, ({ hours, from, minutes }) => {
        const cal = new WorkingCalendar({ workingHours: hours });
        const due = cal.addWorkingMinutes(new Date(from), minutes);
        expect(due.getTime()).toBeGreaterThanOrEqual(from);
        expect(Math.abs(cal.workingMinutesBetween(new Date(from), due) - minutes)).toBeLessThanOrEqual(1e-6);
        if (minutes > 0) {
          expect(cal.workingMinutesBetween(new Date(from), new Date(due.getTime() - 1))).toBeLessThan(minutes);
        }
      }),
      RUNS,
    );
  });

  it('agrees with a minute-by-minute count', () => {
    const arb = workingHoursArb.chain((hours) =>
      fc.record({
        hours: fc.constant(hours),
        from: fc.tuple(dayArb, fc.integer({ min: 0, max: 1439 })).map(([d, m]) => midnight(d) + m * MINUTE_MS),
        minutes: fc.oneof(
          fc.integer({ min: 0, max: 240 }),
          fc.constant(periodMinutes(hours).reduce((sum, [start, end]) => sum + end - start, 0)),
        ),
        span: fc.integer({ min: 0, max: 3 * 1440 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ hours, from, minutes, span }) => {
        const cal = new WorkingCalendar({ workingHours: hours });
        const periods = periodMinutes(hours);

        let counted = 0;
        for (let t = from; t < from + span * MINUTE_MS; t += MINUTE_MS) {
          if (isWorkingMinute(cal, periods, t)) counted++;
        }
        expect(cal.workingMinutesBetween(new Date(from), new Date(from + span * MINUTE_MS))).toBe(counted);

        let due = from;
        for (let left = minutes; left > 0; due += MINUTE_MS) {
          if (isWorkingMinute(cal, periods, due)) left--;
        }
        expect(shanghai(cal.addWorkingMinutes(new Date(from), minutes))).toBe(shanghai(new Date(due)));
      }),
      RUNS,
    );
  });

  it('is additive', () => {
    const arb = scenarioArb.chain((s) => fc.record({ s: fc.constant(s), more: minutesArb.filter((m) => m > 0) }));
    fc.assert(
      fc.property(arb, ({ s: { hours, from, minutes }, more }) => {
        const cal = new WorkingCalendar({ workingHours: hours });
        const stepwise = cal.addWorkingMinutes(cal.addWorkingMinutes(new Date(from), minutes), more);
        expect(shanghai(stepwise)).toBe(shanghai(cal.addWorkingMinutes(new Date(from), minutes + more)));
      }),
      RUNS,
    );
  });

  it('is monotonic in the amount and in the start', () => {
    const arb = scenarioArb.chain((s) =>
      fc.record({ s: fc.constant(s), otherMinutes: minutesArb, otherFrom: instantArb(s.hours) }),
    );
    fc.assert(
      fc.property(arb, ({ s: { hours, from, minutes }, otherMinutes, otherFrom }) => {
        const cal = new WorkingCalendar({ workingHours: hours });
        const [lessMinutes, moreMinutes] = [minutes, otherMinutes].sort((a, b) => a - b) as [number, number];
        const [earlier, later] = [from, otherFrom].sort((a, b) => a - b) as [number, number];
        const start = new Date(from);
        expect(cal.addWorkingMinutes(start, lessMinutes).getTime()).toBeLessThanOrEqual(
          cal.addWorkingMinutes(start, moreMinutes).getTime(),
        );
        expect(cal.addWorkingMinutes(new Date(earlier), minutes).getTime()).toBeLessThanOrEqual(
          cal.addWorkingMinutes(new Date(later), minutes).getTime(),
        );
      }),
      RUNS,
    );
  });

  it('ends inside a working period of a working day, or exactly at its end', () => {
    fc.assert(
      fc.property(
        scenarioArb.filter((s) => s.minutes > 0),
        ({ hours, from, minutes }) => {
          const cal = new WorkingCalendar({ workingHours: hours });
          const due = cal.addWorkingMinutes(new Date(from), minutes).getTime();
          expect(endsInWorkingTime(cal, hours, due), shanghai(new Date(due))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('finds no working time on a holiday and a full day on a make-up day', () => {
    const arb = workingHoursArb.chain((hours) =>
      fc.record({
        hours: fc.constant(hours),
        holiday: fc.constantFrom(...HOLIDAYS),
        makeUp: fc.constantFrom(...MAKE_UP_DAYS),
        a: fc.integer({ min: 0, max: DAY_MS }),
        b: fc.integer({ min: 0, max: DAY_MS }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ hours, holiday, makeUp, a, b }) => {
        const cal = new WorkingCalendar({ workingHours: hours });
        const off = midnight(dayNumber(holiday));
        expect(cal.workingMinutesBetween(new Date(off + Math.min(a, b)), new Date(off + Math.max(a, b)))).toBe(0);
        expect(cal.workingMinutesBetween(new Date(off), new Date(off + DAY_MS))).toBe(0);
        const on = midnight(dayNumber(makeUp));
        expect(cal.workingMinutesBetween(new Date(on), new Date(on + DAY_MS))).toBe(cal.minutesPerDay);
      }),
      RUNS,
    );
  });

  it('keeps the clock time for working days when every day between is working', () => {
    const n = 3;
    const startDays: number[] = [];
    for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
      if (Array.from({ length: n + 1 }, (_, i) => calendar.isWorkingDay(dateOf(day + i))).every(Boolean)) {
        startDays.push(day);
      }
    }
    const arb = workingHoursArb.chain((hours) =>
      fc.record({
        hours: fc.constant(hours),
        day: fc.constantFrom(...startDays),
        amount: fc.integer({ min: 1, max: n }),
        // Inside (start, end] of one of the periods.
        at: fc
          .constantFrom(...periodMinutes(hours))
          .chain(([start, end]) =>
            fc.oneof(fc.integer({ min: start * MINUTE_MS + 1, max: end * MINUTE_MS }), fc.constant(end * MINUTE_MS)),
          ),
      }),
    );
    fc.assert(
      fc.property(arb, ({ hours, day, amount, at: offset }) => {
        const cal = new WorkingCalendar({ workingHours: hours });
        const from = midnight(day) + offset;
        const limit: TimeLimit = { amount, unit: 'working_days' };
        expect(shanghai(cal.deadline(new Date(from), limit))).toBe(shanghai(new Date(from + amount * DAY_MS)));
      }),
      RUNS,
    );
  });

  it('puts shareOf at from for 0, at due for 1, and in order between', () => {
    const unitArb = fc.constantFrom<TimeLimit['unit']>('minutes', 'working_hours', 'working_days');
    const arb = workingHoursArb.chain((hours) =>
      fc.record({
        hours: fc.constant(hours),
        from: instantArb(hours),
        limit: fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit: unitArb }),
        extendedBy: fc.option(fc.integer({ min: 0, max: 10 * DAY_MS })),
        ratios: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
      }),
    );
    fc.assert(
      fc.property(arb, ({ hours, from, limit, extendedBy, ratios }) => {
        const cal = new WorkingCalendar({ workingHours: hours });
        const start = new Date(from);
        // A category's deadline, or an arbitrary later instant such as an extension.
        const due = extendedBy === null ? cal.deadline(start, limit) : new Date(from + extendedBy);
        expect(cal.shareOf(start, due, limit.unit, 1).getTime()).toBe(due.getTime());
        expect(cal.shareOf(start, due, limit.unit, 0).getTime()).toBe(from);
        expect(cal.shareOf(start, due, null, 1).getTime()).toBe(due.getTime());

        const [low, high] = [...ratios].sort((a, b) => a - b) as [number, number];
        const atLow = cal.shareOf(start, due, limit.unit, low).getTime();
        const atHigh = cal.shareOf(start, due, limit.unit, high).getTime();
        expect(from).toBeLessThanOrEqual(atLow);
        expect(atLow).toBeLessThanOrEqual(atHigh);
        expect(atHigh).toBeLessThanOrEqual(due.getTime());

        // The earliest millisecond by which the share has run.
        const ranMs = (until: number) => {
          const { wallMinutes, workingMinutes } = cal.duration(start, new Date(until));
          return Math.round((limit.unit === 'minutes' ? wallMinutes : workingMinutes) * MINUTE_MS);
        };
        const share = high * ranMs(due.getTime());
        expect(ranMs(atHigh)).toBeGreaterThanOrEqual(share - 1e-6);
        if (atHigh > from) expect(ranMs(atHigh - 1)).toBeLessThan(share + 1e-6);
      }),
      RUNS,
    );
  });
});
