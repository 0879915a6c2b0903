import type { Channel, KpiReport, SatisfactionLevel } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import type { KpiPeriod } from './period.ts';

/**
 * What one case of the cohort did, read from its events. Every KPI is a count
 * or a duration over these rows, so the report's totals and each breakdown
 * are computed by the same code from the same facts.
 */
export interface CaseFacts {
  caseId: number;
  channel: Channel;
  categoryCode: string | null;
  subDistrictId: number | null;
  /** The squad of the last case:assigned / case:reassigned; null if never dispatched. */
  squadId: number | null;
  /** When case:created happened. */
  receivedAt: Date;
  merged: boolean;
  registered: boolean;
  notRegistered: boolean;
  /** The first case:assigned; null if never dispatched. */
  firstAssignedAt: Date | null;
  /** The first case:on_scene. */
  firstOnSceneAt: Date | null;
  /** At least one case:disposed, whatever came after. */
  everDisposed: boolean;
  /** The disposal that stands: the last case:disposed, when no rework or reopening came after it. */
  disposedAt: Date | null;
  /** Whether that disposal met its deadline; null when it ran against none (or is not standing). */
  disposedOnTime: boolean | null;
  /** The last case:closed came after the last case:reopened. */
  closed: boolean;
  /** At least one case:reworked or case:reopened. */
  reworked: boolean;
  /** At least one case:extension_approved. */
  extended: boolean;
  /** At least one case:feedback. */
  feedbackGiven: boolean;
  /** What the last case:followed_up recorded; null if never followed up. */
  satisfaction: SatisfactionLevel | null;
  /** A case:supervised, or a case:escalated reminder, notice or reprimand. */
  supervised: boolean;
}

export interface KpiFilters {
  subDistrictId: number | null;
  categoryCode: string | null;
  channel: Channel | null;
  squadId: number | null;
}

/**
 * The cohort and its facts in one statement: cases whose case:created lies in
 * [start, end), filtered by the case's area, category (with its
 * sub-categories), channel and last-assigned squad.
 */
export async function loadCaseFacts(db: Queryable, period: KpiPeriod, filters: KpiFilters): Promise<CaseFacts[]> {
  const { rows } = await db.query<CaseFacts>(
    `WITH RECURSIVE wanted_categories AS (
       SELECT code FROM categories WHERE code = $4::text
       UNION
       SELECT child.code FROM categories child JOIN wanted_categories parent ON child.parent_code = parent.code
     ),
     cohort AS (
       SELECT DISTINCT ON (e.case_id) e.case_id, e.created_at AS received_at
         FROM case_events e
        WHERE e.type = 'case:created' AND e.created_at >= $1::timestamptz AND e.created_at < $2::timestamptz
        ORDER BY e.case_id, e.seq
     ),
     facts AS (
       SELECT c.id, c.channel, c.category_code, c.sub_district_id, k.received_at, h.*
         FROM cohort k
         JOIN cases c ON c.id = k.case_id
        CROSS JOIN LATERAL (
          SELECT
            (array_agg(e.squad_id ORDER BY e.seq DESC)
               FILTER (WHERE e.type IN ('case:assigned', 'case:reassigned')))[1] AS squad_id,
            coalesce(bool_or(e.type = 'case:merged'), false) AS merged,
            coalesce(bool_or(e.type = 'case:registered'), false) AS registered,
            coalesce(bool_or(e.type = 'case:not_registered'), false) AS not_registered,
            min(e.created_at) FILTER (WHERE e.type = 'case:assigned') AS first_assigned_at,
            min(e.created_at) FILTER (WHERE e.type = 'case:on_scene') AS first_on_scene_at,
            max(e.seq) FILTER (WHERE e.type = 'case:disposed') AS last_disposed_seq,
            (array_agg(e.created_at ORDER BY e.seq DESC) FILTER (WHERE e.type = 'case:disposed'))[1] AS last_disposed_at,
            (array_agg(e.detail -> 'deadline' ->> 'onTime' ORDER BY e.seq DESC)
               FILTER (WHERE e.type = 'case:disposed'))[1] AS last_disposed_on_time,
            max(e.seq) FILTER (WHERE e.type IN ('case:reworked', 'case:reopened')) AS last_rework_seq,
            max(e.seq) FILTER (WHERE e.type = 'case:closed') AS last_closed_seq,
            max(e.seq) FILTER (WHERE e.type = 'case:reopened') AS last_reopened_seq,
            coalesce(bool_or(e.type = 'case:extension_approved'), false) AS extended,
            coalesce(bool_or(e.type = 'case:feedback'), false) AS feedback_given,
            (array_agg(e.detail ->> 'satisfaction' ORDER BY e.seq DESC)
               FILTER (WHERE e.type = 'case:followed_up'))[1] AS satisfaction,
            coalesce(bool_or(e.type = 'case:supervised'
              OR (e.type = 'case:escalated' AND e.detail ->> 'step' IN ('reminder', 'notice', 'reprimand'))), false)
              AS supervised
            FROM case_events e
           WHERE e.case_id = k.case_id
        ) h
        WHERE ($3::integer IS NULL OR c.sub_district_id = $3::integer)
          AND ($4::text IS NULL OR c.category_code IN (SELECT code FROM wanted_categories))
          AND ($5::text IS NULL OR c.channel = $5::text)
     )
     SELECT id AS "caseId",
            channel,
            category_code AS "categoryCode",
            sub_district_id AS "subDistrictId",
            squad_id AS "squadId",
            received_at AS "receivedAt",
            merged,
            registered,
            not_registered AS "notRegistered",
            first_assigned_at AS "firstAssignedAt",
            first_on_scene_at AS "firstOnSceneAt",
            last_disposed_seq IS NOT NULL AS "everDisposed",
            CASE WHEN last_disposed_seq > coalesce(last_rework_seq, 0) THEN last_disposed_at END AS "disposedAt",
            CASE WHEN last_disposed_seq > coalesce(last_rework_seq, 0) AND last_disposed_on_time IS NOT NULL
                 THEN last_disposed_on_time = 'true' END AS "disposedOnTime",
            coalesce(last_closed_seq > coalesce(last_reopened_seq, 0), false) AS closed,
            last_rework_seq IS NOT NULL AS reworked,
            extended,
            feedback_given AS "feedbackGiven",
            satisfaction,
            supervised
       FROM facts
      WHERE $6::integer IS NULL OR squad_id = $6::integer
      ORDER BY id`,
    [
      period.start.toISOString(),
      period.end.toISOString(),
      filters.subDistrictId,
      filters.categoryCode,
      filters.channel,
      filters.squadId,
    ],
  );
  return rows;
}

export type KpiOptions = Omit<KpiReport['options'], 'channels'>;

/** What a report can be filtered by; also the names its rows carry. */
export async function loadOptions(db: Queryable): Promise<KpiOptions> {
  const [subDistricts, categories, squads] = await Promise.all([
    db.query<{ id: number; name: string }>('SELECT id, name FROM sub_districts ORDER BY id'),
    db.query<{ code: string; parentCode: string | null; name: string; nameEn: string }>(
      `SELECT code, parent_code AS "parentCode", name, name_en AS "nameEn" FROM categories ORDER BY code`,
    ),
    db.query<{ id: number; name: string }>('SELECT id, name FROM squads ORDER BY id'),
  ]);
  return { subDistricts: subDistricts.rows, categories: categories.rows, squads: squads.rows };
}
