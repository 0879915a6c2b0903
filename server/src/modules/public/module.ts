import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Pool } from '../../db/pool.ts';
import type { RedisConnection } from '../../plugins/redis.ts';
import type { CaseService } from '../cases/service.ts';
import { MemoryCounterStore, RedisCounterStore, type CounterStore } from './rate-limit.ts';
import { publicRoutes } from './routes.ts';
import { PublicReportService } from './service.ts';
import { publicReportSettings, type PublicReportOptions } from './settings.ts';

export type { PublicReportOptions } from './settings.ts';

/**
 * The citizen form's routes over its service. Rate-limit counters live in
 * Redis when there is one (shared by every node), in this process otherwise.
 */
export function publicReportModule(deps: {
  pool: Pool;
  cases: CaseService;
  redis: RedisConnection | undefined;
  options?: PublicReportOptions;
  log: FastifyBaseLogger;
}): FastifyPluginAsyncTypebox {
  const memory = new MemoryCounterStore();
  let warned = 0;
  const counters: CounterStore = deps.redis
    ? new RedisCounterStore(deps.redis.pub, memory, (error) => {
        // One line a minute at most while Redis is away.
        if (Date.now() - warned < 60_000) return;
        warned = Date.now();
        deps.log.warn({ err: error }, 'rate-limit counters fall back to this node while Redis does not answer');
      })
    : memory;
  return publicRoutes(new PublicReportService(deps.pool, deps.cases, publicReportSettings(deps.options), counters));
}
