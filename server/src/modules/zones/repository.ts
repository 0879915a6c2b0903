import {
  isZoneOpenAt,
  toMultiPolygon,
  type OpeningHours,
  type ZoneDto,
  type ZoneGeometry,
  type ZoneKind,
  type ZoneMultiPolygon,
} from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/** A zone as the database holds it, with its owner's name. */
export interface ZoneRow {
  id: number;
  kind: ZoneKind;
  name: string;
  geometry: ZoneMultiPolygon;
  opening_hours: OpeningHours[];
  starts_at: Date | null;
  ends_at: Date | null;
  notice: string | null;
  owner_squad_id: number | null;
  owner_squad_name: string | null;
  updated_at: Date;
}

/** The fields a write sets; the geometry already checked (see ZoneService). */
export interface ZoneWrite {
  kind: ZoneKind;
  name: string;
  geometry: ZoneGeometry;
  openingHours: readonly OpeningHours[];
  startsAt: string | null;
  endsAt: string | null;
  notice: string | null;
  ownerSquadId: number | null;
}

// Seven decimals of a degree: about a centimetre, more than any survey of a vending point holds.
const ZONE_SELECT = `
  SELECT z.id, z.kind, z.name, ST_AsGeoJSON(z.geom, 7)::json AS geometry, z.opening_hours,
         z.starts_at, z.ends_at, z.notice, z.owner_squad_id, s.name AS owner_squad_name, z.updated_at
    FROM zones z LEFT JOIN squads s ON s.id = z.owner_squad_id`;

export function toZoneDto(row: ZoneRow, now: Date = new Date()): ZoneDto {
  const timing = {
    openingHours: row.opening_hours,
    startsAt: row.starts_at?.toISOString() ?? null,
    endsAt: row.ends_at?.toISOString() ?? null,
  };
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    geometry: row.geometry,
    ...timing,
    notice: row.notice,
    ownerSquad: row.owner_squad_id === null ? null : { id: row.owner_squad_id, name: row.owner_squad_name! },
    activeNow: isZoneOpenAt(timing, now),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listZones(db: Queryable, kind?: ZoneKind): Promise<ZoneRow[]> {
  const { rows } = await db.query<ZoneRow>(
    `${ZONE_SELECT} WHERE ($1::text IS NULL OR z.kind = $1) ORDER BY z.kind, z.name, z.id`,
    [kind ?? null],
  );
  return rows;
}

export async function findZone(db: Queryable, id: number, forUpdate = false): Promise<ZoneRow | undefined> {
  // FOR UPDATE OF z: the zone row only, never its owner squad.
  const { rows } = await db.query<ZoneRow>(`${ZONE_SELECT} WHERE z.id = $1${forUpdate ? ' FOR UPDATE OF z' : ''}`, [
    id,
  ]);
  return rows[0];
}

export async function findZoneByKindName(db: Queryable, kind: ZoneKind, name: string): Promise<ZoneRow | undefined> {
  const { rows } = await db.query<ZoneRow>(`${ZONE_SELECT} WHERE z.kind = $1 AND z.name = $2 FOR UPDATE OF z`, [
    kind,
    name,
  ]);
  return rows[0];
}

const writeValues = (zone: ZoneWrite) => [
  zone.kind,
  zone.name,
  JSON.stringify(toMultiPolygon(zone.geometry)),
  JSON.stringify(zone.openingHours),
  zone.startsAt,
  zone.endsAt,
  zone.notice,
  zone.ownerSquadId,
];

export async function insertZone(db: Queryable, zone: ZoneWrite): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO zones (kind, name, geom, opening_hours, starts_at, ends_at, notice, owner_squad_id)
     VALUES ($1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326), $4::jsonb, $5, $6, $7, $8)
     RETURNING id`,
    writeValues(zone),
  );
  return rows[0]!.id;
}

export async function updateZone(db: Queryable, id: number, zone: ZoneWrite): Promise<void> {
  await db.query(
    `UPDATE zones
        SET kind = $2, name = $3, geom = ST_SetSRID(ST_GeomFromGeoJSON($4), 4326), opening_hours = $5::jsonb,
            starts_at = $6, ends_at = $7, notice = $8, owner_squad_id = $9, updated_at = now()
      WHERE id = $1`,
    [id, ...writeValues(zone)],
  );
}

export async function deleteZone(db: Queryable, id: number): Promise<ZoneRow | undefined> {
  const found = await findZone(db, id, true);
  if (found) await db.query('DELETE FROM zones WHERE id = $1', [id]);
  return found;
}

/**
 * PostGIS's verdict on a polygon: null when valid, else why not
 * ("Self-intersection[113.635 34.835]"). Runs on its own statement: a
 * geometry PostGIS cannot even read throws, and the caller decides what
 * that aborts.
 */
export async function geometryInvalidity(db: Queryable, geometry: ZoneGeometry): Promise<string | null> {
  const { rows } = await db.query<{ reason: string | null }>(
    `SELECT CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason
       FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) x`,
    [JSON.stringify(toMultiPolygon(geometry))],
  );
  return rows[0]?.reason ?? null;
}

/** The fields an event keeps of a zone as it was (not the geometry: it may be large; the event says whether it changed). */
export function zoneFacts(row: ZoneRow) {
  return {
    kind: row.kind,
    name: row.name,
    openingHours: row.opening_hours,
    startsAt: row.starts_at?.toISOString() ?? null,
    endsAt: row.ends_at?.toISOString() ?? null,
    notice: row.notice,
    ownerSquadId: row.owner_squad_id,
  };
}

export async function recordZoneEvent(
  db: Queryable,
  event: {
    zoneId: number;
    action: 'created' | 'updated' | 'deleted';
    kind: ZoneKind;
    name: string;
    actorId: number | null;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO zone_events (zone_id, action, kind, name, actor_id, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [event.zoneId, event.action, event.kind, event.name, event.actorId, JSON.stringify(event.detail)],
  );
}

/** Squad ids by code, for an import that names owners by code. */
export async function squadIdsByCode(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: number; code: string }>('SELECT id, code FROM squads');
  return new Map(rows.map((row) => [row.code, row.id]));
}

export async function squadExists(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM squads WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}
