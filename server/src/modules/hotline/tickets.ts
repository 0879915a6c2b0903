import type { Queryable } from '../../db/pool.ts';

/** An answer given to a ticket, replayed as is (status and body) to every retry of it. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type TicketState = 'processing' | 'filed' | 'rejected';

export interface TicketRecord {
  id: number;
  payload_hash: string;
  state: TicketState;
  attempt: number;
  /** The lease of a processing row is still running: its holder is (presumably) alive. */
  leased: boolean;
  response_status: number | null;
  response_body: unknown;
}

/**
 * Records the ticket as 'processing' in its own statement (committed at
 * once, outside the filing transaction), or says it is already there. The
 * unique (source, ticket number) decides: exactly one delivery inserts.
 */
export async function claimTicket(
  db: Queryable,
  ticket: { sourceId: number; ticketNo: string; hash: string; payload: unknown; leaseSeconds: number },
): Promise<{ id: number; attempt: number } | undefined> {
  const { rows } = await db.query<{ id: number; attempt: number }>(
    `INSERT INTO hotline_tickets (source_id, ticket_no, payload_hash, payload, lease_until)
     VALUES ($1, $2, $3, $4::jsonb, now() + make_interval(secs => $5))
     ON CONFLICT ON CONSTRAINT hotline_tickets_source_ticket_key DO NOTHING
     RETURNING id, attempt`,
    [ticket.sourceId, ticket.ticketNo, ticket.hash, JSON.stringify(ticket.payload), ticket.leaseSeconds],
  );
  return rows[0];
}

export async function findTicket(db: Queryable, sourceId: number, ticketNo: string): Promise<TicketRecord | undefined> {
  const { rows } = await db.query<TicketRecord>(
    `SELECT id, payload_hash, state, attempt, lease_until > now() AS leased, response_status, response_body
       FROM hotline_tickets WHERE source_id = $1 AND ticket_no = $2`,
    [sourceId, ticketNo],
  );
  return rows[0];
}

/** Takes over a processing ticket whose holder's lease ran out (it crashed); undefined if another got there first. */
export async function takeOverTicket(db: Queryable, id: number, leaseSeconds: number): Promise<number | undefined> {
  const { rows } = await db.query<{ attempt: number }>(
    `UPDATE hotline_tickets SET attempt = attempt + 1, lease_until = now() + make_interval(secs => $2)
      WHERE id = $1 AND state = 'processing' AND lease_until <= now()
      RETURNING attempt`,
    [id, leaseSeconds],
  );
  return rows[0]?.attempt;
}

/**
 * Locks the ticket inside the filing transaction and says whether this
 * attempt still holds it: a takeover after a lease ran out fences the old
 * holder off, and the row lock makes the two file one after the other.
 */
export async function lockHeldTicket(db: Queryable, id: number, attempt: number): Promise<boolean> {
  const { rows } = await db.query<{ held: boolean }>(
    `SELECT state = 'processing' AND attempt = $2 AS held FROM hotline_tickets WHERE id = $1 FOR UPDATE`,
    [id, attempt],
  );
  return rows[0]?.held ?? false;
}

/** Stores the answer given to the ticket: 'filed' with its case, or 'rejected' with a client error. */
export async function answerTicket(
  db: Queryable,
  id: number,
  attempt: number,
  answer: StoredAnswer & { caseId: number | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE hotline_tickets
        SET state = CASE WHEN $3::bigint IS NULL THEN 'rejected' ELSE 'filed' END,
            case_id = $3, response_status = $4, response_body = $5::jsonb, answered_at = now()
      WHERE id = $1 AND attempt = $2 AND state = 'processing'`,
    [id, attempt, answer.caseId, answer.status, JSON.stringify(answer.body)],
  );
  return rowCount === 1;
}

/** Forgets a ticket whose filing failed on our side, so that the platform's retry starts afresh. */
export async function releaseTicket(db: Queryable, id: number, attempt: number): Promise<void> {
  await db.query(`DELETE FROM hotline_tickets WHERE id = $1 AND attempt = $2 AND state = 'processing'`, [id, attempt]);
}
