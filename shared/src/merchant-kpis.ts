import { Type, type Static } from 'typebox';
import { KPI_EXPORT_FORMATS, KPI_TIME_ZONE } from './kpis.ts';
import { MERCHANT_GRADES, type MerchantGrade } from './merchants.ts';

/**
 * The "one card, four colours" (一卡四色) figures the bureau reports: the
 * merchants by grade and sub-district, grade changes over time, violations,
 * the repeat-violation rate and reminder-card coverage, for the whole
 * district, a sub-district or any zone polygon (the pilot area). Every
 * definition is in docs/kpis.md, "Merchants"; the readers and writers of
 * KpiReport's period (local dates in Asia/Shanghai, KPI_MAX_DAYS) apply here too.
 */

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Count = Type.Integer({ minimum: 0 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Rate = Nullable(
  Type.Number({ minimum: 0, maximum: 1, description: 'A fraction 0..1; null when the denominator is 0' }),
);

const merchantKpiQueryProperties = {
  /** First day of the period, local date. */
  from: LocalDate,
  /** Last day of the period, local date, inclusive. */
  to: LocalDate,
  /** The area is this sub-district's boundary. */
  subDistrictId: Type.Optional(Id),
  /** The area is this zone's polygon: the pilot-area view (any zone kind may be chosen). */
  areaZoneId: Type.Optional(Id),
};

/** GET /api/kpis/merchants. At most one of subDistrictId and areaZoneId; neither is the whole district. */
export const MerchantKpiQuery = Type.Object(merchantKpiQueryProperties, { additionalProperties: false });
export type MerchantKpiQuery = Static<typeof MerchantKpiQuery>;

/** GET /api/kpis/merchants/export. */
export const MerchantKpiExportQuery = Type.Object(
  { ...merchantKpiQueryProperties, format: Type.Enum(KPI_EXPORT_FORMATS) },
  { additionalProperties: false },
);
export type MerchantKpiExportQuery = Static<typeof MerchantKpiExportQuery>;

/** How many merchants hold each grade, and all of them. */
export const MerchantGradeCounts = Type.Object({
  blue: Count,
  yellow: Count,
  orange: Count,
  red: Count,
  total: Count,
});
export type MerchantGradeCounts = Static<typeof MerchantGradeCounts>;

export const MerchantKpiSubDistrictRow = Type.Object({
  /** null: merchants standing outside every sub-district. */
  subDistrictId: Nullable(Type.Integer()),
  name: Nullable(Type.String()),
  ...MerchantGradeCounts.properties,
});
export type MerchantKpiSubDistrictRow = Static<typeof MerchantKpiSubDistrictRow>;

/** Grade changes of one bucket (or of the whole period): by the grade reached, and by direction. */
export const MerchantGradeChangeCounts = Type.Object({
  /** Changes that ended in each grade. */
  toGrade: Type.Object({ blue: Count, yellow: Count, orange: Count, red: Count }),
  /** To a worse colour (blue → yellow → orange → red). */
  up: Count,
  /** Back to a better colour (a clean period, or an admin's correction). */
  down: Count,
  total: Count,
});
export type MerchantGradeChangeCounts = Static<typeof MerchantGradeChangeCounts>;

export const GRADE_CHANGE_BUCKET_UNITS = ['day', 'month'] as const;
export type GradeChangeBucketUnit = (typeof GRADE_CHANGE_BUCKET_UNITS)[number];

export const MerchantGradeChangeBucket = Type.Object({
  /** YYYY-MM-DD for a day, YYYY-MM for a month. */
  key: Type.String(),
  /** The local dates the bucket covers, clipped to the period (a period starting on the 10th starts its first month there). */
  from: Type.String(),
  to: Type.String(),
  ...MerchantGradeChangeCounts.properties,
});
export type MerchantGradeChangeBucket = Static<typeof MerchantGradeChangeBucket>;

export const MerchantKpiViolationRow = Type.Object({
  /** The category code recorded on the violation. */
  violationType: Type.String(),
  /** The category's names; null for a code no category has. */
  name: Nullable(Type.String()),
  nameEn: Nullable(Type.String()),
  violations: Count,
  /** Distinct merchants with at least one violation of this type. */
  merchants: Count,
});
export type MerchantKpiViolationRow = Static<typeof MerchantKpiViolationRow>;

export const MERCHANT_KPI_AREA_KINDS = ['sub_district', 'zone'] as const;

export const MerchantKpiReport = Type.Object({
  period: Type.Object({
    from: Type.String(),
    to: Type.String(),
    days: Type.Integer({ minimum: 1 }),
    timeZone: Type.Literal(KPI_TIME_ZONE),
    /** The instants the period covers: [start, end). Grades are as of `end`. */
    start: Type.String({ format: 'date-time' }),
    end: Type.String({ format: 'date-time' }),
  }),
  /** The area reported on; null for the whole district. */
  area: Nullable(
    Type.Object({
      kind: Type.Enum(MERCHANT_KPI_AREA_KINDS),
      id: Type.Integer(),
      name: Type.String(),
      /** The zone's kind ('pilot', 'grid' …); null for a sub-district. */
      zoneKind: Nullable(Type.String()),
    }),
  ),
  generatedAt: Type.String({ format: 'date-time' }),
  /** What the area can be set to. Zones come pilot areas first, then by kind and name. */
  options: Type.Object({
    subDistricts: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    zones: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() })),
  }),
  /** Active merchants in the area registered by the end of the period, by their grade at that moment. */
  byGrade: MerchantGradeCounts,
  /** The same merchants by the sub-district they stand in, by id (outside every sub-district last). */
  bySubDistrict: Type.Array(MerchantKpiSubDistrictRow),
  gradeChanges: Type.Object({
    /** Days for a period of up to MERCHANT_KPI_DAILY_MAX_DAYS days, months beyond. */
    unit: Type.Enum(GRADE_CHANGE_BUCKET_UNITS),
    /** Every bucket of the period, in order, zeros included. */
    buckets: Type.Array(MerchantGradeChangeBucket),
    totals: MerchantGradeChangeCounts,
    /** Merchants entered in the registry during the period (their first grade is not a change). */
    registered: Count,
  }),
  violations: Type.Object({
    /** Violations that occurred in the period. */
    total: Count,
    /** By type, most violations first. */
    byType: Type.Array(MerchantKpiViolationRow),
  }),
  /** repeatMerchants / violatingMerchants. */
  repeatViolationRate: Type.Object({
    /** Merchants with at least two violations of the same type in the period (the numerator). */
    repeatMerchants: Count,
    /** Merchants with at least one violation in the period (the denominator). */
    violatingMerchants: Count,
    rate: Rate,
  }),
  /** withCard / merchants, over the merchants of byGrade. */
  cardCoverage: Type.Object({
    /** Issued a reminder card (温馨提示卡) on or before the last day of the period. */
    withCard: Count,
    merchants: Count,
    rate: Rate,
  }),
});
export type MerchantKpiReport = Static<typeof MerchantKpiReport>;

/**
 * Up to two months of grade changes are drawn per day; a longer period per
 * month, where daily bars would be too thin to read (and mostly zero).
 */
export const MERCHANT_KPI_DAILY_MAX_DAYS = 62;

/** The bucket unit for a period of `days` days. */
export function gradeChangeBucketUnit(days: number): GradeChangeBucketUnit {
  return days <= MERCHANT_KPI_DAILY_MAX_DAYS ? 'day' : 'month';
}

/** The bucket a local date (YYYY-MM-DD) falls in. */
export function gradeChangeBucketKey(date: string, unit: GradeChangeBucketUnit): string {
  return unit === 'day' ? date : date.slice(0, 7);
}

/** The period's buckets, in order: each with the first and last of the period's dates it holds. */
export function gradeChangeBuckets(
  dates: readonly string[],
  unit: GradeChangeBucketUnit,
): { key: string; from: string; to: string }[] {
  const buckets: { key: string; from: string; to: string }[] = [];
  for (const date of dates) {
    const key = gradeChangeBucketKey(date, unit);
    const last = buckets.at(-1);
    if (last?.key === key) last.to = date;
    else buckets.push({ key, from: date, to: date });
  }
  return buckets;
}

/** Worse (up the scale blue → red), better (down), or no change of colour. */
export function gradeChangeDirection(from: MerchantGrade, to: MerchantGrade): 'up' | 'down' | 'same' {
  const delta = MERCHANT_GRADES.indexOf(to) - MERCHANT_GRADES.indexOf(from);
  return delta > 0 ? 'up' : delta < 0 ? 'down' : 'same';
}

/** numerator / denominator, or null when there is nothing to divide by. */
export function merchantKpiRate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
