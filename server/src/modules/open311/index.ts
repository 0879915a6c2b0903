import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Pool } from '../../db/pool.ts';
import type { CaseService } from '../cases/service.ts';
import { open311KeyRoutes } from './key-routes.ts';
import { georeportRoutes } from './routes.ts';
import { Open311Service, type Open311Options } from './service.ts';

/** Where the GeoReport v2 endpoint lives; docs/open311.md. */
export const OPEN311_PREFIX = '/open311/v2';

export interface Open311ModuleOptions extends Open311Options {
  /** GET answers per minute per client address (default 300). POSTs are limited per key, at the key's own rate. */
  readsPerMinute?: number;
}

/** Open311 GeoReport v2 (docs/open311.md) and the administrator's keys for it. */
export function open311Module(deps: {
  pool: Pool;
  cases: CaseService;
  options?: Open311ModuleOptions;
}): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(open311KeyRoutes(deps.pool));
    await app.register(
      georeportRoutes({
        pool: deps.pool,
        service: new Open311Service(deps.pool, deps.cases, deps.options),
        readsPerMinute: deps.options?.readsPerMinute ?? 300,
      }),
      { prefix: OPEN311_PREFIX },
    );
  };
}
