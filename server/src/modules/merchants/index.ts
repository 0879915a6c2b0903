import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Pool } from '../../db/pool.ts';
import type { Realtime } from '../../plugins/realtime.ts';
import { gradingRoutes } from './grading-routes.ts';
import { importRoutes } from './import-routes.ts';
import { registryRoutes } from './registry-routes.ts';

export interface MerchantModuleDeps {
  pool: Pool;
  realtime: Realtime;
  reportError: (error: unknown) => void;
}

/**
 * The merchant registry and 一卡四色 (docs/merchants.md): the registry itself,
 * its grade rules and history, and bulk import/export.
 */
export const merchantsModule =
  (deps: MerchantModuleDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(registryRoutes(deps));
    await app.register(gradingRoutes(deps));
    await app.register(importRoutes(deps));
  };
