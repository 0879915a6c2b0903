import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { startEmbeddedDatabase } from '../../server/src/db/embedded.ts';
import { createPool, type Pool } from '../../server/src/db/pool.ts';
import { databaseUrl } from './env.ts';
import { withAdmin, withDatabase } from './global-setup.ts';

export interface TestDatabase {
  url: string;
  pool: Pool;
  mode: 'external' | 'embedded';
  /** Connections the app may open: one on the embedded database. */
  poolSize: number;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a clone of the template on
 * real PostgreSQL, or a PGlite started from the migrated snapshot.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  if (template && databaseUrl) {
    const adminUrl = databaseUrl;
    const name = `civic_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await withAdmin(databaseUrl, (admin) => cloneWithRetry(admin, name, template));
    const url = withDatabase(databaseUrl, name);
    const pool = createPool(url, 5);
    return {
      url,
      pool,
      mode: 'external',
      poolSize: 5,
      async drop() {
        await pool.end();
        await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  const snapshot = inject('embeddedSnapshot');
  if (!snapshot) throw new Error('global setup provided no database');
  const embedded = await startEmbeddedDatabase({ dataDir: undefined, loadDataDir: new Blob([readFileSync(snapshot)]) });
  const pool = createPool(embedded.url, 1);
  return {
    url: embedded.url,
    pool,
    mode: 'embedded',
    poolSize: 1,
    async drop() {
      await pool.end();
      await embedded.stop();
    },
  };
}

/** Two files cloning the template at the same moment can collide; try again. */
async function cloneWithRetry(admin: import('pg').Client, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}
