import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

/**
 * Applies every pending numbered SQL file in migrations/. Safe to run from
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
}
