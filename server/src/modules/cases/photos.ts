import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Pool } from '../../db/pool.ts';
import { notFound, unprocessable } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { canRead } from './service.ts';

/** What a photo may be, told by its first bytes rather than by what the client claims. */
const SIGNATURES: { type: string; matches: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'image/webp',
    matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];
const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

/** The image type the bytes start with (JPEG, PNG or WebP), or undefined for anything else. */
export function photoType(bytes: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.matches(bytes))?.type;
}

/**
 * Evidence photos: uploaded one by one (the phone resizes first), then named
 * in the disposal. The same bytes uploaded twice to a case (a retry after a
 * dropped connection) answer the same id.
 */
export const photoRoutes =
  (pool: Pool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addContentTypeParser(
      SIGNATURES.map((s) => s.type),
      { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/cases/:id/photos',
      {
        config: { access: ['squad_member', 'dispatcher', 'supervisor', 'intake_clerk', 'admin'] },
        bodyLimit: MAX_PHOTO_BYTES,
        schema: {
          tags: ['lifecycle'],
          summary:
            'Upload one photo (JPEG, PNG or WebP bytes, at most 8 MB) to a case; the same bytes again answer the same id',
          params: IdParams,
          response: { 201: Type.Object({ id: Type.Integer() }), ...errors(400, 401, 403, 404, 415, 422) },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const caseId = request.params.id;
        const found = await pool.query<{ squad_id: number | null }>('SELECT squad_id FROM cases WHERE id = $1', [
          caseId,
        ]);
        if (!found.rows[0] || !canRead(user, found.rows[0])) throw notFound('Case');
        const bytes = request.body;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0)
          throw unprocessable('body', 'Send the photo bytes as the body');
        const kind = SIGNATURES.find((s) => s.matches(bytes));
        if (!kind) throw unprocessable('body', 'The body is not a JPEG, PNG or WebP image');
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const { rows } = await pool.query<{ id: number }>(
          `WITH inserted AS (
             INSERT INTO case_photos (case_id, content_type, bytes, sha256, uploaded_by) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (case_id, sha256) DO NOTHING RETURNING id)
           SELECT id FROM inserted UNION ALL SELECT id FROM case_photos WHERE case_id = $1 AND sha256 = $4`,
          [caseId, kind.type, bytes, sha256, user.id],
        );
        return reply.status(201).send({ id: rows[0]!.id });
      },
    );

    app.get(
      '/api/photos/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['lifecycle'],
          summary: 'A photo’s bytes, for whoever may read its case',
          params: IdParams,
          response: { 200: Type.Any({ description: 'The image bytes' }), ...errors(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const { rows } = await pool.query<{ content_type: string; bytes: Buffer; squad_id: number | null }>(
          `SELECT p.content_type, p.bytes, c.squad_id FROM case_photos p JOIN cases c ON c.id = p.case_id WHERE p.id = $1`,
          [request.params.id],
        );
        const photo = rows[0];
        if (!photo || !canRead(currentUser(request), photo)) throw notFound('Photo');
        return reply.type(photo.content_type).header('Cache-Control', 'private, max-age=86400').send(photo.bytes);
      },
    );
  };
