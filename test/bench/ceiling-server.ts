/**
 * The "ceiling": what fastify + pg can do on this machine when filing a
 * complaint is nothing but one INSERT. Same table, same sequence, same pool
 * size as the real server, none of its work (auth lookup, transaction, event
 * log lock, re-read, push). The real server's throughput over this one says
 * how much that work costs.
 */
import Fastify from 'fastify';
import { createPool } from '../../server/src/db/pool.ts';
import { report, runHelper } from './lib/child.ts';

interface Complaint {
  channel: string;
  description: string;
  location: { lng: number; lat: number };
}

runHelper(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  const pool = createPool(databaseUrl, 10);
  const app = Fastify({ logger: false });

  app.post<{ Body: Complaint }>('/cases', async (request, reply) => {
    const { channel, description, location } = request.body;
    const { rows } = await pool.query<{ id: number; case_no: string }>(
      `INSERT INTO cases (case_no, channel, description, location, location_source)
       VALUES ('CEIL' || lpad(nextval('case_number_seq')::text, 6, '0'), $1, $2,
               ST_SetSRID(ST_MakePoint($3, $4), 4326), 'point')
       RETURNING id, case_no`,
      [channel, description, location.lng, location.lat],
    );
    return reply.status(201).send({ id: rows[0]!.id, caseNo: rows[0]!.case_no });
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  report({ type: 'ready', baseUrl: `http://127.0.0.1:${port}` });
});
