import { CASE_STATUSES, publicStatusOf, type CaseStatus, type StageLimits, type TimeLimit } from '@civic/shared';
import type { WorkingCalendar } from '../clocks/working-calendar.ts';

/**
 * How the bureau's case lifecycle reads through GeoReport v2, which knows two
 * statuses: open ("it has been reported") and closed ("it has been
 * resolved"). Pure functions, so that the mapping is tested on its own
 * (mapping.test.ts) and documented in one place (docs/open311.md).
 */

export type Open311Status = 'open' | 'closed';

/**
 * The statuses in which the bureau has finished with a request: closed after
 * verification (核查结案), not registered (不予立案: not the bureau's matter),
 * merged into another case (its outcome is that case's). A disposed case is
 * still open: a supervisor has yet to verify the work.
 */
export const CLOSED_STATUSES = ['closed', 'not_registered', 'merged'] as const satisfies readonly CaseStatus[];

export function open311Status(status: CaseStatus): Open311Status {
  return (CLOSED_STATUSES as readonly CaseStatus[]).includes(status) ? 'closed' : 'open';
}

/** The case statuses an Open311 status filter stands for. */
export function caseStatusesFor(status: Open311Status): CaseStatus[] {
  const closed: readonly CaseStatus[] = CLOSED_STATUSES;
  return CASE_STATUSES.filter((s) => closed.includes(s) === (status === 'closed'));
}

/**
 * status_notes: the public status the citizen's tracking page shows (the
 * squad's internal moves, returns and rework are all 处理中), and for a
 * closed request which of the three closing statuses it is. Fixed text only:
 * the reasons staff type (a refusal's reason, a return's) may name people
 * and stay inside.
 */
export function statusNotes(status: CaseStatus, mergedIntoNo: string | null): string {
  const publicStatus = publicStatusOf(status);
  switch (publicStatus) {
    case 'received':
      return '已受理，待立案 (received)';
    case 'in_progress':
      return '处理中 (in progress)';
    case 'disposed':
      return '已处置，待核查结案 (disposed, awaiting verification)';
    case 'closed':
      return '已核查结案 (closed: resolved and verified)';
    case 'not_accepted':
      return '不予立案 (not_registered: not a matter for the bureau)';
    case 'merged':
      return mergedIntoNo
        ? `已合并处理，见 ${mergedIntoNo} (merged: a duplicate of ${mergedIntoNo})`
        : '已合并处理 (merged: a duplicate of another request)';
  }
}

/** "2 个工作小时", "1 个工作日", "30 分钟". */
export function describeLimit(limit: TimeLimit): string {
  switch (limit.unit) {
    case 'minutes':
      return `${limit.amount} 分钟`;
    case 'working_hours':
      return `${limit.amount} 个工作小时`;
    case 'working_days':
      return `${limit.amount} 个工作日`;
  }
}

/** service_notice: the disposal limit the bureau holds itself to for this kind of request. */
export function serviceNotice(limits: StageLimits): string | null {
  return limits.dispose ? `派遣后 ${describeLimit(limits.dispose)}内处置完毕` : null;
}

/** What expected_datetime is computed from. */
export interface ExpectedInput {
  status: CaseStatus;
  createdAt: Date;
  /** The limits the case was filed under (cases.time_limits). */
  timeLimits: StageLimits;
  /** A hotline ticket's own deadline, which wins for the first round. */
  ticketDueAt: Date | null;
  /** The latest disposal deadline stored for the case (running or met, not cancelled); null before the first dispatch. */
  disposeDueAt: Date | null;
  /** The registration clock: when it was met (registered) or, while running, when it is due. */
  registeredAt: Date | null;
}

/**
 * expected_datetime, "when the service request can be expected to be
 * fulfilled … based on a service-specific service level agreement":
 *
 * - once dispatched, the stored disposal deadline (it includes an approved
 *   extension, a hotline ticket's deadline and a rework's fresh clock);
 * - before that, the case's own limits chained: registered within its
 *   registration limit (or when it was), then disposed within its disposal
 *   limit; a hotline ticket's deadline instead when it has one;
 * - none for a request the bureau did not take up (not registered, merged)
 *   or whose category has no disposal limit.
 *
 * Computed from stored times only, so it does not drift between two reads.
 */
export function expectedDatetime(input: ExpectedInput, calendar: Pick<WorkingCalendar, 'deadline'>): Date | null {
  if (input.status === 'not_registered' || input.status === 'merged') return null;
  if (input.disposeDueAt) return input.disposeDueAt;
  if (input.ticketDueAt) return input.ticketDueAt;
  const dispose = input.timeLimits.dispose;
  if (!dispose) return null;
  const register = input.timeLimits.register;
  const start = input.registeredAt ?? (register ? calendar.deadline(input.createdAt, register) : input.createdAt);
  return calendar.deadline(start, dispose);
}

const OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * A w3 datetime in the bureau's zone, e.g. 2026-05-12T10:30:00+08:00: the
 * spec requires the offset, and local clients read local times. China has no
 * daylight saving time, so the offset is fixed.
 */
export function w3Datetime(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/**
 * A w3 datetime as the spec's start_date / end_date take it: a date and
 * time with its zone (Z or ±hh:mm); seconds and fractions optional.
 */
const W3_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** The instant, or undefined when the text is not a valid w3 datetime with a zone. */
export function parseW3Datetime(text: string): Date | undefined {
  const match = W3_INPUT.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const millis = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
  const offsetMinutes =
    match[8] === undefined ? 0 : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (Math.abs(offsetMinutes) > 14 * 60) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 2026-02-30 over to March: refuse dates that do not exist.
  if (new Date(local).getUTCDate() !== day) return undefined;
  const at = new Date(local - offsetMinutes * 60_000);
  return at;
}
