import type { CaseEventType, EventsPage } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import type { AuthUser } from '../auth/sessions.ts';
import { audienceFor, findCaseRows, toCaseDto } from '../cases/case-view.ts';
import { envelope } from '../cases/publisher.ts';

/**
 * Replays the log. Each envelope carries the case as it stands now (not as
 * it stood then): a client catching up needs the present, and CaseDto.lastSeq
 * tells it which snapshot is newer. A squad member gets only the events
 * recorded for its squad, including those that took a case away from it
 * (returned, reassigned, merged), so its phone drops the case too.
 */
export async function readEventsAfter(
  db: Queryable,
  viewer: AuthUser,
  after: number,
  limit: number,
): Promise<EventsPage> {
  const squadId = viewer.role === 'squad_member' ? viewer.squadId : null;
  const { rows } = await db.query<{
    seq: number;
    type: CaseEventType;
    created_at: Date;
    case_id: number;
    actor: string | null;
  }>(
    `SELECT ce.seq, ce.type, ce.created_at, ce.case_id, u.display_name AS actor
       FROM case_events ce
       LEFT JOIN users u ON u.id = ce.actor_id
      WHERE ce.seq > $1
        AND ($3::int IS NULL OR ce.squad_id = $3 OR (ce.detail->>'fromSquadId')::int = $3)
      ORDER BY ce.seq
      LIMIT $2`,
    [after, limit + 1, squadId],
  );
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const cases = new Map((await findCaseRows(db, [...new Set(page.map((r) => r.case_id))])).map((c) => [c.id, c]));
  const audience = audienceFor(viewer.role);
  const { rows: latest } = await db.query<{ seq: number }>(
    'SELECT coalesce(max(seq), 0)::bigint AS seq FROM case_events',
  );
  return {
    events: page.map((r) =>
      envelope(
        { seq: r.seq, type: r.type, caseId: r.case_id, createdAt: r.created_at },
        toCaseDto(cases.get(r.case_id)!, audience),
        r.actor,
      ),
    ),
    latestSeq: latest[0]!.seq,
    hasMore,
  };
}
