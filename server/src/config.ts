import { resolve } from 'node:path';
import { CRS_NAMES, type Crs } from '@civic/shared';

/**
 * Everything the server reads from its environment, parsed and checked once
 * at boot. Behaviour branches on these fields, never on NODE_ENV.
 */
export interface Config {
  port: number;
  host: string;
  /** A real PostgreSQL + PostGIS; when absent the embedded PGlite is used. */
  databaseUrl: string | undefined;
  /** Redis for the socket.io adapter across nodes; when absent, in-memory. */
  redisUrl: string | undefined;
  /** Where the embedded database keeps its files between runs. */
  embeddedDataDir: string;
  /** Seed the demo district and run the simulator. Defaults to on in embedded mode only. */
  demo: boolean;
  /** Squad positions older than this are stale: greyed on the map, never recommended. */
  positionFreshSeconds: number;
  sessionTtlHours: number;
  /** Serve the built web app from this folder when it exists. */
  webDistDir: string;
  logLevel: string;
  /** Trust X-Forwarded-For (behind a load balancer). Off by default: anyone could forge it. */
  trustProxy: boolean;
  /** How often each node looks for due 督办 steps; a step fires at most this late. */
  escalationSweepMs: number;
  /** How often each node steps merchant grades back after a clean period (measured in days, so hourly is plenty). */
  gradeSweepMs: number;
  /** An external geocoding service asked when the gazetteer is unsure (GEOCODER_*); off when absent. */
  geocoder: GeocoderConfig | undefined;
  /** How often each node queues and sends replies to the 12345 hotline platforms. */
  hotlineWorkerMs: number;
  /** A failed reply is retried after this long, then twice as long each time. */
  hotlineRetryBaseMs: number;
  /** Attempts before a reply is kept as failed for an admin to resend. */
  hotlineMaxAttempts: number;
  /** Squad fixes are written in one statement per this many ms (0: each fix on its own). */
  positionWriteMs: number;
  /** A fix joins the squad's track when it moved more than this (and its accuracy) from the last kept point… */
  trackMinDistanceM: number;
  /** …or this long passed since the last kept point. */
  trackMinIntervalSeconds: number;
  /** Track points older than this are deleted. */
  trackRetentionDays: number;
  /** An assignment nobody on the squad acknowledged within this many seconds is flagged to dispatchers. */
  ackTimeoutSeconds: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = optionalUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    redisUrl: optionalUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    embeddedDataDir: resolve(env.EMBEDDED_DATA_DIR?.trim() || '.data/pglite'),
    demo: boolean(env, 'DEMO', databaseUrl === undefined),
    positionFreshSeconds: integer(env, 'POSITION_FRESH_SECONDS', 300, 10, 86_400),
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    webDistDir: resolve(env.WEB_DIST_DIR?.trim() || new URL('../../web/dist', import.meta.url).pathname),
    // warn by default: at info every request is logged, and the simulator and
    // squad positions would bury the start-up message and real problems.
    logLevel: env.LOG_LEVEL?.trim() || 'warn',
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    escalationSweepMs: integer(env, 'ESCALATION_SWEEP_MS', 5_000, 100, 3_600_000),
    gradeSweepMs: integer(env, 'GRADE_SWEEP_MS', 3_600_000, 100, 86_400_000),
    geocoder: geocoderConfig(env),
    hotlineWorkerMs: integer(env, 'HOTLINE_WORKER_MS', 5_000, 100, 3_600_000),
    hotlineRetryBaseMs: integer(env, 'HOTLINE_RETRY_BASE_MS', 30_000, 10, 3_600_000),
    hotlineMaxAttempts: integer(env, 'HOTLINE_MAX_ATTEMPTS', 8, 1, 100),
    positionWriteMs: integer(env, 'POSITION_WRITE_MS', 250, 0, 10_000),
    trackMinDistanceM: integer(env, 'TRACK_MIN_DISTANCE_M', 25, 0, 10_000),
    trackMinIntervalSeconds: integer(env, 'TRACK_MIN_SECONDS', 60, 1, 86_400),
    trackRetentionDays: integer(env, 'TRACK_RETENTION_DAYS', 90, 1, 3_650),
    ackTimeoutSeconds: integer(env, 'ACK_TIMEOUT_SECONDS', 120, 5, 86_400),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function optionalUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

export interface GeocoderConfig {
  /** With `{text}` and `{key}` placeholders, or `address=` and `key=` are appended. */
  url: string;
  key: string | undefined;
  /** The system its answers are in; required, since a wrong guess moves points by hundreds of metres. */
  crs: Crs;
}

function geocoderConfig(env: NodeJS.ProcessEnv): GeocoderConfig | undefined {
  const raw = env.GEOCODER_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    // The placeholders are not valid in a host name; check the URL with them filled in.
    url = new URL(raw.replaceAll('{text}', 'x').replaceAll('{key}', 'x'));
  } catch {
    throw new ConfigError('GEOCODER_URL is not a valid URL');
  }
  if (!['http:', 'https:'].includes(url.protocol))
    throw new ConfigError('GEOCODER_URL must start with http:// or https://');
  const crs = env.GEOCODER_CRS?.trim().toLowerCase();
  if (!crs || !(CRS_NAMES as readonly string[]).includes(crs)) {
    throw new ConfigError(`GEOCODER_CRS must be one of ${CRS_NAMES.join(', ')} when GEOCODER_URL is set`);
  }
  return { url: raw, key: env.GEOCODER_KEY?.trim() || undefined, crs: crs as Crs };
}
