import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { lockDataDir } from './db/data-dir-lock.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { createPool } from './db/pool.ts';
import { connectRedis } from './plugins/redis.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './modules/demo/data/users.ts';
import { seedDemo } from './modules/demo/seed.ts';
import { startSimulator } from './modules/demo/simulator.ts';

/**
 * Starts one server node. With nothing configured: the embedded database,
 * the in-memory socket adapter, the demo district and the simulator. With
 * DATABASE_URL / REDIS_URL: the real services, migrated on start.
 */
async function main(config: Config): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);

  let embedded: EmbeddedDatabase | undefined;
  let releaseDataDir: (() => void) | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    log(`Starting the embedded database in ${config.embeddedDataDir} (the first run takes a little longer)…`);
    releaseDataDir = lockDataDir(config.embeddedDataDir);
    embedded = await startEmbeddedDatabase({ dataDir: config.embeddedDataDir });
    databaseUrl = embedded.url;
  }
  await migrate(databaseUrl, { embedded: embedded !== undefined });
  // The embedded database has a single backend: one connection, or
  // transactions from different connections would interleave.
  const pool = createPool(databaseUrl, embedded ? 1 : 10);
  if (config.demo) await seedDemo(pool, { log });
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;

  const app = await buildApp({
    config,
    pool,
    redis,
    dbMode: embedded ? 'embedded' : 'external',
  });
  await app.http.listen({ port: config.port, host: config.host });
  const address = app.http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  const simulator = config.demo
    ? startSimulator({ baseUrl: `http://127.0.0.1:${port}`, log: (line) => app.http.log.debug(line) })
    : undefined;

  log('');
  log(`civic-dispatch is running: http://localhost:${port}`);
  log(
    `  database: ${embedded ? 'embedded PGlite + PostGIS' : 'PostgreSQL (DATABASE_URL)'}; fan-out: ${redis ? 'Redis' : 'in-memory'}`,
  );
  log(`  API docs: http://localhost:${port}/api/docs`);
  if (config.demo) {
    log(`  DEMO: the simulator files a complaint every few seconds and moves squads.`);
    log(`  Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const login of DEMO_LOGINS)
      log(`    ${login.username.padEnd(12)} ${login.role.padEnd(13)} ${login.displayName}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down…`);
    await simulator?.stop();
    await app.close();
    await redis?.close();
    await pool.end();
    await embedded?.stop();
    releaseDataDir?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`civic-dispatch: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
main(config).catch((error: unknown) => {
  process.stderr.write(`civic-dispatch failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
