import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Pool } from '../../db/pool.ts';

export const merchantKpiRoutes =
  (_pool: Pool): FastifyPluginAsyncTypebox =>
  async () => {};
