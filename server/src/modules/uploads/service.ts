import { createHash } from 'node:crypto';
import type { CreateUploadBody, UploadStatus } from '@civic/shared';
import { UPLOAD_CHUNK_BYTES } from '@civic/shared';
import { withTransaction, type Pool } from '../../db/pool.ts';
import { notFound, unprocessable } from '../../http/errors.ts';
import type { AuthUser } from '../auth/sessions.ts';
import { photoType } from '../cases/photos.ts';
import { canRead } from '../cases/service.ts';
import * as repo from './repository.ts';

/** An unfinished upload left alone this long is forgotten: a day covers a shift without signal. */
export const DEFAULT_UPLOAD_TTL_SECONDS = 24 * 60 * 60;
/** Enough of the file's start to tell JPEG, PNG and WebP apart. */
const SIGNATURE_BYTES = 12;

/** What a chunk led to: the upload's new state, or the offset it really is at. */
export type AppendResult = { kind: 'ok'; status: UploadStatus } | { kind: 'offset_mismatch'; offset: number };

/**
 * Who may add photos to a case: whoever may read it (its squad, the
 * district-wide roles), as for POST /api/cases/:id/photos, and whoever filed
 * it: a squad member's patrol finding is not the squad's case until a
 * dispatcher assigns it, yet its photos are taken right after filing.
 */
export function canAddPhotos(user: AuthUser, row: repo.CaseAccessRow): boolean {
  return canRead(user, row) || (row.created_by !== null && row.created_by === user.id);
}

const statusOf = (row: repo.UploadRow): UploadStatus => ({
  uploadId: row.id,
  caseId: row.case_id,
  size: row.size,
  offset: row.received,
  photoId: row.photo_id,
  expiresAt: row.photo_id === null ? row.expires_at.toISOString() : null,
});

/**
 * Resumable photo uploads: start (or find again), report the offset, append
 * a chunk at the right offset, and on the last byte verify the hash and the
 * image type and store the photo once per case.
 */
export class UploadService {
  constructor(
    private readonly pool: Pool,
    private readonly ttlSeconds: number = DEFAULT_UPLOAD_TTL_SECONDS,
  ) {}

  /**
   * Announces a photo. Answers the photo at once if the case already has
   * these bytes, the unfinished upload of them if there is one (`created`
   * false), or a new upload at offset 0.
   */
  async start(
    caseId: number,
    body: CreateUploadBody,
    user: AuthUser,
  ): Promise<{ status: UploadStatus; created: boolean }> {
    const access = await repo.findCaseAccess(this.pool, caseId);
    if (!access || !canAddPhotos(user, access)) throw notFound('Case');
    // Lazy cleanup: whoever starts an upload clears those nobody finished in time.
    await repo.deleteExpired(this.pool);

    const done = await repo.findPhotoId(this.pool, caseId, body.sha256);
    if (done !== undefined) {
      const status = { uploadId: null, caseId, size: body.size, offset: body.size, photoId: done, expiresAt: null };
      return { status, created: false };
    }
    const input: repo.NewUpload = {
      caseId,
      size: body.size,
      sha256: body.sha256,
      contentType: body.contentType,
      takenAt: body.takenAt ?? null,
      position: body.position ?? null,
      createdBy: user.id,
      ttlSeconds: this.ttlSeconds,
    };
    // Twice at most: the second time after dropping an unfinished upload that
    // announced the same hash with another size (it can never verify).
    for (let attempt = 0; attempt < 2; attempt++) {
      const id = await repo.insertUpload(this.pool, input);
      if (id !== undefined) return { status: await this.statusById(id), created: true };
      const open = await repo.findOpenUpload(this.pool, caseId, body.sha256);
      if (!open) continue; // finished or removed meanwhile: try again
      if (open.size !== body.size) {
        await repo.deleteUpload(this.pool, open.id);
        continue;
      }
      await repo.touchUpload(this.pool, open.id, this.ttlSeconds);
      return { status: await this.statusById(open.id), created: false };
    }
    // Only a concurrent upload finishing these very bytes gets here.
    const photoId = await repo.findPhotoId(this.pool, caseId, body.sha256);
    if (photoId === undefined) throw new Error(`upload of ${body.sha256} to case ${caseId} did not settle`);
    return {
      status: { uploadId: null, caseId, size: body.size, offset: body.size, photoId, expiresAt: null },
      created: false,
    };
  }

  /** Where an upload stands, for whoever may add photos to its case. */
  async status(id: string, user: AuthUser): Promise<UploadStatus> {
    const row = await repo.findUpload(this.pool, id);
    if (!row || row.expired || !canAddPhotos(user, row)) throw notFound('Upload');
    return statusOf(row);
  }

  /**
   * Appends `chunk` if it starts where the upload stands. A chunk for an
   * upload already complete (a retry whose answer was lost) answers the
   * photo. The last chunk stores the photo, or, if the bytes do not match
   * the announced hash or are not an image, drops the upload: the phone
   * starts it again.
   */
  async append(id: string, offset: number, chunk: Buffer, user: AuthUser): Promise<AppendResult> {
    if (chunk.length > UPLOAD_CHUNK_BYTES) {
      throw unprocessable('body', `A chunk is at most ${UPLOAD_CHUNK_BYTES} bytes`);
    }
    const outcome = await withTransaction(this.pool, async (db) => {
      const row = await repo.lockUpload(db, id);
      if (!row || row.expired || !canAddPhotos(user, row)) throw notFound('Upload');
      if (row.photo_id !== null) return { kind: 'ok', status: statusOf(row) } as const;
      if (offset !== row.received) return { kind: 'offset_mismatch', offset: row.received } as const;
      if (offset + chunk.length > row.size) {
        throw unprocessable('body', `The chunk runs past the announced size of ${row.size} bytes`);
      }
      if (chunk.length === 0) return { kind: 'ok', status: statusOf(row) } as const;
      if (offset === 0 && chunk.length >= Math.min(SIGNATURE_BYTES, row.size) && !photoType(chunk)) {
        await repo.deleteUpload(db, id);
        return { kind: 'rejected', field: 'body', message: 'The upload is not a JPEG, PNG or WebP image' } as const;
      }
      const moved = await repo.appendChunk(db, id, offset, chunk, this.ttlSeconds);
      const current = { ...row, received: moved.received, expires_at: moved.expires_at };
      if (current.received < current.size) return { kind: 'ok', status: statusOf(current) } as const;

      const bytes = await repo.readChunks(db, id);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (bytes.length !== row.size || sha256 !== row.sha256) {
        await repo.deleteUpload(db, id);
        return {
          kind: 'rejected',
          field: 'sha256',
          message: `The bytes received do not match the announced SHA-256 (${row.sha256}); start the upload again`,
        } as const;
      }
      const contentType = photoType(bytes);
      if (!contentType) {
        await repo.deleteUpload(db, id);
        return { kind: 'rejected', field: 'body', message: 'The upload is not a JPEG, PNG or WebP image' } as const;
      }
      const photoId = await repo.completeUpload(db, current, { bytes, contentType });
      return { kind: 'ok', status: { ...statusOf(current), photoId, expiresAt: null } } as const;
    });
    // Thrown only now, so that the dropped upload stays dropped (the transaction committed).
    if (outcome.kind === 'rejected') throw unprocessable(outcome.field, outcome.message);
    return outcome;
  }

  private async statusById(id: string): Promise<UploadStatus> {
    const row = await repo.findUpload(this.pool, id);
    if (!row) throw notFound('Upload');
    return statusOf(row);
  }
}
