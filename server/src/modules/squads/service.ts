import type { LngLat, Recommendation, SquadDto, SquadKind, SquadStatus } from '@civic/shared';
import { withTransaction, type DbClient, type Pool, type Queryable } from '../../db/pool.ts';
import { conflict, notFound, unprocessable } from '../../http/errors.ts';
import type { Realtime } from '../../plugins/realtime.ts';

interface SquadRow {
  id: number;
  code: string;
  name: string;
  kind: SquadKind;
  status: SquadStatus;
  lng: number | null;
  lat: number | null;
  position_at: Date | null;
  fresh: boolean;
  open_cases: number;
}

/** Columns of a SquadRow from `squads s`; $1 is the freshness limit in seconds. */
const SQUAD_COLUMNS = `
  s.id, s.code, s.name, s.kind, s.status,
  ST_X(s.position::geometry) AS lng, ST_Y(s.position::geometry) AS lat, s.position_at,
  coalesce(s.position_at > now() - make_interval(secs => $1), false) AS fresh,
  (SELECT count(*)::int FROM assignments a WHERE a.squad_id = s.id AND a.status IN ('assigned', 'accepted')) AS open_cases`;

const KIND_LABEL: Record<SquadKind, string> = {
  enforcement: '执法中队',
  inspector: '数字化监督员',
  sanitation: '环卫保洁',
  street_assistant: '镇街协管员',
  volunteer: '城管志愿者',
};

function toSquadDto(row: SquadRow): SquadDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    status: row.status,
    position: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    positionAt: row.position_at?.toISOString() ?? null,
    positionFresh: row.fresh,
    openCases: row.open_cases,
  };
}

/** Dispatchable teams: where they are, whether they are free, who is nearest. */
export class SquadService {
  constructor(
    private readonly pool: Pool,
    private readonly realtime: Realtime | undefined,
    private readonly freshSeconds: number,
    /** Where failures of after-commit pushes go; they must not fail the request. */
    private readonly reportError: (error: unknown) => void = () => undefined,
  ) {}

  async list(onlySquadId?: number | null): Promise<SquadDto[]> {
    const { rows } = await this.pool.query<SquadRow>(
      `SELECT ${SQUAD_COLUMNS} FROM squads s WHERE ($2::int IS NULL OR s.id = $2) ORDER BY s.code`,
      [this.freshSeconds, onlySquadId ?? null],
    );
    return rows.map(toSquadDto);
  }

  async get(id: number, db: Queryable = this.pool): Promise<SquadDto> {
    const { rows } = await db.query<SquadRow>(`SELECT ${SQUAD_COLUMNS} FROM squads s WHERE s.id = $2`, [
      this.freshSeconds,
      id,
    ]);
    if (!rows[0]) throw notFound('Squad');
    return toSquadDto(rows[0]);
  }

  /**
   * The nearest dispatchable squads to a point, by true distance in metres:
   * KNN (`<->`) on `geography` uses the GiST index and ranks on the spheroid,
   * where planar degrees would rank east-west neighbours too far.
   * Dispatchable = available, with a position younger than the freshness limit.
   */
  async recommend(point: LngLat, limit: number): Promise<Recommendation[]> {
    const { rows } = await this.pool.query<SquadRow & { distance_m: number }>(
      `WITH target AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography AS g)
       SELECT ${SQUAD_COLUMNS}, ST_Distance(s.position, target.g) AS distance_m
         FROM squads s, target
        WHERE s.status = 'available'
          AND s.position IS NOT NULL
          AND s.position_at > now() - make_interval(secs => $1)
        ORDER BY s.position <-> target.g
        LIMIT $4`,
      [this.freshSeconds, point.lng, point.lat, limit],
    );
    return rows.map((row, index) => ({
      squad: toSquadDto(row),
      distanceM: Math.round(row.distance_m),
      reason: recommendationReason(row, index),
    }));
  }

  /**
   * Locks the squad for an assignment in the caller's transaction and marks
   * it busy. 409 when another dispatcher got there first or it is not free.
   * Returns the distance in metres from its last position to the case.
   */
  async claimForCase(
    db: DbClient,
    squadId: number,
    point: LngLat,
    by: { actorId: number; caseId: number },
  ): Promise<number | null> {
    const { rows } = await db.query<{ status: SquadStatus; name: string; distance_m: number | null }>(
      `SELECT status, name, ST_Distance(position, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS distance_m
         FROM squads WHERE id = $1 FOR UPDATE`,
      [squadId, point.lng, point.lat],
    );
    const squad = rows[0];
    if (!squad) throw unprocessable('body.squadId', `Squad ${squadId} does not exist`);
    if (squad.status !== 'available') {
      throw conflict('squad_unavailable', `${squad.name} is ${squad.status} and cannot take this case`, {
        squadStatus: squad.status,
      });
    }
    await db.query(`UPDATE squads SET status = 'busy' WHERE id = $1`, [squadId]);
    await recordStatusChange(db, { squadId, from: 'available', to: 'busy', reason: 'assigned', ...by });
    return squad.distance_m;
  }

  /**
   * Gives a squad back work that was already its own (rework, a reopened
   * case): busy if it was free, whatever else it is doing, because the case
   * is its unfinished job, not a new one to be won in a race.
   */
  async occupy(db: DbClient, squadId: number, by: { actorId: number; caseId: number }): Promise<void> {
    const { rowCount } = await db.query(`UPDATE squads SET status = 'busy' WHERE id = $1 AND status = 'available'`, [
      squadId,
    ]);
    if (rowCount) await recordStatusChange(db, { squadId, from: 'available', to: 'busy', reason: 'assigned', ...by });
  }

  /** Back to available once a busy squad has no live assignment left. */
  async releaseIfIdle(db: DbClient, squadId: number, by: { actorId: number; caseId: number }): Promise<void> {
    const { rowCount } = await db.query(
      `UPDATE squads SET status = 'available'
        WHERE id = $1 AND status = 'busy'
          AND NOT EXISTS (SELECT 1 FROM assignments WHERE squad_id = $1 AND status IN ('assigned', 'accepted'))`,
      [squadId],
    );
    if (rowCount) await recordStatusChange(db, { squadId, from: 'busy', to: 'available', reason: 'released', ...by });
  }

  /** A person sets the status (the squad on its phone, or a dispatcher). No change, no event. */
  async setStatus(squadId: number, status: SquadStatus, actorId: number): Promise<SquadDto> {
    await withTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ status: SquadStatus }>('SELECT status FROM squads WHERE id = $1 FOR UPDATE', [
        squadId,
      ]);
      const from = rows[0]?.status;
      if (from === undefined) throw notFound('Squad');
      if (from === status) return;
      await db.query('UPDATE squads SET status = $2 WHERE id = $1', [squadId, status]);
      await recordStatusChange(db, { squadId, from, to: status, reason: 'manual', actorId, caseId: null });
    });
    return this.publishSquad(squadId);
  }

  async updatePosition(squadId: number, position: LngLat): Promise<void> {
    const { rows } = await this.pool.query<{ position_at: Date }>(
      `UPDATE squads SET position = ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, position_at = now()
        WHERE id = $1 RETURNING position_at`,
      [squadId, position.lng, position.lat],
    );
    const row = rows[0];
    if (!row) throw notFound('Squad');
    this.realtime?.queuePosition({ squadId, lng: position.lng, lat: position.lat, at: row.position_at.toISOString() });
  }

  /**
   * Pushes a squad's new state after a committed change. A failure here is
   * logged, never thrown: the change is already in the database, and the
   * clients' next resync shows it.
   */
  announce(squadId: number): void {
    this.publishSquad(squadId).catch(this.reportError);
  }

  async publishSquad(squadId: number): Promise<SquadDto> {
    const squad = await this.get(squadId);
    this.realtime?.toDispatch('squad:updated', squad);
    this.realtime?.toSquad(squadId, 'squad:updated', squad);
    return squad;
  }
}

function recordStatusChange(
  db: Queryable,
  change: {
    squadId: number;
    from: SquadStatus;
    to: SquadStatus;
    reason: 'manual' | 'assigned' | 'released';
    actorId: number;
    caseId: number | null;
  },
) {
  return db.query(
    `INSERT INTO squad_status_events (squad_id, from_status, to_status, reason, actor_id, case_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [change.squadId, change.from, change.to, change.reason, change.actorId, change.caseId],
  );
}

function recommendationReason(row: SquadRow & { distance_m: number }, rank: number): string {
  const distance =
    Math.round(row.distance_m) >= 1000
      ? `${(row.distance_m / 1000).toFixed(1)} 公里`
      : `${Math.round(row.distance_m)} 米`;
  const ageSeconds = row.position_at ? Math.max(0, Math.round((Date.now() - row.position_at.getTime()) / 1000)) : 0;
  const nearest = rank === 0 ? '最近的空闲队伍' : `第 ${rank + 1} 近的空闲队伍`;
  return `${nearest}（${KIND_LABEL[row.kind]}），直线距离 ${distance}，位置 ${ageSeconds} 秒前更新`;
}
