import {
  actionsFrom,
  availableActions,
  CASE_ACTIONS,
  mayAct,
  OPEN_CASE_STATUSES,
  WITH_SQUAD_STATUSES,
  type CaseActionName,
  type CaseDto,
  type CaseListQuery,
  type CaseStatus,
  type CloseBody,
  type CommentBody,
  type CreateCaseBody,
  type DisposeBody,
  type ExtensionRequestBody,
  type FeedbackBody,
  type FollowUpBody,
  type LngLat,
  type StageLimits,
} from '@civic/shared';
import { withTransaction, type DbClient, type Pool } from '../../db/pool.ts';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../http/errors.ts';
import type { AuthUser } from '../auth/sessions.ts';
import {
  cancelClocks,
  extendClock,
  loadClocks,
  meetClock,
  runningClock,
  startClock,
  type Clocks,
} from '../clocks/deadlines.ts';
import { lookupAddress, type GazetteerMatch } from '../geocode/gazetteer.ts';
import type { SquadService } from '../squads/service.ts';
import { markPermittedZone } from '../zones/permitted.ts';
import type { GradePublisher } from '../merchants/grade-publisher.ts';
import { confirmCaseViolation, linkableMerchant, violationRecordedFor } from '../merchants/case-violation.ts';
import type { GradeChange } from '../merchants/grading.ts';
import { audienceFor, CASE_SELECT, findCaseRow, toCaseDto, type CaseRow } from './case-view.ts';
import { flagPossibleDuplicates } from './duplicates.ts';
import { appendCaseEvent, type AppendedEvent, type NewCaseEvent } from './events-log.ts';
import type { CaseEventPublisher } from './publisher.ts';

/** An event a transition writes; case and actor are filled in by `act`. */
type EventDraft = Omit<NewCaseEvent, 'caseId' | 'actorId'>;

/** What a transition's work sees: the locked case, the transaction and its time. */
interface Step {
  db: DbClient;
  current: CaseRow;
  actor: AuthUser;
  /** The transaction's time (PostgreSQL's now()), the same instant the events are stamped with. */
  at: Date;
  clocks: () => Promise<Clocks>;
}

interface StepResult {
  events: EventDraft[];
  /** Squads whose status may have changed, to push after the commit. */
  squads?: (number | null)[];
  /** A squad that lost the case (return, reassign, merge): its phone must hear of it. */
  formerSquadId?: number | null;
  /** Merchant grades the step changed (a confirmed violation), to push after the commit. */
  grades?: GradeChange[];
}

/**
 * The case's closed loop (shared/src/lifecycle.ts): filing, reading and every
 * transition. Each change, its clocks and its case_events rows commit
 * together; the live push happens only after the commit.
 */
export class CaseService {
  constructor(
    private readonly pool: Pool,
    private readonly squads: SquadService,
    private readonly publisher: CaseEventPublisher,
    private readonly grades: GradePublisher,
  ) {}

  /** A signed-in person files a case (clerk, dispatcher, a squad's patrol finding). */
  /**
   * Files a complaint. `filingKey` is the request's Idempotency-Key: kept on
   * the case in the same commit, so a retry whose first answer was never
   * stored (its node died after the commit) answers the case filed then.
   */
  async create(input: CreateCaseBody, actor: AuthUser, filingKey?: string): Promise<CaseDto> {
    if (actor.role === 'squad_member' && input.channel !== 'patrol') {
      // A squad in the field files what it finds; complaints from the public come through intake.
      throw unprocessable('body.channel', 'A squad member files only patrol findings (channel "patrol")');
    }
    const { row } = await this.file(input, { actorId: actor.id, actorName: actor.displayName, filingKey });
    return toCaseDto(row, audienceFor(actor.role));
  }

  /**
   * A case arrives from outside with no person signed in: the hotline
   * platform, the citizen web form, an Open311 client. `origin` says which
   * (e.g. "12345热线 · ticket 2026112600123") and is kept on the created event.
   * Answers the stored row; the caller decides what its client may see.
   */
  async intake(
    input: CreateCaseBody,
    origin: string,
    db?: DbClient,
  ): Promise<{ row: CaseRow; events: AppendedEvent[] }> {
    return this.file(input, { actorId: null, actorName: origin, origin }, db);
  }

  private async file(
    input: CreateCaseBody,
    by: { actorId: number | null; actorName: string; origin?: string; filingKey?: string | undefined },
    outer?: DbClient,
  ): Promise<{ row: CaseRow; events: AppendedEvent[] }> {
    if (!input.location && !input.address) {
      throw badRequest('body.location', 'Give a location (WGS-84 point) or an address');
    }
    // Inside a caller's transaction, on its connection: the embedded database has only one.
    const placed = input.location ? undefined : await lookupAddress(outer ?? this.pool, input.address!);
    const point = input.location ?? placed;
    const work = async (db: DbClient): Promise<{ row: CaseRow; events: AppendedEvent[] }> => {
      const earlier = by.filingKey ? await this.filedWithKey(db, by.actorId, by.filingKey) : undefined;
      if (earlier) return { row: earlier, events: [] };
      const category = await this.categoryFor(db, input);
      const { rows } = await db.query<{ id: number; created_at: Date }>(
        `INSERT INTO cases (case_no, channel, category_code, description, address, location, location_source,
                            location_match, priority, complainant_name, complainant_phone, sub_district_id, created_by,
                            time_limits, ticket_due_at, filing_key)
         SELECT 'HJ' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('case_number_seq')::text, 6, '0'),
                $1, $2, $3, $4, p.geom, $7, $8, $9, $10, $11,
                (SELECT id FROM sub_districts sd WHERE ST_Covers(sd.geom, p.geom) ORDER BY id LIMIT 1), $12, $13::jsonb, $14,
                $15::uuid
           FROM (SELECT CASE WHEN $5::float8 IS NULL THEN NULL
                             ELSE ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326) END AS geom) p
         RETURNING id, created_at`,
        [
          input.channel,
          input.categoryCode ?? null,
          input.description,
          input.address ?? null,
          point?.lng ?? null,
          point?.lat ?? null,
          point ? (placed ? 'gazetteer' : 'point') : null,
          placed ? describeMatch(placed) : null,
          input.priority ?? category?.priority ?? 3,
          input.complainantName ?? null,
          input.complainantPhone ?? null,
          by.actorId,
          JSON.stringify(category?.limits ?? {}),
          input.ticketDueAt ?? null,
          by.filingKey ?? null,
        ],
      );
      const { id: caseId, created_at: at } = rows[0]!;
      // The calendar and settings are read only when a clock is to start: most of filing's cost is here.
      const registerLimit = category?.limits.register;
      const registerBy = registerLimit
        ? await startClock(db, await loadClocks(db), caseId, 'register', { limit: registerLimit, at })
        : null;
      const duplicateOf = await flagPossibleDuplicates(db, caseId);
      await markPermittedZone(db, caseId);
      return this.record(db, by.actorId, caseId, [
        {
          type: 'case:created',
          fromStatus: null,
          toStatus: 'received',
          squadId: null,
          detail: {
            channel: input.channel,
            placed: placed ? describeMatch(placed) : input.location ? 'point' : null,
            ...(registerBy ? { deadlines: { register: registerBy.toISOString() } } : {}),
            ...(input.ticketDueAt ? { ticketDueAt: input.ticketDueAt } : {}),
            ...(by.origin ? { origin: by.origin } : {}),
            ...(duplicateOf.length ? { possibleDuplicateOf: duplicateOf } : {}),
          },
        },
      ]);
    };
    // Inside a caller's transaction (an idempotent webhook records its ticket
    // in the same commit), the caller publishes after its own commit.
    if (outer) return work(outer);
    const filed = await withTransaction(this.pool, work);
    this.publishAll(filed.events, filed.row, by.actorName);
    return filed;
  }

  /**
   * The case this person filed with this key, if any. Two filings with one
   * key never run at once (the idempotency claim), so the check and the
   * INSERT need no lock; the unique index is the backstop.
   */
  private async filedWithKey(db: DbClient, actorId: number | null, key: string): Promise<CaseRow | undefined> {
    if (actorId === null) return undefined;
    const { rows } = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.created_by = $1 AND c.filing_key = $2::uuid`, [
      actorId,
      key,
    ]);
    return rows[0];
  }

  /** Pushes the events of a case filed inside a caller's transaction, once that has committed. */
  publishIntake(filed: { row: CaseRow; events: AppendedEvent[] }, origin: string): void {
    this.publishAll(filed.events, filed.row, origin);
  }

  async get(id: number, viewer: AuthUser): Promise<CaseDto> {
    const row = await findCaseRow(this.pool, id);
    if (!row || !canRead(viewer, row)) throw notFound('Case');
    return toCaseDto(row, audienceFor(viewer.role));
  }

  async list(query: CaseListQuery, viewer: AuthUser): Promise<CaseDto[]> {
    const statuses = query.open ? [...OPEN_CASE_STATUSES] : asArray(query.status);
    const { rows } = await this.pool.query<CaseRow>(
      `${CASE_SELECT}
        WHERE ($1::text[] IS NULL OR c.status = ANY($1::text[]))
          AND ($2::boolean IS NULL OR (c.location IS NULL) = $2)
          AND ($3::int IS NULL OR c.squad_id = $3)
          AND ($5::text IS NULL OR c.category_code = $5 OR cat.parent_code = $5)
          AND ($6::text IS NULL OR c.channel = $6)
          AND ($7::int IS NULL OR c.squad_id = $7)
          AND ($8::int IS NULL OR c.sub_district_id = $8)
          AND ($9::boolean IS NULL OR $9 = (c.supervised OR EXISTS (
                SELECT 1 FROM escalation_steps es
                 WHERE es.case_id = c.id AND es.fired_at IS NOT NULL AND es.cancelled_at IS NULL
                   AND es.step <> 'warning')))
        ORDER BY c.id DESC
        LIMIT $4`,
      [
        statuses ?? null,
        query.needsLocation ?? null,
        viewer.role === 'squad_member' ? viewer.squadId : null,
        query.limit ?? 200,
        query.categoryCode ?? null,
        query.channel ?? null,
        query.squadId ?? null,
        query.subDistrictId ?? null,
        query.supervised ?? null,
      ],
    );
    return rows.map((row) => toCaseDto(row, audienceFor(viewer.role)));
  }

  /**
   * A person places the pin: a case the gazetteer could not place, or one
   * placed wrongly. Only before dispatch, so a squad on its way is never
   * sent somewhere else silently.
   */
  async locate(caseId: number, point: LngLat, actor: AuthUser): Promise<CaseDto> {
    const placeable: CaseStatus[] = ['received', 'registered', 'returned'];
    const { row, events } = await withTransaction(this.pool, async (db) => {
      const current = await this.lockCase(db, caseId);
      if (!placeable.includes(current.status)) {
        throw conflict('invalid_transition', `Case is ${current.status}; it can be placed only before dispatch`, {
          status: current.status,
          allowedFrom: placeable,
        });
      }
      await db.query(
        `UPDATE cases SET location = p.geom, location_source = 'manual', location_match = NULL,
                sub_district_id = (SELECT id FROM sub_districts sd WHERE ST_Covers(sd.geom, p.geom) ORDER BY id LIMIT 1)
           FROM (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS geom) p
          WHERE cases.id = $1`,
        [caseId, point.lng, point.lat],
      );
      await markPermittedZone(db, caseId);
      const previous = current.lng === null ? null : { lng: current.lng, lat: current.lat };
      return this.record(db, actor.id, caseId, [
        {
          type: 'case:located',
          fromStatus: current.status,
          toStatus: current.status,
          squadId: null,
          detail: { previous, location: point },
        },
      ]);
    });
    this.publishAll(events, row, actor.displayName);
    return toCaseDto(row, audienceFor(actor.role));
  }

  // Intake decisions ---------------------------------------------------------

  /** 立案: the complaint is within the bureau's remit and becomes a case to dispatch. */
  register(caseId: number, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'register', actor, async ({ db, at }) => ({
      events: [await this.registerEvent(db, caseId, at, 'received', {})],
    }));
  }

  /** 不予立案: not the bureau's matter, or not a violation; the reason goes back to the complainant. */
  reject(caseId: number, reason: string, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'reject', actor, async ({ db, at }) => {
      const deadline = await meetClock(db, caseId, 'register', at);
      return {
        events: [
          {
            type: 'case:not_registered',
            fromStatus: 'received',
            toStatus: 'not_registered',
            squadId: null,
            detail: { reason, ...(deadline ? { deadline } : {}) },
          },
        ],
      };
    });
  }

  // Dispatch -------------------------------------------------------------------

  /**
   * Sends a squad. The case row is locked first, then the squad's (always in
   * that order, so two dispatchers cannot deadlock); the loser of a race sees
   * the winner's change and gets a 409. From 'received', dispatching registers
   * the case first: one click on the wall screen, two events in the log.
   */
  assign(caseId: number, squadId: number, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'assign', actor, async (step) => {
      const { db, current, at } = step;
      this.requireLocation(current);
      const events: EventDraft[] = [];
      if (current.status === 'received') {
        events.push(await this.registerEvent(db, caseId, at, 'received', { implicit: true }));
      }
      const distanceM = await this.squads.claimForCase(db, squadId, this.pointOf(current), {
        actorId: step.actor.id,
        caseId,
      });
      await this.openAssignment(db, caseId, squadId, step.actor.id, distanceM);
      const deadlines = await this.startWorkClocks(step);
      events.push({
        type: 'case:assigned',
        fromStatus: events.length ? 'registered' : current.status,
        toStatus: 'dispatched',
        squadId,
        detail: { distanceM: distanceM === null ? null : Math.round(distanceM), deadlines },
      });
      return { events, squads: [squadId] };
    });
  }

  /** 改派: another squad takes the case over; the clocks keep running. */
  reassign(caseId: number, squadId: number, actor: AuthUser, reason?: string): Promise<CaseDto> {
    return this.act(caseId, 'reassign', actor, async (step) => {
      const { db, current } = step;
      const from = current.squad_id!;
      if (from === squadId) throw conflict('same_squad', `The case is already with ${current.squad_name}`);
      await this.closeAssignment(db, caseId, 'withdrawn');
      await this.squads.releaseIfIdle(db, from, { actorId: step.actor.id, caseId });
      const distanceM = await this.squads.claimForCase(db, squadId, this.pointOf(current), {
        actorId: step.actor.id,
        caseId,
      });
      await this.openAssignment(db, caseId, squadId, step.actor.id, distanceM);
      return {
        events: [
          {
            type: 'case:reassigned',
            fromStatus: current.status,
            toStatus: 'dispatched',
            squadId,
            detail: {
              fromSquadId: from,
              distanceM: distanceM === null ? null : Math.round(distanceM),
              ...(reason ? { reason } : {}),
            },
          },
        ],
        squads: [from, squadId],
        formerSquadId: from,
      };
    });
  }

  // The squad's steps ------------------------------------------------------------

  /** 接单: the assigned squad takes the case on. */
  accept(caseId: number, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'accept', actor, async ({ db, current }) => {
      await db.query(
        `UPDATE assignments SET status = 'accepted', accepted_at = now() WHERE case_id = $1 AND status = 'assigned'`,
        [caseId],
      );
      return { events: [this.squadEvent(current, 'case:accepted', 'accepted', {})] };
    });
  }

  /** 退单: the squad hands the case back to the dispatcher, with why; the clocks keep running. */
  returnCase(caseId: number, reason: string, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'return', actor, async ({ db, current }) => {
      const squadId = current.squad_id!;
      await this.closeAssignment(db, caseId, 'returned');
      await db.query('UPDATE cases SET squad_id = NULL WHERE id = $1', [caseId]);
      await this.squads.releaseIfIdle(db, squadId, { actorId: actor.id, caseId });
      return {
        events: [this.squadEvent(current, 'case:returned', 'returned', { reason })],
        squads: [squadId],
        formerSquadId: squadId,
      };
    });
  }

  enRoute(caseId: number, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'en_route', actor, async ({ current }) => ({
      events: [this.squadEvent(current, 'case:en_route', 'en_route', {})],
    }));
  }

  /** 到场: meets the arrival clock. */
  onScene(caseId: number, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'on_scene', actor, async ({ db, current, at }) => {
      const deadline = await meetClock(db, caseId, 'arrive', at);
      return { events: [this.squadEvent(current, 'case:on_scene', 'on_scene', deadline ? { deadline } : {})] };
    });
  }

  /**
   * 处置完毕: meets the disposal clock (and the arrival clock, if the squad
   * never said it arrived: it evidently did), frees the squad once it has no
   * other live case, and starts the clock to verify and close.
   */
  dispose(caseId: number, body: DisposeBody, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'dispose', actor, async (step) => {
      const { db, current, at } = step;
      const photoIds = body.photoIds ?? [];
      if (photoIds.length) {
        const { rows } = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM case_photos WHERE case_id = $1 AND id = ANY($2::bigint[])',
          [caseId, photoIds],
        );
        if (rows[0]!.n !== new Set(photoIds).size) {
          throw unprocessable('body.photoIds', 'Every photo must first be uploaded to this case');
        }
      }
      await meetClock(db, caseId, 'arrive', at);
      const deadline = await meetClock(db, caseId, 'dispose', at);
      await this.closeAssignment(db, caseId, 'disposed');
      await this.squads.releaseIfIdle(db, current.squad_id!, { actorId: actor.id, caseId });
      const closeBy = await startClock(db, await step.clocks(), caseId, 'close', {
        limit: current.time_limits.close ?? null,
        at,
      });
      return {
        events: [
          this.squadEvent(current, 'case:disposed', 'disposed', {
            note: body.note,
            photoIds,
            ...(deadline ? { deadline } : {}),
            ...(closeBy ? { deadlines: { close: closeBy.toISOString() } } : {}),
          }),
        ],
        squads: [current.squad_id],
      };
    });
  }

  // Verification ---------------------------------------------------------------

  /**
   * 核查结案: a supervisor has verified the disposal. A confirmed violation by
   * the case's merchant is recorded and grades the merchant in the same commit.
   */
  close(caseId: number, body: CloseBody, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'close', actor, async ({ db, current, at }) => {
      const finding = body.violation ? await confirmCaseViolation(db, current, body.violation, actor.id, at) : null;
      const deadline = await meetClock(db, caseId, 'close', at);
      return {
        events: [
          {
            type: 'case:closed',
            fromStatus: 'disposed',
            toStatus: 'closed',
            squadId: current.squad_id,
            detail: {
              ...(body.comment ? { comment: body.comment } : {}),
              ...(deadline ? { deadline } : {}),
              ...(finding ? { violation: finding.detail } : {}),
            },
          },
        ],
        ...(finding?.change ? { grades: [finding.change] } : {}),
      };
    });
  }

  /** Links the case to the registered merchant it is about (or unlinks it, with null). */
  linkMerchant(caseId: number, merchantId: number | null, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'link_merchant', actor, async ({ db, current }) => {
      if (merchantId === current.merchant_id) {
        throw conflict(
          merchantId === null ? 'not_linked' : 'already_linked',
          merchantId === null
            ? 'The case is not linked to a merchant'
            : `The case is already linked to ${current.merchant_name}`,
        );
      }
      // The record a confirmed close made stays about that merchant: the case cannot move to another.
      if (await violationRecordedFor(db, caseId)) {
        throw conflict('violation_recorded', 'A violation of this case is on the merchant’s record; it stays linked');
      }
      const bySquad =
        actor.role === 'squad_member' && actor.squadId !== null ? { squadId: actor.squadId, caseId } : null;
      const merchant = merchantId === null ? null : await linkableMerchant(db, merchantId, bySquad);
      await db.query('UPDATE cases SET merchant_id = $2 WHERE id = $1', [caseId, merchantId]);
      return {
        events: [
          {
            type: 'case:merchant_linked',
            fromStatus: current.status,
            toStatus: current.status,
            squadId: current.squad_id,
            detail: {
              merchantId,
              merchantName: merchant?.name ?? null,
              previousMerchantId: current.merchant_id,
            },
          },
        ],
      };
    });
  }

  /** 返工: verification found the job not done; back to the same squad, with fresh clocks. */
  rework(caseId: number, reason: string, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'rework', actor, async (step) => {
      const deadlines = await this.reopen(step);
      return {
        events: [
          {
            type: 'case:reworked',
            fromStatus: 'disposed',
            toStatus: 'dispatched',
            squadId: step.current.squad_id,
            detail: { reason, deadlines },
          },
        ],
        squads: [step.current.squad_id],
      };
    });
  }

  /** Folds a duplicate into the case it repeats: its clocks stop and its squad, if any, is freed. */
  merge(caseId: number, intoCaseId: number, actor: AuthUser): Promise<CaseDto> {
    if (intoCaseId === caseId)
      return Promise.reject(unprocessable('body.intoCaseId', 'A case cannot merge into itself'));
    return this.act(
      caseId,
      'merge',
      actor,
      async ({ db, current, at }) => {
        const { rows } = await db.query<{ status: CaseStatus; case_no: string }>(
          'SELECT status, case_no FROM cases WHERE id = $1',
          [intoCaseId],
        );
        const target = rows[0];
        if (!target) throw unprocessable('body.intoCaseId', `No case ${intoCaseId}`);
        if (!OPEN_CASE_STATUSES.includes(target.status)) {
          throw conflict('target_not_open', `Case ${target.case_no} is ${target.status}; merge into an open case`);
        }
        const squadId = current.squad_id;
        if (squadId !== null && WITH_SQUAD_STATUSES.includes(current.status)) {
          await this.closeAssignment(db, caseId, 'withdrawn');
          await db.query('UPDATE cases SET squad_id = NULL WHERE id = $1', [caseId]);
          await this.squads.releaseIfIdle(db, squadId, { actorId: actor.id, caseId });
        }
        // Status and link together: the table's check wants both or neither.
        await db.query(`UPDATE cases SET status = 'merged', merged_into = $2 WHERE id = $1`, [caseId, intoCaseId]);
        await cancelClocks(db, caseId, ['register', 'arrive', 'dispose', 'close'], at);
        return {
          events: [
            {
              type: 'case:merged',
              fromStatus: current.status,
              toStatus: 'merged',
              squadId,
              detail: { intoCaseId, intoCaseNo: target.case_no },
            },
          ],
          squads: [squadId],
          formerSquadId: squadId,
        };
      },
      // Both rows, lowest id first, so two opposite merges cannot deadlock.
      [intoCaseId],
    );
  }

  // Extensions -------------------------------------------------------------------

  /** 申请延期: only before the deadline, one request at a time. */
  requestExtension(caseId: number, body: ExtensionRequestBody, actor: AuthUser): Promise<CaseDto> {
    const stage = body.stage ?? 'dispose';
    return this.act(caseId, 'request_extension', actor, async ({ db, current, at }) => {
      if (current.extension_request) {
        throw conflict('extension_pending', 'An extension request is already waiting for a supervisor');
      }
      const clock = await runningClock(db, caseId, stage);
      if (!clock) throw conflict('no_running_clock', `No ${stage} clock is running on this case`);
      if (clock.dueAt <= at) {
        throw conflict('deadline_passed', 'An extension must be requested before the deadline', {
          dueAt: clock.dueAt.toISOString(),
        });
      }
      const request = {
        stage,
        extendBy: body.extendBy,
        reason: body.reason,
        requestedBy: actor.displayName,
        requestedAt: at.toISOString(),
      };
      await db.query('UPDATE cases SET extension_request = $2::jsonb WHERE id = $1', [caseId, JSON.stringify(request)]);
      return {
        events: [
          {
            type: 'case:extension_requested',
            fromStatus: current.status,
            toStatus: current.status,
            squadId: current.squad_id,
            detail: { stage, extendBy: body.extendBy, reason: body.reason, dueAt: clock.dueAt.toISOString() },
          },
        ],
      };
    });
  }

  decideExtension(caseId: number, approve: boolean, body: CommentBody, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, approve ? 'approve_extension' : 'refuse_extension', actor, async (step) => {
      const { db, current, at } = step;
      const request = current.extension_request;
      if (!request) throw conflict('no_extension_request', 'No extension request is waiting on this case');
      await db.query('UPDATE cases SET extension_request = NULL WHERE id = $1', [caseId]);
      const comment = body.comment ? { comment: body.comment } : {};
      const base = { fromStatus: current.status, toStatus: current.status, squadId: current.squad_id };
      if (!approve) {
        return { events: [{ ...base, type: 'case:extension_refused', detail: { stage: request.stage, ...comment } }] };
      }
      const clock = await runningClock(db, caseId, request.stage);
      if (!clock) throw conflict('no_running_clock', `The ${request.stage} clock has already stopped`);
      const moved = await extendClock(db, await step.clocks(), clock, request.extendBy, at);
      return {
        events: [
          {
            ...base,
            type: 'case:extension_approved',
            detail: {
              stage: request.stage,
              extendBy: request.extendBy,
              previousDueAt: moved.previousDueAt.toISOString(),
              dueAt: moved.dueAt.toISOString(),
              ...comment,
            },
          },
        ],
      };
    });
  }

  // Supervision (督办) -------------------------------------------------------------

  supervise(caseId: number, body: CommentBody, actor: AuthUser): Promise<CaseDto> {
    return this.setSupervised(caseId, true, body, actor);
  }

  liftSupervision(caseId: number, body: CommentBody, actor: AuthUser): Promise<CaseDto> {
    return this.setSupervised(caseId, false, body, actor);
  }

  private setSupervised(caseId: number, on: boolean, body: CommentBody, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, on ? 'supervise' : 'lift_supervision', actor, async ({ db, current }) => {
      if (current.supervised === on) {
        throw conflict(
          on ? 'already_supervised' : 'not_supervised',
          on ? 'The case is already under supervision' : 'The case is not under supervision',
        );
      }
      await db.query('UPDATE cases SET supervised = $2, supervision_comment = $3 WHERE id = $1', [
        caseId,
        on,
        on ? (body.comment ?? null) : null,
      ]);
      return {
        events: [
          {
            type: on ? 'case:supervised' : 'case:supervision_lifted',
            fromStatus: current.status,
            toStatus: current.status,
            squadId: current.squad_id,
            detail: body.comment ? { comment: body.comment } : {},
          },
        ],
      };
    });
  }

  // The complainant ----------------------------------------------------------------

  /** 反馈: the complainant has been told the outcome. */
  feedback(caseId: number, body: FeedbackBody, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'feedback', actor, async ({ db, current }) => {
      await db.query('UPDATE cases SET feedback_given = true WHERE id = $1', [caseId]);
      return {
        events: [
          {
            type: 'case:feedback',
            fromStatus: current.status,
            toStatus: current.status,
            squadId: current.squad_id,
            detail: { method: body.method, content: body.content },
          },
        ],
      };
    });
  }

  /** 回访: the follow-up call. A dissatisfied complainant reopens the case as rework. */
  followUp(caseId: number, body: FollowUpBody, actor: AuthUser): Promise<CaseDto> {
    return this.act(caseId, 'follow_up', actor, async (step) => {
      const { db, current } = step;
      await db.query('UPDATE cases SET satisfaction = $2 WHERE id = $1', [caseId, body.satisfaction]);
      const events: EventDraft[] = [
        {
          type: 'case:followed_up',
          fromStatus: current.status,
          toStatus: current.status,
          squadId: current.squad_id,
          detail: { satisfaction: body.satisfaction, ...(body.comment ? { comment: body.comment } : {}) },
        },
      ];
      if (body.satisfaction !== 'dissatisfied') return { events };
      if (current.squad_id === null) throw conflict('no_squad', 'The case has no squad to send it back to');
      const deadlines = await this.reopen(step);
      events.push({
        type: 'case:reopened',
        fromStatus: 'closed',
        toStatus: 'dispatched',
        squadId: current.squad_id,
        detail: { deadlines },
      });
      return { events, squads: [current.squad_id] };
    });
  }

  // Plumbing ------------------------------------------------------------------------

  /**
   * Runs one transition: locks the case, checks who may take the action and
   * from which status (403 / 404 for another squad's case / 409 listing what
   * is allowed), runs the work and appends its events, then pushes them.
   */
  private async act(
    caseId: number,
    action: CaseActionName,
    actor: AuthUser,
    work: (step: Step) => Promise<StepResult>,
    alsoLock: number[] = [],
  ): Promise<CaseDto> {
    const { row, events, result } = await withTransaction(this.pool, async (db) => {
      if (alsoLock.length) {
        await db.query('SELECT id FROM cases WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [
          [caseId, ...alsoLock],
        ]);
      }
      const current = await this.lockCase(db, caseId);
      authorise(action, actor, current);
      const { rows } = await db.query<{ now: Date }>('SELECT now() AS now');
      let clocks: Promise<Clocks> | undefined;
      const result = await work({ db, current, actor, at: rows[0]!.now, clocks: () => (clocks ??= loadClocks(db)) });
      // The action table says where the case goes; the work did the rest.
      const to = CASE_ACTIONS[action].to;
      if (to !== null) await this.setStatus(db, caseId, to);
      return { ...(await this.record(db, actor.id, caseId, result.events)), result };
    });
    this.publishAll(events, row, actor.displayName, result.formerSquadId);
    if (result.grades?.length) this.grades.publish(result.grades);
    for (const squadId of new Set(result.squads ?? [])) if (squadId !== null) this.squads.announce(squadId);
    return toCaseDto(row, audienceFor(actor.role));
  }

  private publishAll(events: AppendedEvent[], row: CaseRow, actorName: string | null, formerSquadId?: number | null) {
    for (const event of events) {
      this.publisher.publish(
        event,
        { ...row, last_seq: event.seq, updated_at: event.createdAt },
        actorName,
        formerSquadId ?? null,
      );
    }
  }

  /** Reads the case and locks its row (only the case's: the joined rows are for display). */
  private async lockCase(db: DbClient, caseId: number): Promise<CaseRow> {
    const { rows } = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [caseId]);
    if (!rows[0]) throw notFound('Case');
    return rows[0];
  }

  private async categoryFor(db: DbClient, input: CreateCaseBody) {
    if (!input.categoryCode) return null;
    const { rows } = await db.query<{ priority: number; limits: StageLimits }>(
      'SELECT priority, limits FROM categories WHERE code = $1 AND active',
      [input.categoryCode],
    );
    if (!rows[0]) throw unprocessable('body.categoryCode', `Unknown category code ${input.categoryCode}`);
    return rows[0];
  }

  private async registerEvent(
    db: DbClient,
    caseId: number,
    at: Date,
    from: CaseStatus,
    detail: Record<string, unknown>,
  ): Promise<EventDraft> {
    await this.setStatus(db, caseId, 'registered');
    const deadline = await meetClock(db, caseId, 'register', at);
    return {
      type: 'case:registered',
      fromStatus: from,
      toStatus: 'registered',
      squadId: null,
      detail: { ...detail, ...(deadline ? { deadline } : {}) },
    };
  }

  /** Starts (or keeps) the arrival and disposal clocks; a hotline ticket's own deadline wins for disposal. */
  private async startWorkClocks({ db, current, at, clocks }: Step): Promise<Record<string, string>> {
    const resolved = await clocks();
    const limits = current.time_limits;
    const arrive = await startClock(db, resolved, current.id, 'arrive', { limit: limits.arrive ?? null, at });
    const dispose = await startClock(db, resolved, current.id, 'dispose', {
      limit: limits.dispose ?? null,
      ...(current.ticket_due_at ? { dueAt: current.ticket_due_at } : {}),
      at,
    });
    const deadlines: Record<string, string> = {};
    if (arrive) deadlines.arrive = arrive.toISOString();
    if (dispose) deadlines.dispose = dispose.toISOString();
    return deadlines;
  }

  /** Back to the same squad (rework, reopened): new assignment, fresh arrival and disposal clocks. */
  private async reopen(step: Step): Promise<Record<string, string>> {
    const { db, current, at } = step;
    const squadId = current.squad_id!;
    await cancelClocks(db, current.id, ['close'], at);
    await db.query(`UPDATE cases SET status = 'dispatched', rework_count = rework_count + 1 WHERE id = $1`, [
      current.id,
    ]);
    await this.squads.occupy(db, squadId, { actorId: step.actor.id, caseId: current.id });
    await this.openAssignment(db, current.id, squadId, step.actor.id, null);
    // The ticket's deadline was for the first round; rework runs on the category's limits.
    return this.startWorkClocks({ ...step, current: { ...current, ticket_due_at: null } });
  }

  private async openAssignment(db: DbClient, caseId: number, squadId: number, by: number, distanceM: number | null) {
    await db.query(`INSERT INTO assignments (case_id, squad_id, assigned_by, distance_m) VALUES ($1, $2, $3, $4)`, [
      caseId,
      squadId,
      by,
      distanceM,
    ]);
    await db.query(`UPDATE cases SET status = 'dispatched', squad_id = $2 WHERE id = $1`, [caseId, squadId]);
  }

  private async closeAssignment(db: DbClient, caseId: number, status: 'withdrawn' | 'returned' | 'disposed') {
    await db.query(
      `UPDATE assignments SET status = $2, finished_at = now() WHERE case_id = $1 AND status IN ('assigned', 'accepted')`,
      [caseId, status],
    );
  }

  private setStatus(db: DbClient, caseId: number, status: CaseStatus) {
    return db.query('UPDATE cases SET status = $2 WHERE id = $1', [caseId, status]);
  }

  private squadEvent(
    current: CaseRow,
    type: EventDraft['type'],
    to: CaseStatus,
    detail: Record<string, unknown>,
  ): EventDraft {
    return { type, fromStatus: current.status, toStatus: to, squadId: current.squad_id, detail };
  }

  private requireLocation(current: CaseRow): void {
    if (current.lng === null) {
      throw conflict('needs_location', `Case ${current.case_no} has no location yet; place it before dispatching`);
    }
  }

  private pointOf(current: CaseRow): LngLat {
    return { lng: current.lng!, lat: current.lat! };
  }

  /**
   * Reads the changed case, then appends its events as the transaction's last
   * statements: the event log's lock is held from there to the commit, so
   * nothing else may run inside it.
   */
  private async record(db: DbClient, actorId: number | null, caseId: number, drafts: EventDraft[]) {
    const row = (await findCaseRow(db, caseId))!;
    const events: AppendedEvent[] = [];
    for (const draft of drafts) events.push(await appendCaseEvent(db, { ...draft, caseId, actorId }));
    const last = events[events.length - 1]!;
    return { row: { ...row, last_seq: last.seq, updated_at: last.createdAt }, events };
  }
}

/** 404 for another squad's case (it is not even acknowledged to exist), 403 for a role, 409 for a status. */
function authorise(action: CaseActionName, actor: AuthUser, current: CaseRow): void {
  const assignedToMe = actor.role === 'squad_member' && current.squad_id !== null && current.squad_id === actor.squadId;
  if (actor.role === 'squad_member' && !assignedToMe) throw notFound('Case');
  if (!mayAct(action, actor.role, assignedToMe))
    throw forbidden(`Your role may not ${action.replace('_', ' ')} a case`);
  const rule = CASE_ACTIONS[action];
  if (!(rule.from as readonly CaseStatus[]).includes(current.status)) {
    const allowed = actionsFrom(current.status);
    // The dispatcher who lost a race to another one needs to hear exactly that.
    const lostRace = action === 'assign' && WITH_SQUAD_STATUSES.includes(current.status);
    throw conflict(
      lostRace ? 'already_assigned' : 'invalid_transition',
      lostRace
        ? `Case ${current.case_no} is already ${current.status} to ${current.squad_name}`
        : `Case ${current.case_no} is ${current.status}; ${action} is allowed only from ${rule.from.join(', ')}. ` +
            `Allowed now: ${allowed.join(', ') || 'nothing'}`,
      {
        status: current.status,
        action,
        allowedFrom: rule.from,
        allowed,
        allowedForYou: availableActions(current.status, actor.role, assignedToMe),
      },
    );
  }
}

export function canRead(viewer: AuthUser, row: Pick<CaseRow, 'squad_id'>): boolean {
  return viewer.role !== 'squad_member' || (row.squad_id !== null && row.squad_id === viewer.squadId);
}

function describeMatch(match: GazetteerMatch): string {
  return `${match.label} (${match.level}, ${match.confidence})`;
}

function asArray<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}
