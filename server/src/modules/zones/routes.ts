import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CrsQuery, ZoneDto, ZoneImportResult, ZoneInput, ZoneQuery, type Role } from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { badRequest } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import type { Realtime } from '../../plugins/realtime.ts';
import { ZoneService } from './service.ts';

/** Who draws, edits, deletes and imports zones. */
const EDITING_ROLES: readonly Role[] = ['admin'];

/** A bureau's whole grid layer with detailed outlines runs to a few megabytes. */
const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/**
 * The import body: a FeatureCollection whose features are checked one by one
 * in the service, so that one bad feature is reported instead of refusing the
 * file. Foreign members (name, crs …, as GIS tools write them) are allowed.
 */
const ImportBody = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 5000 }),
});

/**
 * Zones (docs/merchants.md, "Zones"): everyone signed in reads them (the
 * wall screen draws them, squads see their grids); only admins change them.
 */
export const zoneRoutes =
  (deps: { pool: Pool; realtime: Realtime }): FastifyPluginAsyncTypebox =>
  async (app) => {
    const zones = new ZoneService(deps.pool, deps.realtime, (error) =>
      app.log.error({ err: error }, 'zones:changed push failed'),
    );

    // GIS tools name GeoJSON files application/geo+json; read them as JSON (a
    // broken file is a 400 naming the body, like any unparseable JSON).
    app.addContentTypeParser(
      'application/geo+json',
      { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(badRequest('body', 'The file is not valid JSON'), undefined);
        }
      },
    );

    app.get(
      '/api/zones',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['zones'],
          summary:
            'Vending points, night markets, control areas, grids and the pilot area, with whether each is open now',
          querystring: ZoneQuery,
          response: { 200: Type.Array(ZoneDto), ...errors(400, 401) },
        },
      },
      async (request) => zones.list(request.query.kind),
    );

    app.get(
      '/api/zones/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['zones'],
          summary: 'One zone',
          params: IdParams,
          response: { 200: ZoneDto, ...errors(400, 401, 404) },
        },
      },
      async (request) => zones.get(request.params.id),
    );

    app.post(
      '/api/zones',
      {
        config: { access: EDITING_ROLES },
        schema: {
          tags: ['zones'],
          summary: 'Draw a zone (a Polygon or MultiPolygon, WGS-84); 422 names the field for an invalid polygon',
          body: ZoneInput,
          response: { 201: ZoneDto, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await zones.create(request.body, currentUser(request).id)),
    );

    app.put(
      '/api/zones/:id',
      {
        config: { access: EDITING_ROLES },
        schema: {
          tags: ['zones'],
          summary: 'Replace a zone: outline, hours, period, notice, owner',
          params: IdParams,
          body: ZoneInput,
          response: { 200: ZoneDto, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => zones.update(request.params.id, request.body, currentUser(request).id),
    );

    app.delete(
      '/api/zones/:id',
      {
        config: { access: EDITING_ROLES },
        schema: {
          tags: ['zones'],
          summary: 'Delete a zone (cases flagged as likely permitted in it lose the flag)',
          params: IdParams,
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await zones.remove(request.params.id, currentUser(request).id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/zones/import',
      {
        config: { access: EDITING_ROLES },
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: ['zones'],
          summary:
            'Import a GeoJSON FeatureCollection (properties: kind, name, openingHours, startsAt, endsAt, notice, ownerSquadCode), upserted by kind and name; bad features are reported, the good ones kept',
          querystring: CrsQuery,
          body: ImportBody,
          response: { 200: ZoneImportResult, ...errors(400, 401, 403, 415) },
        },
      },
      async (request) => zones.import(request.body.features, request.query.crs, currentUser(request).id),
    );
  };
