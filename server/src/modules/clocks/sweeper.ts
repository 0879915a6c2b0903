import { ESCALATION_STEPS, type ClockStage, type EscalationStep } from '@civic/shared';
import { withTransaction, type DbClient, type Pool } from '../../db/pool.ts';
import { findCaseRow } from '../cases/case-view.ts';
import { appendCaseEvent, type AppendedEvent } from '../cases/events-log.ts';
import type { CaseEventPublisher } from '../cases/publisher.ts';

/**
 * Fires the 督办 ladder: every step whose time has come becomes one
 * case:escalated event, once, whichever node gets there first.
 *
 * Exactly once, across nodes and downtime: the queue is a table, not a timer.
 * A sweep takes the case row of the earliest due step with FOR UPDATE SKIP
 * LOCKED (every transition locks the case row first too, so a step is never
 * fired and cancelled at once), re-reads its due steps under that lock and
 * marks them fired in the same transaction as the event. A step that fell due
 * while every node was down is simply due at the first sweep after start.
 */
export class EscalationSweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly publisher: CaseEventPublisher,
    private readonly options: { intervalMs: number; reportError: (error: unknown) => void },
  ) {}

  /** Sweeps now (catching up on downtime), then every interval. */
  start(): void {
    const tick = () => {
      this.#running ??= this.sweep()
        .then(() => undefined)
        .catch(this.options.reportError)
        .finally(() => (this.#running = undefined));
    };
    tick();
    this.#timer = setInterval(tick, this.options.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Fires everything due now; returns the number of events written. */
  async sweep(): Promise<number> {
    let fired = 0;
    for (;;) {
      const result = await withTransaction(this.pool, (db) => this.#fireNextCase(db));
      if (result === null) return fired;
      fired += result.events.length;
      for (const event of result.events) this.publisher.publish(event, result.row(event), null);
    }
  }

  async #fireNextCase(db: DbClient) {
    const { rows: next } = await db.query<{ case_id: number }>(
      `SELECT c.id AS case_id
         FROM escalation_steps es JOIN cases c ON c.id = es.case_id
        WHERE es.fired_at IS NULL AND es.cancelled_at IS NULL AND es.due_at <= now()
        ORDER BY es.due_at
        LIMIT 1
        FOR UPDATE OF c SKIP LOCKED`,
    );
    const caseId = next[0]?.case_id;
    if (caseId === undefined) return null;

    const { rows: due } = await db.query<{
      id: number;
      deadline_id: number;
      step: EscalationStep;
      stage: ClockStage;
      deadline_due_at: Date;
    }>(
      `SELECT es.id, es.deadline_id, es.step, d.stage, d.due_at AS deadline_due_at
         FROM escalation_steps es JOIN case_deadlines d ON d.id = es.deadline_id
        WHERE es.case_id = $1 AND es.fired_at IS NULL AND es.cancelled_at IS NULL AND es.due_at <= now()`,
      [caseId],
    );
    // Per deadline, only the highest due step speaks; lower ones that fell due
    // in the same gap (a node was down) are marked fired without an event.
    const byDeadline = new Map<number, typeof due>();
    for (const step of due) byDeadline.set(step.deadline_id, [...(byDeadline.get(step.deadline_id) ?? []), step]);
    const speaking = [...byDeadline.values()].map(
      (steps) => steps.sort((a, b) => ESCALATION_STEPS.indexOf(b.step) - ESCALATION_STEPS.indexOf(a.step))[0]!,
    );
    await db.query('UPDATE escalation_steps SET fired_at = now() WHERE id = ANY($1::bigint[])', [due.map((s) => s.id)]);

    // Read after marking the steps fired: the escalation level is part of the case.
    const row = (await findCaseRow(db, caseId))!;
    const events: AppendedEvent[] = [];
    for (const step of speaking) {
      const event = await appendCaseEvent(db, {
        caseId,
        type: 'case:escalated',
        actorId: null,
        fromStatus: row.status,
        toStatus: row.status,
        squadId: row.squad_id,
        detail: {
          step: step.step,
          stage: step.stage,
          deadlineId: step.deadline_id,
          dueAt: step.deadline_due_at.toISOString(),
        },
      });
      await db.query('UPDATE escalation_steps SET event_seq = $2 WHERE id = $1', [step.id, event.seq]);
      events.push(event);
    }
    return {
      events,
      row: (event: AppendedEvent) => ({ ...row, last_seq: event.seq, updated_at: event.createdAt }),
    };
  }
}
