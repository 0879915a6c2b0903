import { Type, type Static } from 'typebox';
import { LngLat } from './geo.ts';

/** Where a complaint came in (受理渠道). */
export const CHANNELS = ['hotline', 'web', 'letter_visit', 'patrol'] as const;
export type Channel = (typeof CHANNELS)[number];
export const Channel = Type.Enum(CHANNELS);

/**
 * The case's place in the bureau's closed loop. The walking skeleton moves
 * received → dispatched → accepted → disposed; the rest of the lifecycle
 * (立案, 退单, 核查结案, 返工 ...) extends this list.
 */
export const CASE_STATUSES = ['received', 'dispatched', 'accepted', 'disposed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CaseStatus = Type.Enum(CASE_STATUSES);

/** Statuses in which a case is still open work for the dispatch room. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['received', 'dispatched', 'accepted'];

/** point: the filer gave coordinates; gazetteer: placed from the address; manual: a person placed the pin. */
export const LOCATION_SOURCES = ['point', 'gazetteer', 'manual'] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];
export const LocationSource = Type.Enum(LOCATION_SOURCES);

export const CreateCaseBody = Type.Object(
  {
    channel: Channel,
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** A WGS-84 point. Either this or `address` (or both) must be given. */
    location: Type.Optional(LngLat),
    /** Free-text address, looked up in the gazetteer when no point is given. */
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    complainantName: Type.Optional(Type.String({ maxLength: 100 })),
    complainantPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
  },
  { additionalProperties: false },
);
export type CreateCaseBody = Static<typeof CreateCaseBody>;

export const CaseDto = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  channel: Channel,
  categoryCode: Type.Union([Type.String(), Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([LngLat, Type.Null()]),
  /** True when neither a point nor a gazetteer match placed the case: a person must place it. */
  needsLocation: Type.Boolean(),
  locationSource: Type.Union([LocationSource, Type.Null()]),
  /** What the gazetteer matched, e.g. "天河路 (road)". */
  locationMatch: Type.Union([Type.String(), Type.Null()]),
  status: CaseStatus,
  priority: Type.Integer(),
  subDistrict: Type.Union([Type.String(), Type.Null()]),
  squadId: Type.Union([Type.Integer(), Type.Null()]),
  squadName: Type.Union([Type.String(), Type.Null()]),
  complainantName: Type.Union([Type.String(), Type.Null()]),
  /** Masked (138****5678) for roles that need not call the complainant back. */
  complainantPhone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  /** seq of the last case event applied to this snapshot. */
  lastSeq: Type.Integer(),
});
export type CaseDto = Static<typeof CaseDto>;

/** Masks the middle of a phone number: 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Masks a person's name but the family name: 张三丰 → 张**. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}
