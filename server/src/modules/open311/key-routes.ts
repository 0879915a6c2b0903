import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateOpen311KeyBody,
  OPEN311_DEFAULT_RATE_LIMIT_PER_MINUTE,
  Open311KeyCreated,
  Open311KeyDto,
} from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { notFound } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { generateKey, hashKey, insertKey, listKeys, revokeKey, type KeyRow } from './keys.ts';

const ADMIN = ['admin'] as const;

function toKeyDto(row: KeyRow): Open311KeyDto {
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** The administrator's side of Open311: the clients' keys. A key is shown once, when created. */
export const open311KeyRoutes =
  (pool: Pool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/open311/keys',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['open311'],
          summary: 'Open311 clients and their keys (never the keys themselves)',
          response: { 200: Type.Array(Open311KeyDto), ...errors(401, 403) },
        },
      },
      async () => (await listKeys(pool)).map(toKeyDto),
    );

    app.post(
      '/api/open311/keys',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['open311'],
          summary: 'Add an Open311 client: its generated api_key is in this answer only',
          body: CreateOpen311KeyBody,
          response: { 201: Open311KeyCreated, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const key = generateKey();
        const row = await insertKey(pool, {
          name: request.body.name.trim(),
          hash: hashKey(key),
          rateLimitPerMinute: request.body.rateLimitPerMinute ?? OPEN311_DEFAULT_RATE_LIMIT_PER_MINUTE,
          createdBy: currentUser(request).id,
        });
        return reply
          .status(201)
          .header('cache-control', 'no-store')
          .send({ ...toKeyDto(row), key });
      },
    );

    app.post(
      '/api/open311/keys/:id/revoke',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['open311'],
          summary: 'Revoke an Open311 key for good: its client gets 403 from then on',
          params: IdParams,
          response: { 200: Open311KeyDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const row = await revokeKey(pool, request.params.id);
        if (!row) throw notFound('Open311 key');
        return toKeyDto(row);
      },
    );
  };
