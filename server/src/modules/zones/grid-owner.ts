import type { LngLat } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

export interface GridAtPoint {
  id: number;
  name: string;
  ownerSquadId: number | null;
}

/**
 * The responsibility grid (网格) a point falls in, in force now. Grids are
 * meant to tile the district without overlap; where two drawn by hand do
 * overlap, one with an owner wins, then the older.
 */
export async function gridAt(db: Queryable, point: LngLat): Promise<GridAtPoint | null> {
  const { rows } = await db.query<{ id: number; name: string; owner_squad_id: number | null }>(
    `SELECT id, name, owner_squad_id
       FROM zones
      WHERE kind = 'grid'
        AND ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
        AND (starts_at IS NULL OR starts_at <= now())
        AND (ends_at IS NULL OR ends_at > now())
      ORDER BY owner_squad_id IS NULL, id
      LIMIT 1`,
    [point.lng, point.lat],
  );
  const row = rows[0];
  return row ? { id: row.id, name: row.name, ownerSquadId: row.owner_squad_id } : null;
}
