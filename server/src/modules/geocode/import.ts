import { parse as parseCsv } from 'csv-parse/sync';
import pg from 'pg';
import type { Crs, LngLat } from '@civic/shared';
import { withTransaction, type Queryable } from '../../db/pool.ts';
import { convertPoint } from '../geo/crs.ts';
import { isRoadName, normalizeText, parseAddress } from './address-parser.ts';
import { GEOCODE_LEVELS, type GeocodeLevel } from './geocoder.ts';

/**
 * Loads a gazetteer from CSV or GeoJSON: roads (lines into `roads`, a name
 * entry each), landmarks, communities, sub-districts, intersections and
 * house-number points (gazetteer_entries), then derives road points and
 * intersections (gazetteer_refresh). The demo seed loads its gazetteer
 * through the same function.
 *
 * Rows are written in batches; a row that cannot be read or written is
 * reported with its row number and the rest go on. A later row with the
 * same name and kind replaces an earlier one, so importing a file twice
 * changes nothing; a road's lines are replaced by those of the latest
 * import that has the road.
 *
 * CSV: a header row, then one point per row. Columns (English or Chinese):
 *   kind (类型) road | intersection | landmark | community | house_number |
 *        sub_district (道路, 路口, 地标, 社区/村, 门牌, 街道/镇); guessed from
 *        the name when empty
 *   name (名称), lng (经度), lat (纬度), aliases (别名, separated by | or ;),
 *   road (道路名) and house_number (门牌号) for house numbers,
 *   road and cross_road (相交道路) for intersections (or "A路与B路" as name).
 * GeoJSON: a FeatureCollection; Point, LineString/MultiLineString (a road)
 * or Polygon/MultiPolygon (placed at a point inside) geometries, and the
 * same fields as properties.
 */

export type ImportFormat = 'csv' | 'geojson';
export type GazetteerKind = GeocodeLevel;

export interface ImportRowError {
  /** CSV: the line in the file; GeoJSON: the feature's position, from 1. */
  row: number;
  message: string;
}

export interface GazetteerRow {
  row: number;
  kind: GazetteerKind;
  name: string;
  aliases: string[];
  /** WGS-84. */
  point?: LngLat;
  /** A road's line, GeoJSON, WGS-84. */
  line?: { type: 'LineString' | 'MultiLineString'; coordinates: unknown };
  /** An area placed at a point inside it, GeoJSON, WGS-84. */
  area?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  roadClass?: string;
  road?: string;
  crossRoad?: string;
  houseNumber?: number;
  houseLabel?: string;
}

export interface ReadResult {
  rows: GazetteerRow[];
  errors: ImportRowError[];
  /** Rows in the file, readable or not. */
  total: number;
}

/** The file as a whole is unreadable (not CSV, not JSON, no features): a 400, not a failed row. */
export class GazetteerFormatError extends Error {}

export const MAX_IMPORT_ERRORS = 100;

const KIND_WORDS: Record<string, GazetteerKind> = {
  道路: 'road',
  路: 'road',
  街: 'road',
  路口: 'intersection',
  交叉口: 'intersection',
  地标: 'landmark',
  兴趣点: 'landmark',
  poi: 'landmark',
  社区: 'community',
  村: 'community',
  小区: 'community',
  门牌: 'house_number',
  门牌号: 'house_number',
  门址: 'house_number',
  街道: 'sub_district',
  镇: 'sub_district',
  乡镇: 'sub_district',
};

const COLUMN_WORDS: Record<string, string> = {
  类型: 'kind',
  type: 'kind',
  名称: 'name',
  地名: 'name',
  经度: 'lng',
  lon: 'lng',
  longitude: 'lng',
  x: 'lng',
  纬度: 'lat',
  latitude: 'lat',
  y: 'lat',
  别名: 'aliases',
  alias: 'aliases',
  道路名: 'road',
  道路: 'road',
  所在道路: 'road',
  相交道路: 'cross_road',
  crossroad: 'cross_road',
  门牌号: 'house_number',
  housenumber: 'house_number',
  number: 'house_number',
  等级: 'class',
};

function column(header: string): string {
  const key = header.trim().replace(/^\uFEFF/, '');
  const lower = key.toLowerCase().replace(/[\s-]/g, '_');
  return COLUMN_WORDS[key] ?? COLUMN_WORDS[lower.replace(/_/g, '')] ?? lower;
}

/** Reads every row; throws GazetteerFormatError only when the file as a whole is unreadable. */
export function readGazetteer(text: string, format: ImportFormat, crs: Crs = 'wgs84'): ReadResult {
  return format === 'csv' ? readCsv(text, crs) : readGeoJson(text, crs);
}

function readCsv(text: string, crs: Crs): ReadResult {
  type Line = { record: Record<string, string>; info: { lines: number } };
  let records: Line[];
  try {
    records = parseCsv<Line>(text, {
      columns: (headers: string[]) => headers.map(column),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    });
  } catch (error) {
    throw new GazetteerFormatError(`Not a readable CSV file: ${(error as Error).message}`);
  }
  const rows: GazetteerRow[] = [];
  const errors: ImportRowError[] = [];
  for (const { record, info } of records) {
    try {
      const point =
        record.lng === undefined && record.lat === undefined
          ? undefined
          : coordinate([record.lng, record.lat], 'lng/lat', crs);
      rows.push(
        rowFrom(info.lines, {
          kind: record.kind,
          name: record.name,
          aliases: record.aliases,
          road: record.road,
          cross_road: record.cross_road,
          house_number: record.house_number,
          class: record.class,
          point,
        }),
      );
    } catch (error) {
      errors.push({ row: info.lines, message: (error as Error).message });
    }
  }
  return { rows, errors, total: records.length };
}

function readGeoJson(text: string, crs: Crs): ReadResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new GazetteerFormatError(`Not readable JSON: ${(error as Error).message}`);
  }
  const features = Array.isArray(body)
    ? body
    : isObject(body) && body.type === 'FeatureCollection' && Array.isArray(body.features)
      ? body.features
      : isObject(body) && body.type === 'Feature'
        ? [body]
        : undefined;
  if (!features) throw new GazetteerFormatError('Expected a GeoJSON FeatureCollection');
  const rows: GazetteerRow[] = [];
  const errors: ImportRowError[] = [];
  features.forEach((feature: unknown, index: number) => {
    const row = index + 1;
    try {
      if (!isObject(feature) || feature.type !== 'Feature') throw new Error('Not a GeoJSON Feature');
      const properties = isObject(feature.properties) ? feature.properties : {};
      const geometry = isObject(feature.geometry) ? feature.geometry : undefined;
      if (!geometry) throw new Error('The feature has no geometry');
      const fields = {
        kind: properties.kind ?? properties.type ?? properties.category,
        name: properties.name,
        aliases: properties.aliases,
        road: properties.road,
        cross_road: properties.cross_road ?? properties.crossRoad,
        house_number: properties.house_number ?? properties.houseNumber,
        class: properties.class,
      };
      switch (geometry.type) {
        case 'Point':
          rows.push(rowFrom(row, { ...fields, point: coordinate(geometry.coordinates, 'coordinates', crs) }));
          break;
        case 'LineString':
        case 'MultiLineString':
          rows.push(
            rowFrom(row, {
              ...fields,
              kind: fields.kind ?? 'road',
              line: { type: geometry.type, coordinates: convertCoordinates(geometry.coordinates, crs) },
            }),
          );
          break;
        case 'Polygon':
        case 'MultiPolygon':
          rows.push(
            rowFrom(row, {
              ...fields,
              area: { type: geometry.type, coordinates: convertCoordinates(geometry.coordinates, crs) },
            }),
          );
          break;
        default:
          throw new Error(`Unsupported geometry ${String(geometry.type)}`);
      }
    } catch (error) {
      errors.push({ row, message: (error as Error).message });
    }
  });
  return { rows, errors, total: features.length };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function coordinate(value: unknown, field: string, crs: Crs): LngLat {
  if (!Array.isArray(value) || value.length < 2) throw new Error(`${field}: expected a longitude and a latitude`);
  const lng = Number(value[0]);
  const lat = Number(value[1]);
  if (
    String(value[0]).trim() === '' ||
    String(value[1]).trim() === '' ||
    !Number.isFinite(lng) ||
    !Number.isFinite(lat)
  )
    throw new Error(`${field}: not a number`);
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) throw new Error(`${field}: out of range (${lng}, ${lat})`);
  return convertPoint({ lng, lat }, crs, 'wgs84');
}

/** Converts every position of a line or polygon, checking each. */
function convertCoordinates(value: unknown, crs: Crs): unknown {
  if (!Array.isArray(value)) throw new Error('coordinates: expected an array');
  if (value.length >= 2 && typeof value[0] === 'number') {
    const p = coordinate(value, 'coordinates', crs);
    return [p.lng, p.lat];
  }
  return value.map((inner) => convertCoordinates(inner, crs));
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = normalizeText(String(value)).replace(/ /g, '');
  return s.length > 0 ? s : undefined;
}

function rowFrom(
  row: number,
  fields: {
    kind?: unknown;
    name?: unknown;
    aliases?: unknown;
    road?: unknown;
    cross_road?: unknown;
    house_number?: unknown;
    class?: unknown;
    point?: LngLat;
    line?: GazetteerRow['line'];
    area?: GazetteerRow['area'];
  },
): GazetteerRow {
  let name = text(fields.name);
  let road = text(fields.road);
  let crossRoad = text(fields.cross_road);
  const houseText = text(fields.house_number)?.replace(/号$/, '');
  let kind = kindOf(fields.kind, name, Boolean(fields.line));
  if (fields.line && kind !== 'road') throw new Error(`A line can only be a road, not ${kind}`);
  if (!fields.point && !fields.line && !fields.area) throw new Error('No coordinates');

  let houseNumber: number | undefined;
  let houseLabel: string | undefined;
  if (kind === 'house_number') {
    let label = houseText;
    if ((!road || !label) && name) {
      const parsed = parseAddress(name);
      road ??= parsed.road;
      label ??= parsed.houseNumber;
    }
    if (!road) throw new Error('A house number needs its road (road / 道路名)');
    if (!label || !/^\d+(?:-\d+)?(?:附\d+)?$/.test(label)) throw new Error(`Not a house number: "${label ?? ''}"`);
    houseLabel = label;
    houseNumber = Number.parseInt(label, 10);
    name = `${road}${label}号`;
  }
  if (kind === 'intersection') {
    if ((!road || !crossRoad) && name) {
      const parsed = parseAddress(name);
      [road, crossRoad] = parsed.intersection ?? [road, crossRoad];
    }
    if (!road || !crossRoad) throw new Error('An intersection needs both roads (road, cross_road, or "A路与B路")');
    name ??= `${road}与${crossRoad}`;
  }
  if (!name) throw new Error('No name');
  if ([...name].length > 100) throw new Error('Name longer than 100 characters');
  if (!(GEOCODE_LEVELS as readonly string[]).includes(kind)) kind = 'landmark';

  const aliases = aliasList(fields.aliases).filter((a) => a !== name);
  if (kind === 'intersection' && road && crossRoad) {
    for (const a of [`${road}与${crossRoad}`, `${crossRoad}与${road}`])
      if (a !== name && !aliases.includes(a)) aliases.push(a);
  }
  return {
    row,
    kind,
    name,
    aliases,
    ...(fields.point ? { point: fields.point } : {}),
    ...(fields.line ? { line: fields.line } : {}),
    ...(fields.area ? { area: fields.area } : {}),
    ...(typeof fields.class === 'string' && fields.class.trim() ? { roadClass: fields.class.trim() } : {}),
    ...(road && kind !== 'road' ? { road } : {}),
    ...(crossRoad && kind === 'intersection' ? { crossRoad } : {}),
    ...(houseNumber !== undefined ? { houseNumber, houseLabel } : {}),
  };
}

function kindOf(raw: unknown, name: string | undefined, isLine: boolean): GazetteerKind {
  const word = typeof raw === 'string' ? raw.trim() : '';
  if (word) {
    const kind = (GEOCODE_LEVELS as readonly string[]).includes(word.toLowerCase())
      ? (word.toLowerCase() as GazetteerKind)
      : KIND_WORDS[word.toLowerCase()];
    if (!kind) throw new Error(`Unknown kind "${word}" (one of ${GEOCODE_LEVELS.join(', ')})`);
    return kind;
  }
  if (isLine) return 'road';
  if (!name) return 'landmark';
  if (isRoadName(name)) return 'road';
  const parsed = parseAddress(name);
  if (parsed.intersection) return 'intersection';
  if (parsed.road && parsed.houseNumber && !parsed.landmark) return 'house_number';
  if (/(?:街道|镇|乡)$/.test(name)) return 'sub_district';
  if (/(?:社区|村)$/.test(name)) return 'community';
  return 'landmark';
}

function aliasList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[|;；,，、]/) : [];
  const out: string[] = [];
  for (const item of items) {
    const alias = text(item);
    if (alias && !out.includes(alias)) out.push(alias);
  }
  return out;
}

// Writing ------------------------------------------------------------------------

export interface ImportProgress {
  total: number;
  /** Rows dealt with so far, imported or failed. */
  done: number;
  failed: number;
  /** The first MAX_IMPORT_ERRORS failures. */
  errors: ImportRowError[];
}

export interface ImportSummary extends ImportProgress {
  /** Intersections derived from the road lines after the import. */
  intersections: number;
}

export interface WriteOptions {
  importId?: number | undefined;
  batchSize?: number;
  /** Called after each batch (and once before the first), e.g. to store a job's progress. */
  onProgress?: (progress: ImportProgress) => Promise<void>;
}

type Db = pg.Pool | Queryable;

/** Reads and writes a whole gazetteer file, then refreshes derived entries. */
export async function importGazetteer(
  db: Db,
  input: { text: string; format: ImportFormat; crs?: Crs },
  options: WriteOptions = {},
): Promise<ImportSummary> {
  return writeGazetteer(db, readGazetteer(input.text, input.format, input.crs), options);
}

/**
 * Writes rows read by readGazetteer. On a pool each batch is its own
 * transaction; on a client (a caller's transaction, e.g. the demo seed) each
 * batch is a savepoint. A batch that fails is retried row by row, so one
 * bad row costs only itself.
 */
export async function writeGazetteer(db: Db, read: ReadResult, options: WriteOptions = {}): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 500;
  const progress: ImportProgress = {
    total: read.total,
    done: read.errors.length,
    failed: read.errors.length,
    errors: read.errors.slice(0, MAX_IMPORT_ERRORS),
  };
  await options.onProgress?.(progress);
  const replacedRoads = new Set<string>();
  for (let start = 0; start < read.rows.length; start += batchSize) {
    const batch = read.rows.slice(start, start + batchSize);
    const failures = await inBatch(db, async (client) => writeBatch(client, batch, replacedRoads, options.importId));
    progress.done += batch.length;
    progress.failed += failures.length;
    for (const failure of failures) if (progress.errors.length < MAX_IMPORT_ERRORS) progress.errors.push(failure);
    await options.onProgress?.(progress);
  }
  const refreshed = await db.query<{ crossings: number }>('SELECT gazetteer_refresh() AS crossings');
  // Fresh statistics, so that lookups plan for the gazetteer as it now is.
  await db.query('ANALYZE gazetteer_entries, gazetteer_names, roads');
  return { ...progress, intersections: refreshed.rows[0]?.crossings ?? 0 };
}

/** One transaction per batch on a pool; inside a caller's transaction (the demo seed), on its client. */
async function inBatch<T>(db: Db, work: (client: Queryable) => Promise<T>): Promise<T> {
  return db instanceof pg.Pool ? withTransaction(db, work) : work(db);
}

/** Writes a batch in one statement per table; on failure, row by row, each under its own savepoint. */
async function writeBatch(
  db: Queryable,
  batch: GazetteerRow[],
  replacedRoads: Set<string>,
  importId: number | undefined,
): Promise<ImportRowError[]> {
  // Within a batch the later row of a name and kind wins, as it would across batches.
  const last = new Map<string, GazetteerRow>();
  for (const row of batch) if (!row.line) last.set(`${row.kind}|${row.name}`, row);
  const points = [...last.values()];
  const lines = batch.filter((row) => row.line);
  const replaced = new Set(replacedRoads);
  await db.query('SAVEPOINT gazetteer_batch');
  try {
    await writeLines(db, lines, replaced, importId);
    await writePoints(db, points, importId);
    await db.query('RELEASE SAVEPOINT gazetteer_batch');
    for (const name of replaced) replacedRoads.add(name);
    return [];
  } catch {
    await db.query('ROLLBACK TO SAVEPOINT gazetteer_batch');
    await db.query('RELEASE SAVEPOINT gazetteer_batch');
  }
  const failures: ImportRowError[] = [];
  for (const row of batch) {
    await db.query('SAVEPOINT gazetteer_row');
    try {
      const replacedByRow = new Set(replacedRoads);
      if (row.line) await writeLines(db, [row], replacedByRow, importId);
      else await writePoints(db, [row], importId);
      await db.query('RELEASE SAVEPOINT gazetteer_row');
      for (const name of replacedByRow) replacedRoads.add(name);
    } catch (error) {
      await db.query('ROLLBACK TO SAVEPOINT gazetteer_row');
      await db.query('RELEASE SAVEPOINT gazetteer_row');
      failures.push({ row: row.row, message: (error as Error).message });
    }
  }
  return failures;
}

/**
 * Road lines: the first line of a road in this import replaces the road's
 * older lines; its name entry keeps its aliases unless the row brings some.
 */
async function writeLines(
  db: Queryable,
  rows: GazetteerRow[],
  replacedRoads: Set<string>,
  importId: number | undefined,
): Promise<void> {
  if (rows.length === 0) return;
  const input = rows.map((row) => {
    const replace = !replacedRoads.has(row.name);
    replacedRoads.add(row.name);
    return {
      name: row.name,
      class: row.roadClass ?? null,
      line: JSON.stringify(row.line),
      aliases: row.aliases,
      replace,
    };
  });
  await db.query(
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(name text, class text, line text, aliases text[], replace boolean)),
     removed AS (DELETE FROM roads USING r WHERE r.replace AND roads.name = r.name),
     added AS (
       INSERT INTO roads (name, class, geom)
       SELECT name, coalesce(class, 'main'), ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(line), 4326)) FROM r
       RETURNING 1)
     INSERT INTO gazetteer_entries AS g (name, kind, point, aliases, source, import_id, updated_at)
     SELECT DISTINCT ON (name) name, 'road',
            ST_LineInterpolatePoint(ST_GeometryN(ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(line), 4326)), 1), 0.5),
            coalesce(aliases, '{}'), 'import', $2::bigint, now()
       FROM r
      ORDER BY name, cardinality(aliases) DESC
     ON CONFLICT (name, kind) DO UPDATE
       SET aliases = CASE WHEN cardinality(EXCLUDED.aliases) > 0 THEN EXCLUDED.aliases ELSE g.aliases END,
           source = 'import', import_id = EXCLUDED.import_id, updated_at = now()`,
    [JSON.stringify(input), importId ?? null],
  );
}

async function writePoints(db: Queryable, rows: GazetteerRow[], importId: number | undefined): Promise<void> {
  if (rows.length === 0) return;
  const input = rows.map((row) => ({
    name: row.name,
    kind: row.kind,
    lng: row.point?.lng ?? null,
    lat: row.point?.lat ?? null,
    area: row.area ? JSON.stringify(row.area) : null,
    aliases: row.aliases,
    road: row.road ?? null,
    cross_road: row.crossRoad ?? null,
    house_number: row.houseNumber ?? null,
    house_label: row.houseLabel ?? null,
  }));
  await db.query(
    `INSERT INTO gazetteer_entries AS g
            (name, kind, point, aliases, road, cross_road, house_number, house_label, source, import_id, updated_at)
     SELECT name, kind,
            CASE WHEN area IS NULL THEN ST_SetSRID(ST_MakePoint(lng, lat), 4326)
                 ELSE ST_PointOnSurface(ST_SetSRID(ST_GeomFromGeoJSON(area), 4326)) END,
            coalesce(aliases, '{}'), road, cross_road, house_number, house_label, 'import', $2::bigint, now()
       FROM jsonb_to_recordset($1::jsonb) AS r(name text, kind text, lng float8, lat float8, area text, aliases text[],
                                               road text, cross_road text, house_number integer, house_label text)
     ON CONFLICT (name, kind) DO UPDATE
       SET point = EXCLUDED.point, aliases = EXCLUDED.aliases, road = EXCLUDED.road, cross_road = EXCLUDED.cross_road,
           house_number = EXCLUDED.house_number, house_label = EXCLUDED.house_label,
           source = 'import', import_id = EXCLUDED.import_id, updated_at = now()`,
    [JSON.stringify(input), importId ?? null],
  );
}

// Jobs ---------------------------------------------------------------------------

export type ImportStatus = 'running' | 'done' | 'failed' | 'interrupted';

export interface ImportJob {
  id: number;
  format: ImportFormat;
  status: ImportStatus;
  total: number;
  done: number;
  failed: number;
  errors: ImportRowError[];
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A running job whose node has not reported for this long has died with its node. */
const STALE_AFTER = '5 minutes';

/**
 * Imports that run in the background on the node that received the file.
 * Progress is written to gazetteer_imports after every batch, so any node
 * answers a progress request, and a job whose node died shows as interrupted.
 */
export class GazetteerImportJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly reportError: (error: unknown) => void = () => undefined,
  ) {}

  /** Reads the file now (GazetteerFormatError if unreadable), then writes it in the background. */
  async start(input: { text: string; format: ImportFormat; crs?: Crs }, userId: number | null): Promise<ImportJob> {
    const read = readGazetteer(input.text, input.format, input.crs);
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO gazetteer_imports (format, total, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [input.format, read.total, userId],
    );
    const id = rows[0]!.id;
    const job = writeGazetteer(this.pool, read, {
      importId: id,
      onProgress: (progress) => this.save(id, progress),
    })
      .then((summary) =>
        this.finish(id, 'done', `${summary.intersections} intersections derived from the road lines`, summary),
      )
      .catch(async (error: unknown) => {
        this.reportError(error);
        await this.finish(id, 'failed', (error as Error).message).catch(this.reportError);
      })
      .finally(() => this.running.delete(job));
    this.running.add(job);
    return (await this.get(id))!;
  }

  async get(id: number): Promise<ImportJob | undefined> {
    const { rows } = await this.pool.query<{
      id: number;
      format: ImportFormat;
      status: ImportStatus;
      total: number;
      done: number;
      failed: number;
      errors: ImportRowError[];
      message: string | null;
      created_at: Date;
      finished_at: Date | null;
    }>(
      `SELECT id, format, total, done, failed, errors, message, created_at, finished_at,
              CASE WHEN status = 'running' AND updated_at < now() - $2::interval THEN 'interrupted' ELSE status END AS status
         FROM gazetteer_imports WHERE id = $1`,
      [id, STALE_AFTER],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      format: row.format,
      status: row.status,
      total: row.total,
      done: row.done,
      failed: row.failed,
      errors: row.errors,
      message: row.message,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }

  /** Waits for the jobs this node is running (at shutdown). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async save(id: number, progress: ImportProgress): Promise<void> {
    await this.pool.query(
      `UPDATE gazetteer_imports SET done = $2, failed = $3, errors = $4::jsonb, updated_at = now() WHERE id = $1`,
      [id, progress.done, progress.failed, JSON.stringify(progress.errors)],
    );
  }

  private async finish(id: number, status: 'done' | 'failed', message: string, progress?: ImportProgress) {
    if (progress) await this.save(id, progress);
    await this.pool.query(
      `UPDATE gazetteer_imports SET status = $2, message = $3, finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, status, message],
    );
  }
}
