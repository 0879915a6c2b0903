import { Type, type Static } from 'typebox';
import { Crs } from './crs.ts';
import { LngLat } from './geo.ts';

/**
 * The merchant registry and "one card, four colours" (一卡四色); see
 * docs/merchants.md. Shapes only: the grade rules themselves are in
 * merchant-grades.ts.
 */

/** Blue: no violation on record; yellow: first (warning); orange: the same again (penalty); red: repeated, not corrected. */
export const MERCHANT_GRADES = ['blue', 'yellow', 'orange', 'red'] as const;
export type MerchantGrade = (typeof MERCHANT_GRADES)[number];
export const MerchantGrade = Type.Enum(MERCHANT_GRADES);

/** 门店 or 流动摊贩. */
export const MERCHANT_KINDS = ['shop', 'street_vendor'] as const;
export type MerchantKind = (typeof MERCHANT_KINDS)[number];
export const MerchantKind = Type.Enum(MERCHANT_KINDS);

/** Why a grade changed: the reason every merchant_grade_events row carries. */
export const GRADE_CHANGE_REASONS = [
  /** Entered the registry (blue, or the grade an import brought). */
  'registered',
  /** First violation on record: yellow, a warning. */
  'first_violation',
  /** The same violation again: orange, a penalty. */
  'repeat_violation',
  /** Repeated and not corrected: red, tools confiscated. */
  'uncorrected',
  /** A clean period passed: one step back. */
  'clean_period',
  /** Set by hand by an admin, with a note. */
  'manual',
] as const;
export type GradeChangeReason = (typeof GRADE_CHANGE_REASONS)[number];
export const GradeChangeReason = Type.Enum(GRADE_CHANGE_REASONS);

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' });

/** What a map pin and a candidate list need. */
export const MerchantSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: MerchantKind,
  grade: MerchantGrade,
  location: LngLat,
  address: Nullable(Type.String()),
});
export type MerchantSummary = Static<typeof MerchantSummary>;

/**
 * One registry entry. `operatorPhone` is masked (138****5678) and
 * `operatorName` masked (张*) for roles outside PHONE_VISIBLE_ROLES, except
 * the squads, who need to reach the operator on scene and see the phone.
 */
export const MerchantDto = Type.Object({
  ...MerchantSummary.properties,
  operatorName: Nullable(Type.String()),
  operatorPhone: Nullable(Type.String()),
  businessType: Nullable(Type.String()),
  storefrontDescription: Nullable(Type.String()),
  /** GET /api/merchants/:id/storefront-photo when true. */
  hasStorefrontPhoto: Type.Boolean(),
  businessTools: Nullable(Type.String()),
  subDistrict: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  grid: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), ownerSquadId: Nullable(Type.Integer()) })),
  /** 温馨提示卡: null until issued. */
  card: Nullable(Type.Object({ issuedOn: Type.String(), issuedBy: Nullable(Type.String()) })),
  gradeSince: Type.String({ format: 'date-time' }),
  /** Violations still counting under the grade rules' record window. */
  countingViolations: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type MerchantDto = Static<typeof MerchantDto>;

/** POST /api/merchants and PUT /api/merchants/:id (the whole entry). */
export const MerchantInput = Type.Object(
  {
    name: Text(100),
    kind: MerchantKind,
    operatorName: Type.Optional(Nullable(Text(50))),
    operatorPhone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }))),
    businessType: Type.Optional(Nullable(Text(50))),
    storefrontDescription: Type.Optional(Nullable(Text(500))),
    businessTools: Type.Optional(Nullable(Text(200))),
    address: Type.Optional(Nullable(Text(200))),
    location: LngLat,
    /** The system `location` is in; stored as WGS-84. */
    crs: Type.Optional(Crs),
    cardIssuedOn: Type.Optional(Nullable(LocalDate)),
    cardIssuedBy: Type.Optional(Nullable(Text(50))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MerchantInput = Static<typeof MerchantInput>;

/** GET /api/merchants: search by name, operator, phone or place. */
export const MerchantQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    grade: Type.Optional(MerchantGrade),
    kind: Type.Optional(MerchantKind),
    subDistrictId: Type.Optional(Id),
    gridId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type MerchantQuery = Static<typeof MerchantQuery>;

export const MerchantList = Type.Object({ total: Type.Integer(), items: Type.Array(MerchantDto) });
export type MerchantList = Static<typeof MerchantList>;

/** One confirmed violation on a merchant's record. */
export const MerchantViolationDto = Type.Object({
  id: Type.Integer(),
  violationType: Type.String(),
  violationTypeName: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  caseNo: Nullable(Type.String()),
  /** Photo ids of the case's evidence. */
  evidence: Type.Array(Type.Integer()),
  note: Nullable(Type.String()),
  occurredAt: Type.String({ format: 'date-time' }),
  /** Whether it still counts under the record window. */
  counting: Type.Boolean(),
});
export type MerchantViolationDto = Static<typeof MerchantViolationDto>;

/** One grade change, as the merchant's history shows it and the socket pushes it. */
export const MerchantGradeEventDto = Type.Object({
  seq: Type.Integer(),
  merchantId: Type.Integer(),
  fromGrade: Nullable(MerchantGrade),
  toGrade: MerchantGrade,
  reason: GradeChangeReason,
  at: Type.String({ format: 'date-time' }),
  actor: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  caseNo: Nullable(Type.String()),
  violationType: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
export type MerchantGradeEventDto = Static<typeof MerchantGradeEventDto>;

export const MerchantHistory = Type.Object({
  violations: Type.Array(MerchantViolationDto),
  grades: Type.Array(MerchantGradeEventDto),
});
export type MerchantHistory = Static<typeof MerchantHistory>;

/** `merchant:graded` on the socket (dispatch room and squads): the change and the merchant as it now is. */
export const MerchantGradedEvent = Type.Object({
  event: MerchantGradeEventDto,
  merchant: MerchantSummary,
});
export type MerchantGradedEvent = Static<typeof MerchantGradedEvent>;

/** Registered merchants near a case's location, nearest first. */
export const MerchantCandidate = Type.Object({ merchant: MerchantSummary, distanceM: Type.Number() });
export type MerchantCandidate = Static<typeof MerchantCandidate>;

/** POST /api/cases/:id/merchant: link the case to a registered merchant, or unlink with null. */
export const LinkMerchantBody = Type.Object({ merchantId: Nullable(Id) }, { additionalProperties: false });
export type LinkMerchantBody = Static<typeof LinkMerchantBody>;

/**
 * The configurable grade rules (PUT /api/settings/merchant-grades).
 * - violationTypes: category codes that are merchant violations (占道经营, 店外经营 …);
 * - sameViolation: 'same_type' — "the same violation" is the same category; 'any' — any violation;
 * - recordWindowDays: how long a violation counts;
 * - orangeAt / redAt: how many counting violations (of the same type, or any) make orange and red;
 * - stepBack: whether, and after how many clean days, a grade steps back one colour.
 */
export const GradeRules = Type.Object(
  {
    violationTypes: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 100 }),
    sameViolation: Type.Enum(['same_type', 'any'] as const),
    recordWindowDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    orangeAt: Type.Integer({ minimum: 2, maximum: 20 }),
    redAt: Type.Integer({ minimum: 3, maximum: 50 }),
    stepBack: Type.Object(
      {
        enabled: Type.Boolean(),
        cleanDays: Type.Integer({ minimum: 1, maximum: 3650 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type GradeRules = Static<typeof GradeRules>;

/** When closing (核查结案) a case linked to a merchant: was the violation confirmed? */
export const ViolationFinding = Type.Object(
  {
    confirmed: Type.Boolean(),
    /** A category code; the case's own category when absent. */
    violationType: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  { additionalProperties: false },
);
export type ViolationFinding = Static<typeof ViolationFinding>;
