import { maskName, maskPhone, PHONE_VISIBLE_ROLES, type CaseDto, type Role } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/**
 * How much of the complainant a reader may see:
 * - full: the roles that call complainants back;
 * - masked-phone: dispatchers and the district-wide live stream;
 * - masked: squads, who need neither the name nor the number.
 */
export type Audience = 'full' | 'masked-phone' | 'masked';

export function audienceFor(role: Role): Audience {
  if (PHONE_VISIBLE_ROLES.includes(role)) return 'full';
  return role === 'squad_member' ? 'masked' : 'masked-phone';
}

export interface CaseRow {
  id: number;
  case_no: string;
  channel: CaseDto['channel'];
  category_code: string | null;
  category_name: string | null;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  location_source: CaseDto['locationSource'];
  location_match: string | null;
  status: CaseDto['status'];
  priority: number;
  sub_district: string | null;
  squad_id: number | null;
  squad_name: string | null;
  complainant_name: string | null;
  complainant_phone: string | null;
  created_at: Date;
  updated_at: Date;
  last_seq: number;
}

/** The one SELECT that every case read goes through. */
export const CASE_SELECT = `
  SELECT c.id, c.case_no, c.channel, c.category_code, cat.name AS category_name, c.description, c.address,
         ST_X(c.location) AS lng, ST_Y(c.location) AS lat, c.location_source, c.location_match,
         c.status, c.priority, sd.name AS sub_district, c.squad_id, sq.name AS squad_name,
         c.complainant_name, c.complainant_phone, c.created_at, c.updated_at, c.last_seq
    FROM cases c
    LEFT JOIN categories cat ON cat.code = c.category_code
    LEFT JOIN sub_districts sd ON sd.id = c.sub_district_id
    LEFT JOIN squads sq ON sq.id = c.squad_id`;

export async function findCaseRow(db: Queryable, id: number): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [id]);
  return rows[0];
}

export async function findCaseRows(db: Queryable, ids: number[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = ANY($1::bigint[])`, [ids]);
  return rows;
}

export function toCaseDto(row: CaseRow, audience: Audience): CaseDto {
  const location = row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat };
  return {
    id: row.id,
    caseNo: row.case_no,
    channel: row.channel,
    categoryCode: row.category_code,
    categoryName: row.category_name,
    description: row.description,
    address: row.address,
    location,
    needsLocation: location === null,
    locationSource: row.location_source,
    locationMatch: row.location_match,
    status: row.status,
    priority: row.priority,
    subDistrict: row.sub_district,
    squadId: row.squad_id,
    squadName: row.squad_name,
    complainantName: maskIf(row.complainant_name, audience === 'masked', maskName),
    complainantPhone: maskIf(row.complainant_phone, audience !== 'full', maskPhone),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSeq: row.last_seq,
  };
}

function maskIf(value: string | null, mask: boolean, masker: (v: string) => string): string | null {
  return value === null || !mask ? value : masker(value);
}
