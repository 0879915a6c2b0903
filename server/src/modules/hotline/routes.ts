import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateHotlineSourceBody,
  HOTLINE_ADMIN_ROLES,
  HOTLINE_HEADERS,
  HotlineDeliveryDto,
  HotlineDeliveryQuery,
  HotlineSourceDto,
  HotlineSourceSaved,
  HotlineTicket,
  HotlineTicketReceipt,
  UpdateHotlineSourceBody,
} from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { unauthorized } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import type { HotlineService } from './service.ts';
import { verifySignature } from './signature.ts';
import { findActiveSourceByCode, type SourceRow } from './sources.ts';

/** A ticket is text: far below the API's 1 MB. */
const TICKET_BODY_LIMIT = 64 * 1024;
/** Compared against when the source is unknown, so that a miss costs the same time as a wrong signature. */
const NO_SOURCE_SECRET = 'no-such-source-no-such-source';

const SourceParams = Type.Object(
  { source: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{1,31}$' }) },
  { additionalProperties: false },
);
const SignatureHeaders = Type.Object({
  [HOTLINE_HEADERS.timestamp]: Type.String({ description: 'Unix time in seconds; refused when more than 5 min off' }),
  [HOTLINE_HEADERS.signature]: Type.String({
    description: 'sha256=<hex of HMAC-SHA256(source secret, timestamp + "." + raw body)>',
  }),
});

export interface HotlineRouteDeps {
  pool: Pool;
  service: HotlineService;
  /** Asks the reply worker to run now (after a resend) rather than at its next tick. */
  kickWorker: () => void;
}

/** The platform's webhook and the admin's sources and deliveries. */
export const hotlineRoutes =
  (deps: HotlineRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(webhookRoutes(deps));
    await app.register(adminRoutes(deps));
  };

/**
 * `POST /api/hotline/:source/tickets`, public but signed. The signature is
 * over the raw bytes, so this plugin keeps them (its own JSON parser, scoped
 * to it) and checks them before the body is validated: an unsigned caller
 * learns nothing about the schema, the source or why it was refused.
 */
const webhookRoutes =
  ({ pool, service }: HotlineRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const rawBodies = new WeakMap<FastifyRequest, Buffer>();
    const signedBy = new WeakMap<FastifyRequest, SourceRow>();
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: TICKET_BODY_LIMIT },
      (request: FastifyRequest, body: Buffer, done) => {
        rawBodies.set(request, body);
        void parseJson(request, body.toString('utf8'), done);
      },
    );

    app.post(
      '/api/hotline/:source/tickets',
      {
        config: { access: 'public' },
        bodyLimit: TICKET_BODY_LIMIT,
        schema: {
          tags: ['hotline'],
          summary: 'A ticket forwarded by the 12345 hotline platform (signed; idempotent by ticket number)',
          description:
            'Signed with the source’s shared secret: `X-Civic-Timestamp` (unix seconds) and `X-Civic-Signature: ' +
            'sha256=<hex>` over `timestamp + "." + raw body`; a bad or stale signature is a bare 401. ' +
            'The same ticket number again answers the first answer (status and body); with a different ' +
            'payload, 422; while the first delivery is still being filed, 409 (retry later).',
          security: [],
          params: SourceParams,
          headers: SignatureHeaders,
          body: HotlineTicket,
          response: { 201: HotlineTicketReceipt, ...errors(400, 401, 409, 422) },
        },
        preValidation: async (request) => {
          const code = (request.params as { source?: unknown }).source;
          const source =
            typeof code === 'string' && code.length <= 32 ? await findActiveSourceByCode(pool, code) : undefined;
          const signed = verifySignature(source?.secret ?? NO_SOURCE_SECRET, {
            timestamp: header(request, HOTLINE_HEADERS.timestamp),
            signature: header(request, HOTLINE_HEADERS.signature),
            body: rawBodies.get(request) ?? Buffer.alloc(0),
          });
          if (!source || !signed) throw unauthorized('Signature verification failed');
          signedBy.set(request, source);
        },
      },
      async (request, reply) => {
        const answer = await service.receiveTicket(signedBy.get(request)!, request.body);
        if (answer.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.status(answer.status as 201).send(answer.body as HotlineTicketReceipt);
      },
    );
  };

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const adminRoutes =
  ({ service, kickWorker }: HotlineRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/hotline/sources',
      {
        config: { access: HOTLINE_ADMIN_ROLES },
        schema: {
          tags: ['hotline'],
          summary: 'Hotline platforms that may send tickets (their secrets are never shown)',
          response: { 200: Type.Array(HotlineSourceDto), ...errors(401, 403) },
        },
      },
      async () => service.listSources(),
    );

    app.post(
      '/api/hotline/sources',
      {
        config: { access: HOTLINE_ADMIN_ROLES },
        schema: {
          tags: ['hotline'],
          summary: 'Add a hotline platform; a generated secret is in this answer only',
          body: CreateHotlineSourceBody,
          response: { 201: HotlineSourceSaved, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .header('cache-control', 'no-store')
          .send(await service.createSource(request.body)),
    );

    app.patch(
      '/api/hotline/sources/:id',
      {
        config: { access: HOTLINE_ADMIN_ROLES },
        schema: {
          tags: ['hotline'],
          summary: 'Change a hotline platform: name, callback URL, active, or its secret (set, or rotate: shown once)',
          params: IdParams,
          body: UpdateHotlineSourceBody,
          response: { 200: HotlineSourceSaved, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply.header('cache-control', 'no-store').send(await service.updateSource(request.params.id, request.body)),
    );

    app.get(
      '/api/hotline/deliveries',
      {
        config: { access: HOTLINE_ADMIN_ROLES },
        schema: {
          tags: ['hotline'],
          summary: 'Replies (回复) owed to the platforms, newest first; ?status=failed for those that gave up',
          querystring: HotlineDeliveryQuery,
          response: { 200: Type.Array(HotlineDeliveryDto), ...errors(400, 401, 403) },
        },
      },
      async (request) => service.listDeliveries(request.query),
    );

    app.post(
      '/api/hotline/deliveries/:id/resend',
      {
        config: { access: HOTLINE_ADMIN_ROLES },
        schema: {
          tags: ['hotline'],
          summary: 'Send a failed reply again, with a fresh set of attempts',
          params: IdParams,
          response: { 202: HotlineDeliveryDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const delivery = await service.resend(request.params.id, currentUser(request));
        kickWorker();
        return reply.status(202).send(delivery);
      },
    );
  };
