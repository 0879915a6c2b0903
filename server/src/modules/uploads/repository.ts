/**
 * SQL for resumable photo uploads (migrations/013_photo_uploads.sql). Every
 * function takes a pool or a client inside a transaction.
 */
import type { PhotoPosition } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/** Who may touch a case's photos: the squad it is assigned to and whoever filed it. */
export interface CaseAccessRow {
  squad_id: number | null;
  created_by: number | null;
}

export interface UploadRow extends CaseAccessRow {
  id: string;
  case_id: number;
  size: number;
  sha256: string;
  content_type: string;
  taken_at: Date | null;
  lng: number | null;
  lat: number | null;
  position_accuracy_m: number | null;
  received: number;
  photo_id: number | null;
  expires_at: Date;
  /** Whether expires_at is past, by the database's clock (the one every node shares). */
  expired: boolean;
}

const UPLOAD_SELECT = `
  SELECT u.id, u.case_id, u.size, u.sha256, u.content_type, u.taken_at,
         ST_X(u.position::geometry) AS lng, ST_Y(u.position::geometry) AS lat, u.position_accuracy_m,
         u.received, u.photo_id, u.expires_at, u.expires_at <= now() AS expired,
         c.squad_id, c.created_by
    FROM photo_uploads u JOIN cases c ON c.id = u.case_id`;

export async function findCaseAccess(db: Queryable, caseId: number): Promise<CaseAccessRow | undefined> {
  const { rows } = await db.query<CaseAccessRow>('SELECT squad_id, created_by FROM cases WHERE id = $1', [caseId]);
  return rows[0];
}

/** The photo with these bytes already on the case, if any. */
export async function findPhotoId(db: Queryable, caseId: number, sha256: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM case_photos WHERE case_id = $1 AND sha256 = $2', [
    caseId,
    sha256,
  ]);
  return rows[0]?.id;
}

/** Forgets uploads past their time, with their chunks; answers how many. */
export async function deleteExpired(db: Queryable): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM photo_uploads WHERE expires_at <= now()');
  return rowCount ?? 0;
}

export async function findUpload(db: Queryable, id: string): Promise<UploadRow | undefined> {
  const { rows } = await db.query<UploadRow>(`${UPLOAD_SELECT} WHERE u.id = $1`, [id]);
  return rows[0];
}

/** The upload, locked until the transaction ends: chunks for one upload are taken one at a time. */
export async function lockUpload(db: Queryable, id: string): Promise<UploadRow | undefined> {
  const { rows } = await db.query<UploadRow>(`${UPLOAD_SELECT} WHERE u.id = $1 FOR UPDATE OF u`, [id]);
  return rows[0];
}

export async function findOpenUpload(db: Queryable, caseId: number, sha256: string): Promise<UploadRow | undefined> {
  const { rows } = await db.query<UploadRow>(
    `${UPLOAD_SELECT} WHERE u.case_id = $1 AND u.sha256 = $2 AND u.photo_id IS NULL`,
    [caseId, sha256],
  );
  return rows[0];
}

export interface NewUpload {
  caseId: number;
  size: number;
  sha256: string;
  contentType: string;
  takenAt: string | null;
  position: PhotoPosition | null;
  createdBy: number;
  ttlSeconds: number;
}

/**
 * Starts an upload; answers its id, or undefined when an unfinished upload of
 * the same bytes to the same case exists (announced by a concurrent request).
 */
export async function insertUpload(db: Queryable, upload: NewUpload): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO photo_uploads (case_id, size, sha256, content_type, taken_at, position, position_accuracy_m,
                                created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5,
             CASE WHEN $6::float8 IS NULL THEN NULL
                  ELSE ST_SetSRID(ST_MakePoint($6::float8, $7::float8), 4326)::geography END,
             $8, $9, now() + make_interval(secs => $10))
     ON CONFLICT (case_id, sha256) WHERE photo_id IS NULL DO NOTHING
     RETURNING id`,
    [
      upload.caseId,
      upload.size,
      upload.sha256,
      upload.contentType,
      upload.takenAt,
      upload.position?.lng ?? null,
      upload.position?.lat ?? null,
      upload.position?.accuracy ?? null,
      upload.createdBy,
      upload.ttlSeconds,
    ],
  );
  return rows[0]?.id;
}

export async function deleteUpload(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM photo_uploads WHERE id = $1', [id]);
}

/** Gives an upload more time: it is still being worked on. */
export async function touchUpload(db: Queryable, id: string, ttlSeconds: number): Promise<Date> {
  const { rows } = await db.query<{ expires_at: Date }>(
    `UPDATE photo_uploads SET expires_at = now() + make_interval(secs => $2) WHERE id = $1 RETURNING expires_at`,
    [id, ttlSeconds],
  );
  return rows[0]!.expires_at;
}

/** Stores a chunk at the upload's current offset and moves the offset on; answers the new offset. */
export async function appendChunk(
  db: Queryable,
  id: string,
  offset: number,
  bytes: Buffer,
  ttlSeconds: number,
): Promise<{ received: number; expires_at: Date }> {
  await db.query('INSERT INTO photo_upload_chunks (upload_id, start_offset, bytes) VALUES ($1, $2, $3)', [
    id,
    offset,
    bytes,
  ]);
  const { rows } = await db.query<{ received: number; expires_at: Date }>(
    `UPDATE photo_uploads SET received = received + $2, expires_at = now() + make_interval(secs => $3)
      WHERE id = $1 RETURNING received, expires_at`,
    [id, bytes.length, ttlSeconds],
  );
  return rows[0]!;
}

/** The bytes received, in order. */
export async function readChunks(db: Queryable, id: string): Promise<Buffer> {
  const { rows } = await db.query<{ bytes: Buffer }>(
    'SELECT bytes FROM photo_upload_chunks WHERE upload_id = $1 ORDER BY start_offset',
    [id],
  );
  return Buffer.concat(rows.map((row) => row.bytes));
}

/**
 * Stores the finished photo on its case (uploaded by whoever started the
 * upload), or finds the one with the same
 * bytes stored meanwhile (it then gains the time and place if it had none);
 * marks the upload complete and drops its chunks. Answers the photo's id.
 */
export async function completeUpload(
  db: Queryable,
  upload: UploadRow,
  photo: { bytes: Buffer; contentType: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO case_photos (case_id, content_type, bytes, sha256, uploaded_by, taken_at, position, position_accuracy_m)
     SELECT $1, $2, $3, $4, u.created_by, u.taken_at, u.position, u.position_accuracy_m FROM photo_uploads u WHERE u.id = $5
     ON CONFLICT (case_id, sha256) DO UPDATE
       SET taken_at = COALESCE(case_photos.taken_at, EXCLUDED.taken_at),
           position = COALESCE(case_photos.position, EXCLUDED.position),
           position_accuracy_m = COALESCE(case_photos.position_accuracy_m, EXCLUDED.position_accuracy_m)
     RETURNING id`,
    [upload.case_id, photo.contentType, photo.bytes, upload.sha256, upload.id],
  );
  const photoId = rows[0]!.id;
  await db.query('UPDATE photo_uploads SET photo_id = $2 WHERE id = $1', [upload.id, photoId]);
  await db.query('DELETE FROM photo_upload_chunks WHERE upload_id = $1', [upload.id]);
  return photoId;
}
