/**
 * Photos that travel with a queued disposal. They are shrunk when the person
 * taps (so what waits in IndexedDB is small and the same bytes on every
 * attempt), and uploaded only when the outbox sends the step: a disposal made
 * offline goes out with its photos once the phone is back. The upload is
 * resumable and de-duplicated by hash, so a retried send never stores a
 * photo twice, and the step's body ({ note, photoIds }) is the same on every
 * attempt, as its idempotency key requires.
 */
import { resizePhoto } from '../photos.ts';
import { uploadPhotoResumably } from '../uploads.ts';

export interface QueuedPhoto {
  blob: Blob;
  /** When it was taken (the file's time), ISO. */
  takenAt: string;
}

/** Shrinks the chosen files for the queue, keeping when each was taken. */
export async function preparePhotos(files: readonly File[]): Promise<QueuedPhoto[]> {
  const prepared: QueuedPhoto[] = [];
  for (const file of files) {
    const takenAt = new Date(file.lastModified || Date.now()).toISOString();
    prepared.push({ blob: await resizePhoto(file), takenAt });
  }
  return prepared;
}

function queuedPhotosOf(body: unknown): QueuedPhoto[] | null {
  if (typeof body !== 'object' || body === null || !('photos' in body)) return null;
  const photos = (body as { photos: unknown }).photos;
  return Array.isArray(photos) ? (photos as QueuedPhoto[]) : null;
}

/**
 * The body to POST for a queued entry: a disposal's photos uploaded first and
 * replaced by their ids; any other body as it is. Network trouble throws, and
 * the outbox retries the whole step later (the uploads resume).
 */
export async function bodyToSend(
  caseId: number | null,
  body: unknown,
  upload: typeof uploadPhotoResumably = uploadPhotoResumably,
): Promise<unknown> {
  const photos = queuedPhotosOf(body);
  if (!photos || caseId === null) return body;
  const { photos: _queued, ...rest } = body as { photos: QueuedPhoto[] } & Record<string, unknown>;
  const photoIds: number[] = [];
  for (const photo of photos) {
    // Already shrunk when queued: upload the bytes as they are.
    photoIds.push(
      await upload(caseId, photo.blob, { takenAt: new Date(photo.takenAt) }, { prepare: (b) => Promise.resolve(b) }),
    );
  }
  return photoIds.length ? { ...rest, photoIds } : rest;
}
