/**
 * `npm run bench`: throughput, fan-out latency, squad position ingest and
 * nearest-squad latency of one server node against a real PostgreSQL +
 * PostGIS, printed as markdown.
 * Load and socket clients run in their own processes (lib/helper.ts); this
 * one only orchestrates, except for the KNN part, which times the query
 * through a pool of its own. Everything it starts it stops, and the
 * database it creates it drops, on failure and Ctrl-C too.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench [-- --duration 10 --concurrency 16]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { LoginResult } from '@civic/shared';
import { createPool, type Pool } from '../../server/src/db/pool.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { seedFixture, PASSWORD } from '../support/fixtures.ts';
import { startServerProcess } from '../support/process.ts';
import { createBenchDatabase } from './lib/database.ts';
import { spawnHelper, type Helper, type Message } from './lib/helper.ts';
import { is2xx, postJson } from './lib/http.ts';
import { benchNearestSquad } from './lib/knn.ts';
import {
  addBenchSquads,
  readCounters,
  removeBenchSquads,
  timeRecommend,
  type PositionResult,
} from './lib/positions.ts';
import { renderReport, type Environment, type FanoutResult, type LoadResult, type Settings } from './lib/report.ts';
import { summarize } from './lib/stats.ts';
import type { Post } from './poster.ts';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'fanout-count': { type: 'string', default: '200' },
    'fanout-rate': { type: 'string', default: '25' },
    crowd: { type: 'string', default: '100' },
    'knn-queries': { type: 'string', default: '500' },
    'position-squads': { type: 'string', default: '10000' },
    'position-interval': { type: 'string', default: '5' },
    'position-write-ms': { type: 'string', default: '250,0' },
    'position-warmup': { type: 'string', default: '10' },
  },
});
const settings: Settings = {
  concurrency: Number(values.concurrency),
  duration: Number(values.duration),
  warmup: Number(values.warmup),
  fanoutCount: Number(values['fanout-count']),
  fanoutRate: Number(values['fanout-rate']),
  crowd: Number(values.crowd),
  knnQueries: Number(values['knn-queries']),
  positionSquads: Number(values['position-squads']),
  positionInterval: Number(values['position-interval']),
  positionWriteMs: values['position-write-ms'].split(',').filter(Boolean).map(Number),
  positionWarmup: Number(values['position-warmup']),
};

// Progress goes to stderr so that stdout is only the report.
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  progress('needs PostgreSQL + PostGIS: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench');
  process.exit(1);
}
const redisUrl = process.env.REDIS_URL;

/** Undo steps, run last-first, each bounded, whatever happened before. */
const undo: { name: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of undo.reverse()) {
      await within(step.run(), 20_000, step.name).catch((error: unknown) =>
        progress(`cleanup ${step.name}: ${String(error)}`),
      );
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and
  // relayed by the tsx launcher), and the second must not kill the cleanup.
  process.on(signal, () => {
    if (cleaning) return;
    progress(`${signal}: stopping everything and dropping the bench database…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function helper(script: string, args: string[], env: Record<string, string> = {}): Helper {
  const started = spawnHelper(script, args, env);
  undo.push({ name: script, run: () => started.stop() });
  return started;
}

async function login(baseUrl: string, username: string): Promise<string> {
  const answer = await postJson(`${baseUrl}/api/auth/login`, { username, password: PASSWORD });
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${answer.text}`);
  return (JSON.parse(answer.text) as LoginResult).token;
}

async function load(url: string, token?: string): Promise<LoadResult> {
  const { concurrency, duration, warmup } = settings;
  const run = helper(
    'load.ts',
    ['--url', url, '--concurrency', `${concurrency}`, '--duration', `${duration}`, '--warmup', `${warmup}`],
    token ? { BENCH_TOKEN: token } : {},
  );
  const result = await run.next<Message & LoadResult>('result', (warmup + duration) * 1000 + 60_000);
  await run.stop();
  if (result.firstProblem) progress(`  first problem: ${result.firstProblem}`);
  return result;
}

async function fanout(
  baseUrl: string,
  clerk: string,
  listener: Helper,
  crowd: Helper | undefined,
  others: number,
  tag = `others${others}`,
): Promise<FanoutResult> {
  const warmup = 10;
  const expectedMs = ((settings.fanoutCount + warmup) / settings.fanoutRate) * 1000;
  const poster = helper(
    'poster.ts',
    [
      '--url',
      baseUrl,
      '--tag',
      tag,
      '--count',
      `${settings.fanoutCount}`,
      '--rate',
      `${settings.fanoutRate}`,
      '--warmup',
      `${warmup}`,
      '--deadline',
      `${expectedMs + 30_000}`,
    ],
    { BENCH_TOKEN: clerk },
  );
  const { posts, warm, sent } = await poster.next<Message & { posts: Post[]; warm: Post[]; sent: number }>(
    'result',
    expectedMs + 60_000,
  );
  await poster.stop();

  const ok = posts.filter((post) => is2xx(post.status));
  listener.send({ type: 'collect', tag, expect: ok.length });
  const { arrivals } = await listener.next<Message & { arrivals: [string, number][] }>('arrivals', 15_000);
  const arrivedAt = new Map(arrivals);
  const eventMs = ok.flatMap((post) => (arrivedAt.has(post.key) ? [arrivedAt.get(post.key)! - post.sentAt] : []));

  let crowdResult: FanoutResult['crowd'];
  if (crowd) {
    crowd.send({ type: 'collect', expect: sent });
    const got = await crowd.next<Message & { min: number; max: number; connected: number }>('received', 15_000);
    crowdResult = { min: got.min, max: got.max, expected: sent, connected: got.connected };
  }
  return {
    others,
    posted: posts.length,
    non2xx: posts.length - ok.length,
    received: eventMs.length,
    event: summarize(eventMs),
    http: summarize(ok.map((post) => post.answeredAt - post.sentAt)),
    offered: warmup + settings.fanoutCount,
    filed: [...warm, ...posts].filter((post) => is2xx(post.status)).length,
    httpAll: summarize(
      [...warm, ...posts].filter((post) => is2xx(post.status)).map((post) => post.answeredAt - post.sentAt),
    ),
    crowd: crowdResult,
  };
}

/**
 * Position ingest against a fresh server with POSITION_WRITE_MS=writeMs:
 * the fan-out run without position load, then `positionSquads` phones each
 * sending a fix every `positionInterval` s over socket.io, and the same
 * fan-out run (and recommendation queries) while they do.
 */
async function positionIngest(pool: Pool, dbUrl: string, tokens: string[], writeMs: number): Promise<PositionResult> {
  const server = await startServerProcess({
    DATABASE_URL: dbUrl,
    DEMO: 'false',
    POSITION_WRITE_MS: `${writeMs}`,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  const serverStop = { name: `server (POSITION_WRITE_MS=${writeMs})`, run: () => server.stop() };
  // Every bench squad fresh, a minute old (older than any fix the phones will send), and
  // planner statistics that say so, as autovacuum's analyze keeps them in a running district.
  await pool.query(`UPDATE squads SET position_at = now() - interval '1 minute' WHERE code LIKE 'POS-%'`);
  await pool.query('ANALYZE squad_positions');
  undo.push(serverStop);
  const clerk = await login(server.baseUrl, 'clerk');
  const listener = helper('listener.ts', ['--url', server.baseUrl], {
    BENCH_TOKEN: await login(server.baseUrl, 'dispatcher'),
  });
  await listener.next('ready', 30_000);

  progress(`positions (write ${writeMs} ms): fan-out with no position load…`);
  const idle = await fanout(server.baseUrl, clerk, listener, undefined, 0, `idle${writeMs}`);
  const recommendIdle = await timeRecommend(pool, 200, writeMs + 1);

  progress(`positions (write ${writeMs} ms): connecting ${tokens.length} squad phones…`);
  const phones = helper('positions.ts', ['--url', server.baseUrl, '--interval', `${settings.positionInterval}`]);
  phones.send({ type: 'tokens', tokens });
  const { connected } = await phones.next<Message & { connected: number }>('ready', 600_000);
  phones.send({ type: 'go' });
  progress(`positions (write ${writeMs} ms): ${connected} phones sending; warming up ${settings.positionWarmup} s…`);
  await new Promise((resolve) => setTimeout(resolve, settings.positionWarmup * 1000));
  await pool.query('ANALYZE squad_positions');

  progress(`positions (write ${writeMs} ms): fan-out and recommendations under position load…`);
  const before = await readCounters(pool);
  phones.send({ type: 'mark' });
  const loaded = await fanout(server.baseUrl, clerk, listener, undefined, 0, `loaded${writeMs}`);
  const recommendLoaded = await timeRecommend(pool, 200, writeMs + 1);
  phones.send({ type: 'collect' });
  const after = await readCounters(pool);
  const window = await phones.next<
    Message & {
      seconds: number;
      sent: number;
      accepted: number;
      refused: number;
      timedOut: number;
      ack: PositionResult['ack'];
      disconnects: number;
    }
  >('collected', 30_000);

  await phones.stop();
  await listener.stop();
  // Slow when unbatched: the fixes still queued for the pool are written first.
  await within(server.stop(), 120_000, 'server stop');
  undo.splice(undo.indexOf(serverStop), 1);
  return {
    writeMs,
    squads: tokens.length,
    connected,
    intervalSeconds: settings.positionInterval,
    seconds: window.seconds,
    offeredPerSecond: window.sent / window.seconds,
    acceptedPerSecond: window.accepted / window.seconds,
    refused: window.refused,
    timedOut: window.timedOut,
    disconnects: window.disconnects,
    ack: window.ack,
    commitsPerSecond: (after.commits - before.commits) / window.seconds,
    cpuBusy: (after.cpuBusy - before.cpuBusy) / Math.max(1, after.cpuTotal - before.cpuTotal),
    idle,
    loaded,
    recommendIdle,
    recommendLoaded,
  };
}

async function environment(pool: Pool): Promise<Environment> {
  const { rows } = await pool.query<{ pg: string; postgis: string }>(
    'SELECT version() AS pg, postgis_lib_version() AS postgis',
  );
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.cpus().length,
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    postgres: rows[0]!.pg.replace(/ on .*/, ''),
    postgis: rows[0]!.postgis,
    redis: redisUrl !== undefined,
  };
}

async function main(): Promise<number> {
  progress('creating, migrating and seeding the bench database…');
  const db = await createBenchDatabase(adminUrl!);
  undo.push({ name: `drop ${db.name}`, run: () => db.drop() });
  await migrate(db.url, { embedded: false });
  const pool = createPool(db.url, 2);
  undo.push({ name: 'orchestrator pool', run: () => pool.end() });
  await seedFixture(pool);

  progress('starting the server and the ceiling server…');
  const server = await startServerProcess({
    DATABASE_URL: db.url,
    DEMO: 'false',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  const serverStop = { name: 'server', run: () => server.stop() };
  undo.push(serverStop);
  const ceiling = helper('ceiling-server.ts', [], { DATABASE_URL: db.url });
  const { baseUrl: ceilingUrl } = await ceiling.next<Message & { baseUrl: string }>('ready', 60_000);
  const clerk = await login(server.baseUrl, 'clerk');
  const dispatcher = await login(server.baseUrl, 'dispatcher');

  progress(`throughput: POST /api/cases, ${settings.concurrency} in flight for ${settings.duration} s…`);
  const real = await load(`${server.baseUrl}/api/cases`, clerk);
  progress(`throughput: ceiling…`);
  const ceilingLoad = await load(`${ceilingUrl}/cases`);
  await ceiling.stop();

  progress('fan-out: measuring dispatcher alone…');
  const listener = helper('listener.ts', ['--url', server.baseUrl], { BENCH_TOKEN: dispatcher });
  await listener.next('ready', 30_000);
  const fanouts = [await fanout(server.baseUrl, clerk, listener, undefined, 0)];
  if (settings.crowd > 0) {
    progress(`fan-out: connecting ${settings.crowd} other dispatchers…`);
    const crowd = helper('crowd.ts', ['--url', server.baseUrl, '--count', `${settings.crowd}`], {
      BENCH_TOKEN: dispatcher,
    });
    const { connected } = await crowd.next<Message & { connected: number }>('ready', 120_000);
    if (connected !== settings.crowd) throw new Error(`only ${connected} of ${settings.crowd} dispatchers connected`);
    // Last in the room, so its figure includes writing every other dispatcher's frame first.
    listener.send({ type: 'rejoin' });
    await listener.next('ready', 30_000);
    progress(`fan-out: measuring with ${settings.crowd} other dispatchers…`);
    fanouts.push(await fanout(server.baseUrl, clerk, listener, crowd, settings.crowd));
    await crowd.stop();
  }
  await listener.stop();
  // The server sits idle from here; stop it so the KNN timings have the CPU.
  await within(server.stop(), 20_000, 'server stop');
  undo.splice(undo.indexOf(serverStop), 1);

  const positions: PositionResult[] = [];
  if (settings.positionSquads > 0 && settings.positionWriteMs.length > 0) {
    progress(`positions: adding ${settings.positionSquads} squads with a member and a session each…`);
    const tokens = await addBenchSquads(pool, settings.positionSquads);
    for (const writeMs of settings.positionWriteMs) {
      positions.push(await positionIngest(pool, db.url, tokens, writeMs));
      progress(`  ${JSON.stringify({ ...positions.at(-1), idle: undefined, loaded: undefined })}`);
    }
    await removeBenchSquads(pool);
  }

  progress(`nearest squad: 10,000 then 100,000 squads, ${settings.knnQueries} queries each…`);
  const knn = await benchNearestSquad(pool, [10_000, 100_000], settings.knnQueries);

  process.stdout.write(
    `${renderReport(await environment(pool), settings, real, ceilingLoad, fanouts, knn, positions)}\n`,
  );

  const problems = [
    real.non2xx + real.errors + ceilingLoad.non2xx + ceilingLoad.errors > 0
      ? 'throughput runs had non-2xx answers or errors'
      : '',
    ...fanouts.map((f) =>
      f.non2xx > 0 || f.received < f.posted ? `fan-out with ${f.others} others lost events or had non-2xx answers` : '',
    ),
    ...fanouts.map((f) =>
      f.crowd && f.crowd.min < f.crowd.expected ? `some of the ${f.others} other dispatchers missed events` : '',
    ),
    ...positions.flatMap((p) => [
      p.connected < p.squads ? `only ${p.connected} of ${p.squads} squad phones connected` : '',
      p.refused > 0 ? `${p.refused} fixes refused (write ${p.writeMs} ms)` : '',
      p.idle.non2xx > 0 || p.idle.received < p.idle.posted
        ? `position run (write ${p.writeMs} ms) lost events or had non-2xx with no position load`
        : '',
      // Unbatched writes are the comparison: their failing under load is the finding, not a broken run.
      p.writeMs > 0 && (p.loaded.non2xx > 0 || p.loaded.received < p.loaded.posted)
        ? `position run (write ${p.writeMs} ms) lost events or had non-2xx under position load`
        : '',
    ]),
  ].filter(Boolean);
  for (const problem of problems) progress(`INVALID: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

const exitCode = await main().catch((error: unknown) => {
  progress(`failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
await cleanUp();
process.exit(exitCode);
