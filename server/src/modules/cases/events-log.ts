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
 * Appends to `case_events` and stamps the case with the new seq. Call it in
 * the same transaction as the change it records: the log is the audit
 * trail, the clients' resync source and the outbox, so it cannot lag.
 */
export async function appendCaseEvent(db: Queryable, event: NewCaseEvent): Promise<AppendedEvent> {
  // Writers take turns from here to their commit, so seq order is commit
  // order: a client that has seen seq N has seen every event below N, and
  // `GET /api/events?after=N` cannot skip one that committed late. Readers
  // are not blocked. Call this as the last write of the transaction.
  await db.query('LOCK TABLE case_events IN EXCLUSIVE MODE');
  const { rows } = await db.query<{ seq: number; created_at: Date }>(
    `WITH inserted AS (
       INSERT INTO case_events (case_id, type, actor_id, from_status, to_status, squad_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       RETURNING seq, created_at, case_id
     )
     UPDATE cases SET last_seq = inserted.seq, updated_at = inserted.created_at
       FROM inserted WHERE cases.id = inserted.case_id
     RETURNING inserted.seq, inserted.created_at`,
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
  return { seq: row.seq, type: event.type, caseId: event.caseId, createdAt: row.created_at };
}
