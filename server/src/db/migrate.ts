import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import { seedStandardCatalogue } from '../modules/categories/seed-catalogue.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

/**
 * Applies every pending numbered SQL file in migrations/, then seeds the
 * standard category catalogue. Safe to run from
 * several nodes at once against PostgreSQL (node-pg-migrate waits on its
 * advisory lock); the embedded database has one backend, so no lock there.
 */
export async function migrate(databaseUrl: string, options: { embedded: boolean; log?: (msg: string) => void }) {
  await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    singleTransaction: true,
    checkOrder: true,
    noLock: options.embedded,
    advisoryLockMode: 'wait',
    log: options.log ?? (() => undefined),
  });
  // Reference data every deployment needs, demo or not; idempotent, so every
  // node may run it at start.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const seeded = await seedStandardCatalogue(client);
    if (seeded > 0) options.log?.(`category catalogue: ${seeded} categories added or given limits`);
  } finally {
    await client.end();
  }
}
