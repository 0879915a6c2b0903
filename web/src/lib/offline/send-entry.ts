/**
 * How the phone sends one outbox entry. Every entry carries its idempotency
 * key, so sending it again after a lost answer applies nothing twice.
 * - A step on a case (and delivery/acknowledgement reports): POST, with a
 *   disposal's queued photos uploaded first and replaced by their ids.
 * - The squad's status: PUT.
 * - A patrol finding: the case is filed first (POST /api/cases), then its
 *   photos are uploaded to it. If an upload fails the whole entry is sent
 *   again: the filing is answered from the server's idempotency store (the
 *   same case, not a second one) and the uploads resume.
 */
import { IDEMPOTENCY_KEY_HEADER, type CaseDto } from '@civic/shared';
import { request } from '../api.ts';
import { uploadPhotoResumably } from '../uploads.ts';
import type { OutboxEntry } from './outbox.ts';
import { bodyToSend, splitQueuedPhotos, uploadQueuedPhotos } from './queued-photos.ts';

export interface SendDeps {
  request: typeof request;
  upload: typeof uploadPhotoResumably;
}

const defaultDeps: SendDeps = { request, upload: uploadPhotoResumably };

export async function sendEntry(entry: OutboxEntry, deps: SendDeps = defaultDeps): Promise<unknown> {
  const headers = { [IDEMPOTENCY_KEY_HEADER]: entry.key };
  if (entry.kind === 'file') {
    const { photos, rest } = splitQueuedPhotos(entry.body);
    const filed = await deps.request<CaseDto>('POST', entry.path, { body: rest, headers });
    await uploadQueuedPhotos(filed.id, photos, deps.upload);
    return filed;
  }
  const body = await bodyToSend(entry.caseId, entry.body, deps.upload);
  return deps.request(entry.method ?? 'POST', entry.path, { body, headers });
}
