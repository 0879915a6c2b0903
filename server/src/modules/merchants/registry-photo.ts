import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MerchantDto } from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { HttpError, notFound, unprocessable } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import type { AuthUser } from '../auth/sessions.ts';
import { photoType } from '../cases/photos.ts';
import { REGISTRY_WRITE_ROLES } from './registry.ts';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** A storefront photo is one picture of a sign: 5 MB is plenty after the phone or camera resized it. */
const MAX_STOREFRONT_BYTES = 5 * 1024 * 1024;

interface PhotoDeps {
  pool: Pool;
  /** The merchant as the viewer may see it; throws 404 when the viewer may not. */
  readable: (id: number, viewer: AuthUser) => Promise<MerchantDto>;
}

/**
 * The storefront (门头) photo, one per merchant, stored in the row. Its type
 * is what the bytes are (JPEG, PNG, WebP), not what the client claims.
 */
export const storefrontPhotoRoutes =
  ({ pool, readable }: PhotoDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Scoped to this plugin: elsewhere images are not a body the API takes.
    app.addContentTypeParser(
      IMAGE_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_STOREFRONT_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.put(
      '/api/merchants/:id/storefront-photo',
      {
        config: { access: REGISTRY_WRITE_ROLES },
        bodyLimit: MAX_STOREFRONT_BYTES,
        schema: {
          tags: ['merchants'],
          summary: 'Set the storefront photo (JPEG, PNG or WebP bytes as the body, at most 5 MB), replacing any',
          params: IdParams,
          response: { 200: MerchantDto, ...errors(400, 401, 403, 404, 415, 422) },
        },
      },
      async (request) => {
        const bytes = request.body;
        if (!Buffer.isBuffer(bytes)) {
          throw new HttpError(415, `Send the photo as ${IMAGE_TYPES.join(', ')}`, {
            field: 'body',
            code: 'unsupported_media_type',
          });
        }
        const type = bytes.length === 0 ? undefined : photoType(bytes);
        if (!type) throw unprocessable('body', 'The body is not a JPEG, PNG or WebP image');
        const { rowCount } = await pool.query(
          `UPDATE merchants SET storefront_photo = $2, storefront_photo_type = $3, updated_at = now() WHERE id = $1`,
          [request.params.id, bytes, type],
        );
        if (rowCount !== 1) throw notFound('Merchant');
        return readable(request.params.id, currentUser(request));
      },
    );

    app.get(
      '/api/merchants/:id/storefront-photo',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['merchants'],
          summary: 'The storefront photo’s bytes, for whoever may read the merchant (ETag; 304 when unchanged)',
          params: IdParams,
          response: {
            200: Type.Any({ description: 'The image bytes' }),
            304: Type.Null({ description: 'Unchanged since the ETag sent in If-None-Match' }),
            ...errors(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        // Access first: the 404 must not tell a squad member which merchants have photos.
        await readable(request.params.id, currentUser(request));
        const known = request.headers['if-none-match']?.replace(/^W\//, '').replaceAll('"', '') ?? null;
        const { rows } = await pool.query<{ type: string; etag: string; bytes: Buffer | null }>(
          `SELECT storefront_photo_type AS type, md5(storefront_photo) AS etag,
                  CASE WHEN md5(storefront_photo) = $2 THEN NULL ELSE storefront_photo END AS bytes
             FROM merchants WHERE id = $1 AND storefront_photo IS NOT NULL`,
          [request.params.id, known],
        );
        const photo = rows[0];
        if (!photo) throw notFound('Storefront photo');
        // A photo can be replaced at any time: the browser keeps it but asks each time, and a 304 is cheap.
        void reply.header('Cache-Control', 'private, no-cache').header('ETag', `"${photo.etag}"`);
        if (photo.bytes === null) return reply.status(304).send(null);
        return reply.type(photo.type).send(photo.bytes);
      },
    );
  };
