import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HealthResult, MetaResult } from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { errors } from '../../http/schemas.ts';
import type { RedisConnection } from '../../plugins/redis.ts';
import type { DemoStatus } from './demo-status.ts';

export interface SystemDeps {
  pool: Pool;
  redis: RedisConnection | undefined;
  dbMode: 'embedded' | 'external';
  demo: DemoStatus;
  positionFreshSeconds: number;
}

export const systemRoutes =
  (deps: SystemDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Database and Redis status; 200 when the database answers',
          response: { 200: HealthResult, 503: HealthResult },
        },
      },
      async (_request, reply) => {
        const database = await deps.pool.query('SELECT 1').then(
          () => true,
          () => false,
        );
        const redis = deps.redis ? await deps.redis.ping() : true;
        const body = {
          status: database && redis ? ('ok' as const) : ('degraded' as const),
          database: { ok: database, mode: deps.dbMode },
          redis: { ok: redis, mode: deps.redis ? ('redis' as const) : ('in-memory' as const) },
        };
        return reply.status(database ? 200 : 503).send(body);
      },
    );

    app.get(
      '/api/meta',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['system'], response: { 200: MetaResult, ...errors(401) } },
      },
      async () => {
        const { rows } = await deps.pool.query<{ seq: number }>(
          'SELECT coalesce(max(seq), 0)::bigint AS seq FROM case_events',
        );
        return {
          demo: await deps.demo.isRunning(),
          district: '惠济区',
          positionFreshSeconds: deps.positionFreshSeconds,
          latestSeq: rows[0]!.seq,
          serverTime: new Date().toISOString(),
        };
      },
    );

    app.post(
      '/api/demo/heartbeat',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['system'],
          summary: 'The demo simulator says it is running (wall screens show DEMO)',
          response: { 204: Type.Null(), ...errors(401, 403) },
        },
      },
      async (_request, reply) => {
        await deps.demo.heartbeat();
        return reply.status(204).send(null);
      },
    );
  };
