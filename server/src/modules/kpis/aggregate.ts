import {
  CHANNELS,
  type Channel,
  type Duration,
  type KpiCategoryRow,
  type KpiChannelRow,
  type KpiDayRow,
  type KpiMetrics,
  type KpiSquadRow,
  type KpiSubDistrictRow,
} from '@civic/shared';
import { localDate } from './period.ts';
import type { CaseFacts, KpiOptions } from './repository.ts';
import { rate, summarizeDurations } from './stats.ts';

/** The part of the working calendar the report needs (server/src/modules/clocks/working-calendar.ts). */
export interface DurationCalendar {
  duration(from: Date, to: Date): Duration;
}

/** A case's facts with its two durations measured once, however many breakdowns it appears in. */
export interface MeasuredCase extends CaseFacts {
  /** First dispatch → first on scene. */
  arrive: Duration | null;
  /** First dispatch → the disposal that stands. */
  dispose: Duration | null;
}

export function measure(facts: CaseFacts, calendar: DurationCalendar): MeasuredCase {
  const { firstAssignedAt, firstOnSceneAt, disposedAt } = facts;
  const counted = !facts.merged && firstAssignedAt !== null;
  return {
    ...facts,
    arrive:
      counted && firstOnSceneAt !== null && firstOnSceneAt >= firstAssignedAt
        ? calendar.duration(firstAssignedAt, firstOnSceneAt)
        : null,
    dispose:
      counted && disposedAt !== null && disposedAt >= firstAssignedAt
        ? calendar.duration(firstAssignedAt, disposedAt)
        : null,
  };
}

/**
 * Every figure of one row (docs/kpis.md). A case merged into another as a
 * duplicate counts in `received` and `merged` only: its handling is counted
 * on the case it was merged into.
 */
export function computeMetrics(cases: readonly MeasuredCase[]): KpiMetrics {
  let merged = 0;
  let registered = 0;
  let notRegistered = 0;
  let dispatched = 0;
  let disposed = 0;
  let disposedWithDeadline = 0;
  let disposedOnTime = 0;
  let closed = 0;
  let reworked = 0;
  let extended = 0;
  let feedbackDue = 0;
  let feedbackGiven = 0;
  let followedUp = 0;
  let satisfied = 0;
  let supervised = 0;
  const arrive: Duration[] = [];
  const dispose: Duration[] = [];

  for (const c of cases) {
    if (c.merged) {
      merged++;
      continue;
    }
    if (c.registered) registered++;
    if (c.notRegistered) notRegistered++;
    if (c.firstAssignedAt !== null) dispatched++;
    if (c.disposedAt !== null) {
      disposed++;
      if (c.disposedOnTime !== null) {
        disposedWithDeadline++;
        if (c.disposedOnTime) disposedOnTime++;
      }
    }
    if (c.closed) closed++;
    if (c.reworked) reworked++;
    if (c.extended) extended++;
    if (c.channel !== 'patrol' && (c.notRegistered || c.everDisposed)) {
      feedbackDue++;
      if (c.feedbackGiven) feedbackGiven++;
    }
    if (c.satisfaction !== null) {
      followedUp++;
      if (c.satisfaction === 'satisfied' || c.satisfaction === 'basically_satisfied') satisfied++;
    }
    if (c.supervised) supervised++;
    if (c.arrive) arrive.push(c.arrive);
    if (c.dispose) dispose.push(c.dispose);
  }

  const received = cases.length;
  return {
    received,
    merged,
    registered,
    notRegistered,
    registrationRate: rate(registered, received - merged),
    dispatched,
    disposed,
    disposalRate: rate(disposed, dispatched),
    disposedWithDeadline,
    disposedOnTime,
    onTimeDisposalRate: rate(disposedOnTime, disposedWithDeadline),
    closed,
    closureRate: rate(closed, registered),
    reworked,
    reworkRate: rate(reworked, dispatched),
    extended,
    extensionRate: rate(extended, dispatched),
    feedbackDue,
    feedbackGiven,
    feedbackRate: rate(feedbackGiven, feedbackDue),
    followedUp,
    satisfied,
    satisfactionRate: rate(satisfied, followedUp),
    supervised,
    timeToArrive: summarizeDurations(arrive),
    timeToDispose: summarizeDurations(dispose),
  };
}

function groupBy<K>(cases: readonly MeasuredCase[], key: (c: MeasuredCase) => K): Map<K, MeasuredCase[]> {
  const groups = new Map<K, MeasuredCase[]>();
  for (const c of cases) {
    const k = key(c);
    const group = groups.get(k);
    if (group) group.push(c);
    else groups.set(k, [c]);
  }
  return groups;
}

/** Ascending, with null (uncategorised, never dispatched, no sub-district) last. */
function nullsLast<K extends string | number>(a: K | null, b: K | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export interface Breakdowns {
  byCategory: KpiCategoryRow[];
  byChannel: KpiChannelRow[];
  bySquad: KpiSquadRow[];
  bySubDistrict: KpiSubDistrictRow[];
  byDay: KpiDayRow[];
}

/** Rows for the groups that have cases; byDay has every date of the period. */
export function computeBreakdowns(
  cases: readonly MeasuredCase[],
  options: KpiOptions,
  dates: readonly string[],
): Breakdowns {
  const categories = new Map(options.categories.map((c) => [c.code, c]));
  const squads = new Map(options.squads.map((s) => [s.id, s.name]));
  const subDistricts = new Map(options.subDistricts.map((s) => [s.id, s.name]));

  const byCategory = [...groupBy(cases, (c) => c.categoryCode)]
    .sort(([a], [b]) => nullsLast(a, b))
    .map(([code, group]) => {
      const category = code === null ? undefined : categories.get(code);
      return {
        code,
        name: category?.name ?? null,
        nameEn: category?.nameEn ?? null,
        metrics: computeMetrics(group),
      };
    });

  const channelGroups = groupBy(cases, (c) => c.channel);
  const byChannel = CHANNELS.flatMap((channel: Channel) => {
    const group = channelGroups.get(channel);
    return group ? [{ channel, metrics: computeMetrics(group) }] : [];
  });

  const bySquad = [...groupBy(cases, (c) => c.squadId)]
    .sort(([a], [b]) => nullsLast(a, b))
    .map(([squadId, group]) => ({
      squadId,
      name: squadId === null ? null : (squads.get(squadId) ?? null),
      metrics: computeMetrics(group),
    }));

  const bySubDistrict = [...groupBy(cases, (c) => c.subDistrictId)]
    .sort(([a], [b]) => nullsLast(a, b))
    .map(([subDistrictId, group]) => ({
      subDistrictId,
      name: subDistrictId === null ? null : (subDistricts.get(subDistrictId) ?? null),
      metrics: computeMetrics(group),
    }));

  const dayGroups = groupBy(cases, (c) => localDate(c.receivedAt));
  const byDay = dates.map((date) => ({ date, metrics: computeMetrics(dayGroups.get(date) ?? []) }));

  return { byCategory, byChannel, bySquad, bySubDistrict, byDay };
}
