/** Turns a case's timeline (GET /api/cases/:id/timeline) into the lines the history shows. */
import {
  CLOCK_STAGES,
  ESCALATION_STEPS,
  FEEDBACK_METHODS,
  LIMIT_UNITS,
  MERCHANT_GRADES,
  SATISFACTIONS,
  type CaseTimeline,
  type DeadlineDto,
  type TimelineEntry,
} from '@civic/shared';
import { formatDateTime, formatDistance, formatDuration, formatLimit, label, t, type MessageKey } from './i18n.ts';
import { gradeName } from './merchant-grades.ts';

export type TimelineDeadline = CaseTimeline['deadlines'][number];

/** met: done in time; met_late: done after the deadline; running: not done, not yet due; overdue: not done, past due. */
export type ClockState = 'met' | 'met_late' | 'running' | 'overdue';

export function clockState(deadline: Pick<DeadlineDto, 'dueAt' | 'metAt'>, now: number): ClockState {
  const due = Date.parse(deadline.dueAt);
  if (deadline.metAt !== null) return Date.parse(deadline.metAt) > due ? 'met_late' : 'met';
  return now >= due ? 'overdue' : 'running';
}

/** "2小时10分 / 工作时 1小时40分": how long the clock has run, on the wall and in working time. */
export function formatElapsed(elapsed: TimelineDeadline['elapsed']): string {
  return t('timeline.elapsed', {
    wall: formatDuration(elapsed.wallMinutes),
    working: formatDuration(elapsed.workingMinutes),
  });
}

/** "已派遣 → 已接单" for an event that moved the case, the new status alone when it came from nowhere. */
export function describeTransition(entry: Pick<TimelineEntry, 'fromStatus' | 'toStatus'>): string | null {
  const { fromStatus: from, toStatus: to } = entry;
  if (to === null || from === to) return null;
  return from === null ? label.caseStatus(to) : `${label.caseStatus(from)} → ${label.caseStatus(to)}`;
}

export interface DetailLine {
  key: string;
  label: string;
  value: string;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);
const isStage = oneOf(CLOCK_STAGES);
const isStep = oneOf(ESCALATION_STEPS);
const isSatisfaction = oneOf(SATISFACTIONS);
const isMethod = oneOf(FEEDBACK_METHODS);
const isUnit = oneOf(LIMIT_UNITS);
const isGrade = oneOf(MERCHANT_GRADES);

/** case:closed's finding about the case's merchant (server/src/modules/merchants/case-violation.ts). */
function describeViolation(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return null;
  const { confirmed, violationType, fromGrade, toGrade } = v as Record<string, unknown>;
  if (confirmed === false) return t('grading.timeline.notConfirmed');
  if (confirmed !== true || !isText(violationType) || !isGrade(fromGrade) || !isGrade(toGrade)) return null;
  return fromGrade === toGrade
    ? t('grading.timeline.confirmedKept', { type: violationType, grade: gradeName(toGrade) })
    : t('grading.timeline.confirmed', { type: violationType, from: gradeName(fromGrade), to: gradeName(toGrade) });
}

/**
 * Each fact the history shows, in this order: the key in the event's detail,
 * its label, and how to read its value (null: not shown). Keys not listed
 * (ids, coordinates) are for machines, not for the history.
 */
const DETAIL_FIELDS: readonly [key: string, labelKey: MessageKey, read: (v: unknown) => string | null][] = [
  ['step', 'timeline.step', (v) => (isStep(v) ? label.escalation(v) : null)],
  ['stage', 'timeline.stage', (v) => (isStage(v) ? label.stage(v) : null)],
  [
    'extendBy',
    'timeline.extendBy',
    (v) => {
      if (typeof v !== 'object' || v === null) return null;
      const { amount, unit } = v as { amount?: unknown; unit?: unknown };
      return typeof amount === 'number' && isUnit(unit) ? formatLimit({ amount, unit }) : null;
    },
  ],
  ['dueAt', 'timeline.dueAt', (v) => (isText(v) && !Number.isNaN(Date.parse(v)) ? formatDateTime(v) : null)],
  ['reason', 'timeline.reason', (v) => (isText(v) ? v : null)],
  ['note', 'timeline.note', (v) => (isText(v) ? v : null)],
  ['method', 'timeline.method', (v) => (isMethod(v) ? label.feedbackMethod(v) : null)],
  ['content', 'timeline.content', (v) => (isText(v) ? v : null)],
  ['satisfaction', 'timeline.satisfaction', (v) => (isSatisfaction(v) ? label.satisfaction(v) : null)],
  ['comment', 'timeline.comment', (v) => (isText(v) ? v : null)],
  [
    'photoIds',
    'timeline.photos',
    (v) => (Array.isArray(v) && v.length > 0 ? t('timeline.photoCount', { n: v.length }) : null),
  ],
  ['intoCaseNo', 'timeline.mergedInto', (v) => (isText(v) ? v : null)],
  [
    'mergedInto',
    'timeline.mergedInto',
    (v) => {
      const caseNo = typeof v === 'object' && v !== null ? (v as { caseNo?: unknown }).caseNo : undefined;
      return isText(caseNo) ? caseNo : null;
    },
  ],
  ['distanceM', 'timeline.distance', (v) => (typeof v === 'number' ? formatDistance(v) : null)],
  ['merchantName', 'grading.timeline.merchant', (v) => (isText(v) ? v : null)],
  ['merchantId', 'grading.timeline.merchant', (v) => (v === null ? t('grading.timeline.unlinked') : null)],
  ['violation', 'grading.timeline.violation', describeViolation],
];

/** The why of an event, as label/value lines: reason, note, comment, step, satisfaction … */
export function describeDetail(entry: Pick<TimelineEntry, 'detail'>): DetailLine[] {
  const lines: DetailLine[] = [];
  for (const [key, labelKey, read] of DETAIL_FIELDS) {
    if (!(key in entry.detail)) continue;
    const value = read(entry.detail[key]);
    if (value !== null) lines.push({ key, label: t(labelKey), value });
  }
  return lines;
}
