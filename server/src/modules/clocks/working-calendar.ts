import { createRequire } from 'node:module';
import type { TimeLimit, WorkingPeriod } from '@civic/shared';

/**
 * Asia/Shanghai is UTC+08:00 all year: China has observed no daylight saving
 * time since 1991. Working in this fixed offset is therefore exact for every
 * date the bureau handles, and keeps the arithmetic independent of the host's
 * time zone and of its ICU data.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/** A guard against runaway loops: no legal limit spans a thousand years. */
const MAX_SPAN_DAYS = 366_000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_TIME = /^(\d{2}):(\d{2})$/;

export interface WorkingCalendarOptions {
  /** In order, non-overlapping (touching is allowed), each start < end; at least one. */
  workingHours: readonly WorkingPeriod[];
  /** 'YYYY-MM-DD' (local date) → working or not; wins over the package's data and the weekday rule. */
  overrides?: ReadonlyMap<string, boolean>;
}

/** A working period as milliseconds after local midnight, end exclusive. */
interface Span {
  start: number;
  end: number;
}

/**
 * Legal-deadline arithmetic on the Chinese working calendar: statutory holidays
 * off, make-up working days (调休) on, weekends off otherwise, and working time
 * only inside the bureau's working periods of a working day.
 *
 * Instants are handled as whole milliseconds (what a Date holds). Dates are
 * handled as "local day numbers": days since 1970-01-01 in UTC+08:00.
 */
export class WorkingCalendar {
  /** Working minutes in one working day (e.g. 420 for 08:30–12:00 + 14:00–17:30). */
  readonly minutesPerDay: number;

  readonly #spans: readonly Span[];
  readonly #msPerDay: number;
  /** Overrides by local day number. */
  readonly #overrides: ReadonlyMap<number, boolean>;
  readonly #overrideYears: ReadonlySet<number>;
  /** Decisions by local day number; a deadline query revisits the same days often. */
  readonly #workingDays = new Map<number, boolean>();

  constructor(options: WorkingCalendarOptions) {
    this.#spans = parseWorkingHours(options.workingHours);
    this.#msPerDay = this.#spans.reduce((sum, span) => sum + span.end - span.start, 0);
    this.minutesPerDay = this.#msPerDay / MINUTE_MS;

    const overrides = new Map<number, boolean>();
    const overrideYears = new Set<number>();
    for (const [date, working] of options.overrides ?? []) {
      const day = parseLocalDate(date, 'calendar override');
      overrides.set(day, working);
      overrideYears.add(yearOfDay(day));
    }
    this.#overrides = overrides;
    this.#overrideYears = overrideYears;
  }

  /** 'YYYY-MM-DD' local date → is it a working day (override > package data > weekday rule). */
  isWorkingDay(localDate: string): boolean {
    return this.#isWorkingDayNumber(parseLocalDate(localDate, 'date'));
  }

  /**
   * Whether the package has official holiday data for that year (or the
   * overrides mention that year). When false, that year's dates fall back to
   * "Monday–Friday working", which misses its statutory holidays: the bureau
   * should enter them as overrides until the package is updated.
   */
  hasDataFor(year: number): boolean {
    return this.#overrideYears.has(year) || packageYears.has(year);
  }

  /**
   * The earliest instant t ≥ from such that workingMinutesBetween(from, t) === minutes.
   *
   * So 0 minutes is `from` itself, even outside working time, and a limit that
   * runs out exactly at a period's end lands on that end (12:00), not on the
   * next period's start (14:00). The amount is taken to the millisecond; a
   * sub-millisecond remainder rounds up, so a deadline is never early.
   */
  addWorkingMinutes(from: Date, minutes: number): Date {
    return new Date(this.#addWorkingMs(instant(from, 'from'), amountMs(minutes, 'minutes')));
  }

  /** Working minutes inside [from, to); 0 when to ≤ from. */
  workingMinutesBetween(from: Date, to: Date): number {
    return this.#workingMsBetween(instant(from, 'from'), instant(to, 'to')) / MINUTE_MS;
  }

  /** A stage's deadline: 'minutes' → wall clock; 'working_hours' / 'working_days' → working time. */
  deadline(from: Date, limit: TimeLimit): Date {
    const start = instant(from, 'from');
    switch (limit.unit) {
      case 'minutes':
        return new Date(start + amountMs(limit.amount, 'limit amount'));
      case 'working_hours':
        return new Date(this.#addWorkingMs(start, amountMs(limit.amount * 60, 'limit amount')));
      case 'working_days':
        return new Date(this.#addWorkingMs(start, amountMs(limit.amount * this.minutesPerDay, 'limit amount')));
    }
  }

  /**
   * When the share `ratio` (0..1) of the limit from→due has run: a wall-clock
   * share for 'minutes' or when unit is null (a hotline ticket's own
   * deadline), a working-time share otherwise. Never later than `due`, and
   * exactly `due` at ratio 1 even when `due` lies outside working time (an
   * extension to an arbitrary instant); exactly `from` at ratio 0.
   */
  shareOf(from: Date, due: Date, unit: TimeLimit['unit'] | null, ratio: number): Date {
    if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      throw new RangeError(`ratio must be between 0 and 1, got ${ratio}`);
    }
    const start = instant(from, 'from');
    const end = instant(due, 'due');
    if (end <= start || ratio === 0) return new Date(start);
    if (ratio === 1) return new Date(end);
    if (unit === null || unit === 'minutes') {
      return new Date(Math.min(end, start + roundUpMs(ratio * (end - start))));
    }
    const share = roundUpMs(ratio * this.#workingMsBetween(start, end));
    return new Date(Math.min(end, this.#addWorkingMs(start, share)));
  }

  /** A duration both ways, as supervisors report it; both are 0 when to ≤ from. */
  duration(from: Date, to: Date): { wallMinutes: number; workingMinutes: number } {
    const start = instant(from, 'from');
    const end = instant(to, 'to');
    return {
      wallMinutes: Math.max(0, end - start) / MINUTE_MS,
      workingMinutes: this.#workingMsBetween(start, end) / MINUTE_MS,
    };
  }

  #isWorkingDayNumber(day: number): boolean {
    const cached = this.#workingDays.get(day);
    if (cached !== undefined) return cached;
    const working = this.#overrides.get(day) ?? packageIsWorkingDay(day);
    this.#workingDays.set(day, working);
    return working;
  }

  #addWorkingMs(from: number, ms: number): number {
    if (ms === 0) return from;
    let remaining = ms;
    const firstDay = localDayOf(from);
    for (let day = firstDay; day - firstDay <= MAX_SPAN_DAYS; day++) {
      if (!this.#isWorkingDayNumber(day)) continue;
      const midnight = midnightOf(day);
      // A whole working day still ahead: skip it in one step.
      if (from <= midnight && remaining > this.#msPerDay) {
        remaining -= this.#msPerDay;
        continue;
      }
      for (const span of this.#spans) {
        const start = Math.max(from, midnight + span.start);
        const end = midnight + span.end;
        if (start >= end) continue;
        if (remaining <= end - start) return start + remaining;
        remaining -= end - start;
      }
    }
    throw new RangeError(`${ms / MINUTE_MS} working minutes reach beyond ${MAX_SPAN_DAYS} days`);
  }

  #workingMsBetween(from: number, to: number): number {
    if (to <= from) return 0;
    const firstDay = localDayOf(from);
    const lastDay = localDayOf(to);
    if (lastDay - firstDay > MAX_SPAN_DAYS) {
      throw new RangeError(`a span beyond ${MAX_SPAN_DAYS} days is not a legal duration`);
    }
    let total = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      if (!this.#isWorkingDayNumber(day)) continue;
      const midnight = midnightOf(day);
      if (from <= midnight && midnight + DAY_MS <= to) {
        total += this.#msPerDay;
        continue;
      }
      for (const span of this.#spans) {
        const start = Math.max(from, midnight + span.start);
        const end = Math.min(to, midnight + span.end);
        if (end > start) total += end - start;
      }
    }
    return total;
  }
}

function parseWorkingHours(periods: readonly WorkingPeriod[]): Span[] {
  if (periods.length === 0) throw new Error('working hours need at least one working period');
  const spans = periods.map((period, index) => {
    const label = `working period ${index + 1} (${period.start}–${period.end})`;
    const start = parseClockTime(period.start, label);
    const end = parseClockTime(period.end, label);
    if (start >= end) throw new Error(`${label} must start before it ends`);
    return { start, end };
  });
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1]!;
    const current = spans[i]!;
    if (current.start < previous.end) {
      throw new Error(
        `working period ${i + 1} (${periods[i]!.start}–${periods[i]!.end}) must start at or after the end of ` +
          `period ${i} (${periods[i - 1]!.end}): working periods must be in order and not overlap`,
      );
    }
  }
  return spans;
}

/** 'HH:MM' (00:00–24:00) → milliseconds after local midnight. */
function parseClockTime(text: string, label: string): number {
  const match = CLOCK_TIME.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours * 60 + minutes > 24 * 60) {
    throw new Error(`${label}: "${text}" is not a time of day as HH:MM between 00:00 and 24:00`);
  }
  return (hours * 60 + minutes) * MINUTE_MS;
}

/** 'YYYY-MM-DD' → local day number, rejecting dates that do not exist (2026-02-30). */
function parseLocalDate(text: string, label: string): number {
  const match = LOCAL_DATE.exec(text);
  if (match) {
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    if (new Date(ms).toISOString().slice(0, 10) === text) return ms / DAY_MS;
  }
  throw new Error(`${label} "${text}" is not a date as YYYY-MM-DD`);
}

function instant(date: Date, label: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${label} is an invalid Date`);
  return ms;
}

/** Minutes → whole milliseconds, rounding a sub-millisecond remainder up. */
function amountMs(minutes: number, label: string): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`${label} must be a finite number of minutes ≥ 0, got ${minutes}`);
  }
  return roundUpMs(minutes * MINUTE_MS);
}

/** Rounds up to a whole millisecond, ignoring floating-point noise (0.8 * 1000 = 800.0000000000001). */
function roundUpMs(ms: number): number {
  const nearest = Math.round(ms);
  return Math.abs(ms - nearest) < 1e-6 ? nearest : Math.ceil(ms);
}

function localDayOf(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

function midnightOf(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/**
 * The official holidays and make-up working days (调休) of the years the
 * `chinese-days` package covers, from the JSON file it publishes for exactly
 * this use. Its functions (isWorkday, getDayDetail) are not used because they
 * build their tables at import time with the host's local date getters: under
 * a time zone west of UTC every entry lands a day early (TZ=America/Los_Angeles
 * makes 2026-10-09 the make-up day instead of 2026-10-10). The file's keys are
 * plain dates, whatever the host's zone.
 */
interface PackageData {
  /** 'YYYY-MM-DD' → "English name,中文名,days" for each day off. */
  holidays: Record<string, string>;
  /** 'YYYY-MM-DD' → the same, for each make-up working day. */
  workdays: Record<string, string>;
}

const packageData = loadPackageData();
/** Every year with data lists at least its New Year's Day. */
const packageYears = new Set(Object.keys(packageData.holidays).map((date) => Number(date.slice(0, 4))));

function loadPackageData(): PackageData {
  const data: unknown = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json');
  const isDateTable = (value: unknown): value is Record<string, string> =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries(value).every(([date, name]) => LOCAL_DATE.test(date) && typeof name === 'string');
  if (typeof data !== 'object' || data === null || !('holidays' in data) || !('workdays' in data)) {
    throw new Error('chinese-days/dist/chinese-days.json has no holidays and workdays tables');
  }
  const { holidays, workdays } = data;
  if (!isDateTable(holidays) || !isDateTable(workdays)) {
    throw new Error('chinese-days/dist/chinese-days.json: holidays and workdays must map YYYY-MM-DD to names');
  }
  return { holidays, workdays };
}

/** The package's answer where it has data for the year, else Monday–Friday. */
function packageIsWorkingDay(day: number): boolean {
  const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (Object.hasOwn(packageData.workdays, date)) return true;
  if (Object.hasOwn(packageData.holidays, date)) return false;
  // Without data for the year this is the documented fallback; with data, the
  // package's own rule for a date it does not list.
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  return weekday >= 1 && weekday <= 5;
}
