import { STATUS_CODES } from 'node:http';
import type {
  CreateCaseBody,
  CreateHotlineSourceBody,
  HotlineDeliveryDto,
  HotlineDeliveryQuery,
  HotlineSourceDto,
  HotlineSourceSaved,
  HotlineTicket,
  HotlineTicketReceipt,
  UpdateHotlineSourceBody,
} from '@civic/shared';
import { withTransaction, type Pool, type Queryable } from '../../db/pool.ts';
import { badRequest, conflict, HttpError, notFound, unprocessable } from '../../http/errors.ts';
import type { AuthUser } from '../auth/sessions.ts';
import type { CaseService } from '../cases/service.ts';
import { toWgs84 } from '../geo/crs.ts';
import { findDelivery, listDeliveries, requeueFailed } from './deliveries.ts';
import { generateSecret, payloadHash } from './signature.ts';
import { insertSource, listSources, toSourceDto, updateSource, type SourceRow } from './sources.ts';
import {
  answerTicket,
  claimTicket,
  findTicket,
  lockHeldTicket,
  releaseTicket,
  takeOverTicket,
  type StoredAnswer,
  type TicketRecord,
} from './tickets.ts';

/** How long a delivery may take to file its ticket before a retry may take it over (its node presumably died). */
const TICKET_LEASE_SECONDS = 60;
/** Codes that would shadow the admin routes under /api/hotline/. */
const RESERVED_CODES = new Set(['sources', 'deliveries']);

/** An answer to a ticket delivery: what the route sends, and whether it repeats an earlier one. */
export interface TicketAnswer extends StoredAnswer {
  replayed: boolean;
}

/**
 * The hotline platform's tickets in, idempotently, and the admin's view of
 * sources and replies. Replies out are the worker's (worker.ts).
 *
 * Idempotency by (source, ticket number): the ticket is first recorded as
 * 'processing' in a row of its own, committed at once; the unique key lets
 * exactly one delivery insert it. Any other delivery of the ticket then reads
 * that row: a different payload is a 422; while the first is processing, a
 * 409 (the platform retries later); once answered, the stored answer, status
 * and body, again. The case is filed in a second transaction that locks the
 * ticket row, files the case and stores the answer, so the case and the
 * answer commit together. If the node dies in between, the ticket's lease
 * runs out and the next delivery takes it over; the attempt number fences
 * the old holder off, so there is still exactly one case.
 */
export class HotlineService {
  constructor(
    private readonly pool: Pool,
    private readonly cases: CaseService,
  ) {}

  async receiveTicket(source: SourceRow, ticket: HotlineTicket): Promise<TicketAnswer> {
    if (!ticket.location && !ticket.address) {
      throw badRequest('body.location', 'Give a location, an address or both');
    }
    const hash = payloadHash(ticket);
    const held = await this.claim(source, ticket, hash);
    if ('answer' in held) return held.answer;
    try {
      const input = await this.toCaseBody(this.pool, ticket);
      const origin = `${source.name} ${ticket.ticketNo}`;
      const outcome = await withTransaction(this.pool, async (db) => {
        if (!(await lockHeldTicket(db, held.id, held.attempt))) return null;
        const filed = await this.cases.intake(input, origin, db);
        const receipt: HotlineTicketReceipt = {
          ticketNo: ticket.ticketNo,
          caseId: filed.row.id,
          caseNo: filed.row.case_no,
          status: filed.row.status,
          filedAt: filed.row.created_at.toISOString(),
        };
        // One short update by key after the event append: the ticket's answer
        // must commit with its case, or a retry could file it twice.
        await answerTicket(db, held.id, held.attempt, { caseId: filed.row.id, status: 201, body: receipt });
        return { filed, receipt };
      });
      if (outcome === null) return this.answerOf(await findTicket(this.pool, source.id, ticket.ticketNo), hash);
      this.cases.publishIntake(outcome.filed, origin);
      return { status: 201, body: outcome.receipt, replayed: false };
    } catch (error) {
      if (error instanceof HttpError && error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 409) {
        // The ticket itself is at fault: the same ticket would fail the same way, so this is its answer.
        const answer = { status: error.statusCode, body: errorBody(error) };
        await answerTicket(this.pool, held.id, held.attempt, { ...answer, caseId: null });
        return { ...answer, replayed: false };
      }
      // Our fault (the database went away …): forget the ticket so the platform's retry files it.
      await releaseTicket(this.pool, held.id, held.attempt).catch(() => undefined);
      throw error;
    }
  }

  /** Records the ticket as processing, or answers from its existing record. */
  private async claim(
    source: SourceRow,
    ticket: HotlineTicket,
    hash: string,
  ): Promise<{ id: number; attempt: number } | { answer: TicketAnswer }> {
    // A record released by a failed first delivery can vanish between the
    // insert and the read: go round again.
    for (let round = 0; round < 3; round++) {
      const claimed = await claimTicket(this.pool, {
        sourceId: source.id,
        ticketNo: ticket.ticketNo,
        hash,
        payload: ticket,
        leaseSeconds: TICKET_LEASE_SECONDS,
      });
      if (claimed) return claimed;
      const existing = await findTicket(this.pool, source.id, ticket.ticketNo);
      if (!existing) continue;
      if (existing.payload_hash === hash && existing.state === 'processing' && !existing.leased) {
        const attempt = await takeOverTicket(this.pool, existing.id, TICKET_LEASE_SECONDS);
        if (attempt !== undefined) return { id: existing.id, attempt };
      }
      return { answer: this.answerOf(existing, hash) };
    }
    throw conflict('ticket_processing', `Ticket ${ticket.ticketNo} is being processed; retry later`);
  }

  private answerOf(existing: TicketRecord | undefined, hash: string): TicketAnswer {
    if (existing && existing.payload_hash !== hash) {
      throw unprocessable(
        'body',
        'This ticket number was already received with a different content; send changes as a new ticket',
      );
    }
    if (!existing || existing.state === 'processing') {
      throw conflict('ticket_processing', 'This ticket is being processed; retry later');
    }
    return { status: existing.response_status!, body: existing.response_body, replayed: true };
  }

  /** The case the ticket becomes: its category resolved, its point in WGS-84, its deadline kept. */
  private async toCaseBody(db: Queryable, ticket: HotlineTicket): Promise<CreateCaseBody> {
    const categoryCode = await resolveCategory(db, ticket);
    const label = ticket.categoryText ?? ticket.categoryCode;
    // A classification we could not map stays in front of the dispatcher, who files it.
    const description =
      categoryCode === null && label ? clip(`${ticket.description}\n【热线分类】${label}`, 2000) : ticket.description;
    return {
      channel: 'hotline',
      description,
      ...(categoryCode ? { categoryCode } : {}),
      ...(ticket.location ? { location: toWgs84(ticket.location, ticket.crs ?? 'wgs84') } : {}),
      ...(ticket.address ? { address: ticket.address } : {}),
      ...(ticket.callerName ? { complainantName: ticket.callerName } : {}),
      ...(ticket.callerPhone ? { complainantPhone: ticket.callerPhone } : {}),
      ...(ticket.deadline ? { ticketDueAt: ticket.deadline } : {}),
    };
  }

  // Sources -------------------------------------------------------------------------

  async listSources(): Promise<HotlineSourceDto[]> {
    return (await listSources(this.pool)).map(toSourceDto);
  }

  async createSource(body: CreateHotlineSourceBody): Promise<HotlineSourceSaved> {
    if (RESERVED_CODES.has(body.code))
      throw unprocessable('body.code', `"${body.code}" is reserved; choose another code`);
    const secret = body.secret ?? generateSecret();
    const row = await insertSource(this.pool, {
      code: body.code,
      name: body.name,
      secret,
      callbackUrl: body.callbackUrl ?? null,
      active: body.active ?? true,
    });
    if (!row) throw conflict('source_exists', `A source with code ${body.code} already exists`);
    // Shown once, and only when we made it up: an admin who set it knows it.
    return { source: toSourceDto(row), ...(body.secret ? {} : { secret }) };
  }

  async updateSource(id: number, body: UpdateHotlineSourceBody): Promise<HotlineSourceSaved> {
    if (body.secret && body.rotateSecret) {
      throw badRequest('body.rotateSecret', 'Either set a secret or rotate it, not both');
    }
    const generated = body.rotateSecret ? generateSecret() : undefined;
    const row = await updateSource(this.pool, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.callbackUrl !== undefined ? { callbackUrl: body.callbackUrl } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
      ...((body.secret ?? generated) ? { secret: body.secret ?? generated } : {}),
    });
    if (!row) throw notFound('Hotline source');
    return { source: toSourceDto(row), ...(generated ? { secret: generated } : {}) };
  }

  // Deliveries ----------------------------------------------------------------------

  listDeliveries(query: HotlineDeliveryQuery): Promise<HotlineDeliveryDto[]> {
    return listDeliveries(this.pool, query);
  }

  /** Queues a failed reply again, with a fresh set of attempts. */
  async resend(id: number, actor: AuthUser): Promise<HotlineDeliveryDto> {
    if (!(await requeueFailed(this.pool, id, actor.id))) {
      const found = await findDelivery(this.pool, id);
      if (!found) throw notFound('Delivery');
      throw conflict('not_failed', `Delivery ${id} is ${found.status}; only a failed delivery is resent`, {
        status: found.status,
      });
    }
    return (await findDelivery(this.pool, id))!;
  }
}

/** Our 小类 for the ticket: by code, else by name; null when neither matches an active one. */
async function resolveCategory(db: Queryable, ticket: HotlineTicket): Promise<string | null> {
  if (!ticket.categoryCode && !ticket.categoryText) return null;
  const { rows } = await db.query<{ code: string }>(
    `SELECT code FROM categories
      WHERE active AND parent_code IS NOT NULL AND (code = $1 OR name = $2)
      ORDER BY (code = $1) DESC NULLS LAST
      LIMIT 1`,
    [ticket.categoryCode ?? null, ticket.categoryText?.trim() ?? null],
  );
  return rows[0]?.code ?? null;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** The error body the API sends (plugins/error-handler.ts), kept to replay it. */
function errorBody(error: HttpError) {
  return {
    statusCode: error.statusCode,
    error: STATUS_CODES[error.statusCode] ?? 'Error',
    message: error.message,
    ...(error.details.field ? { field: error.details.field } : {}),
    ...(error.details.code ? { code: error.details.code } : {}),
    ...(error.details.facts ? { details: error.details.facts } : {}),
  };
}
