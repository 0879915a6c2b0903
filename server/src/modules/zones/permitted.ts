import { isZoneOpenAt, PERMITTABLE_CATEGORY_CODES, PERMITTING_ZONE_KINDS, type OpeningHours } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/**
 * "Likely permitted" (可能为许可经营): a street-occupation complaint whose
 * point lies in a designated vending point or night market that was open
 * when the complaint came in. Sets cases.permitted_zone_id to that zone, or
 * back to null (a case placed again outside). Called by filing and placing
 * the case, in their transaction, before the case is read for its events.
 * The judgement is about the moment of the complaint: a zone edited later
 * does not change it.
 */
export async function markPermittedZone(db: Queryable, caseId: number): Promise<{ id: number; name: string } | null> {
  // One row per candidate zone, or one row of nulls: the case's current flag comes along either way.
  const { rows } = await db.query<{
    current: number | null;
    created_at: Date;
    id: number | null;
    name: string | null;
    opening_hours: OpeningHours[] | null;
    starts_at: Date | null;
    ends_at: Date | null;
  }>(
    // The category or its parent: a sub-category an admin adds under 占道经营 counts too.
    `SELECT c.permitted_zone_id AS current, c.created_at, z.id, z.name, z.opening_hours, z.starts_at, z.ends_at
       FROM cases c
       LEFT JOIN categories cat ON cat.code = c.category_code
       LEFT JOIN zones z ON (cat.code = ANY($3::text[]) OR cat.parent_code = ANY($3::text[]))
                        AND z.kind = ANY($2::text[]) AND ST_Covers(z.geom, c.location)
      WHERE c.id = $1
      ORDER BY z.id`,
    [caseId, PERMITTING_ZONE_KINDS, PERMITTABLE_CATEGORY_CODES],
  );
  const open = rows.find(
    (zone) =>
      zone.id !== null &&
      isZoneOpenAt(
        {
          openingHours: zone.opening_hours ?? [],
          startsAt: zone.starts_at?.toISOString() ?? null,
          endsAt: zone.ends_at?.toISOString() ?? null,
        },
        zone.created_at,
      ),
  );
  const zoneId = open?.id ?? null;
  // Most complaints are in no zone and were not flagged: no write at all.
  if (rows[0] && rows[0].current !== zoneId) {
    await db.query('UPDATE cases SET permitted_zone_id = $2 WHERE id = $1', [caseId, zoneId]);
  }
  return open ? { id: open.id!, name: open.name! } : null;
}
