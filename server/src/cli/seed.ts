/**
 * Seeds the approximate demo district into an external PostgreSQL.
 *
 *   DATABASE_URL=postgres://… npm run seed -- --confirm <database-name>
 *
 * Refuses to run unless --confirm names the database DATABASE_URL actually
 * points at, so a mistyped or inherited URL can never seed production.
 */
import { parseArgs } from 'node:util';
import { createPool } from '../db/pool.ts';
import { migrate } from '../db/migrate.ts';
import { seedDemo } from '../modules/demo/seed.ts';

function fail(reason: string): never {
  console.error(`seed: ${reason}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let confirm: string | undefined;
  try {
    ({
      values: { confirm },
    } = parseArgs({ options: { confirm: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    fail(`${(error as Error).message}; usage: npm run seed -- --confirm <database-name>`);
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    fail('DATABASE_URL is not set; usage: DATABASE_URL=postgres://… npm run seed -- --confirm <database-name>');
  if (!confirm) fail('refusing to seed without --confirm <database-name> naming the database in DATABASE_URL');

  const pool = createPool(databaseUrl, 2);
  try {
    let actual: string | undefined;
    try {
      const { rows } = await pool.query<{ name: string }>('SELECT current_database() AS name');
      actual = rows[0]?.name;
    } catch (error) {
      fail(`cannot connect to DATABASE_URL: ${(error as Error).message}`);
    }
    if (actual !== confirm) {
      fail(`refusing to seed: --confirm names "${confirm}" but DATABASE_URL points at database "${actual}"`);
    }
    await migrate(databaseUrl, { embedded: false, log: (m) => console.log(`migrate: ${m}`) });
    await seedDemo(pool, { log: (m) => console.log(m) });
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
