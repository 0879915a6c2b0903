import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { Crs, LngLat, type Role } from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { badRequest, HttpError, notFound } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { fromWgs84 } from '../geo/crs.ts';
import type { ExternalGeocoder } from './external.ts';
import { CONFIDENCE_THRESHOLD, geocode, GEOCODE_LEVELS } from './geocoder.ts';
import { GazetteerFormatError, GazetteerImportJobs, type ImportFormat } from './import.ts';

const GEOCODING_ROLES: readonly Role[] = ['intake_clerk', 'dispatcher', 'supervisor', 'admin', 'squad_member'];
const IMPORTING_ROLES: readonly Role[] = ['admin'];
/** A district's gazetteer of a few hundred thousand rows fits; anything bigger is split. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const Direction = Type.Enum(['north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest']);

/** address-parser.ts's structure, for a client to show what was understood. */
export const ParsedAddressDto = Type.Object({
  normalized: Type.String(),
  province: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  district: Type.Optional(Type.String()),
  subDistrict: Type.Optional(Type.String()),
  community: Type.Optional(Type.String()),
  road: Type.Optional(Type.String()),
  houseNumber: Type.Optional(Type.String()),
  building: Type.Optional(Type.String()),
  intersection: Type.Optional(Type.Array(Type.String(), { minItems: 2, maxItems: 2 })),
  landmark: Type.Optional(Type.String()),
  side: Type.Optional(
    Type.Object({
      text: Type.String(),
      direction: Type.Optional(Direction),
      relation: Type.Optional(Type.Enum(['opposite', 'near', 'entrance', 'corner', 'inside', 'side'])),
    }),
  ),
  offset: Type.Optional(Type.Object({ direction: Direction, metres: Type.Number() })),
  remainder: Type.Optional(Type.String()),
});

export const GeocodeResultDto = Type.Object({
  label: Type.String(),
  level: Type.Enum(GEOCODE_LEVELS),
  /** 0..1. Below `threshold` a person confirms the pin. */
  confidence: Type.Number(),
  /** In the `crs` asked for; WGS-84 by default. */
  point: LngLat,
  source: Type.Enum(['gazetteer', 'external']),
  /** On the first result: how the text was read. */
  parsed: Type.Optional(ParsedAddressDto),
});

export const GeocodeAnswer = Type.Object({
  results: Type.Array(GeocodeResultDto),
  /** The confidence at and above which a case is placed without a person. */
  threshold: Type.Number(),
});
export type GeocodeAnswer = Static<typeof GeocodeAnswer>;

const GeocodeQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
    crs: Type.Optional(Crs),
  },
  { additionalProperties: false },
);

const ImportQuery = Type.Object(
  {
    /** When the content type does not say (e.g. text/plain): csv or geojson. */
    format: Type.Optional(Type.Enum(['csv', 'geojson'])),
    /** The system the file's coordinates are in; converted to WGS-84 on import. */
    crs: Type.Optional(Crs),
  },
  { additionalProperties: false },
);

export const ImportJobDto = Type.Object({
  id: Type.Integer(),
  format: Type.Enum(['csv', 'geojson']),
  /** interrupted: the node running it stopped before it finished. */
  status: Type.Enum(['running', 'done', 'failed', 'interrupted']),
  /** Rows in the file. */
  total: Type.Integer(),
  /** Rows dealt with so far, imported or failed: done / total is the progress. */
  done: Type.Integer(),
  failed: Type.Integer(),
  /** The first 100 rows that failed; a bad row is skipped, not fatal. */
  errors: Type.Array(Type.Object({ row: Type.Integer(), message: Type.String() })),
  message: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export interface GeocodeRouteDeps {
  pool: Pool;
  /** Asked when the gazetteer is unsure; off unless GEOCODER_URL is set. */
  external?: ExternalGeocoder | undefined;
  reportError?: (error: unknown) => void;
}

/**
 * GET /api/geocode for the clerk desk's address field (called as the clerk
 * types: one parse and two or three indexed queries), and the admin's
 * gazetteer imports.
 */
export const geocodeRoutes =
  (deps: GeocodeRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/geocode',
      {
        config: { access: GEOCODING_ROLES },
        schema: {
          tags: ['geocode'],
          summary: 'Chinese address → points with level and confidence, best first, from the gazetteer',
          querystring: GeocodeQuery,
          response: { 200: GeocodeAnswer, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const { q, limit, crs } = request.query;
        const { parsed, results } = await geocode(deps.pool, q, { limit: limit ?? 5, external: deps.external });
        return {
          threshold: CONFIDENCE_THRESHOLD,
          results: results.map((result, index) => ({
            ...result,
            point: fromWgs84(result.point, crs),
            ...(index === 0 ? { parsed } : {}),
          })),
        };
      },
    );

    await app.register(importRoutes(deps));
  };

const importRoutes =
  (deps: GeocodeRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const jobs = new GazetteerImportJobs(deps.pool, deps.reportError);
    app.addHook('onClose', async () => jobs.close());

    // The importer reads the text itself, JSON included, so that a file too
    // broken for JSON.parse is a clear 400 from the importer, and so the
    // limit below applies.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      ['application/json', 'application/geo+json', 'text/csv', 'text/plain', 'application/csv'],
      { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/gazetteer/imports',
      {
        config: { access: IMPORTING_ROLES },
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: ['geocode'],
          summary:
            'Import a gazetteer file (text/csv or application/geo+json, at most 20 MB); answers the job, whose progress GET …/:id reports',
          querystring: ImportQuery,
          response: { 202: ImportJobDto, ...errors(400, 401, 403, 415) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (typeof body !== 'string' || body.trim() === '') throw badRequest('body', 'Send the file as the body');
        const format = formatOf(request.headers['content-type'], request.query.format);
        try {
          const job = await jobs.start(
            { text: body, format, ...(request.query.crs ? { crs: request.query.crs } : {}) },
            currentUser(request).id,
          );
          return reply.status(202).send(job);
        } catch (error) {
          if (error instanceof GazetteerFormatError) throw badRequest('body', error.message);
          throw error;
        }
      },
    );

    app.get(
      '/api/gazetteer/imports/:id',
      {
        config: { access: IMPORTING_ROLES },
        schema: {
          tags: ['geocode'],
          summary: 'Progress of a gazetteer import: total, done, failed and the rows that failed',
          params: IdParams,
          response: { 200: ImportJobDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const job = await jobs.get(request.params.id);
        if (!job) throw notFound('Import');
        return job;
      },
    );
  };

function formatOf(contentType: string | undefined, asked: ImportFormat | undefined): ImportFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === 'application/json' || type === 'application/geo+json') return 'geojson';
  if (asked) return asked;
  throw new HttpError(415, 'Send text/csv or application/geo+json, or say ?format=csv|geojson', {
    code: 'unsupported_media_type',
  });
}
