/**
 * Photos that travel with a queued step: a disposal's evidence, or a patrol
 * finding's (uploaded once the finding is filed and has a case). They are shrunk when the person
 * taps (so what waits in IndexedDB is small and the same bytes on every
 * attempt), and uploaded only when the outbox sends the step: a disposal made
 * offline goes out with its photos once the phone is back. The upload is
 * resumable and de-duplicated by hash, so a retried send never stores a
 * photo twice, and the step's body ({ note, photoIds }) is the same on every
 * attempt, as its idempotency key requires.
 */
import type { PhotoPosition } from '@civic/shared';
import { resizePhoto } from '../photos.ts';
import { uploadPhotoResumably } from '../uploads.ts';

export interface QueuedPhoto {
  blob: Blob;
  /** When it was taken (the file's time), ISO. */
  takenAt: string;
  /** Where it was taken, when known at the tap (a finding's position); else the upload asks the phone. */
  position?: PhotoPosition | null;
}

/**
 * Shrinks the chosen files for the queue, keeping when each was taken and,
 * given `where` (a patrol finding's position), where. Without it the upload
 * asks the phone then: looking the position up here could hold the tap for
 * seconds while no fix or permission comes.
 */
export async function preparePhotos(files: readonly File[], where?: PhotoPosition | null): Promise<QueuedPhoto[]> {
  const prepared: QueuedPhoto[] = [];
  for (const file of files) {
    const takenAt = new Date(file.lastModified || Date.now()).toISOString();
    prepared.push({ blob: await resizePhoto(file), takenAt, ...(where !== undefined ? { position: where } : {}) });
  }
  return prepared;
}

function queuedPhotosOf(body: unknown): QueuedPhoto[] | null {
  if (typeof body !== 'object' || body === null || !('photos' in body)) return null;
  const photos = (body as { photos: unknown }).photos;
  return Array.isArray(photos) ? (photos as QueuedPhoto[]) : null;
}

/** Splits a queued body into its photos and the rest (what the step itself posts). */
export function splitQueuedPhotos(body: unknown): { photos: QueuedPhoto[]; rest: unknown } {
  const photos = queuedPhotosOf(body);
  if (!photos) return { photos: [], rest: body };
  const { photos: _queued, ...rest } = body as { photos: QueuedPhoto[] } & Record<string, unknown>;
  return { photos, rest };
}

/**
 * Uploads queued photos to a case, in order, answering their ids. Already
 * shrunk when queued, so the bytes go as they are; the uploads are resumable
 * and de-duplicated by hash, so sending them again after a failure stores
 * each photo once.
 */
export async function uploadQueuedPhotos(
  caseId: number,
  photos: readonly QueuedPhoto[],
  upload: typeof uploadPhotoResumably = uploadPhotoResumably,
): Promise<number[]> {
  const ids: number[] = [];
  for (const photo of photos) {
    const options = {
      takenAt: new Date(photo.takenAt),
      ...(photo.position !== undefined ? { position: photo.position } : {}),
    };
    ids.push(await upload(caseId, photo.blob, options, { prepare: (b) => Promise.resolve(b) }));
  }
  return ids;
}

/**
 * The body to POST for a queued step on a case: a disposal's photos uploaded
 * first and replaced by their ids; any other body as it is. Network trouble
 * throws, and the outbox retries the whole step later (the uploads resume).
 */
export async function bodyToSend(
  caseId: number | null,
  body: unknown,
  upload: typeof uploadPhotoResumably = uploadPhotoResumably,
): Promise<unknown> {
  if (caseId === null || queuedPhotosOf(body) === null) return body;
  const { photos, rest } = splitQueuedPhotos(body);
  const photoIds = await uploadQueuedPhotos(caseId, photos, upload);
  return photoIds.length ? { ...(rest as object), photoIds } : rest;
}
