import type { HotlineDeliveryDto, HotlineDeliveryStatus, HotlineReply, HotlineReplyKind } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/** A reply's body as queued; `replyId` is added when it is sent (it is the delivery's id). */
export type QueuedReply = Omit<HotlineReply, 'replyId'>;

// The outbox: from the event log to queued deliveries ------------------------------

/** The scan's position in case_events, locked; undefined while another node is scanning. */
export async function lockCursor(db: Queryable): Promise<number | undefined> {
  const { rows } = await db.query<{ last_seq: number }>(
    'SELECT last_seq FROM hotline_reply_cursor WHERE id FOR UPDATE SKIP LOCKED',
  );
  return rows[0]?.last_seq;
}

export async function moveCursor(db: Queryable, seq: number): Promise<void> {
  await db.query('UPDATE hotline_reply_cursor SET last_seq = $1, updated_at = now() WHERE id', [seq]);
}

/** The newest committed seq: every event up to it has committed (seq order is commit order). */
export async function newestSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM case_events');
  return rows[0]?.seq ?? 0;
}

export interface ReplyEvent {
  seq: number;
  type: 'case:disposed' | 'case:closed';
  case_id: number;
  case_no: string;
  detail: { note?: string; comment?: string };
  created_at: Date;
  squad_name: string | null;
  /** For a close: the note of the disposal it verified. */
  disposal_note: string | null;
}

/** Disposals and closes in (after, upTo], oldest first. */
export async function replyEvents(db: Queryable, after: number, upTo: number, limit: number): Promise<ReplyEvent[]> {
  const { rows } = await db.query<ReplyEvent>(
    `SELECT e.seq, e.type, e.case_id, c.case_no, e.detail, e.created_at, sq.name AS squad_name,
            CASE WHEN e.type = 'case:closed' THEN (
              SELECT d.detail->>'note' FROM case_events d
               WHERE d.case_id = e.case_id AND d.type = 'case:disposed' AND d.seq < e.seq
               ORDER BY d.seq DESC LIMIT 1) END AS disposal_note
       FROM case_events e
       JOIN cases c ON c.id = e.case_id
       LEFT JOIN squads sq ON sq.id = e.squad_id
      WHERE e.seq > $1 AND e.seq <= $2 AND e.type IN ('case:disposed', 'case:closed')
      ORDER BY e.seq
      LIMIT $3`,
    [after, upTo, limit],
  );
  return rows;
}

export interface ReplyTarget {
  ticket_id: number;
  source_id: number;
  ticket_no: string;
  case_id: number;
  case_no: string;
  has_callback: boolean;
}

/**
 * The tickets owed a reply when `caseId` is handled: its own, and those of
 * every case merged into it, however deep (a duplicate of a duplicate).
 */
export async function replyTargets(db: Queryable, caseId: number): Promise<ReplyTarget[]> {
  const { rows } = await db.query<ReplyTarget>(
    `WITH RECURSIVE family (id) AS (
       SELECT $1::bigint
       UNION
       SELECT c.id FROM cases c JOIN family f ON c.merged_into = f.id
     )
     SELECT t.id AS ticket_id, t.source_id, t.ticket_no, t.case_id, c.case_no, s.callback_url IS NOT NULL AS has_callback
       FROM family f
       JOIN hotline_tickets t ON t.case_id = f.id AND t.state = 'filed'
       JOIN cases c ON c.id = t.case_id
       JOIN hotline_sources s ON s.id = t.source_id
      ORDER BY t.id`,
    [caseId],
  );
  return rows;
}

/** Queues one reply (once per ticket and event); with no callback URL it is failed at once, for an admin to see. */
export async function queueDelivery(
  db: Queryable,
  delivery: { target: ReplyTarget; eventSeq: number; kind: HotlineReplyKind; payload: QueuedReply },
): Promise<void> {
  const { target } = delivery;
  await db.query(
    `INSERT INTO hotline_deliveries (ticket_id, source_id, case_id, event_seq, kind, payload, status, last_error, failed_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, CASE WHEN $7 THEN 'pending' ELSE 'failed' END,
             CASE WHEN $7 THEN NULL ELSE 'The source has no callback URL' END,
             CASE WHEN $7 THEN NULL ELSE now() END)
     ON CONFLICT ON CONSTRAINT hotline_deliveries_ticket_event_key DO NOTHING`,
    [
      target.ticket_id,
      target.source_id,
      target.case_id,
      delivery.eventSeq,
      delivery.kind,
      JSON.stringify(delivery.payload),
      target.has_callback,
    ],
  );
}

// Sending -------------------------------------------------------------------------

export interface ClaimedDelivery {
  id: number;
  /** This attempt's number: it fences the result, so a late, stale sender cannot overwrite a newer one. */
  attempts: number;
  payload: QueuedReply;
  secret: string;
  callback_url: string | null;
}

/**
 * Claims due deliveries. SKIP LOCKED lets every node claim its own; the
 * claim moves next_attempt_at past the request's timeout as a lease, so a
 * node that dies mid-request leaves the delivery due again, not lost.
 */
export async function claimDue(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedDelivery>(
    `WITH due AS (
       SELECT id FROM hotline_deliveries
        WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, id
        LIMIT $1
        FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE hotline_deliveries d
          SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
         FROM due WHERE d.id = due.id
       RETURNING d.id, d.attempts, d.payload, d.source_id
     )
     SELECT claimed.id, claimed.attempts, claimed.payload, s.secret, s.callback_url
       FROM claimed JOIN hotline_sources s ON s.id = claimed.source_id
      ORDER BY claimed.id`,
    [limit, leaseMs / 1000],
  );
  return rows;
}

export async function markDelivered(db: Queryable, id: number, attempts: number, statusCode: number): Promise<void> {
  await db.query(
    `UPDATE hotline_deliveries
        SET status = 'delivered', delivered_at = now(), last_status_code = $3, last_error = NULL
      WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
    [id, attempts, statusCode],
  );
}

/** Records a failed attempt: retried after `retryInMs`, or failed for good after `maxAttempts`. */
export async function markAttemptFailed(
  db: Queryable,
  attempt: { id: number; attempts: number; error: string; statusCode: number | null },
  maxAttempts: number,
  retryInMs: number,
): Promise<void> {
  await db.query(
    `UPDATE hotline_deliveries
        SET last_error = $3, last_status_code = $4,
            status = CASE WHEN attempts >= $5 THEN 'failed' ELSE 'pending' END,
            failed_at = CASE WHEN attempts >= $5 THEN now() END,
            next_attempt_at = CASE WHEN attempts >= $5 THEN next_attempt_at
                                   ELSE now() + make_interval(secs => $6) END
      WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
    [attempt.id, attempt.attempts, attempt.error, attempt.statusCode, maxAttempts, retryInMs / 1000],
  );
}

// Admin ---------------------------------------------------------------------------

interface DeliveryRow {
  id: number;
  source_code: string;
  source_name: string;
  ticket_no: string;
  case_id: number;
  case_no: string;
  kind: HotlineReplyKind;
  status: HotlineDeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  last_status_code: number | null;
  created_at: Date;
  delivered_at: Date | null;
  failed_at: Date | null;
}

const DELIVERY_SELECT = `
  SELECT d.id, s.code AS source_code, s.name AS source_name, t.ticket_no, d.case_id, c.case_no, d.kind, d.status,
         d.attempts, d.next_attempt_at, d.last_error, d.last_status_code, d.created_at, d.delivered_at, d.failed_at
    FROM hotline_deliveries d
    JOIN hotline_sources s ON s.id = d.source_id
    JOIN hotline_tickets t ON t.id = d.ticket_id
    JOIN cases c ON c.id = d.case_id`;

function toDeliveryDto(row: DeliveryRow): HotlineDeliveryDto {
  return {
    id: row.id,
    sourceCode: row.source_code,
    sourceName: row.source_name,
    ticketNo: row.ticket_no,
    caseId: row.case_id,
    caseNo: row.case_no,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    lastStatusCode: row.last_status_code,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    failedAt: row.failed_at?.toISOString() ?? null,
  };
}

export async function listDeliveries(
  db: Queryable,
  query: { status?: HotlineDeliveryStatus; limit?: number },
): Promise<HotlineDeliveryDto[]> {
  const { rows } = await db.query<DeliveryRow>(
    `${DELIVERY_SELECT} WHERE ($1::text IS NULL OR d.status = $1) ORDER BY d.id DESC LIMIT $2`,
    [query.status ?? null, query.limit ?? 100],
  );
  return rows.map(toDeliveryDto);
}

export async function findDelivery(db: Queryable, id: number): Promise<HotlineDeliveryDto | undefined> {
  const { rows } = await db.query<DeliveryRow>(`${DELIVERY_SELECT} WHERE d.id = $1`, [id]);
  return rows[0] && toDeliveryDto(rows[0]);
}

/** Puts a failed delivery back in the queue with a fresh set of attempts; false unless it was failed. */
export async function requeueFailed(db: Queryable, id: number, byUserId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE hotline_deliveries
        SET status = 'pending', attempts = 0, next_attempt_at = now(), failed_at = NULL,
            resent_at = now(), resent_by = $2
      WHERE id = $1 AND status = 'failed'`,
    [id, byUserId],
  );
  return rowCount === 1;
}
