import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../server/src/db/embedded.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { buildWebIfStale } from '../../scripts/build-web.mjs';
import { assertRequiredServices, databaseUrl, hasChromium } from './env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Real PostgreSQL: the migrated template each test file clones. */
    templateDatabase: string | null;
    /** Embedded fallback: a migrated PGlite data dir (tarball) each test file loads. */
    embeddedSnapshot: string | null;
  }
}

/**
 * Migrates once per run; each test file then gets its own copy (see db.ts).
 */
export default async function setup(project: TestProject) {
  assertRequiredServices();
  // Built once, here, before any test file runs: two browser test files
  // building at the same time would empty web/dist under each other's server.
  if (hasChromium && !buildWebIfStale()) throw new Error('the web build failed');
  if (databaseUrl) {
    const adminUrl = databaseUrl;
    const template = `civic_test_template_${process.pid}`;
    await withAdmin(databaseUrl, async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS ${template}`);
      await admin.query(`CREATE DATABASE ${template}`);
    });
    await migrate(withDatabase(databaseUrl, template), { embedded: false });
    project.provide('templateDatabase', template);
    project.provide('embeddedSnapshot', null);
    return async () => {
      await withAdmin(adminUrl, async (admin) => {
        const { rows } = await admin.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
          [template, `civic_test_${process.pid}_%`],
        );
        for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      });
    };
  }

  const dir = mkdtempSync(join(tmpdir(), 'civic-test-'));
  const embedded = await startEmbeddedDatabase({ dataDir: undefined });
  await migrate(embedded.url, { embedded: true });
  const snapshot = join(dir, 'migrated.tar.gz');
  writeFileSync(snapshot, Buffer.from(await (await embedded.dump()).arrayBuffer()));
  await embedded.stop();
  project.provide('templateDatabase', null);
  project.provide('embeddedSnapshot', snapshot);
  return () => rmSync(dir, { recursive: true, force: true });
}

export async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
