import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AssignmentAckBody, CaseDto, type Role } from '@civic/shared';
import { withTransaction, type Pool } from '../../db/pool.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import type { AuthUser } from '../auth/sessions.ts';
import { audienceFor, findCaseRow, toCaseDto } from './case-view.ts';
import { appendCaseEvent, type AppendedEvent } from './events-log.ts';
import type { CaseEventPublisher } from './publisher.ts';

/** The squad's own phone reports these; an admin may, for support. */
const ACK_ROLES: Role[] = ['squad_member', 'admin'];

/**
 * Delivery and acknowledgement of an assignment: the phone says it has the
 * assignment (delivered) and a person there says they have seen it
 * (acknowledged). Both are stamped on the live assignment and written to the
 * case event log like every other change, so dispatchers get them live and
 * on replay; neither moves the case. Repeats are harmless: a stamp already
 * there is kept and nothing is appended. Acknowledging implies delivery.
 */
export class AssignmentAcks {
  constructor(
    private readonly pool: Pool,
    private readonly publisher: CaseEventPublisher,
  ) {}

  delivered(caseId: number, assignmentId: number, actor: AuthUser): Promise<CaseDto> {
    return this.#stamp(caseId, assignmentId, actor, false);
  }

  acknowledge(caseId: number, assignmentId: number, actor: AuthUser): Promise<CaseDto> {
    return this.#stamp(caseId, assignmentId, actor, true);
  }

  async #stamp(caseId: number, assignmentId: number, actor: AuthUser, acknowledge: boolean): Promise<CaseDto> {
    const { row, events } = await withTransaction(this.pool, async (db) => {
      // The case row first, as every transition takes it: a reassignment
      // cannot close the assignment between our read and our stamp.
      const { rows: cases } = await db.query<{ squad_id: number | null; status: CaseDto['status'] }>(
        'SELECT squad_id, status FROM cases WHERE id = $1 FOR UPDATE',
        [caseId],
      );
      const current = cases[0];
      if (!current) throw notFound('Case');
      if (actor.role === 'squad_member' && (current.squad_id === null || current.squad_id !== actor.squadId)) {
        throw notFound('Case');
      }
      const { rows: live } = await db.query<{
        id: number;
        squad_id: number;
        delivered_at: Date | null;
        acknowledged_at: Date | null;
      }>(
        `SELECT id, squad_id, delivered_at, acknowledged_at FROM assignments
          WHERE case_id = $1 AND status IN ('assigned', 'accepted')`,
        [caseId],
      );
      const assignment = live[0];
      if (!assignment || assignment.id !== assignmentId) {
        throw conflict('assignment_not_live', 'That assignment is no longer the live one on this case', {
          assignmentId,
          liveAssignmentId: assignment?.id ?? null,
        });
      }
      const types: ('case:delivered' | 'case:acknowledged')[] = [];
      if (assignment.delivered_at === null) types.push('case:delivered');
      if (acknowledge && assignment.acknowledged_at === null) types.push('case:acknowledged');
      if (types.length > 0) {
        await db.query(
          `UPDATE assignments
              SET delivered_at = coalesce(delivered_at, now()),
                  acknowledged_at = CASE WHEN $2 THEN coalesce(acknowledged_at, now()) ELSE acknowledged_at END
            WHERE id = $1`,
          [assignment.id, acknowledge],
        );
      }
      const row = (await findCaseRow(db, caseId))!;
      // The log's lock is held from the first append to the commit: appends go last.
      const appended: AppendedEvent[] = [];
      for (const type of types) {
        appended.push(
          await appendCaseEvent(db, {
            caseId,
            type,
            actorId: actor.id,
            fromStatus: current.status,
            toStatus: current.status,
            squadId: assignment.squad_id,
            detail: { assignmentId: assignment.id },
          }),
        );
      }
      const last = appended.at(-1);
      return { row: last ? { ...row, last_seq: last.seq, updated_at: last.createdAt } : row, events: appended };
    });
    for (const event of events) {
      this.publisher.publish(event, { ...row, last_seq: event.seq, updated_at: event.createdAt }, actor.displayName);
    }
    return toCaseDto(row, audienceFor(actor.role));
  }
}

export const assignmentAckRoutes =
  (acks: AssignmentAcks): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/cases/:id/delivered',
      {
        config: { access: ACK_ROLES },
        schema: {
          tags: ['dispatch'],
          summary: 'The squad’s phone has the assignment (送达); the dispatcher sees it. Repeats change nothing',
          params: IdParams,
          body: AssignmentAckBody,
          response: { 200: CaseDto, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => acks.delivered(request.params.id, request.body.assignmentId, currentUser(request)),
    );

    app.post(
      '/api/cases/:id/acknowledge',
      {
        config: { access: ACK_ROLES },
        schema: {
          tags: ['dispatch'],
          summary: 'A person on the squad has seen the assignment (确认收到); implies delivered',
          params: IdParams,
          body: AssignmentAckBody,
          response: { 200: CaseDto, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => acks.acknowledge(request.params.id, request.body.assignmentId, currentUser(request)),
    );
  };
