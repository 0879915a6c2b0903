import {
  KPI_TIME_ZONE,
  gradeChangeBucketKey,
  gradeChangeBucketUnit,
  gradeChangeBuckets,
  gradeChangeDirection,
  merchantKpiRate,
  type MerchantGrade,
  type MerchantGradeChangeCounts,
  type MerchantGradeCounts,
  type MerchantKpiQuery,
  type MerchantKpiReport,
} from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { badRequest } from '../../http/errors.ts';
import { resolvePeriod, type KpiPeriod } from './period.ts';

/**
 * The 一卡四色 figures (docs/kpis.md, "Merchants") over merchants,
 * merchant_violations and merchant_grade_events. This module only reads them:
 * the registry and the grading write them.
 */

type Options = MerchantKpiReport['options'];
type Area = MerchantKpiReport['area'];

/** One (sub-district, grade at the end of the period) group of merchants. */
export interface SnapshotRow {
  subDistrictId: number | null;
  name: string | null;
  grade: MerchantGrade;
  merchants: number;
  withCard: number;
}

/** Grade events of one local day with the same from and to grade. */
export interface GradeEventRow {
  /** The local date (Asia/Shanghai). */
  date: string;
  /** null: the merchant's registration. */
  fromGrade: MerchantGrade | null;
  toGrade: MerchantGrade;
  events: number;
}

/**
 * The merchants an area holds: active ones standing (by their location now)
 * inside the zone's or sub-district's polygon, or all active ones. $1 is the
 * zone id, $2 the sub-district id, at most one of them set.
 */
const POPULATION = `
  area AS (
    SELECT geom FROM zones WHERE id = $1::integer
    UNION ALL
    SELECT geom FROM sub_districts WHERE id = $2::integer
  ),
  population AS (
    SELECT m.id, m.location, m.grade, m.card_issued_on, m.created_at
      FROM merchants m
     WHERE m.active
       AND (($1::integer IS NULL AND $2::integer IS NULL)
            OR EXISTS (SELECT 1 FROM area a WHERE ST_Covers(a.geom, m.location)))
  )`;

/**
 * The merchants registered before the end ($3), grouped by the sub-district
 * their location falls in (the rule cases follow: the lowest id covering it)
 * and by their grade at the end: the last grade event before it; failing
 * that, the grade before the first later event (a log that starts after the
 * end); failing that, the grade now (never changed). $4 is the last local date.
 */
async function loadSnapshot(db: Queryable, params: unknown[]): Promise<SnapshotRow[]> {
  const { rows } = await db.query<SnapshotRow>(
    `WITH ${POPULATION}
     SELECT s.id AS "subDistrictId", s.name, g.grade,
            count(*)::integer AS merchants,
            count(*) FILTER (WHERE p.card_issued_on <= $4::date)::integer AS "withCard"
       FROM population p
       LEFT JOIN LATERAL (
         SELECT sd.id, sd.name FROM sub_districts sd WHERE ST_Covers(sd.geom, p.location) ORDER BY sd.id LIMIT 1
       ) s ON true
      CROSS JOIN LATERAL (
        SELECT coalesce(
          (SELECT e.to_grade FROM merchant_grade_events e
            WHERE e.merchant_id = p.id AND e.created_at < $3::timestamptz
            ORDER BY e.created_at DESC, e.seq DESC LIMIT 1),
          (SELECT coalesce(e.from_grade, e.to_grade) FROM merchant_grade_events e
            WHERE e.merchant_id = p.id AND e.created_at >= $3::timestamptz
            ORDER BY e.created_at, e.seq LIMIT 1),
          p.grade) AS grade
      ) g
      WHERE p.created_at < $3::timestamptz
      GROUP BY s.id, s.name, g.grade`,
    params,
  );
  return rows;
}

/**
 * Grade events in [$3, $4), counted per local day and (from, to). The day is
 * worked out from the epoch with the fixed UTC+8 offset (period.ts explains
 * why no time-zone database is needed), so PGlite answers the same.
 */
async function loadGradeEvents(db: Queryable, params: unknown[]): Promise<GradeEventRow[]> {
  const { rows } = await db.query<{
    day: number;
    fromGrade: MerchantGrade | null;
    toGrade: MerchantGrade;
    events: number;
  }>(
    `WITH ${POPULATION}
     SELECT floor((extract(epoch FROM e.created_at) + 28800) / 86400)::integer AS day,
            e.from_grade AS "fromGrade", e.to_grade AS "toGrade", count(*)::integer AS events
       FROM merchant_grade_events e
       JOIN population p ON p.id = e.merchant_id
      WHERE e.created_at >= $3::timestamptz AND e.created_at < $4::timestamptz
      GROUP BY 1, 2, 3`,
    params,
  );
  return rows.map(({ day, ...rest }) => ({ date: new Date(day * 86_400_000).toISOString().slice(0, 10), ...rest }));
}

async function loadViolations(db: Queryable, params: unknown[]): Promise<MerchantKpiReport['violations']['byType']> {
  const { rows } = await db.query<MerchantKpiReport['violations']['byType'][number]>(
    `WITH ${POPULATION}
     SELECT v.violation_type AS "violationType", c.name, c.name_en AS "nameEn",
            count(*)::integer AS violations, count(DISTINCT v.merchant_id)::integer AS merchants
       FROM merchant_violations v
       JOIN population p ON p.id = v.merchant_id
       LEFT JOIN categories c ON c.code = v.violation_type
      WHERE v.occurred_at >= $3::timestamptz AND v.occurred_at < $4::timestamptz
      GROUP BY v.violation_type, c.name, c.name_en
      ORDER BY violations DESC, v.violation_type`,
    params,
  );
  return rows;
}

/** Merchants with a violation in [$3, $4), and of those, the ones with two or more of one type. */
async function loadRepeats(db: Queryable, params: unknown[]): Promise<{ violating: number; repeat: number }> {
  const { rows } = await db.query<{ violating: number; repeat: number }>(
    `WITH ${POPULATION},
     per_type AS (
       SELECT v.merchant_id, v.violation_type, count(*) AS n
         FROM merchant_violations v
         JOIN population p ON p.id = v.merchant_id
        WHERE v.occurred_at >= $3::timestamptz AND v.occurred_at < $4::timestamptz
        GROUP BY v.merchant_id, v.violation_type
     )
     SELECT count(DISTINCT merchant_id)::integer AS violating,
            count(DISTINCT merchant_id) FILTER (WHERE n >= 2)::integer AS repeat
       FROM per_type`,
    params,
  );
  return rows[0]!;
}

async function loadOptions(db: Queryable): Promise<Options> {
  const [subDistricts, zones] = await Promise.all([
    db.query<{ id: number; name: string }>('SELECT id, name FROM sub_districts ORDER BY id'),
    db.query<{ id: number; name: string; kind: string }>(
      `SELECT id, name, kind FROM zones ORDER BY kind <> 'pilot', kind, name, id`,
    ),
  ]);
  return { subDistricts: subDistricts.rows, zones: zones.rows };
}

const emptyGrades = (): MerchantGradeCounts => ({ blue: 0, yellow: 0, orange: 0, red: 0, total: 0 });

/** byGrade, bySubDistrict (by id, no sub-district last) and card coverage from the snapshot groups. */
export function foldSnapshot(
  rows: readonly SnapshotRow[],
): Pick<MerchantKpiReport, 'byGrade' | 'bySubDistrict' | 'cardCoverage'> {
  const byGrade = emptyGrades();
  const bySub = new Map<number | null, MerchantKpiReport['bySubDistrict'][number]>();
  let withCard = 0;
  for (const row of rows) {
    byGrade[row.grade] += row.merchants;
    byGrade.total += row.merchants;
    withCard += row.withCard;
    let sub = bySub.get(row.subDistrictId);
    if (!sub) {
      sub = { subDistrictId: row.subDistrictId, name: row.name, ...emptyGrades() };
      bySub.set(row.subDistrictId, sub);
    }
    sub[row.grade] += row.merchants;
    sub.total += row.merchants;
  }
  const bySubDistrict = [...bySub.values()].sort(
    (a, b) => (a.subDistrictId ?? Number.MAX_SAFE_INTEGER) - (b.subDistrictId ?? Number.MAX_SAFE_INTEGER),
  );
  return {
    byGrade,
    bySubDistrict,
    cardCoverage: { withCard, merchants: byGrade.total, rate: merchantKpiRate(withCard, byGrade.total) },
  };
}

const emptyChanges = (): MerchantGradeChangeCounts => ({
  toGrade: { blue: 0, yellow: 0, orange: 0, red: 0 },
  up: 0,
  down: 0,
  total: 0,
});

/**
 * Every bucket of the period with its changes. A registration (no from
 * grade) is counted apart, and an event that leaves the colour as it was
 * (an admin re-confirming it) is no change.
 */
export function foldGradeChanges(
  rows: readonly GradeEventRow[],
  dates: readonly string[],
): MerchantKpiReport['gradeChanges'] {
  const unit = gradeChangeBucketUnit(dates.length);
  const buckets = gradeChangeBuckets(dates, unit).map((b) => ({ ...b, ...emptyChanges() }));
  const index = new Map(buckets.map((b, i) => [b.key, i]));
  const totals = emptyChanges();
  let registered = 0;
  for (const row of rows) {
    if (row.fromGrade === null) {
      registered += row.events;
      continue;
    }
    const direction = gradeChangeDirection(row.fromGrade, row.toGrade);
    if (direction === 'same') continue;
    const i = index.get(gradeChangeBucketKey(row.date, unit));
    // The query is bounded by the period, so every date has its bucket.
    if (i === undefined) throw new Error(`grade event on ${row.date} is outside ${dates[0]}..${dates.at(-1)}`);
    for (const counts of [buckets[i]!, totals]) {
      counts.toGrade[row.toGrade] += row.events;
      counts[direction] += row.events;
      counts.total += row.events;
    }
  }
  return { unit, buckets, totals, registered };
}

/** Only one area at a time, and it must exist: anything else is a 400 naming the field. */
function resolveArea(query: MerchantKpiQuery, options: Options): Area {
  const { subDistrictId, areaZoneId } = query;
  if (subDistrictId !== undefined && areaZoneId !== undefined) {
    throw badRequest('querystring.areaZoneId', 'Choose one area: querystring.subDistrictId or querystring.areaZoneId');
  }
  if (areaZoneId !== undefined) {
    const zone = options.zones.find((z) => z.id === areaZoneId);
    if (!zone) throw badRequest('querystring.areaZoneId', `No zone has id ${areaZoneId}`);
    return { kind: 'zone', id: zone.id, name: zone.name, zoneKind: zone.kind };
  }
  if (subDistrictId !== undefined) {
    const sub = options.subDistricts.find((s) => s.id === subDistrictId);
    if (!sub) throw badRequest('querystring.subDistrictId', `No sub-district has id ${subDistrictId}`);
    return { kind: 'sub_district', id: sub.id, name: sub.name, zoneKind: null };
  }
  return null;
}

/** The merchant KPI report for a period and an area. */
export class MerchantKpiService {
  constructor(
    private readonly db: Queryable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async report(query: MerchantKpiQuery): Promise<MerchantKpiReport> {
    const period: KpiPeriod = resolvePeriod(query.from, query.to);
    const options = await loadOptions(this.db);
    const area = resolveArea(query, options);
    const zoneId = area?.kind === 'zone' ? area.id : null;
    const subId = area?.kind === 'sub_district' ? area.id : null;
    const [start, end] = [period.start.toISOString(), period.end.toISOString()];
    const [snapshot, events, byType, repeats] = await Promise.all([
      loadSnapshot(this.db, [zoneId, subId, end, period.to]),
      loadGradeEvents(this.db, [zoneId, subId, start, end]),
      loadViolations(this.db, [zoneId, subId, start, end]),
      loadRepeats(this.db, [zoneId, subId, start, end]),
    ]);
    return {
      period: {
        from: period.from,
        to: period.to,
        days: period.dates.length,
        timeZone: KPI_TIME_ZONE,
        start,
        end,
      },
      area,
      generatedAt: this.now().toISOString(),
      options,
      ...foldSnapshot(snapshot),
      gradeChanges: foldGradeChanges(events, period.dates),
      violations: { total: byType.reduce((sum, r) => sum + r.violations, 0), byType },
      repeatViolationRate: {
        repeatMerchants: repeats.repeat,
        violatingMerchants: repeats.violating,
        rate: merchantKpiRate(repeats.repeat, repeats.violating),
      },
    };
  }
}
