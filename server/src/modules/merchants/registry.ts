import type { LngLat, MerchantInput, Role } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { unprocessable } from '../../http/errors.ts';
import { toWgs84 } from '../geo/crs.ts';
import { gridAtPointSql } from '../zones/grid-owner.ts';
import { localDate } from '../kpis/period.ts';

/**
 * The write side of the merchant registry (docs/merchants.md#registry): one
 * entry registered (by hand or by an import row) or replaced. Errors name the
 * MerchantInput field without a prefix ('location', 'cardIssuedOn'), so an
 * import can put them in its per-row report as they are; the routes prefix
 * them with 'body.' like the schema's own errors.
 */

/** Registry maintenance: the bureau's admins and supervisors (督查) keep the survey up to date. */
export const REGISTRY_WRITE_ROLES: readonly Role[] = ['admin', 'supervisor'];

export interface RegisterOptions {
  actorId: number | null;
  /** The merchant_imports row an imported entry came from. */
  importId?: number | null;
}

/**
 * Registers a merchant and records its first grade event (blue, 'registered').
 * Runs its statements on `db` as they come: a caller wanting all-or-nothing
 * passes a client inside a transaction or savepoint.
 */
export async function insertMerchant(db: Queryable, input: MerchantInput, options: RegisterOptions): Promise<number> {
  return (await registerMerchant(db, input, options)).merchantId;
}

/** insertMerchant, also answering the seq of the 'registered' event, for the live push after the commit. */
export async function registerMerchant(
  db: Queryable,
  input: MerchantInput,
  options: RegisterOptions,
): Promise<{ merchantId: number; seq: number }> {
  const entry = await prepare(db, input);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO merchants (name, kind, operator_name, operator_phone, business_type, storefront_description,
                            business_tools, address, location, sub_district_id, grid_zone_id, card_issued_on,
                            card_issued_by, active, created_by, import_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ST_SetSRID(ST_MakePoint($9, $10), 4326), $11, $12, $13::date, $14,
             $15, $16, $17)
     RETURNING id`,
    [...entry.values, entry.active ?? true, options.actorId, options.importId ?? null],
  );
  const merchantId = rows[0]!.id;
  const { rows: events } = await db.query<{ seq: number }>(
    `INSERT INTO merchant_grade_events (merchant_id, from_grade, to_grade, reason, actor_id, detail)
     VALUES ($1, NULL, 'blue', 'registered', $2, $3::jsonb)
     RETURNING seq`,
    [merchantId, options.actorId, JSON.stringify(options.importId ? { importId: options.importId } : {})],
  );
  return { merchantId, seq: events[0]!.seq };
}

/**
 * Replaces a merchant's entry with `input` (absent optional fields become
 * empty), re-placing it in its sub-district and grid. An `active` left out
 * keeps the current state, so an edit cannot reactivate a closed stall by
 * omission. The grade is not the registry's to change: it stays, and no grade
 * event is written. Returns false when there is no such merchant.
 */
export async function updateMerchant(db: Queryable, id: number, input: MerchantInput): Promise<boolean> {
  const entry = await prepare(db, input);
  const { rowCount } = await db.query(
    `UPDATE merchants
        SET name = $1, kind = $2, operator_name = $3, operator_phone = $4, business_type = $5,
            storefront_description = $6, business_tools = $7, address = $8,
            location = ST_SetSRID(ST_MakePoint($9, $10), 4326), sub_district_id = $11, grid_zone_id = $12,
            card_issued_on = $13::date, card_issued_by = $14, active = coalesce($15, active), updated_at = now()
      WHERE id = $16`,
    [...entry.values, entry.active ?? null, id],
  );
  return rowCount === 1;
}

/** Where a point falls: its sub-district and responsibility grid. */
export interface Placement {
  subDistrictId: number | null;
  gridZoneId: number | null;
}

/**
 * A district with sub-districts loaded takes only points inside one of them:
 * a merchant outside is a typo or a point in the wrong coordinate system,
 * and would be missing from every per-sub-district list and KPI. While no
 * boundary is loaded (a fresh install) any point is taken, as the citizen
 * form does. Grids may cover only part of the district: no grid is no error.
 */
export async function placeMerchant(db: Queryable, point: LngLat): Promise<Placement> {
  const { rows } = await db.query<{
    any_sub_district: boolean;
    sub_district_id: number | null;
    grid_id: number | null;
  }>(
    `SELECT EXISTS (SELECT 1 FROM sub_districts) AS any_sub_district,
            (SELECT id FROM sub_districts sd WHERE ST_Covers(sd.geom, p.geom) ORDER BY id LIMIT 1) AS sub_district_id,
            -- The grid rule of the recommendations, so the merchant's grid is the one whose squad is sent.
            (SELECT g.id FROM (${gridAtPointSql('p.geom')}) g) AS grid_id
       FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS geom) p`,
    [point.lng, point.lat],
  );
  const row = rows[0]!;
  if (row.any_sub_district && row.sub_district_id === null) {
    throw unprocessable('location', 'The location is outside every sub-district of the district (wrong crs?)');
  }
  return { subDistrictId: row.sub_district_id, gridZoneId: row.grid_id };
}

/**
 * Phone numbers are stored without spaces and dashes ("138 0013 8000" and
 * "138-0013-8000" are one number), so a search by the digits finds them.
 */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '');
}

/** Checks what the schema cannot, converts the point to WGS-84 and places it. */
async function prepare(db: Queryable, input: MerchantInput) {
  const name = input.name.trim();
  if (name === '') throw unprocessable('name', 'The name is blank');
  const phone = input.operatorPhone ? normalisePhone(input.operatorPhone) : null;
  if (phone !== null && !/^\+?\d{5,15}$/.test(phone)) {
    throw unprocessable('operatorPhone', 'A phone number is digits, with an optional leading +');
  }
  const cardIssuedOn = input.cardIssuedOn ?? null;
  if (cardIssuedOn !== null) checkIssueDate(cardIssuedOn);
  if (cardIssuedOn === null && input.cardIssuedBy) {
    throw unprocessable('cardIssuedOn', 'Give the date the reminder card was issued, not only by whom');
  }
  const point = toWgs84(input.location, input.crs);
  const place = await placeMerchant(db, point);
  const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
  return {
    values: [
      name,
      input.kind,
      blankToNull(input.operatorName),
      phone,
      blankToNull(input.businessType),
      blankToNull(input.storefrontDescription),
      blankToNull(input.businessTools),
      blankToNull(input.address),
      point.lng,
      point.lat,
      place.subDistrictId,
      place.gridZoneId,
      cardIssuedOn,
      blankToNull(input.cardIssuedBy),
    ],
    active: input.active,
  };
}

/** A real calendar date, not after today in the bureau's time zone (a card is recorded once handed over). */
function checkIssueDate(value: string): void {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw unprocessable('cardIssuedOn', `${value} is not a calendar date`);
  }
  if (year < 2000) throw unprocessable('cardIssuedOn', `${value} is before the registry could exist`);
  const today = localDate(new Date());
  if (value > today) throw unprocessable('cardIssuedOn', `${value} is in the future`);
}
