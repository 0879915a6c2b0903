import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { ApiError, CASE_ACTION_PATHS, IDEMPOTENCY_KEY_HEADER } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { conflict, unprocessable } from '../../http/errors.ts';
import { fingerprint } from './fingerprint.ts';
import { DEFAULT_STORE_OPTIONS, IdempotencyStore, type Claim, type StoreOptions } from './store.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour an Idempotency-Key header on this route (case actions and filing opt in by path). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** This request's claim on its idempotency key, until its answer is stored. */
    idempotencyClaim: Claim | null;
  }
}

/** Sent with a stored answer, so a client (and a test) can tell a replay from a first run. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** The phone's own steps that are not in the lifecycle table. */
const EXTRA_CASE_PATHS = ['delivered', 'acknowledge'];
const CASE_POST_PATHS = new Set([...Object.values(CASE_ACTION_PATHS), ...EXTRA_CASE_PATHS]);

/**
 * POST /api/cases (a patrol finding) and POST /api/cases/:id/<action>, plus any
 * route that opts in (the squad's status, a PUT the phone queues like the rest).
 */
export function isIdempotentRoute(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): boolean {
  if (route.config?.idempotent) return true;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.includes('POST')) return false;
  if (route.url === '/api/cases') return true;
  const match = /^\/api\/cases\/:id\/(.+)$/.exec(route.url);
  return match !== null && CASE_POST_PATHS.has(match[1]!);
}

const KeyHeader = Type.Object({
  [IDEMPOTENCY_KEY_HEADER]: Type.Optional(
    Type.String({
      format: 'uuid',
      description: 'A UUID the client makes once per action and repeats on every retry of it',
    }),
  ),
});

/**
 * Makes retries safe: the first request with an `Idempotency-Key` claims the
 * key, runs, and its answer (status and body, 4xx included) is stored before it
 * is sent; a repeat with the same key and request gets that answer again,
 * marked `Idempotent-Replayed: true`, and nothing is applied twice. The same
 * key with another request is a 422; a repeat while the first is still
 * running is a 409 `idempotency_in_progress` (retry shortly). A 5xx forgets
 * the claim, so a retry runs again. Keys are per user.
 *
 * A hook on the routes, not a change to the services: the case service keeps
 * its own transactions. The price is a window between the change's commit and
 * storing its answer; if the node dies exactly there, the claim is taken over
 * after `leaseSeconds` and the action runs again — which the lifecycle's
 * status rules turn into a 409 for every step, and filing answers the case
 * it filed then (the key is kept on the case in the filing's own commit).
 *
 * Register before the routes: it edits their schemas (the header, 409/422)
 * as they are added.
 */
export function registerIdempotency(
  app: FastifyInstance,
  db: Queryable,
  options: Partial<StoreOptions> = {},
): IdempotencyStore {
  const store = new IdempotencyStore(db, { ...DEFAULT_STORE_OPTIONS, ...options });
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('onRoute', (route) => {
    if (!isIdempotentRoute(route)) return;
    const schema = route.schema ?? {};
    const headers = schema.headers as { properties?: Record<string, unknown> } | undefined;
    route.schema = {
      ...schema,
      headers: headers?.properties
        ? Type.Object({ ...(headers.properties as object), ...KeyHeader.properties })
        : KeyHeader,
      response: { 409: ApiError, 422: ApiError, ...(schema.response as object | undefined) },
    };
    route.preHandler = [...asArray(route.preHandler), (request, reply) => claimKey(store, request, reply)];
    route.onSend = [
      ...asArray(route.onSend),
      async (request, reply, payload) => {
        await storeAnswer(store, request, reply, payload);
        return payload;
      },
    ];
  });
  return store;
}

async function claimKey(store: IdempotencyStore, request: FastifyRequest, reply: FastifyReply) {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (typeof key !== 'string' || !request.user) return;
  const claim = { userId: request.user.id, key: key.toLowerCase() };
  const outcome = await store.claim(claim, {
    fingerprint: fingerprint(request.method, request.url, request.body),
    method: request.method,
    path: request.url,
  });
  switch (outcome.kind) {
    case 'claimed':
      request.idempotencyClaim = claim;
      return;
    case 'mismatch':
      throw unprocessable(
        `headers.${IDEMPOTENCY_KEY_HEADER}`,
        'This Idempotency-Key was already used for a different request',
      );
    case 'running':
      void reply.header('retry-after', '1');
      throw conflict('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed');
    case 'replay': {
      const { response } = outcome;
      void reply.code(response.status).header(REPLAYED_HEADER, 'true');
      if (response.contentType) void reply.header('content-type', response.contentType);
      return reply.send(response.body);
    }
  }
}

async function storeAnswer(store: IdempotencyStore, request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const claim = request.idempotencyClaim;
  if (!claim) return;
  request.idempotencyClaim = null;
  try {
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (reply.statusCode >= 500 || body === null) {
      await store.release(claim);
    } else {
      const type = reply.getHeader('content-type');
      await store.complete(claim, {
        status: reply.statusCode,
        contentType: typeof type === 'string' ? type : null,
        body,
      });
    }
  } catch (error) {
    // The change (if any) is committed; failing the answer now would only make
    // the client retry into a 409. The claim stays 'running' until its lease ends.
    request.log.error({ err: error }, 'idempotency: answer not stored');
  }
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
