import type { LngLat } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

export interface GridAtPoint {
  id: number;
  name: string;
  ownerSquadId: number | null;
}

/**
 * The one rule for which responsibility grid (网格) a point falls in, in force
 * now: a subquery answering at most one row (id, name, owner_squad_id).
 * Grids are meant to tile the district without overlap; where two drawn by
 * hand do overlap, one with an owner wins, then the older. Recommendations
 * (gridAt), a merchant's placement and the re-placement after a grid changes
 * all use it, so a merchant's grid is the one whose squad is recommended
 * for it. `point` is an SQL expression of a geometry(Point, 4326), e.g.
 * 'm.location' or a parameter; the subquery's own alias (at_grid) must not be
 * one `point` refers to.
 */
export function gridAtPointSql(point: string): string {
  return `SELECT at_grid.id, at_grid.name, at_grid.owner_squad_id
            FROM zones at_grid
           WHERE at_grid.kind = 'grid'
             AND ST_Covers(at_grid.geom, ${point})
             AND (at_grid.starts_at IS NULL OR at_grid.starts_at <= now())
             AND (at_grid.ends_at IS NULL OR at_grid.ends_at > now())
           ORDER BY at_grid.owner_squad_id IS NULL, at_grid.id
           LIMIT 1`;
}

/** The grid a point falls in (gridAtPointSql), for the recommendations. */
export async function gridAt(db: Queryable, point: LngLat): Promise<GridAtPoint | null> {
  const { rows } = await db.query<{ id: number; name: string; owner_squad_id: number | null }>(
    gridAtPointSql('ST_SetSRID(ST_MakePoint($1, $2), 4326)'),
    [point.lng, point.lat],
  );
  const row = rows[0];
  return row ? { id: row.id, name: row.name, ownerSquadId: row.owner_squad_id } : null;
}

/**
 * A grid zone's outline as it is stored (hex EWKB, lossless), read before a
 * write changes or deletes it so that replaceMerchantsInGrids can find the
 * merchants it covered; the row stays locked until the write commits. Null
 * when the zone is not a grid (or not there).
 */
export async function gridOutline(db: Queryable, zoneId: number): Promise<string | null> {
  const { rows } = await db.query<{ outline: string }>(
    `SELECT geom::text AS outline FROM zones WHERE id = $1 AND kind = 'grid' FOR UPDATE`,
    [zoneId],
  );
  return rows[0]?.outline ?? null;
}

/**
 * Re-places, by gridAtPointSql, the merchants a write to grid zones may have
 * moved: those inside an outline as it was before (`outlines`, from
 * gridOutline), those inside the zones as they are now (`zoneIds`; a zone no
 * longer a grid or deleted simply covers nothing) and those placed in one of
 * the zones. One statement, run by the caller in the transaction of the zone
 * write, so no reader sees a grid without its merchants. The merchant's
 * updated_at stays: it dates edits of the entry, and the zone's event
 * records this change. Returns how many merchants changed grid.
 */
export async function replaceMerchantsInGrids(
  db: Queryable,
  change: { zoneIds: readonly number[]; outlines: readonly string[] },
): Promise<number> {
  if (change.zoneIds.length === 0 && change.outlines.length === 0) return 0;
  const { rowCount } = await db.query(
    `WITH touched AS (
       SELECT geom FROM zones WHERE id = ANY($1::int[]) AND kind = 'grid'
       UNION ALL
       -- As text: geometry's array delimiter is ':', not the ',' node-postgres writes.
       SELECT unnest($2::text[])::geometry
     )
     UPDATE merchants m
        SET grid_zone_id = placed.grid_id
       FROM (SELECT c.id, (SELECT g.id FROM (${gridAtPointSql('c.location')}) g) AS grid_id
               FROM merchants c
              WHERE c.grid_zone_id = ANY($1::int[])
                 OR EXISTS (SELECT 1 FROM touched t WHERE ST_Covers(t.geom, c.location))) placed
      WHERE m.id = placed.id AND m.grid_zone_id IS DISTINCT FROM placed.grid_id`,
    [change.zoneIds, change.outlines],
  );
  return rowCount ?? 0;
}
