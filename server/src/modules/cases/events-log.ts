import type { CaseEventType, CaseStatus } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

export interface NewCaseEvent {
  caseId: number;
  type: CaseEventType;
  actorId: number | null;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  squadId: number | null;
  detail?: Record<string, unknown>;
}

export interface AppendedEvent {
  seq: number;
  type: CaseEventType;
  caseId: number;
  createdAt: Date;
}

/**
 * Appends to `case_events` and stamps the case with the new seq, through the
 * `append_case_event` function (migrations/002): it takes the log's lock so
 * that seq order is commit order, and does so in one round trip. Call it in
 * the same transaction as the change it records, as the last statement
 * before COMMIT: the lock is held from here to the commit. The log is the
 * audit trail, the clients' resync source and the outbox, so it cannot lag.
 */
export async function appendCaseEvent(db: Queryable, event: NewCaseEvent): Promise<AppendedEvent> {
  const { rows } = await db.query<{ event_seq: number; event_at: Date }>(
    'SELECT event_seq, event_at FROM append_case_event($1, $2, $3, $4, $5, $6, $7::jsonb)',
    [
      event.caseId,
      event.type,
      event.actorId,
      event.fromStatus,
      event.toStatus,
      event.squadId,
      JSON.stringify(event.detail ?? {}),
    ],
  );
  const row = rows[0]!;
  return { seq: row.event_seq, type: event.type, caseId: event.caseId, createdAt: row.event_at };
}
