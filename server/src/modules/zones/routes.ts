import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Pool } from '../../db/pool.ts';
import type { Realtime } from '../../plugins/realtime.ts';

export const zoneRoutes =
  (_deps: { pool: Pool; realtime: Realtime }): FastifyPluginAsyncTypebox =>
  async () => {};
