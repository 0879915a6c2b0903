import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import {
  ApiError,
  CreateUploadBody,
  type Role,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_CHUNK_CONTENT_TYPE,
  UPLOAD_OFFSET_HEADER,
  UploadChunkHeaders,
  UploadParams,
  UploadStatus,
} from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { conflict, HttpError } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { DEFAULT_UPLOAD_TTL_SECONDS, UploadService } from './service.ts';

/** As for POST /api/cases/:id/photos; which cases each may touch is the service's rule. */
const UPLOADING_ROLES: readonly Role[] = ['squad_member', 'dispatcher', 'supervisor', 'intake_clerk', 'admin'];

/** The offset in a header too, as tus clients read it, and never cached: it moves with every chunk. */
function withOffset(reply: FastifyReply, status: UploadStatus): FastifyReply {
  return reply
    .header(UPLOAD_OFFSET_HEADER, String(status.offset))
    .header('Upload-Length', String(status.size))
    .header('Cache-Control', 'no-store');
}

/**
 * Resumable photo uploads (shared/src/uploads.ts): POST announces the photo,
 * GET/HEAD tell the offset, PATCH appends a chunk at that offset.
 */
export const uploadRoutes =
  (pool: Pool, options: { ttlSeconds?: number } = {}): FastifyPluginAsyncTypebox =>
  async (app) => {
    const uploads = new UploadService(pool, options.ttlSeconds ?? DEFAULT_UPLOAD_TTL_SECONDS);

    // Scoped to this plugin: raw chunk bytes, no larger than one chunk.
    app.addContentTypeParser(
      UPLOAD_CHUNK_CONTENT_TYPE,
      { parseAs: 'buffer', bodyLimit: UPLOAD_CHUNK_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/cases/:id/uploads',
      {
        config: { access: UPLOADING_ROLES },
        schema: {
          tags: ['lifecycle'],
          summary:
            'Announce a photo for a resumable upload by its size and SHA-256; bytes the case already has answer their photo at once',
          params: IdParams,
          body: CreateUploadBody,
          response: { 200: UploadStatus, 201: UploadStatus, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const { status, created } = await uploads.start(request.params.id, request.body, currentUser(request));
        if (status.uploadId) reply.header('Location', `/api/uploads/${status.uploadId}`);
        return withOffset(reply, status)
          .status(created ? 201 : 200)
          .send(status);
      },
    );

    app.get(
      '/api/uploads/:id',
      {
        config: { access: UPLOADING_ROLES },
        schema: {
          tags: ['lifecycle'],
          summary: 'Where an upload stands: the offset the next chunk starts at (also as Upload-Offset; HEAD too)',
          params: UploadParams,
          response: { 200: UploadStatus, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const status = await uploads.status(request.params.id, currentUser(request));
        return withOffset(reply, status).send(status);
      },
    );

    app.patch(
      '/api/uploads/:id',
      {
        config: { access: UPLOADING_ROLES },
        bodyLimit: UPLOAD_CHUNK_BYTES,
        schema: {
          tags: ['lifecycle'],
          summary: `Append a chunk (${UPLOAD_CHUNK_CONTENT_TYPE}, at most ${UPLOAD_CHUNK_BYTES} bytes) at Upload-Offset; 409 with the real offset when it is not where the upload stands; the last chunk answers the photo id`,
          params: UploadParams,
          headers: UploadChunkHeaders,
          response: { 200: UploadStatus, 413: ApiError, ...errors(400, 401, 403, 404, 409, 415, 422) },
        },
      },
      async (request, reply) => {
        const chunk = request.body;
        if (!Buffer.isBuffer(chunk)) {
          throw new HttpError(415, `Send the chunk as ${UPLOAD_CHUNK_CONTENT_TYPE}`, {
            code: 'unsupported_media_type',
          });
        }
        const offset = request.headers['upload-offset'];
        const result = await uploads.append(request.params.id, offset, chunk, currentUser(request));
        if (result.kind === 'offset_mismatch') {
          // The error handler keeps headers already set: the client reads the offset either way.
          reply.header(UPLOAD_OFFSET_HEADER, String(result.offset)).header('Cache-Control', 'no-store');
          throw conflict(
            'offset_mismatch',
            `The upload stands at offset ${result.offset}, not ${offset}: send from there`,
            { offset: result.offset },
          );
        }
        return withOffset(reply, result.status).send(result.status);
      },
    );
  };
