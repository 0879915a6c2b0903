import { GEOCODE_LEVELS, type GeocodeLevel, type GeocodeResult, type LngLat } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { isRoadName, parseAddress, type Direction, type ParsedAddress } from './address-parser.ts';
import type { ExternalGeocoder } from './external.ts';

/**
 * Chinese free-text address → a WGS-84 point, the level it was placed at, a
 * confidence and alternatives, from the gazetteer in PostGIS.
 *
 * 1. parse the text (address-parser.ts);
 * 2. fetch candidate names in one query: every gazetteer name or alias that
 *    occurs in the text exactly (btree), and for each parsed part the names
 *    sharing most of its characters (pg_trgm over gazetteer_names.chars);
 * 3. score each candidate here by the fewest edits that turn it into some
 *    stretch of the text, so that 英材街夜市 finds 英才街夜市疏导点;
 * 4. place intersections where the matched roads cross and house numbers
 *    on their road (exact, or interpolated between known neighbours);
 * 5. rank by confidence and by how precise the level is.
 *
 * Below CONFIDENCE_THRESHOLD a person confirms the pin (the case's
 * needsLocation); only then is an external geocoder asked, when configured.
 */

// The answer's shape is shared with the clients that show it.
export { GEOCODE_LEVELS, type GeocodeLevel, type GeocodeResult };

export interface Geocoding {
  parsed: ParsedAddress;
  /** Best first; at most `limit`. */
  results: GeocodeResult[];
}

/** A match below this is shown as a suggestion but a person places the case. */
export const CONFIDENCE_THRESHOLD = 0.6;

/** Ranking prefers the more precise level when confidences are close. */
const LEVEL_BONUS: Record<GeocodeLevel, number> = {
  house_number: 0.25,
  // A crossing found between the two roads the text names corroborates both.
  intersection: 0.25,
  landmark: 0.06,
  community: 0.05,
  road: 0,
  sub_district: -0.05,
};

/** Below this a candidate is not worth showing at all. */
const MIN_SHOWN = 0.45;

export interface GeocodeOptions {
  limit?: number;
  /** Asked only when the gazetteer's best is below the threshold. */
  external?: ExternalGeocoder | undefined;
}

export async function geocode(db: Queryable, text: string, options: GeocodeOptions = {}): Promise<Geocoding> {
  const limit = options.limit ?? 5;
  const parsed = parseAddress(text);
  const haystack = parsed.normalized.replace(/[() :]/g, '');
  // One character names nothing yet (the clerk is still typing).
  if ([...haystack].length < 2) return { parsed, results: [] };

  const candidates = await fetchCandidates(db, parsed, haystack);
  const results: GeocodeResult[] = [];
  for (const candidate of bestPerEntry(candidates)) {
    if (candidate.confidence < MIN_SHOWN) continue;
    results.push({
      label: withSide(candidate.name, candidate.kind === 'road' ? undefined : parsed),
      level: candidate.kind,
      confidence: candidate.confidence,
      point: { lng: candidate.lng, lat: candidate.lat },
      source: 'gazetteer',
    });
  }
  const roads = candidates.filter((c) => c.kind === 'road');
  const crossings = await intersections(db, parsed, roads);
  results.push(...crossings);
  if (parsed.intersection && crossings.length === 0) capContradictoryRoads(results, parsed.intersection, roads);
  results.push(...(await houseNumbers(db, parsed, roads)));
  // The gazetteer is this district's: the same names elsewhere are other places.
  const elsewhere = isElsewhere(parsed);
  const ranked = rank(
    results.map((r) => offsetBy(elsewhere ? { ...r, confidence: round2(r.confidence * 0.5) } : r, parsed)),
  );
  await refineRoad(db, ranked);

  const best = ranked[0];
  if (options.external && (!best || best.confidence < CONFIDENCE_THRESHOLD)) {
    const outside = await externalResults(db, options.external, text);
    return { parsed, results: rank([...ranked, ...outside]).slice(0, limit) };
  }
  return { parsed, results: ranked.slice(0, limit) };
}

/** An address that names another province, city or district than 河南省 郑州市 惠济区. */
export function isElsewhere(parsed: ParsedAddress): boolean {
  return (
    (parsed.province !== undefined && parsed.province !== '河南省') ||
    (parsed.city !== undefined && parsed.city !== '郑州市') ||
    (parsed.district !== undefined && parsed.district !== '惠济区')
  );
}

// Candidates ---------------------------------------------------------------------

type NameKind = Exclude<GeocodeLevel, 'house_number' | 'intersection'>;

interface Candidate {
  entryId: number;
  /** The entry's own name. */
  name: string;
  /** The name or alias that was found. */
  matched: string;
  kind: NameKind;
  lng: number;
  lat: number;
  confidence: number;
}

/** Names up to this many characters are looked up verbatim; longer ones are found by trigram. */
const MAX_EXACT_LENGTH = 20;
/** A long transcript names its place near the start; its tail only costs lookups. */
const MAX_EXACT_TEXT = 120;

async function fetchCandidates(db: Queryable, parsed: ParsedAddress, haystack: string): Promise<Candidate[]> {
  const chars = [...haystack].slice(0, MAX_EXACT_TEXT);
  const substrings = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    for (let j = i + 2; j <= Math.min(chars.length, i + MAX_EXACT_LENGTH); j++)
      substrings.add(chars.slice(i, j).join(''));
  }
  const segments = new Set<string>();
  const addSegment = (value: string | undefined) => {
    if (value && value.length >= 2) segments.add(spaced(value));
  };
  addSegment(parsed.landmark);
  addSegment(parsed.road);
  if (parsed.road && parsed.landmark && !parsed.landmark.startsWith(parsed.road))
    addSegment(parsed.road + parsed.landmark);
  addSegment(parsed.community);
  addSegment(parsed.subDistrict);
  for (const pair of [parsed.intersection, ...(parsed.intersectionAlternatives ?? [])]) {
    addSegment(pair?.[0]);
    addSegment(pair?.[1]);
  }
  if (chars.length <= 12) addSegment(haystack);

  const { rows } = await db.query<{
    entry_id: number;
    matched: string;
    name: string;
    kind: NameKind;
    lng: number;
    lat: number;
  }>(
    `WITH found AS (
       SELECT n.entry_id, n.name FROM gazetteer_names n WHERE n.name = ANY($1::text[])
       UNION
       SELECT hit.entry_id, hit.name
         FROM unnest($2::text[]) AS s(segment)
         CROSS JOIN LATERAL (
           SELECT n.entry_id, n.name FROM gazetteer_names n
            WHERE n.chars % s.segment
            ORDER BY similarity(n.chars, s.segment) DESC, n.entry_id
            LIMIT 12) hit)
     SELECT f.entry_id, f.name AS matched, e.name, e.kind, ST_X(e.point) AS lng, ST_Y(e.point) AS lat
       FROM found f JOIN gazetteer_entries e ON e.id = f.entry_id`,
    [[...substrings], [...segments]],
  );
  return rows.map((row) => ({
    entryId: row.entry_id,
    name: row.name,
    matched: row.matched,
    kind: row.kind,
    lng: row.lng,
    lat: row.lat,
    confidence: nameConfidence(row.matched, row.kind, haystack),
  }));
}

function spaced(text: string): string {
  return [...text].join(' ');
}

function bestPerEntry(candidates: Candidate[]): Candidate[] {
  const best = new Map<number, Candidate>();
  for (const candidate of candidates) {
    const seen = best.get(candidate.entryId);
    if (!seen || candidate.confidence > seen.confidence) best.set(candidate.entryId, candidate);
  }
  return [...best.values()];
}

/** Region words a gazetteer name may start with that a caller often leaves out (惠济万达广场 → 万达广场). */
const REGION_PREFIX = /^(?:河南省?)?(?:郑州市?)?(?:惠济区?)?/;

/**
 * How well a gazetteer name (or alias) occurs in the text: 1 when it is
 * there verbatim, less by the share of its characters that must change.
 */
export function nameConfidence(name: string, kind: NameKind, haystack: string): number {
  const length = [...name].length;
  const found = bestSubstring(name, haystack);
  let score = 1 - found.distance / length;
  // Two-character names and aliases (万达, 北站) count only verbatim.
  if (length <= 2 && found.distance > 0) return 0;
  // A name followed by a road suffix is the start of a road's name (古荥 in 古荥大道).
  if (kind !== 'road' && ROAD_SUFFIX_AFTER.test([...haystack].slice(found.end).join(''))) score *= 0.6;
  // A road whose suffix is not where the name ends in the text is another
  // name sharing its first characters (天河路 in 天河公园).
  if (kind === 'road' && found.distance > 0) {
    const last = [...name].at(-1);
    if ([...haystack][found.end - 1] !== last) score *= 0.8;
  }
  const bare = name.replace(REGION_PREFIX, '');
  if (bare !== name && [...bare].length >= 3) {
    const inner = bestSubstring(bare, haystack);
    score = Math.max(score, 0.97 * (1 - inner.distance / [...bare].length));
  }
  // Communities and towns are named without their level (南阳寨, 孙庄, 古荥),
  // but not where another level follows the name (刘寨街道 is not 刘寨社区).
  const level = LEVEL_WORD[kind];
  const core = level ? name.replace(level, '') : name;
  if (core !== name && [...core].length >= 2 && !isRoadName(core)) {
    const inner = bestSubstring(core, haystack);
    const after = [...haystack].slice(inner.end).join('');
    // Only where the place's name plainly ends (南阳寨东侧, not 花园口景区);
    // a village that became a 社区 is still called 村 (刘寨村 for 刘寨社区).
    const sameLevel = kind === 'community' && /^(?:村|社区|居委会)/.test(after);
    const bounded = sameLevel || NAME_ENDS.test(after);
    const exactOrLong = inner.distance === 0 || [...core].length >= 3;
    if (exactOrLong && bounded && !ROAD_SUFFIX_AFTER.test(after)) {
      score = Math.max(score, 0.92 * (1 - inner.distance / [...core].length));
    }
  }
  return round2(Math.max(0, score));
}

const LEVEL_WORD: Partial<Record<NameKind, RegExp>> = {
  community: /(?:社区|村|居委会)$/,
  sub_district: /(?:街道|镇|乡)$/,
};
const ROAD_SUFFIX_AFTER = /^(?:路|街|大道|大街|道|巷|快速路|璐)/;
const NAME_ENDS = /^(?:$|[东南西北里内]|那|这|附近|旁边|一带|周边|片区|辖区|\d)/;

/**
 * Callers add words inside names (天河大路, 英才街东夜市) more often than they
 * drop characters: an extra character in the text costs half an edit, and a
 * character of the name missing from the text a little more than a wrong one
 * (天河路 alone is not 天河路小学).
 */
const EXTRA_CHARACTER_COST = 0.5;
const MISSING_CHARACTER_COST = 1.2;

/**
 * The cheapest edits that turn `pattern` into some stretch of `text`
 * (Sellers' approximate substring match), with where that stretch ends
 * (exclusive, in characters). Of equally cheap stretches, one that ends on
 * the pattern's last character wins (天河路 in 天河大路 ends at 路, not at 河).
 */
export function bestSubstring(pattern: string, text: string): { distance: number; end: number } {
  const p = [...pattern];
  const t = [...text];
  let previous = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= p.length; i++) {
    const current = new Array<number>(t.length + 1);
    current[0] = i * MISSING_CHARACTER_COST;
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(
        previous[j - 1]! + (p[i - 1] === t[j - 1] ? 0 : 1),
        previous[j]! + MISSING_CHARACTER_COST,
        current[j - 1]! + EXTRA_CHARACTER_COST,
      );
    }
    previous = current;
  }
  const last = p.at(-1);
  let end = 0;
  for (let j = 1; j <= t.length; j++) {
    const cheaper = previous[j]! < previous[end]!;
    const asCheapEndingRight = previous[j] === previous[end] && t[j - 1] === last && t[end - 1] !== last;
    if (cheaper || asCheapEndingRight) end = j;
  }
  return { distance: previous[end]!, end };
}

/** Edit similarity of two whole names: 1 − edits / longer length. */
export function similarity(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0 || y.length === 0) return 0;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1), previous[j]! + 1, current[j - 1]! + 1);
    }
    previous = current;
  }
  return 1 - previous[y.length]! / Math.max(x.length, y.length);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

// Roads, intersections, house numbers --------------------------------------------

interface RoadMatch {
  name: string;
  similarity: number;
}

/**
 * Gazetteer roads that `written` may mean, best first; the name as written
 * when no road entry resembles it (a gazetteer of house numbers or
 * intersections imported without their roads).
 */
function roadsFor(written: string | undefined, roads: Candidate[]): RoadMatch[] {
  if (!written) return [];
  const matches = roadMatches(written, roads);
  return matches.length > 0 ? matches : [{ name: written, similarity: 1 }];
}

function roadMatches(written: string, roads: Candidate[]): RoadMatch[] {
  const seen = new Map<string, number>();
  for (const road of roads) {
    let score = Math.max(similarity(written, road.matched), similarity(written, road.name));
    // A road said without its suffix (天河 for 天河路) or with a generic word added.
    if (score < 1 && (road.name.startsWith(written) || written.startsWith(road.name))) score = Math.max(score, 0.85);
    if (score >= 0.6 && score > (seen.get(road.name) ?? 0)) seen.set(road.name, score);
  }
  return [...seen]
    .map(([name, score]) => ({ name, similarity: score }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 3);
}

async function intersections(db: Queryable, parsed: ParsedAddress, roads: Candidate[]): Promise<GeocodeResult[]> {
  if (!parsed.intersection) return [];
  const readings = [parsed.intersection, ...(parsed.intersectionAlternatives ?? [])].map(([a, b]) => ({
    first: roadsFor(a, roads),
    second: roadsFor(b, roads),
  }));
  const names = [...new Set(readings.flatMap((r) => [...r.first, ...r.second].map((m) => m.name)))];
  // One query for every reading of the text.
  const crossings = await findCrossings(db, names);
  const sim = (list: RoadMatch[], name: string) => list.find((r) => r.name === name)?.similarity ?? 0;
  const results: GeocodeResult[] = [];
  for (const [index, { first, second }] of readings.entries()) {
    for (const crossing of crossings) {
      // That the two roads really meet corroborates a misspelt one: the
      // geometric mean, not the minimum; the roads in whichever order fits
      // the text best. Later readings of the text are less likely than the first.
      const straight = Math.sqrt(sim(first, crossing.a) * sim(second, crossing.b));
      const swapped = Math.sqrt(sim(first, crossing.b) * sim(second, crossing.a));
      if (straight === 0 && swapped === 0) continue;
      const [roadA, roadB] = straight >= swapped ? [crossing.a, crossing.b] : [crossing.b, crossing.a];
      const confidence = round2(0.98 * Math.max(straight, swapped) * (index === 0 ? 1 : 0.95));
      results.push({
        label: withSide(`${roadA} × ${roadB}`, parsed),
        level: 'intersection',
        confidence,
        point: { lng: crossing.lng, lat: crossing.lat },
        source: 'gazetteer',
      });
    }
  }
  return results;
}

/**
 * Where any two of the named roads meet: the derived or imported
 * intersection entries, else (a gazetteer written without
 * gazetteer_refresh) the crossings computed from the road lines.
 */
async function findCrossings(
  db: Queryable,
  names: string[],
): Promise<{ a: string; b: string; lng: number; lat: number }[]> {
  if (names.length < 2) return [];
  const { rows } = await db.query<{ a: string; b: string; lng: number; lat: number }>(
    `WITH stored AS (
       SELECT road AS a, cross_road AS b, ST_X(point) AS lng, ST_Y(point) AS lat
         FROM gazetteer_entries
        WHERE kind = 'intersection' AND road = ANY($1::text[]) AND cross_road = ANY($1::text[])),
     live AS (
       SELECT DISTINCT ON (a, b) a, b, ST_X(p) AS lng, ST_Y(p) AS lat FROM (
         SELECT ra.name AS a, rb.name AS b, ST_Intersects(ra.geom, rb.geom) AS crosses, ra.id AS a_id, rb.id AS b_id,
                CASE WHEN ST_Intersects(ra.geom, rb.geom)
                     THEN ST_ClosestPoint(ST_Intersection(ra.geom, rb.geom), ST_Centroid(ST_Intersection(ra.geom, rb.geom)))
                     ELSE ST_Centroid(ST_ShortestLine(ra.geom, rb.geom)) END AS p
           FROM roads ra JOIN roads rb ON ST_DWithin(ra.geom, rb.geom, 0.0002)
          WHERE ra.name = ANY($1::text[]) AND rb.name = ANY($1::text[]) AND ra.name < rb.name
            AND NOT EXISTS (SELECT 1 FROM stored)) x
        ORDER BY a, b, crosses DESC, a_id, b_id)
     SELECT a, b, lng, lat FROM stored
     UNION ALL
     SELECT a, b, lng, lat FROM live`,
    [names],
  );
  return rows;
}

interface HouseRow {
  house_number: number;
  house_label: string | null;
  lng: number;
  lat: number;
}

async function houseNumbers(db: Queryable, parsed: ParsedAddress, roads: Candidate[]): Promise<GeocodeResult[]> {
  if (!parsed.road || !parsed.houseNumber) return [];
  const wanted = parsed.houseNumber;
  const number = Number.parseInt(wanted, 10);
  if (!Number.isFinite(number)) return [];
  const candidates = roadsFor(parsed.road, roads).slice(0, 2);
  const { rows } = await db.query<HouseRow & { road: string }>(
    `SELECT road, house_number, house_label, ST_X(point) AS lng, ST_Y(point) AS lat
       FROM gazetteer_entries
      WHERE kind = 'house_number' AND road = ANY($1::text[]) AND house_number BETWEEN $2::int - 200 AND $2::int + 200
      ORDER BY abs(house_number - $2::int), house_number
      LIMIT 80`,
    [candidates.map((r) => r.name), number],
  );
  const results: GeocodeResult[] = [];
  for (const road of candidates) {
    const placed = placeHouse(
      rows.filter((r) => r.road === road.name),
      wanted,
      number,
    );
    if (!placed) continue;
    results.push({
      label: `${road.name}${wanted}号${placed.note}`,
      level: 'house_number',
      confidence: round2(placed.confidence * road.similarity),
      point: placed.point,
      source: 'gazetteer',
    });
  }
  return results;
}

/**
 * The known number itself; else a point between the nearest known numbers
 * below and above on the same side of the street (odd and even numbers face
 * each other); else the nearest known number on that side within 20.
 */
function placeHouse(
  rows: HouseRow[],
  wanted: string,
  number: number,
): { point: LngLat; confidence: number; note: string } | undefined {
  const exact =
    rows.find((r) => (r.house_label ?? String(r.house_number)) === wanted) ??
    (wanted === String(number) ? rows.find((r) => r.house_number === number) : undefined);
  if (exact) return { point: { lng: exact.lng, lat: exact.lat }, confidence: 0.97, note: '' };
  const sameSide = rows.filter((r) => r.house_number % 2 === number % 2);
  const below = sameSide.filter((r) => r.house_number < number).sort((a, b) => b.house_number - a.house_number)[0];
  const above = sameSide.filter((r) => r.house_number > number).sort((a, b) => a.house_number - b.house_number)[0];
  if (below && above && above.house_number - below.house_number <= 100) {
    const f = (number - below.house_number) / (above.house_number - below.house_number);
    return {
      point: { lng: below.lng + f * (above.lng - below.lng), lat: below.lat + f * (above.lat - below.lat) },
      confidence: 0.9,
      note: `（${below.house_number}与${above.house_number}号之间）`,
    };
  }
  const nearest = [below, above]
    .filter((r): r is HouseRow => r !== undefined && Math.abs(r.house_number - number) <= 20)
    .sort((a, b) => Math.abs(a.house_number - number) - Math.abs(b.house_number - number))[0];
  if (nearest) {
    return {
      point: { lng: nearest.lng, lat: nearest.lat },
      confidence: 0.8,
      note: `（近${nearest.house_number}号）`,
    };
  }
  return undefined;
}

/**
 * The text names two roads that both exist but never meet (古荥大道与天河路):
 * either could be the mistake, so neither road is placed without a person.
 */
function capContradictoryRoads(results: GeocodeResult[], [a, b]: [string, string], roads: Candidate[]): void {
  const first = roadMatches(a, roads)[0];
  const second = roadMatches(b, roads)[0];
  if (!first || !second || first.similarity < 0.8 || second.similarity < 0.8) return;
  for (const [index, result] of results.entries()) {
    if (result.level === 'road' && (result.label === first.name || result.label === second.name)) {
      results[index] = { ...result, confidence: Math.min(result.confidence, round2(CONFIDENCE_THRESHOLD - 0.05)) };
    }
  }
}

// Ranking and refinements ---------------------------------------------------------

function rank(results: GeocodeResult[]): GeocodeResult[] {
  // A road that is part of a place's name the text matched (英才街 in
  // 英才街夜市疏导点) was said as part of that place, not as the road.
  const places = results.filter(
    (r) =>
      (r.level === 'landmark' || r.level === 'community' || r.level === 'sub_district') &&
      r.confidence >= CONFIDENCE_THRESHOLD,
  );
  const key = (r: GeocodeResult) =>
    r.confidence +
    LEVEL_BONUS[r.level] -
    (r.level === 'road' && places.some((p) => p.label.includes(r.label)) ? 0.15 : 0);
  const sorted = [...results].sort((a, b) => key(b) - key(a) || a.label.localeCompare(b.label));
  const seen = new Set<string>();
  const unique = sorted.filter((r) => {
    const key = `${r.level}|${r.label}|${r.point.lng.toFixed(5)},${r.point.lat.toFixed(5)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Two different places that fit a misspelt text equally well (宾河路: 滨河路
  // or 大河路?): neither is sure enough to place without a person.
  const [first, second] = unique;
  if (
    first &&
    second &&
    first.confidence < 0.9 &&
    first.level === second.level &&
    Math.abs(key(first) - key(second)) < 0.02 &&
    Math.abs(first.point.lng - second.point.lng) + Math.abs(first.point.lat - second.point.lat) > 0.002
  ) {
    unique[0] = { ...first, confidence: Math.min(first.confidence, round2(CONFIDENCE_THRESHOLD - 0.05)) };
  }
  return unique;
}

function withSide(label: string, parsed: ParsedAddress | undefined): string {
  const side = parsed?.side?.text;
  return side && !label.endsWith(side) ? `${label} ${side}` : label;
}

const METRES_PER_DEGREE_LAT = 110_574;
const DIRECTION_WORD: Record<Direction, string> = {
  north: '北',
  south: '南',
  east: '东',
  west: '西',
  northeast: '东北',
  northwest: '西北',
  southeast: '东南',
  southwest: '西南',
};
const STEP: Record<Direction, [number, number]> = {
  north: [0, 1],
  south: [0, -1],
  east: [1, 0],
  west: [-1, 0],
  northeast: [Math.SQRT1_2, Math.SQRT1_2],
  northwest: [-Math.SQRT1_2, Math.SQRT1_2],
  southeast: [Math.SQRT1_2, -Math.SQRT1_2],
  southwest: [-Math.SQRT1_2, -Math.SQRT1_2],
};

/** "交叉口往北100米": walk the offset from a precise place (not from a road's middle). */
function offsetBy(result: GeocodeResult, parsed: ParsedAddress): GeocodeResult {
  const offset = parsed.offset;
  if (!offset || offset.metres > 2000 || !['intersection', 'landmark', 'house_number'].includes(result.level)) {
    return result;
  }
  const [east, north] = STEP[offset.direction];
  const metresPerDegreeLng = 111_320 * Math.cos((result.point.lat * Math.PI) / 180);
  return {
    ...result,
    label: `${result.label} 往${DIRECTION_WORD[offset.direction]}${offset.metres}米`,
    point: {
      lng: result.point.lng + (east * offset.metres) / metresPerDegreeLng,
      lat: result.point.lat + (north * offset.metres) / METRES_PER_DEGREE_LAT,
    },
  };
}

/**
 * A road alone is placed at its middle, which may be kilometres off. When
 * the text also named a community, sub-district or landmark that matched
 * well, the point of the road nearest that place is far better.
 */
async function refineRoad(db: Queryable, ranked: GeocodeResult[]): Promise<void> {
  const best = ranked[0];
  if (!best || best.level !== 'road') return;
  const roadName = best.label;
  // A place named by other words than the road's own (天河路小学 says 天河路 again).
  const anchor = ranked.find(
    (r) =>
      (r.level === 'landmark' || r.level === 'community' || r.level === 'sub_district') &&
      r.confidence >= 0.8 &&
      r.source === 'gazetteer' &&
      !r.label.includes(roadName),
  );
  if (!anchor) return;
  const { rows } = await db.query<{ lng: number; lat: number; metres: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat, ST_Distance(p::geography, a::geography) AS metres
       FROM (SELECT ST_ClosestPoint(ST_Collect(geom), a) AS p, a
               FROM roads, (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS a) anchor
              WHERE name = $1 GROUP BY a) x`,
    [roadName, anchor.point.lng, anchor.point.lat],
  );
  const row = rows[0];
  if (!row || row.metres > 3000) return;
  ranked[0] = {
    ...best,
    label: `${roadName}（${anchor.label.split(' ')[0]}附近）`,
    point: { lng: row.lng, lat: row.lat },
  };
}

// External -----------------------------------------------------------------------

/** How far outside the district's sub-districts an external answer may lie (a 天河路 in another city is not ours). */
const EXTERNAL_MARGIN_DEGREES = 0.05;

async function externalResults(db: Queryable, external: ExternalGeocoder, text: string): Promise<GeocodeResult[]> {
  let answers: Awaited<ReturnType<ExternalGeocoder['geocode']>>;
  try {
    answers = await external.geocode(text);
  } catch {
    // An external service down must not stop a clerk or a case: the gazetteer's answer stands.
    return [];
  }
  if (answers.length === 0) return [];
  const { rows } = await db.query<{
    west: number | null;
    south: number | null;
    east: number | null;
    north: number | null;
  }>(
    `SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
       FROM (SELECT ST_Extent(geom)::geometry AS e FROM sub_districts) x`,
  );
  const box = rows[0];
  const inside = (p: LngLat) =>
    !box ||
    box.west === null ||
    (p.lng >= box.west - EXTERNAL_MARGIN_DEGREES &&
      p.lng <= box.east! + EXTERNAL_MARGIN_DEGREES &&
      p.lat >= box.south! - EXTERNAL_MARGIN_DEGREES &&
      p.lat <= box.north! + EXTERNAL_MARGIN_DEGREES);
  return answers
    .filter((a) => inside(a.point))
    .map((a) => ({
      label: a.label,
      level: a.level,
      confidence: round2(Math.min(1, Math.max(0, a.confidence))),
      point: a.point,
      source: 'external' as const,
    }));
}
