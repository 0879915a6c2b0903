import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Pool } from '../../../server/src/db/pool.ts';
import { SquadService } from '../../../server/src/modules/squads/service.ts';
import type { FanoutResult } from './report.ts';
import { FIXTURE_DISTRICT, pointIn, seededRandom, summarize, type Summary } from './stats.ts';

/** What one position-ingest run measured, against one server with one POSITION_WRITE_MS. */
export interface PositionResult {
  writeMs: number;
  squads: number;
  connected: number;
  intervalSeconds: number;
  /** The measuring window, while complaints were filed and recommendations asked for. */
  seconds: number;
  offeredPerSecond: number;
  acceptedPerSecond: number;
  refused: number;
  timedOut: number;
  disconnects: number;
  ack: Summary;
  /** PostgreSQL commits a second in the window (all clients), and the machine's CPU busy share. */
  commitsPerSecond: number;
  cpuBusy: number;
  /** The same complaints' fan-out, first with no position load, then under it. */
  idle: FanoutResult;
  loaded: FanoutResult;
  /** SquadService.recommend(point, 5) over the bench squads, without and with the load. */
  recommendIdle: Summary;
  recommendLoaded: Summary;
}

const CODE_PREFIX = 'POS-';

/**
 * Adds `count` available squads in the fixture district, each with one
 * squad member and a session, straight in the database (logging 10,000
 * people in would spend minutes hashing passwords). Returns their tokens.
 */
export async function addBenchSquads(pool: Pool, count: number): Promise<string[]> {
  await pool.query(
    `INSERT INTO squads (code, name, kind, status, position, position_at)
     SELECT $1 || g, '定位压测 ' || g, 'enforcement', 'available',
            ST_SetSRID(ST_MakePoint($3::float8 + random() * ($5::float8 - $3::float8),
                                    $4::float8 + random() * ($6::float8 - $4::float8)), 4326)::geography,
            now() - interval '1 minute'
       FROM generate_series(1, $2::int) g`,
    [CODE_PREFIX, count, FIXTURE_DISTRICT.west, FIXTURE_DISTRICT.south, FIXTURE_DISTRICT.east, FIXTURE_DISTRICT.north],
  );
  await pool.query(
    `INSERT INTO users (username, display_name, password_hash, role, squad_id)
     SELECT 'pos-' || id, '定位压测队员', 'not-a-hash: no login', 'squad_member', id
       FROM squads WHERE code LIKE $1 || '%'`,
    [CODE_PREFIX],
  );
  const { rows } = await pool.query<{ id: number }>(
    `SELECT u.id FROM users u JOIN squads s ON s.id = u.squad_id WHERE s.code LIKE $1 || '%' ORDER BY u.id`,
    [CODE_PREFIX],
  );
  const tokens = rows.map(() => randomBytes(32).toString('base64url'));
  await pool.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at)
     SELECT h, u, now() + interval '1 day' FROM unnest($1::text[], $2::int[]) AS t(h, u)`,
    [tokens.map((token) => createHash('sha256').update(token).digest('hex')), rows.map((row) => row.id)],
  );
  await pool.query('ANALYZE squads');
  await pool.query('ANALYZE squad_positions');
  return tokens;
}

/** Removes what addBenchSquads added, and their fixes and tracks, so later parts see the fixture only. */
export async function removeBenchSquads(pool: Pool): Promise<void> {
  const ids = `(SELECT id FROM squads WHERE code LIKE $1 || '%')`;
  await pool.query(`DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE squad_id IN ${ids})`, [
    CODE_PREFIX,
  ]);
  await pool.query(`DELETE FROM users WHERE squad_id IN ${ids}`, [CODE_PREFIX]);
  await pool.query(`DELETE FROM squad_track_points WHERE squad_id IN ${ids}`, [CODE_PREFIX]);
  await pool.query(`DELETE FROM squad_positions WHERE squad_id IN ${ids}`, [CODE_PREFIX]);
  await pool.query(`DELETE FROM squad_status_events WHERE squad_id IN ${ids}`, [CODE_PREFIX]);
  await pool.query(`DELETE FROM squads WHERE code LIKE $1 || '%'`, [CODE_PREFIX]);
}

/** Times SquadService.recommend(point, 5) at random points of the fixture district, one at a time. */
export async function timeRecommend(pool: Pool, queries: number, seed: number): Promise<Summary> {
  const squads = new SquadService(pool, undefined, 300);
  const random = seededRandom(seed);
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const point = pointIn(FIXTURE_DISTRICT, random);
    const start = performance.now();
    await squads.recommend(point, 5);
    times.push(performance.now() - start);
  }
  return summarize(times);
}

/** A reading to diff: PostgreSQL commits so far, and the machine's CPU jiffies. */
export interface Counters {
  commits: number;
  cpuBusy: number;
  cpuTotal: number;
}

export async function readCounters(pool: Pool): Promise<Counters> {
  const { rows } = await pool.query<{ commits: string }>(
    'SELECT xact_commit::text AS commits FROM pg_stat_database WHERE datname = current_database()',
  );
  // First line of /proc/stat: cpu user nice system idle iowait irq softirq steal …
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = fields[3]! + fields[4]!;
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { commits: Number(rows[0]!.commits), cpuBusy: total - idle, cpuTotal: total };
}
