import type { CaseDto, CaseListQuery, CaseStatus, CreateCaseBody, LngLat } from '@civic/shared';
import { OPEN_CASE_STATUSES } from '@civic/shared';
import { withTransaction, type DbClient, type Pool } from '../../db/pool.ts';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../http/errors.ts';
import type { AuthUser } from '../auth/sessions.ts';
import { lookupAddress, type GazetteerMatch } from '../geocode/gazetteer.ts';
import type { SquadService } from '../squads/service.ts';
import { audienceFor, CASE_SELECT, findCaseRow, toCaseDto, type CaseRow } from './case-view.ts';
import { appendCaseEvent, type NewCaseEvent } from './events-log.ts';
import type { CaseEventPublisher } from './publisher.ts';

/**
 * Filing, reading and the skeleton's part of the closed loop:
 * received → dispatched (assigned) → accepted → disposed.
 * Each change and its case_events row commit together; the live push
 * happens only after the commit.
 */
export class CaseService {
  constructor(
    private readonly pool: Pool,
    private readonly squads: SquadService,
    private readonly publisher: CaseEventPublisher,
  ) {}

  async create(input: CreateCaseBody, actor: AuthUser): Promise<CaseDto> {
    if (actor.role === 'squad_member' && input.channel !== 'patrol') {
      // A squad in the field files what it finds; complaints from the public come through intake.
      throw unprocessable('body.channel', 'A squad member files only patrol findings (channel "patrol")');
    }
    if (!input.location && !input.address) {
      throw badRequest('body.location', 'Give a location (WGS-84 point) or an address');
    }
    const placed = input.location ? undefined : await lookupAddress(this.pool, input.address!);
    const point = input.location ?? placed;
    const { row, event } = await withTransaction(this.pool, async (db) => {
      const priority = await this.priorityFor(db, input);
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO cases (case_no, channel, category_code, description, address, location, location_source,
                            location_match, priority, complainant_name, complainant_phone, sub_district_id, created_by)
         SELECT 'HJ' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('case_number_seq')::text, 6, '0'),
                $1, $2, $3, $4, p.geom, $7, $8, $9, $10, $11,
                (SELECT id FROM sub_districts sd WHERE ST_Covers(sd.geom, p.geom) ORDER BY id LIMIT 1), $12
           FROM (SELECT CASE WHEN $5::float8 IS NULL THEN NULL
                             ELSE ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326) END AS geom) p
         RETURNING id`,
        [
          input.channel,
          input.categoryCode ?? null,
          input.description,
          input.address ?? null,
          point?.lng ?? null,
          point?.lat ?? null,
          point ? (placed ? 'gazetteer' : 'point') : null,
          placed ? describeMatch(placed) : null,
          priority,
          input.complainantName ?? null,
          input.complainantPhone ?? null,
          actor.id,
        ],
      );
      const caseId = rows[0]!.id;
      return this.record(db, actor, {
        caseId,
        type: 'case:created',
        fromStatus: null,
        toStatus: 'received',
        squadId: null,
        detail: { channel: input.channel, placed: placed ? describeMatch(placed) : input.location ? 'point' : null },
      });
    });
    this.publisher.publish(event, row, actor.displayName);
    return toCaseDto(row, audienceFor(actor.role));
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
        ORDER BY c.id DESC
        LIMIT $4`,
      [
        statuses ?? null,
        query.needsLocation ?? null,
        viewer.role === 'squad_member' ? viewer.squadId : null,
        query.limit ?? 200,
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
    const { row, event } = await withTransaction(this.pool, async (db) => {
      const current = await this.lockCase(db, caseId);
      if (current.status !== 'received') {
        throw conflict('invalid_transition', `Case is ${current.status}; it can be placed only before dispatch`, {
          status: current.status,
          allowedFrom: ['received'],
        });
      }
      await db.query(
        `UPDATE cases SET location = p.geom, location_source = 'manual', location_match = NULL,
                sub_district_id = (SELECT id FROM sub_districts sd WHERE ST_Covers(sd.geom, p.geom) ORDER BY id LIMIT 1)
           FROM (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS geom) p
          WHERE cases.id = $1`,
        [caseId, point.lng, point.lat],
      );
      const previous = current.lng === null ? null : { lng: current.lng, lat: current.lat };
      return this.record(db, actor, {
        caseId,
        type: 'case:located',
        fromStatus: current.status,
        toStatus: current.status,
        squadId: null,
        detail: { previous, location: point },
      });
    });
    this.publisher.publish(event, row, actor.displayName);
    return toCaseDto(row, audienceFor(actor.role));
  }

  /**
   * Sends a squad. Both rows are locked (case first, then squad, always in
   * that order so two dispatchers cannot deadlock); the loser of a race sees
   * the winner's change and gets a 409.
   */
  async assign(caseId: number, squadId: number, actor: AuthUser): Promise<CaseDto> {
    const { row, event } = await withTransaction(this.pool, async (db) => {
      const current = await this.lockCase(db, caseId);
      if (current.status !== 'received') {
        throw conflict(
          'already_assigned',
          current.squad_name
            ? `Case ${current.case_no} is already ${current.status} to ${current.squad_name}`
            : `Case ${current.case_no} is ${current.status} and cannot be assigned`,
          { status: current.status, squadId: current.squad_id },
        );
      }
      if (current.lng === null) {
        throw conflict('needs_location', `Case ${current.case_no} has no location yet; place it before dispatching`);
      }
      const distanceM = await this.squads.claimForCase(
        db,
        squadId,
        { lng: current.lng, lat: current.lat! },
        { actorId: actor.id, caseId },
      );
      await db.query(`INSERT INTO assignments (case_id, squad_id, assigned_by, distance_m) VALUES ($1, $2, $3, $4)`, [
        caseId,
        squadId,
        actor.id,
        distanceM,
      ]);
      await db.query(`UPDATE cases SET status = 'dispatched', squad_id = $2 WHERE id = $1`, [caseId, squadId]);
      return this.record(db, actor, {
        caseId,
        type: 'case:assigned',
        fromStatus: current.status,
        toStatus: 'dispatched',
        squadId,
        detail: { distanceM: distanceM === null ? null : Math.round(distanceM) },
      });
    });
    this.publisher.publish(event, row, actor.displayName);
    this.squads.announce(squadId);
    return toCaseDto(row, audienceFor(actor.role));
  }

  /** The assigned squad takes the case on. */
  accept(caseId: number, actor: AuthUser): Promise<CaseDto> {
    return this.squadStep(caseId, actor, 'dispatched', 'accepted', 'case:accepted', {});
  }

  /** The assigned squad reports the problem dealt with (处置完毕). */
  async dispose(caseId: number, note: string, actor: AuthUser): Promise<CaseDto> {
    const dto = await this.squadStep(caseId, actor, 'accepted', 'disposed', 'case:disposed', { note });
    if (dto.squadId !== null) this.squads.announce(dto.squadId);
    return dto;
  }

  private async squadStep(
    caseId: number,
    actor: AuthUser,
    from: CaseStatus,
    to: CaseStatus,
    type: NewCaseEvent['type'],
    detail: Record<string, unknown>,
  ): Promise<CaseDto> {
    const { row, event } = await withTransaction(this.pool, async (db) => {
      const current = await this.lockCase(db, caseId);
      if (actor.role === 'squad_member' && current.squad_id !== actor.squadId) {
        // Another squad's case is not even acknowledged to exist.
        throw notFound('Case');
      }
      if (actor.role !== 'squad_member' && actor.role !== 'admin') {
        throw forbidden('Only the assigned squad can do this');
      }
      if (current.status !== from) {
        throw conflict('invalid_transition', `Case is ${current.status}; this step is allowed only from ${from}`, {
          status: current.status,
          allowedFrom: [from],
        });
      }
      await db.query('UPDATE cases SET status = $2 WHERE id = $1', [caseId, to]);
      if (to === 'accepted') {
        await db.query(
          `UPDATE assignments SET status = 'accepted', accepted_at = now() WHERE case_id = $1 AND status = 'assigned'`,
          [caseId],
        );
      } else if (to === 'disposed') {
        await db.query(
          `UPDATE assignments SET status = 'disposed', finished_at = now()
            WHERE case_id = $1 AND status IN ('assigned', 'accepted')`,
          [caseId],
        );
        await this.squads.releaseIfIdle(db, current.squad_id!, { actorId: actor.id, caseId });
      }
      return this.record(db, actor, {
        caseId,
        type,
        fromStatus: from,
        toStatus: to,
        squadId: current.squad_id,
        detail,
      });
    });
    this.publisher.publish(event, row, actor.displayName);
    return toCaseDto(row, audienceFor(actor.role));
  }

  /** Reads the case and locks its row (only the case's: the joined rows are for display). */
  private async lockCase(db: DbClient, caseId: number): Promise<CaseRow> {
    const { rows } = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [caseId]);
    if (!rows[0]) throw notFound('Case');
    return rows[0];
  }

  private async priorityFor(db: DbClient, input: CreateCaseBody): Promise<number> {
    if (!input.categoryCode) return input.priority ?? 3;
    const { rows } = await db.query<{ priority: number }>('SELECT priority FROM categories WHERE code = $1', [
      input.categoryCode,
    ]);
    if (!rows[0]) throw unprocessable('body.categoryCode', `Unknown category code ${input.categoryCode}`);
    return input.priority ?? rows[0].priority;
  }

  /**
   * Reads the changed case, then appends its event as the transaction's last
   * statement: the event log's lock is held from there to the commit, so
   * nothing else may run inside it.
   */
  private async record(db: DbClient, actor: AuthUser, event: Omit<NewCaseEvent, 'actorId'>) {
    const row = (await findCaseRow(db, event.caseId))!;
    const appended = await appendCaseEvent(db, { ...event, actorId: actor.id });
    return { row: { ...row, last_seq: appended.seq, updated_at: appended.createdAt }, event: appended };
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
