import type { ClockSettings, ClockStage, EscalationStep, TimeLimit } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { loadCalendar, loadClockSettings } from './settings.ts';
import type { WorkingCalendar } from './working-calendar.ts';

/**
 * Starting, meeting, stopping and extending a case's clocks, always inside
 * the transaction that changes the case (and so under its row lock, which is
 * what keeps the sweeper and a transition from both acting on one step).
 */

export interface Clocks {
  calendar: WorkingCalendar;
  settings: ClockSettings;
}

export async function loadClocks(db: Queryable): Promise<Clocks> {
  const settings = await loadClockSettings(db);
  return { settings, calendar: await loadCalendar(db, settings) };
}

/** What a stage-meeting event records, so KPIs can be re-derived from the log alone. */
export interface MetDeadline {
  stage: ClockStage;
  dueAt: string;
  onTime: boolean;
}

interface StartOptions {
  /** The category's limit; null when only a fixed due time is known (a hotline ticket's). */
  limit: TimeLimit | null;
  /** A fixed due time that wins over the limit. */
  dueAt?: Date;
  at: Date;
}

/**
 * Starts a stage's clock unless one is already running for it (a case
 * returned and dispatched again keeps the clock it had). Returns the due time
 * of the running clock, or null when the stage has no limit.
 */
export async function startClock(
  db: Queryable,
  clocks: Clocks,
  caseId: number,
  stage: ClockStage,
  options: StartOptions,
): Promise<Date | null> {
  const running = await db.query<{ due_at: Date }>(
    'SELECT due_at FROM case_deadlines WHERE case_id = $1 AND stage = $2 AND met_at IS NULL AND cancelled_at IS NULL',
    [caseId, stage],
  );
  if (running.rows[0]) return running.rows[0].due_at;
  if (!options.limit && !options.dueAt) return null;

  const { calendar, settings } = clocks;
  const dueAt = options.dueAt ?? calendar.deadline(options.at, options.limit!);
  const unit = options.dueAt ? null : options.limit!.unit;
  const warnAt = calendar.shareOf(options.at, dueAt, unit, settings.escalation.warnRatio);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO case_deadlines (case_id, stage, started_at, warn_at, due_at, limit_amount, limit_unit, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      caseId,
      stage,
      options.at,
      warnAt,
      dueAt,
      options.dueAt ? null : options.limit!.amount,
      unit,
      options.dueAt ? 'ticket' : 'category',
    ],
  );
  await scheduleLadder(db, clocks, rows[0]!.id, caseId, warnAt, dueAt, options.at);
  return dueAt;
}

/**
 * Stops a stage's running clock as met. Returns what the event should record,
 * or null when no clock ran for the stage.
 */
export async function meetClock(
  db: Queryable,
  caseId: number,
  stage: ClockStage,
  at: Date,
): Promise<MetDeadline | null> {
  const { rows } = await db.query<{ id: number; due_at: Date }>(
    `UPDATE case_deadlines SET met_at = $3
      WHERE case_id = $1 AND stage = $2 AND met_at IS NULL AND cancelled_at IS NULL
      RETURNING id, due_at`,
    [caseId, stage, at],
  );
  const met = rows[0];
  if (!met) return null;
  await cancelPendingSteps(db, [met.id], at);
  return { stage, dueAt: met.due_at.toISOString(), onTime: at.getTime() <= met.due_at.getTime() };
}

/** Stops running clocks without meeting them (the case was merged, or sent back for rework). */
export async function cancelClocks(db: Queryable, caseId: number, stages: readonly ClockStage[], at: Date) {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE case_deadlines SET cancelled_at = $3
      WHERE case_id = $1 AND stage = ANY($2::text[]) AND met_at IS NULL AND cancelled_at IS NULL
      RETURNING id`,
    [caseId, stages, at],
  );
  await cancelPendingSteps(
    db,
    rows.map((r) => r.id),
    at,
  );
}

export interface RunningClock {
  id: number;
  stage: ClockStage;
  startedAt: Date;
  dueAt: Date;
  unit: TimeLimit['unit'] | null;
}

export async function runningClock(db: Queryable, caseId: number, stage: ClockStage): Promise<RunningClock | null> {
  const { rows } = await db.query<{ id: number; started_at: Date; due_at: Date; limit_unit: TimeLimit['unit'] | null }>(
    `SELECT id, started_at, due_at, limit_unit FROM case_deadlines
      WHERE case_id = $1 AND stage = $2 AND met_at IS NULL AND cancelled_at IS NULL`,
    [caseId, stage],
  );
  const row = rows[0];
  return row ? { id: row.id, stage, startedAt: row.started_at, dueAt: row.due_at, unit: row.limit_unit } : null;
}

/**
 * Moves a running clock's due time by an approved extension. The old ladder
 * is withdrawn (fired steps included: the case is no longer overdue) and a new
 * one scheduled against the new deadline.
 */
export async function extendClock(
  db: Queryable,
  clocks: Clocks,
  clock: RunningClock,
  extendBy: TimeLimit,
  at: Date,
): Promise<{ previousDueAt: Date; dueAt: Date }> {
  const dueAt = clocks.calendar.deadline(clock.dueAt, extendBy);
  const warnAt = clocks.calendar.shareOf(clock.startedAt, dueAt, clock.unit, clocks.settings.escalation.warnRatio);
  await db.query(`UPDATE case_deadlines SET due_at = $2, warn_at = $3, source = 'extension' WHERE id = $1`, [
    clock.id,
    dueAt,
    warnAt,
  ]);
  await db.query('UPDATE escalation_steps SET cancelled_at = $2 WHERE deadline_id = $1 AND cancelled_at IS NULL', [
    clock.id,
    at,
  ]);
  const caseId = (await db.query<{ case_id: number }>('SELECT case_id FROM case_deadlines WHERE id = $1', [clock.id]))
    .rows[0]!.case_id;
  await scheduleLadder(db, clocks, clock.id, caseId, warnAt, dueAt, at);
  return { previousDueAt: clock.dueAt, dueAt };
}

/**
 * The 督办 ladder for one deadline: a warning at warnAt, then reminder,
 * notice and reprimand at their delays after the breach. A step already in
 * the past when scheduled (a ticket arriving with little time left) is still
 * queued: the next sweep fires it, superseding earlier ones.
 */
async function scheduleLadder(
  db: Queryable,
  clocks: Clocks,
  deadlineId: number,
  caseId: number,
  warnAt: Date,
  dueAt: Date,
  at: Date,
): Promise<void> {
  const { calendar, settings } = clocks;
  const policy = settings.escalation;
  const steps: [EscalationStep, Date][] = [
    ['reminder', calendar.deadline(dueAt, policy.reminderAfter)],
    ['notice', calendar.deadline(dueAt, policy.noticeAfter)],
    ['reprimand', calendar.deadline(dueAt, policy.reprimandAfter)],
  ];
  // A warning only makes sense while it is still ahead of the breach.
  if (warnAt < dueAt && warnAt >= at) steps.unshift(['warning', warnAt]);
  await db.query(
    `INSERT INTO escalation_steps (deadline_id, case_id, step, due_at)
     SELECT $1, $2, s.step, s.due_at FROM unnest($3::text[], $4::timestamptz[]) AS s(step, due_at)`,
    [deadlineId, caseId, steps.map(([step]) => step), steps.map(([, due]) => due)],
  );
}

async function cancelPendingSteps(db: Queryable, deadlineIds: number[], at: Date): Promise<void> {
  if (deadlineIds.length === 0) return;
  await db.query(
    `UPDATE escalation_steps SET cancelled_at = $2
      WHERE deadline_id = ANY($1::bigint[]) AND fired_at IS NULL AND cancelled_at IS NULL`,
    [deadlineIds, at],
  );
}
