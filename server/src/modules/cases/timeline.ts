import type { CaseEventType, CaseStatus, CaseTimeline } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { notFound } from '../../http/errors.ts';
import type { AuthUser } from '../auth/sessions.ts';
import { loadCalendar } from '../clocks/settings.ts';
import { DEADLINE_JSON, toDeadlineDto } from './case-view.ts';
import { canRead } from './service.ts';

/**
 * A case's history as the case page shows it: every event, oldest first, and
 * every clock it ran with how long the stage took (or has taken so far), in
 * wall-clock and in working time.
 */
export async function timeline(db: Queryable, caseId: number, viewer: AuthUser): Promise<CaseTimeline> {
  const found = await db.query<{ squad_id: number | null }>('SELECT squad_id FROM cases WHERE id = $1', [caseId]);
  if (!found.rows[0] || !canRead(viewer, found.rows[0])) throw notFound('Case');

  const [events, deadlines, calendar, now] = await Promise.all([
    db.query<{
      seq: number;
      type: CaseEventType;
      created_at: Date;
      actor: string | null;
      from_status: CaseStatus | null;
      to_status: CaseStatus | null;
      squad_name: string | null;
      detail: Record<string, unknown>;
    }>(
      `SELECT ce.seq, ce.type, ce.created_at, u.display_name AS actor, ce.from_status, ce.to_status,
              sq.name AS squad_name, ce.detail
         FROM case_events ce
         LEFT JOIN users u ON u.id = ce.actor_id
         LEFT JOIN squads sq ON sq.id = ce.squad_id
        WHERE ce.case_id = $1
        ORDER BY ce.seq`,
      [caseId],
    ),
    db.query<Parameters<typeof toDeadlineDto>[0]>(
      `SELECT x.* FROM (${DEADLINE_JSON('d.case_id = $1 AND d.cancelled_at IS NULL')}) x ORDER BY x."startedAt", x.id`,
      [caseId],
    ),
    loadCalendar(db),
    db.query<{ now: Date }>('SELECT now() AS now'),
  ]);
  return {
    events: events.rows.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.created_at.toISOString(),
      actor: e.actor,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      squadName: e.squad_name,
      detail: e.detail,
    })),
    deadlines: deadlines.rows.map((row) => {
      const dto = toDeadlineDto(row);
      const end = dto.metAt ? new Date(dto.metAt) : now.rows[0]!.now;
      return { ...dto, elapsed: calendar.duration(new Date(dto.startedAt), end) };
    }),
  };
}
