import type { LngLat, PositionFix, Recommendation, SquadDto, SquadKind, SquadStatus, SquadTrack } from '@civic/shared';
import { withTransaction, type DbClient, type Pool, type Queryable } from '../../db/pool.ts';
import { badRequest, conflict, notFound, unprocessable } from '../../http/errors.ts';
import type { Realtime } from '../../plugins/realtime.ts';
import { gridAt, type GridAtPoint } from '../zones/grid-owner.ts';
import { PositionStore, type FixOutcome, type PositionStoreOptions } from './position-store.ts';
import { MAX_TRACK_SPAN_MS, readTrack, TrackRetention } from './tracks.ts';

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

/**
 * Columns of a SquadRow from `squads s` and its latest fix `squad_positions p`
 * (see SQUADS); $1 is the freshness limit in seconds.
 */
const SQUAD_COLUMNS = `
  s.id, s.code, s.name, s.kind, s.status,
  ST_X(p.position::geometry) AS lng, ST_Y(p.position::geometry) AS lat, p.at AS position_at,
  coalesce(p.at > now() - make_interval(secs => $1), false) AS fresh,
  (SELECT count(*)::int FROM assignments a WHERE a.squad_id = s.id AND a.status IN ('assigned', 'accepted')) AS open_cases`;

/** Squads with their latest fix. The fix is a row of its own: see migrations/012. */
const SQUADS = 'squads s LEFT JOIN squad_positions p ON p.squad_id = s.id';

/** Where fixes are written and how the track is kept (server config; defaults for tools and tests). */
export interface SquadPositionOptions extends Partial<PositionStoreOptions> {
  trackRetentionDays?: number;
}

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
  readonly #positions: PositionStore;
  readonly #retention: TrackRetention;

  constructor(
    private readonly pool: Pool,
    private readonly realtime: Realtime | undefined,
    private readonly freshSeconds: number,
    /** Where failures of after-commit pushes go; they must not fail the request. */
    private readonly reportError: (error: unknown) => void = () => undefined,
    options: SquadPositionOptions = {},
  ) {
    this.#positions = new PositionStore(pool, {
      writeMs: options.writeMs ?? 250,
      trackMinDistanceM: options.trackMinDistanceM ?? 25,
      trackMinIntervalSeconds: options.trackMinIntervalSeconds ?? 60,
      maxBatch: options.maxBatch,
    });
    this.#retention = new TrackRetention(pool, {
      retentionDays: options.trackRetentionDays ?? 90,
      reportError: (error) => this.reportError(error),
    });
  }

  /** Starts pruning old track points (every node does; it is idempotent). */
  start(): void {
    this.#retention.start();
  }

  /** Stores the fixes still queued and stops the pruning. */
  async close(): Promise<void> {
    await this.#positions.close();
    await this.#retention.stop();
  }

  async list(onlySquadId?: number | null): Promise<SquadDto[]> {
    const { rows } = await this.pool.query<SquadRow>(
      `SELECT ${SQUAD_COLUMNS} FROM ${SQUADS} WHERE ($2::int IS NULL OR s.id = $2) ORDER BY s.code`,
      [this.freshSeconds, onlySquadId ?? null],
    );
    return rows.map(toSquadDto);
  }

  async get(id: number, db: Queryable = this.pool): Promise<SquadDto> {
    const { rows } = await db.query<SquadRow>(`SELECT ${SQUAD_COLUMNS} FROM ${SQUADS} WHERE s.id = $2`, [
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
   * Dispatchable = available (so never off duty, on a break or busy), with a
   * fix younger than the freshness limit. The scan walks the latest fixes
   * nearest first and looks each squad up, so every node ranks from the same
   * shared table, whichever node stored the fix.
   */
  async recommend(point: LngLat, limit: number): Promise<Recommendation[]> {
    // 网格化管理: the squad that owns the grid the point falls in goes first
    // when it is dispatchable, wherever it ranks by distance.
    const grid = await gridAt(this.pool, point);
    const { rows } = await this.pool.query<SquadRow & { distance_m: number }>(
      `WITH target AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography AS g)
       SELECT ${SQUAD_COLUMNS}, ST_Distance(p.position, target.g) AS distance_m
         FROM squad_positions p JOIN squads s ON s.id = p.squad_id, target
        WHERE s.status = 'available'
          AND p.at > now() - make_interval(secs => $1)
        ORDER BY p.position <-> target.g
        LIMIT $4`,
      [this.freshSeconds, point.lng, point.lat, limit],
    );
    const nearest: RankedSquadRow[] = rows.map((row, index) => ({ ...row, nearest_rank: index + 1 }));
    const ownerId = grid?.ownerSquadId ?? null;
    const owner =
      ownerId === null
        ? undefined
        : (nearest.find((row) => row.id === ownerId) ?? (await this.#dispatchableRanked(point, ownerId)));
    const ordered = owner ? [owner, ...nearest.filter((row) => row.id !== owner.id)].slice(0, limit) : nearest;
    return ordered.map((row) => ({
      squad: toSquadDto(row),
      distanceM: Math.round(row.distance_m),
      reason: recommendationReason(row, row === owner ? grid : null),
      gridOwner: row === owner,
      nearestRank: row.nearest_rank,
    }));
  }

  /** One squad beyond the nearest few, if dispatchable, with its rank by distance among all that are. */
  async #dispatchableRanked(point: LngLat, squadId: number): Promise<RankedSquadRow | undefined> {
    const { rows } = await this.pool.query<RankedSquadRow>(
      `WITH target AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography AS g),
            dispatchable AS (
              SELECT p.squad_id, ST_Distance(p.position, target.g) AS distance_m
                FROM squad_positions p JOIN squads s ON s.id = p.squad_id, target
               WHERE s.status = 'available' AND p.at > now() - make_interval(secs => $1))
       SELECT ${SQUAD_COLUMNS}, d.distance_m,
              (SELECT count(*)::int FROM dispatchable n WHERE n.distance_m < d.distance_m) + 1 AS nearest_rank
         FROM dispatchable d JOIN ${SQUADS} ON s.id = d.squad_id
        WHERE d.squad_id = $4`,
      [this.freshSeconds, point.lng, point.lat, squadId],
    );
    return rows[0];
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
    // FOR UPDATE OF s: the squad row only; its latest fix is read, never locked.
    const { rows } = await db.query<{ status: SquadStatus; name: string; distance_m: number | null }>(
      `SELECT s.status, s.name,
              ST_Distance(p.position, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS distance_m
         FROM ${SQUADS} WHERE s.id = $1 FOR UPDATE OF s`,
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

  /**
   * Stores a phone's fix (batched with others, see PositionStore) and, once
   * stored, queues it for the dispatchers' next `squad:positions` frame. A
   * fix older than the squad's current one, or from a squad off duty, is
   * ignored. A stored fix that is already stale (it waited on the phone) is
   * not sent as a live position: the screens get the squad, greyed, instead.
   */
  async updatePosition(squadId: number, fix: PositionFix, receivedAt = Date.now()): Promise<FixOutcome> {
    const at = fixTime(fix, receivedAt);
    const outcome = await this.#positions.submit({
      squadId,
      lng: fix.lng,
      lat: fix.lat,
      at,
      accuracyM: fix.accuracyM ?? null,
    });
    if (outcome === 'unknown_squad') throw notFound('Squad');
    if (outcome === 'stored') {
      if (at.getTime() > Date.now() - this.freshSeconds * 1000) {
        this.realtime?.queuePosition({ squadId, lng: fix.lng, lat: fix.lat, at: at.toISOString() });
      } else {
        this.announce(squadId);
      }
    }
    return outcome;
  }

  /** The squad's downsampled track in [from, to]; the last hour up to now by default. */
  async track(squadId: number, period: { from?: string; to?: string }): Promise<SquadTrack> {
    const to = period.to ? new Date(period.to) : new Date();
    const from = period.from ? new Date(period.from) : new Date(to.getTime() - 3600_000);
    if (!(from.getTime() < to.getTime())) throw badRequest('querystring.from', '"from" must be before "to"');
    if (to.getTime() - from.getTime() > MAX_TRACK_SPAN_MS) {
      throw badRequest('querystring.to', `A track covers at most ${MAX_TRACK_SPAN_MS / 86_400_000} days`);
    }
    const { rowCount } = await this.pool.query('SELECT 1 FROM squads WHERE id = $1', [squadId]);
    if (!rowCount) throw notFound('Squad');
    return readTrack(this.pool, squadId, from, to);
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

/**
 * When a fix was taken, on the server's clock. The phone's clock may be off,
 * so its age is measured on the phone (`sentAt − at`) and taken from the
 * arrival time; without `sentAt`, `at` is used as is but never later than
 * the arrival; without `at`, the arrival time.
 */
export function fixTime(fix: Pick<PositionFix, 'at' | 'sentAt'>, receivedAt: number): Date {
  const at = fix.at === undefined ? Number.NaN : Date.parse(fix.at);
  if (!Number.isFinite(at)) return new Date(receivedAt);
  const sentAt = fix.sentAt === undefined ? Number.NaN : Date.parse(fix.sentAt);
  const age = Number.isFinite(sentAt) ? sentAt - at : receivedAt - at;
  return new Date(receivedAt - Math.max(0, age));
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

/** A dispatchable squad with its distance and its rank by distance (1 = nearest). */
type RankedSquadRow = SquadRow & { distance_m: number; nearest_rank: number };

function recommendationReason(row: RankedSquadRow, ownedGrid: GridAtPoint | null): string {
  const distance =
    Math.round(row.distance_m) >= 1000
      ? `${(row.distance_m / 1000).toFixed(1)} 公里`
      : `${Math.round(row.distance_m)} 米`;
  const ageSeconds = row.position_at ? Math.max(0, Math.round((Date.now() - row.position_at.getTime()) / 1000)) : 0;
  const nearest = row.nearest_rank === 1 ? '最近的空闲队伍' : `第 ${row.nearest_rank} 近的空闲队伍`;
  const owner = ownedGrid ? `网格责任中队（${ownedGrid.name}）；` : '';
  return `${owner}${nearest}（${KIND_LABEL[row.kind]}），直线距离 ${distance}，位置 ${ageSeconds} 秒前更新`;
}
