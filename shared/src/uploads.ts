import { Type, type Static } from 'typebox';

/**
 * Resumable photo uploads, a small tus-like protocol (docs/lifecycle.md,
 * "Evidence photos"): the phone announces a photo by its size and SHA-256,
 * sends it in chunks at the offset the server holds, and after a dropped
 * connection asks the server where it got to instead of starting again. The
 * bytes a case already has are never stored twice.
 */

/** The largest chunk one PATCH may carry: a few seconds on a weak 3G link. */
export const UPLOAD_CHUNK_BYTES = 256 * 1024;
/** The largest photo, as for POST /api/cases/:id/photos. */
export const UPLOAD_MAX_BYTES = 8 * 1024 * 1024;
/** The content type of a PATCH body: the next bytes of the photo (as in tus). */
export const UPLOAD_CHUNK_CONTENT_TYPE = 'application/offset+octet-stream';
/** The header naming the offset a PATCH's chunk starts at, and answering where the upload is now. */
export const UPLOAD_OFFSET_HEADER = 'Upload-Offset';
export const UPLOAD_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Where the phone was when the photo was taken (WGS-84, as the Geolocation API gives it). */
export const PhotoPosition = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    /** Metres, as the Geolocation API reports it. */
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type PhotoPosition = Static<typeof PhotoPosition>;

export const CreateUploadBody = Type.Object(
  {
    size: Type.Integer({ minimum: 1, maximum: UPLOAD_MAX_BYTES }),
    /** SHA-256 of the whole photo, lowercase hex: checked when the last byte arrives. */
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    contentType: Type.Enum(UPLOAD_PHOTO_TYPES),
    /** When the photo was taken (the file's time on the phone). */
    takenAt: Type.Optional(Type.String({ format: 'date-time' })),
    position: Type.Optional(PhotoPosition),
  },
  { additionalProperties: false },
);
export type CreateUploadBody = Static<typeof CreateUploadBody>;

export const UploadParams = Type.Object(
  { id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }) },
  { additionalProperties: false },
);
export type UploadParams = Static<typeof UploadParams>;

/** `Upload-Offset` on a PATCH: where its chunk starts. */
export const UploadChunkHeaders = Type.Object({ 'upload-offset': Type.Integer({ minimum: 0 }) });

/**
 * Where an upload stands. `photoId` is set once the photo is complete (or
 * was already on the case: then `uploadId` is null, nothing had to be sent).
 */
export const UploadStatus = Type.Object({
  uploadId: Type.Union([Type.String(), Type.Null()]),
  caseId: Type.Integer(),
  size: Type.Integer(),
  /** Bytes the server holds: the next chunk starts here. */
  offset: Type.Integer(),
  photoId: Type.Union([Type.Integer(), Type.Null()]),
  /** An unfinished upload is forgotten after this time (each chunk extends it). */
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type UploadStatus = Static<typeof UploadStatus>;
