import type { Queryable } from '../../db/pool.ts';

/**
 * Flags a just-filed case as a possible duplicate of open cases of the same
 * category nearby: within the category's radius (metres, on the geography)
 * and filed within its time window. The dispatcher decides; nothing merges
 * by itself. Returns the candidates' ids, nearest first.
 */
export async function flagPossibleDuplicates(db: Queryable, caseId: number): Promise<number[]> {
  const { rows } = await db.query<{ candidate_id: number }>(
    `INSERT INTO case_duplicate_candidates (case_id, candidate_id, distance_m)
     SELECT n.id, o.id, ST_Distance(n.location::geography, o.location::geography)
       FROM cases n
       JOIN categories cat ON cat.code = n.category_code
       JOIN cases o ON o.category_code = n.category_code AND o.id <> n.id
      WHERE n.id = $1
        AND n.location IS NOT NULL AND o.location IS NOT NULL
        AND o.status NOT IN ('not_registered', 'closed', 'merged')
        AND o.created_at >= n.created_at - make_interval(hours => cat.duplicate_window_hours)
        AND ST_DWithin(n.location::geography, o.location::geography, cat.duplicate_radius_m)
     ORDER BY 3
     LIMIT 5
     RETURNING candidate_id`,
    [caseId],
  );
  return rows.map((r) => r.candidate_id);
}

/** The candidates still worth showing: open and not merged since. */
export const POSSIBLE_DUPLICATES_JSON = `
  (SELECT coalesce(json_agg(json_build_object('id', o.id, 'caseNo', o.case_no, 'distanceM', round(dc.distance_m))
                            ORDER BY dc.distance_m), '[]'::json)
     FROM case_duplicate_candidates dc JOIN cases o ON o.id = dc.candidate_id
    WHERE dc.case_id = c.id AND o.status NOT IN ('not_registered', 'closed', 'merged')
      AND c.status IN ('received', 'registered', 'returned', 'dispatched'))`;
