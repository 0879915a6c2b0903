import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EventsPage, EventsQuery } from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { errors } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { readEventsAfter } from './repository.ts';

export const eventRoutes =
  (pool: Pool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/events',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['realtime'],
          summary: 'Case events after a sequence number, for a client to catch up after a disconnect',
          querystring: EventsQuery,
          response: { 200: EventsPage, ...errors(400, 401) },
        },
      },
      async (request) => readEventsAfter(pool, currentUser(request), request.query.after, request.query.limit ?? 500),
    );
  };
