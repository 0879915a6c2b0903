import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ApiError,
  DISTRICT_WIDE_ROLES,
  PUBLIC_LOCATED_BY,
  PUBLIC_MAX_PHOTO_BYTES,
  PUBLIC_MAX_PHOTOS,
  PublicCaseView,
  PublicCategory,
  PublicChallenge,
  PublicReportBody,
  PublicReportResult,
  PublicTrackBody,
} from '@civic/shared';
import { errors, IdParams } from '../../http/schemas.ts';
import type { PublicReportService } from './service.ts';

/** Three photos as base64 (4/3 of their bytes) and the text around them. */
const REPORT_BODY_LIMIT = Math.ceil((PUBLIC_MAX_PHOTOS * PUBLIC_MAX_PHOTO_BYTES * 4) / 3) + 64 * 1024;

const PublicReportInfo = Type.Object({
  locatedBy: Type.Union([Type.Enum(PUBLIC_LOCATED_BY), Type.Null()]),
  /** The citizen's photos, read with GET /api/photos/:id. */
  photoIds: Type.Array(Type.Integer()),
  filedAt: Type.String({ format: 'date-time' }),
});

/**
 * The citizen web form (no login) and the staff's view of what came with a
 * web report. Public routes log at warn only: at info, Fastify would log
 * each citizen's address with every request.
 */
export const publicRoutes =
  (reports: PublicReportService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/public/categories',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        schema: {
          tags: ['public'],
          summary: 'The categories (小类) a citizen may report, grouped by 大类',
          security: [],
          response: { 200: Type.Array(PublicCategory) },
        },
      },
      async (_request, reply) => {
        void reply.header('cache-control', 'public, max-age=300');
        return reports.categories();
      },
    );

    app.get(
      '/api/public/challenge',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        onRequest: async (request, reply) => reports.limitLookup(reply, request.ip),
        schema: {
          tags: ['public'],
          summary:
            'A signed proof-of-work challenge: find a decimal nonce such that SHA-256(challenge + nonce) ' +
            'starts with `difficulty` zero bits; each challenge files one report',
          security: [],
          response: { 200: PublicChallenge, ...errors(429) },
        },
      },
      async (_request, reply) => {
        void reply.header('cache-control', 'no-store');
        return reports.challenge();
      },
    );

    app.post(
      '/api/public/reports',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        bodyLimit: REPORT_BODY_LIMIT,
        // Counted before the body (up to ~20 MB of photos) is read.
        onRequest: async (request, reply) => reports.limitAttempt(reply, request.ip),
        schema: {
          tags: ['public'],
          summary:
            'File a report (网上举报): a category, a description, a pin, an address or a photo with GPS, ' +
            `up to ${PUBLIC_MAX_PHOTOS} photos, optional name and phone, and a solved challenge. ` +
            'Answers the case number and a private tracking token',
          security: [],
          body: PublicReportBody,
          response: { 201: PublicReportResult, 413: ApiError, ...errors(400, 409, 415, 422, 429) },
        },
      },
      async (request, reply) => {
        const result = await reports.file(request.body, request.ip, reply);
        return reply.status(201).header('cache-control', 'no-store').send(result);
      },
    );

    app.post(
      '/api/public/track',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        bodyLimit: 1024,
        onRequest: async (request, reply) => reports.limitLookup(reply, request.ip),
        schema: {
          tags: ['public'],
          summary: 'A report as its citizen sees it: public status, key dates and the bureau’s replies',
          security: [],
          body: PublicTrackBody,
          response: { 200: PublicCaseView, ...errors(400, 404, 429) },
        },
      },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        return reports.track(request.body.token);
      },
    );

    app.get(
      '/api/cases/:id/public-report',
      {
        config: { access: DISTRICT_WIDE_ROLES },
        schema: {
          tags: ['public'],
          summary: 'For staff: how a web report was placed and the photos its citizen sent',
          params: IdParams,
          response: { 200: PublicReportInfo, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => reports.staffInfo(request.params.id),
    );
  };
