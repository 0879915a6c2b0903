import type { Queryable } from '../../db/pool.ts';
import { normalizeAddress, splitIntersection, stripRegionPrefix } from './normalize.ts';

export type MatchLevel = 'intersection' | 'landmark' | 'community' | 'road' | 'sub_district';

export interface GazetteerMatch {
  lng: number;
  lat: number;
  level: MatchLevel;
  /** What was matched, for the dispatcher to judge, e.g. "天河路 × 英才街". */
  label: string;
  /** 1 for an exact name, lower for a fuzzy (trigram) match. */
  confidence: number;
}

/** Below this word similarity a fuzzy match is not trusted: the case waits for a person. */
const MIN_WORD_SIMILARITY = 0.5;

/**
 * Places a free-text address using the gazetteer: a road intersection, then
 * any gazetteer name contained in the text (the most specific kind first),
 * then the closest trigram match. The full Chinese geocoder is a later piece
 * of work; this is enough to place most hotline and clerk addresses.
 */
export async function lookupAddress(db: Queryable, rawText: string): Promise<GazetteerMatch | undefined> {
  const text = normalizeAddress(rawText);
  if (text.length === 0) return undefined;
  return (await matchIntersection(db, text)) ?? (await matchContainedName(db, text)) ?? (await matchFuzzy(db, text));
}

async function matchIntersection(db: Queryable, text: string): Promise<GazetteerMatch | undefined> {
  const roads = splitIntersection(stripRegionPrefix(text));
  if (!roads) return undefined;
  const { rows } = await db.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (
       SELECT ST_PointOnSurface(ST_Intersection(a.geom, b.geom)) AS p
         FROM roads a, roads b
        WHERE a.name = $1 AND b.name = $2 AND ST_Intersects(a.geom, b.geom)
        LIMIT 1) x
     WHERE p IS NOT NULL AND NOT ST_IsEmpty(p)`,
    roads,
  );
  const row = rows[0];
  return row ? { ...row, level: 'intersection', label: `${roads[0]} × ${roads[1]}`, confidence: 1 } : undefined;
}

const KIND_ORDER = `CASE kind WHEN 'landmark' THEN 1 WHEN 'community' THEN 2 WHEN 'road' THEN 3 ELSE 4 END`;

async function matchContainedName(db: Queryable, text: string): Promise<GazetteerMatch | undefined> {
  const { rows } = await db.query<{ lng: number; lat: number; kind: MatchLevel; name: string }>(
    `SELECT ST_X(point) AS lng, ST_Y(point) AS lat, kind, name
       FROM gazetteer_entries
      WHERE strpos($1, name) > 0
      ORDER BY ${KIND_ORDER}, length(name) DESC
      LIMIT 1`,
    [text],
  );
  const row = rows[0];
  return row ? { lng: row.lng, lat: row.lat, level: row.kind, label: row.name, confidence: 1 } : undefined;
}

async function matchFuzzy(db: Queryable, text: string): Promise<GazetteerMatch | undefined> {
  const { rows } = await db.query<{ lng: number; lat: number; kind: MatchLevel; name: string; score: number }>(
    `SELECT ST_X(point) AS lng, ST_Y(point) AS lat, kind, name, word_similarity(name, $1) AS score
       FROM gazetteer_entries
      WHERE word_similarity(name, $1) >= $2
      ORDER BY score DESC, ${KIND_ORDER}
      LIMIT 1`,
    [text, MIN_WORD_SIMILARITY],
  );
  const row = rows[0];
  return row
    ? { lng: row.lng, lat: row.lat, level: row.kind, label: row.name, confidence: Number(row.score.toFixed(2)) }
    : undefined;
}
