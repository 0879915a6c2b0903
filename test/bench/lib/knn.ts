import type { Pool } from '../../../server/src/db/pool.ts';
import { SquadService } from '../../../server/src/modules/squads/service.ts';
import { HUIJI_BBOX, pointIn, seededRandom, summarize, type Summary } from './stats.ts';

export interface KnnResult {
  squads: number;
  queries: number;
  latency: Summary;
  /** The scan the planner chose, and the server-side execution time of one query. */
  plan: string;
}

const KINDS = ['enforcement', 'inspector', 'sanitation', 'street_assistant', 'volunteer'];

/**
 * Grows the squad table to each size in turn (bench squads are available,
 * with fresh random positions over the whole district) and times
 * SquadService.recommend(point, 5) one query at a time.
 */
export async function benchNearestSquad(pool: Pool, sizes: number[], queries: number): Promise<KnnResult[]> {
  const results: KnnResult[] = [];
  let inserted = 0;
  for (const size of sizes) {
    await pool.query(
      `INSERT INTO squads (code, name, kind, status, position, position_at)
       SELECT 'BENCH-' || g, '压测队伍 ' || g, ($3::text[])[1 + g % 5], 'available',
              ST_SetSRID(ST_MakePoint($4::float8 + random() * ($6::float8 - $4::float8),
                                      $5::float8 + random() * ($7::float8 - $5::float8)), 4326)::geography,
              now()
         FROM generate_series($1::int, $2::int) g`,
      [inserted + 1, size, KINDS, HUIJI_BBOX.west, HUIJI_BBOX.south, HUIJI_BBOX.east, HUIJI_BBOX.north],
    );
    inserted = size;
    await pool.query('ANALYZE squads');
    // The positions arrived through the copy trigger: the KNN runs on this table.
    await pool.query('ANALYZE squad_positions');

    const random = seededRandom(size);
    const squads = new SquadService(pool, undefined, 300);
    for (let i = 0; i < 50; i++) await squads.recommend(pointIn(HUIJI_BBOX, random), 5);
    const times: number[] = [];
    for (let i = 0; i < queries; i++) {
      const point = pointIn(HUIJI_BBOX, random);
      const start = performance.now();
      const found = await squads.recommend(point, 5);
      times.push(performance.now() - start);
      if (found.length !== 5) throw new Error(`recommend returned ${found.length} squads, expected 5`);
    }
    results.push({ squads: size, queries, latency: summarize(times), plan: await explain(pool) });
  }
  return results;
}

/**
 * EXPLAIN ANALYZE of the very SQL recommend() sends, caught on its way to
 * the pool, so the table shows whether the GiST index does the KNN.
 */
async function explain(pool: Pool): Promise<string> {
  let sent: { text: string; values: unknown[] } | undefined;
  const spy = { query: (text: string, values: unknown[]) => ((sent = { text, values }), pool.query(text, values)) };
  // SquadService only calls query(); the spy stands in for the pool for one call.
  await new SquadService(spy as unknown as Pool, undefined, 300).recommend({ lng: 113.63, lat: 34.83 }, 5);
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, COSTS OFF) ${sent!.text}`,
    sent!.values,
  );
  const lines = rows.map((row) => row['QUERY PLAN']);
  const scan =
    lines
      .find((line) => /Scan/.test(line) && /squad_positions/.test(line))
      ?.trim()
      .replace(/^->\s*/, '') ?? '?';
  const execution = lines.find((line) => line.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  return `${scan}; execution ${execution}`;
}
