import pg from 'pg';

export type Pool = pg.Pool;
export type DbClient = pg.PoolClient;
/** Either a pool or a client inside a transaction: repositories accept both. */
export type Queryable = Pick<pg.Pool, 'query'>;

// Return bigint columns (ids, seq) as JS numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'civic-dispatch' });
  // An idle client losing its connection must not crash the process; the
  // pool drops it and the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` in one transaction; rolls back and rethrows on any error. */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
