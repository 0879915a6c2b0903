import { KPI_MAX_DAYS } from '@civic/shared';
import { badRequest } from '../../http/errors.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Asia/Shanghai has kept UTC+8 with no daylight saving since 1991, so a local
 * date maps to instants by a fixed offset, with no time-zone database (and the
 * same on PostgreSQL and PGlite).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The period a report covers: local dates `from`..`to` inclusive, as instants [start, end). */
export interface KpiPeriod {
  from: string;
  to: string;
  /** Every local date of the period, in order. */
  dates: string[];
  start: Date;
  end: Date;
}

/** Midnight UTC of the date, in ms, or undefined when the text is no real date (2025-02-30). */
function parseDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970) return undefined;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const ms = date.getTime();
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? ms
    : undefined;
}

/** Validates the query's dates; a 400 names the field at fault. */
export function resolvePeriod(from: string, to: string): KpiPeriod {
  const fromMs = parseDate(from);
  if (fromMs === undefined)
    throw badRequest('querystring.from', `querystring.from is not a date (YYYY-MM-DD): ${from}`);
  const toMs = parseDate(to);
  if (toMs === undefined) throw badRequest('querystring.to', `querystring.to is not a date (YYYY-MM-DD): ${to}`);
  if (toMs < fromMs) throw badRequest('querystring.to', `querystring.to (${to}) is before querystring.from (${from})`);
  const days = (toMs - fromMs) / DAY_MS + 1;
  if (days > KPI_MAX_DAYS) {
    throw badRequest('querystring.to', `The period covers ${days} days; at most ${KPI_MAX_DAYS} are allowed`);
  }
  const dates = Array.from({ length: days }, (_, i) => new Date(fromMs + i * DAY_MS).toISOString().slice(0, 10));
  return {
    from,
    to,
    dates,
    start: new Date(fromMs - SHANGHAI_OFFSET_MS),
    end: new Date(toMs + DAY_MS - SHANGHAI_OFFSET_MS),
  };
}

/** The local date (Asia/Shanghai) an instant falls on. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
