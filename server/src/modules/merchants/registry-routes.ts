import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  DISTRICT_WIDE_ROLES,
  MerchantCandidate,
  MerchantDto,
  MerchantInput,
  MerchantList,
  MerchantQuery,
  MerchantSummary,
} from '@civic/shared';
import { withTransaction } from '../../db/pool.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import type { AuthUser } from '../auth/sessions.ts';
import { canRead } from '../cases/service.ts';
import { loadGradeRules } from './grade-settings.ts';
import type { MerchantModuleDeps } from './index.ts';
import { realtimeGradePublisher } from './grade-publisher.ts';
import { registerMerchant, REGISTRY_WRITE_ROLES, updateMerchant } from './registry.ts';
import { storefrontPhotoRoutes } from './registry-photo.ts';
import {
  candidatesNear,
  findMerchant,
  MAX_CANDIDATE_RADIUS_M,
  merchantAudienceFor,
  merchantMap,
  searchMerchants,
  squadMayReadMerchant,
} from './registry-view.ts';

const CandidatesQuery = Type.Object(
  {
    radiusM: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CANDIDATE_RADIUS_M, default: 150 })),
  },
  { additionalProperties: false },
);
const CANDIDATE_LIMIT = 10;

/**
 * The merchant registry (docs/merchants.md#registry): search, one entry,
 * registration and edits, the map feed and candidates near a case. Reading
 * is for every logged-in role, a squad member only what its work needs
 * (squadMayReadMerchant); writing is registry maintenance (REGISTRY_WRITE_ROLES).
 */
export const registryRoutes =
  (deps: MerchantModuleDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { pool } = deps;
    const publisher = realtimeGradePublisher(pool, deps.realtime, deps.reportError);

    /** One merchant as `viewer` may see it; 404 for one a squad member has no business with. */
    const readable = async (id: number, viewer: AuthUser): Promise<MerchantDto> => {
      if (viewer.role === 'squad_member' && !(await squadMayReadMerchant(pool, id, viewer.squadId))) {
        throw notFound('Merchant');
      }
      const rules = await loadGradeRules(pool);
      const found = await findMerchant(pool, id, merchantAudienceFor(viewer.role), rules.recordWindowDays);
      if (!found) throw notFound('Merchant');
      return found;
    };

    app.get(
      '/api/merchants',
      {
        config: { access: DISTRICT_WIDE_ROLES },
        // `q` is often an operator's name or phone number: the request line (with its query) is not logged.
        logLevel: 'warn',
        schema: {
          tags: ['merchants'],
          summary: 'Search the registry by name, operator, phone or address, newest first, with the total',
          querystring: MerchantQuery,
          response: { 200: MerchantList, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const rules = await loadGradeRules(pool);
        return searchMerchants(pool, request.query, merchantAudienceFor(user.role), rules.recordWindowDays);
      },
    );

    app.get(
      '/api/merchants/map',
      {
        config: { access: [...DISTRICT_WIDE_ROLES, 'squad_member'] },
        schema: {
          tags: ['merchants'],
          summary: 'Every active merchant with its grade, for the map layer (no personal data)',
          response: { 200: Type.Array(MerchantSummary), ...errors(401, 403) },
        },
      },
      async () => merchantMap(pool),
    );

    app.get(
      '/api/merchants/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['merchants'],
          summary: 'One registry entry; operator name and phone masked for dispatchers',
          params: IdParams,
          response: { 200: MerchantDto, ...errors(400, 401, 404) },
        },
      },
      async (request) => readable(request.params.id, currentUser(request)),
    );

    app.post(
      '/api/merchants',
      {
        config: { access: REGISTRY_WRITE_ROLES, idempotent: true },
        schema: {
          tags: ['merchants'],
          summary: 'Register a shop or street vendor (blue); `crs` names the system of `location`',
          body: MerchantInput,
          response: { 201: MerchantDto, ...errors(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const { merchantId, seq } = await asBody(
          withTransaction(pool, (db) => registerMerchant(db, request.body, { actorId: user.id })),
        );
        // A new pin on every map: the 'registered' grade event goes out like any other grade change.
        publisher.publish([{ seq, merchantId }]);
        return reply.status(201).send(await readable(merchantId, user));
      },
    );

    app.put(
      '/api/merchants/:id',
      {
        config: { access: REGISTRY_WRITE_ROLES },
        schema: {
          tags: ['merchants'],
          summary:
            'Replace a registry entry (sub-district and grid follow the location); `active: false` deactivates it. The grade is not changed here',
          params: IdParams,
          body: MerchantInput,
          response: { 200: MerchantDto, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const updated = await asBody(updateMerchant(pool, request.params.id, request.body));
        if (!updated) throw notFound('Merchant');
        // Moved, renamed or deactivated: every map re-reads the registry's pins.
        deps.realtime.toEveryone('merchants:changed', { merchantIds: [request.params.id] });
        return readable(request.params.id, user);
      },
    );

    app.get(
      '/api/cases/:id/merchant-candidates',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['merchants'],
          summary: `Active merchants within radiusM (default 150, at most ${MAX_CANDIDATE_RADIUS_M}) of the case, nearest first, at most ${CANDIDATE_LIMIT}`,
          params: IdParams,
          querystring: CandidatesQuery,
          response: { 200: Type.Array(MerchantCandidate), ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        const { rows } = await pool.query<{ squad_id: number | null; lng: number | null; lat: number | null }>(
          'SELECT squad_id, ST_X(location) AS lng, ST_Y(location) AS lat FROM cases WHERE id = $1',
          [request.params.id],
        );
        const found = rows[0];
        if (!found || !canRead(currentUser(request), found)) throw notFound('Case');
        if (found.lng === null || found.lat === null) return [];
        const point = { lng: found.lng, lat: found.lat };
        return candidatesNear(pool, point, request.query.radiusM ?? 150, CANDIDATE_LIMIT);
      },
    );

    await app.register(storefrontPhotoRoutes({ pool, readable }));
  };

/** Registry errors name the MerchantInput field; over HTTP it is a field of the body, like the schema's own. */
async function asBody<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof HttpError && error.details.field && !error.details.field.startsWith('body')) {
      throw new HttpError(error.statusCode, error.message, { ...error.details, field: `body.${error.details.field}` });
    }
    throw error;
  }
}
