import {
  maskName,
  maskPhone,
  PHONE_VISIBLE_ROLES,
  type LngLat,
  type MerchantCandidate,
  type MerchantDto,
  type MerchantGrade,
  type MerchantKind,
  type MerchantList,
  type MerchantQuery,
  type MerchantSummary,
  type Role,
} from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { normalisePhone } from './registry.ts';

/**
 * The read side of the registry: the one SELECT every merchant read goes
 * through, search, the map feed and candidates near a point.
 */

/**
 * Operator name and phone are personal data. Squads see them in full (they
 * reach the operator on scene), as do the roles that call people back
 * (PHONE_VISIBLE_ROLES); a dispatcher sees them masked.
 */
export type MerchantAudience = 'full' | 'masked';

export function merchantAudienceFor(role: Role): MerchantAudience {
  return role === 'squad_member' || PHONE_VISIBLE_ROLES.includes(role) ? 'full' : 'masked';
}

interface MerchantRow {
  id: number;
  name: string;
  kind: MerchantKind;
  grade: MerchantGrade;
  lng: number;
  lat: number;
  address: string | null;
  operator_name: string | null;
  operator_phone: string | null;
  business_type: string | null;
  storefront_description: string | null;
  has_photo: boolean;
  business_tools: string | null;
  sub_district_id: number | null;
  sub_district_name: string | null;
  grid_zone_id: number | null;
  grid_name: string | null;
  grid_owner_squad_id: number | null;
  card_issued_on: string | null;
  card_issued_by: string | null;
  grade_since: Date;
  counting_violations: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * `window` is the placeholder of the grade rules' record window in days: a
 * violation older than it no longer counts (merchant_violations_merchant_idx
 * serves the count).
 */
const merchantSelect = (window: string) => `
  SELECT m.id, m.name, m.kind, m.grade, ST_X(m.location) AS lng, ST_Y(m.location) AS lat, m.address,
         m.operator_name, m.operator_phone, m.business_type, m.storefront_description,
         m.storefront_photo_type IS NOT NULL AS has_photo, m.business_tools,
         m.sub_district_id, sd.name AS sub_district_name,
         m.grid_zone_id, g.name AS grid_name, g.owner_squad_id AS grid_owner_squad_id,
         to_char(m.card_issued_on, 'YYYY-MM-DD') AS card_issued_on, m.card_issued_by, m.grade_since,
         (SELECT count(*) FROM merchant_violations v
           WHERE v.merchant_id = m.id AND v.occurred_at > now() - make_interval(days => ${window}::int))::int
           AS counting_violations,
         m.active, m.created_at, m.updated_at
    FROM merchants m
    LEFT JOIN sub_districts sd ON sd.id = m.sub_district_id
    LEFT JOIN zones g ON g.id = m.grid_zone_id`;

/** The text the trigram index of 015 (merchants_search_trgm_idx) is built on, written exactly as there. */
const SEARCH_TEXT = `(coalesce(m.name, '') || ' ' || coalesce(m.operator_name, '') || ' ' ||
  coalesce(m.operator_phone, '') || ' ' || coalesce(m.address, ''))`;

export async function findMerchant(
  db: Queryable,
  id: number,
  audience: MerchantAudience,
  recordWindowDays: number,
): Promise<MerchantDto | undefined> {
  const { rows } = await db.query<MerchantRow>(`${merchantSelect('$1')} WHERE m.id = $2`, [recordWindowDays, id]);
  return rows[0] && toMerchantDto(rows[0], audience);
}

/**
 * $1 the ILIKE pattern, $2 whether the reader sees operators in full, $3 the
 * text searched for, $4… the filters. Every reader may match a fragment of
 * the name or address; a reader who sees operators masked matches an
 * operator only by the whole name or number, so that fragments cannot read
 * masked data back out of the registry. Both go through the trigram index;
 * the masked rule is a recheck on the rows it finds.
 */
const SEARCH_FILTER = `
  ($1::text IS NULL OR (${SEARCH_TEXT} ILIKE $1
     AND ($2::boolean OR concat_ws(' ', m.name, m.address) ILIKE $1 OR m.operator_name = $3 OR m.operator_phone = $3)))
  AND ($4::text IS NULL OR m.grade = $4)
  AND ($5::text IS NULL OR m.kind = $5)
  AND ($6::int IS NULL OR m.sub_district_id = $6)
  AND ($7::int IS NULL OR m.grid_zone_id = $7)`;

/**
 * Search by name, operator, phone or address, newest first, with the total
 * for paging. Deactivated entries are included (the registry keeps them and
 * an admin may reactivate one); the DTO says which they are.
 */
export async function searchMerchants(
  db: Queryable,
  query: MerchantQuery,
  audience: MerchantAudience,
  recordWindowDays: number,
): Promise<MerchantList> {
  let q = query.q?.trim() || null;
  // Phones are stored without spaces and dashes (registry.ts): search for them the same way.
  if (q !== null && /^[\d\s+-]+$/.test(q)) q = normalisePhone(q);
  const filters = [
    q === null ? null : `%${q.replace(/[\\%_]/g, '\\$&')}%`,
    audience === 'full',
    q,
    query.grade ?? null,
    query.kind ?? null,
    query.subDistrictId ?? null,
    query.gridId ?? null,
  ];
  const [count, page] = await Promise.all([
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM merchants m WHERE ${SEARCH_FILTER}`, filters),
    db.query<MerchantRow>(`${merchantSelect('$8')} WHERE ${SEARCH_FILTER} ORDER BY m.id DESC LIMIT $9 OFFSET $10`, [
      ...filters,
      recordWindowDays,
      query.limit ?? 50,
      query.offset ?? 0,
    ]),
  ]);
  return { total: count.rows[0]!.total, items: page.rows.map((row) => toMerchantDto(row, audience)) };
}

const SUMMARY_COLUMNS = `m.id, m.name, m.kind, m.grade, ST_X(m.location) AS lng, ST_Y(m.location) AS lat, m.address`;
type SummaryRow = Pick<MerchantRow, 'id' | 'name' | 'kind' | 'grade' | 'lng' | 'lat' | 'address'>;

export function toMerchantSummary(row: SummaryRow): MerchantSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    grade: row.grade,
    location: { lng: row.lng, lat: row.lat },
    address: row.address,
  };
}

/** One merchant as a map pin shows it (active or not), for the live push. */
export async function findMerchantSummary(db: Queryable, merchantId: number): Promise<MerchantSummary | undefined> {
  const { rows } = await db.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM merchants m WHERE m.id = $1`, [
    merchantId,
  ]);
  return rows[0] && toMerchantSummary(rows[0]);
}

/** Every active merchant, for the wall screen's layer: no personal data, one query. */
export async function merchantMap(db: Queryable): Promise<MerchantSummary[]> {
  const { rows } = await db.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM merchants m WHERE m.active ORDER BY m.id`,
  );
  return rows.map(toMerchantSummary);
}

/**
 * Active merchants within `radiusM` of a point, nearest first, by distance
 * on the spheroid. `&&` with a box a little larger than the circle lets the
 * GiST index on the geometry find the few rows; ST_DWithin on geography then
 * decides exactly. The box: a degree of latitude is at least 110 574 m, a
 * degree of longitude at least 111 320·cos(lat) m on the ellipsoid.
 */
export async function candidatesNear(
  db: Queryable,
  point: LngLat,
  radiusM: number,
  limit: number,
): Promise<MerchantCandidate[]> {
  const { rows } = await db.query<SummaryRow & { distance_m: number }>(
    `WITH target AS (
       SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS geom,
              ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS g)
     SELECT ${SUMMARY_COLUMNS}, ST_Distance(m.location::geography, target.g) AS distance_m
       FROM merchants m, target
      WHERE m.active
        AND m.location && ST_Expand(target.geom, $3::float8 * 1.01 / (111320 * cos(radians($2::float8))),
                                    $3::float8 * 1.01 / 110574)
        AND ST_DWithin(m.location::geography, target.g, $3::float8)
      ORDER BY distance_m, m.id
      LIMIT $4`,
    [point.lng, point.lat, radiusM, limit],
  );
  return rows.map((row) => ({ merchant: toMerchantSummary(row), distanceM: Math.round(row.distance_m * 10) / 10 }));
}

/** The widest candidates search; a squad member may open any merchant this close to one of its cases. */
export const MAX_CANDIDATE_RADIUS_M = 500;

/**
 * Squads see only what their work needs: a merchant in a grid their squad
 * owns, linked to one of their cases, or within candidate reach of one.
 */
export async function squadMayReadMerchant(
  db: Queryable,
  merchantId: number,
  squadId: number | null,
): Promise<boolean> {
  if (squadId === null) return false;
  const { rows } = await db.query(
    `SELECT 1 FROM merchants m
      WHERE m.id = $1
        AND (EXISTS (SELECT 1 FROM zones g WHERE g.id = m.grid_zone_id AND g.owner_squad_id = $2)
             OR EXISTS (SELECT 1 FROM cases c WHERE c.merchant_id = m.id AND c.squad_id = $2)
             OR EXISTS (SELECT 1 FROM cases c
                         WHERE c.squad_id = $2 AND c.location IS NOT NULL
                           AND ST_DWithin(c.location::geography, m.location::geography, $3)))`,
    [merchantId, squadId, MAX_CANDIDATE_RADIUS_M],
  );
  return rows.length > 0;
}

function toMerchantDto(row: MerchantRow, audience: MerchantAudience): MerchantDto {
  const masked = audience === 'masked';
  return {
    ...toMerchantSummary(row),
    operatorName: row.operator_name !== null && masked ? maskName(row.operator_name) : row.operator_name,
    operatorPhone: row.operator_phone !== null && masked ? maskPhone(row.operator_phone) : row.operator_phone,
    businessType: row.business_type,
    storefrontDescription: row.storefront_description,
    hasStorefrontPhoto: row.has_photo,
    businessTools: row.business_tools,
    subDistrict: row.sub_district_id === null ? null : { id: row.sub_district_id, name: row.sub_district_name ?? '' },
    grid:
      row.grid_zone_id === null
        ? null
        : { id: row.grid_zone_id, name: row.grid_name ?? '', ownerSquadId: row.grid_owner_squad_id },
    card: row.card_issued_on === null ? null : { issuedOn: row.card_issued_on, issuedBy: row.card_issued_by },
    gradeSince: row.grade_since.toISOString(),
    countingViolations: row.counting_violations,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
