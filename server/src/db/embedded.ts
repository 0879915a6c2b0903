import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  /** A postgres:// URL that `pg` can connect to. Use a pool of one (see ARCHITECTURE.md). */
  url: string;
  /** The whole data directory as a tarball, to start copies from (tests). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * Starts PGlite with PostGIS and pg_trgm and serves it over the Postgres wire
 * protocol on a loopback port, so the rest of the server talks `pg` exactly
 * as it does to a real PostgreSQL.
 *
 * `dataDir` persists between runs: the first boot initialises it (~10 s on a
 * 2-core machine), later boots take ~2 s. Pass `undefined` for an in-memory
 * database (tests).
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string | undefined;
  port?: number;
  loadDataDir?: Blob;
}): Promise<EmbeddedDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { postgis, pg_trgm },
  });
  const port = options.port ?? (await findFreePort());
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dump: () => db.dumpDataDir('gzip'),
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** PGLiteSocketServer does not report the port the OS picked, so pick one first. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
