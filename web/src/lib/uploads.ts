/**
 * Evidence photos from the phone, over a mobile link that drops: shrunk
 * first (photos.ts), announced to the server by size and SHA-256, then sent
 * in chunks with the resumable protocol of shared/src/uploads.ts. After a
 * network error the phone waits (backing off), asks the server how far it
 * got, and sends only the rest; after a reload the same photo picked again
 * finds its upload from localStorage (or, failing that, from the server by
 * its hash). The server keeps one photo per case and hash, so a retry can
 * never store a photo twice.
 */
import {
  UPLOAD_CHUNK_BYTES,
  UPLOAD_CHUNK_CONTENT_TYPE,
  UPLOAD_OFFSET_HEADER,
  UPLOAD_PHOTO_TYPES,
  type ApiError,
  type CreateUploadBody,
  type PhotoPosition,
  type UploadStatus,
} from '@civic/shared';
import { ApiRequestError, getToken } from './api.ts';
import { resizePhoto } from './photos.ts';

export interface UploadProgress {
  /** Bytes the server holds. */
  sent: number;
  /** Bytes of the photo as sent (after shrinking). */
  total: number;
}

export interface PhotoUploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** When the photo was taken; by default the file's time, or now. */
  takenAt?: Date;
  /** Where; by default the phone's last known position (none if it has none). */
  position?: PhotoPosition | null;
}

/** The photo could not be read or shrunk on the phone (nothing was sent). */
export class PhotoPrepareError extends Error {
  override readonly name = 'PhotoPrepareError';
}

/** What the uploader talks to; tests replace any of it. */
export interface UploaderDeps {
  fetch: typeof fetch;
  /** Where unfinished uploads are remembered across reloads; none in a private window without storage. */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  sleep: (ms: number) => Promise<void>;
  /** Shrinks the photo to what is sent. */
  prepare: (photo: Blob) => Promise<Blob>;
  position: () => Promise<PhotoPosition | null>;
  now: () => number;
  chunkBytes: number;
  /** Network failures in a row before giving up (the user can try again: the upload resumes). */
  maxRetries: number;
  /** The wait before retry `n` (1-based). */
  retryDelayMs: (attempt: number) => number;
}

/** 1 s, 2 s, 4 s … at most 15 s, with ±20 % jitter so phones behind one mast do not retry in step. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 1000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function defaultUploaderDeps(): UploaderDeps {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    storage: typeof localStorage === 'undefined' ? null : localStorage,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    prepare: (photo) => resizePhoto(photo),
    position: () => phonePosition(),
    now: () => Date.now(),
    chunkBytes: UPLOAD_CHUNK_BYTES,
    maxRetries: 8,
    retryDelayMs: (attempt) => backoff(attempt),
  };
}

/**
 * The phone's position as the Geolocation API has it (WGS-84), or null when
 * it cannot say within `timeoutMs`. A fix up to `maxAgeMs` old is taken from
 * the browser's cache: on duty the position reporter keeps one fresh.
 */
export function phonePosition(
  options: { maxAgeMs?: number; timeoutMs?: number; highAccuracy?: boolean } = {},
): Promise<PhotoPosition | null> {
  const { maxAgeMs = 120_000, timeoutMs = 5000, highAccuracy = false } = options;
  if (typeof navigator === 'undefined' || !('geolocation' in navigator) || !window.isSecureContext) {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    // The API's own timeout does not run while a permission prompt waits: this one does.
    const timer = setTimeout(() => resolve(null), timeoutMs + 500);
    navigator.geolocation.getCurrentPosition(
      (fix) => {
        clearTimeout(timer);
        const { longitude, latitude, accuracy } = fix.coords;
        resolve({
          lng: round7(longitude),
          lat: round7(latitude),
          ...(Number.isFinite(accuracy) && accuracy <= 100_000 ? { accuracy: Math.round(accuracy * 10) / 10 } : {}),
        });
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
      { maximumAge: maxAgeMs, timeout: timeoutMs, enableHighAccuracy: highAccuracy },
    );
  });
}

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

// ---- remembered uploads ---------------------------------------------------

const STORAGE_KEY = 'civic.photoUploads';
/** The server forgets an unfinished upload after a day; so does the phone. */
const REMEMBER_MS = 24 * 60 * 60 * 1000;

interface Remembered {
  uploadId: string;
  caseId: number;
  sha256: string;
  savedAt: number;
}

type Memory = Record<string, Remembered>;

const memoryKey = (caseId: number, sha256: string) => `${caseId}:${sha256}`;

function readMemory(deps: UploaderDeps): Memory {
  try {
    const parsed: unknown = JSON.parse(deps.storage?.getItem(STORAGE_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Memory) : {};
  } catch {
    return {};
  }
}

function writeMemory(deps: UploaderDeps, memory: Memory): void {
  const now = deps.now();
  const kept = Object.fromEntries(Object.entries(memory).filter(([, entry]) => now - entry.savedAt < REMEMBER_MS));
  try {
    if (Object.keys(kept).length === 0) deps.storage?.removeItem(STORAGE_KEY);
    else deps.storage?.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // Storage full or refused: the server still finds the upload by its hash.
  }
}

function remember(deps: UploaderDeps, entry: Omit<Remembered, 'savedAt'>): void {
  writeMemory(deps, {
    ...readMemory(deps),
    [memoryKey(entry.caseId, entry.sha256)]: { ...entry, savedAt: deps.now() },
  });
}

function forget(deps: UploaderDeps, caseId: number, sha256: string): void {
  const memory = readMemory(deps);
  delete memory[memoryKey(caseId, sha256)];
  writeMemory(deps, memory);
}

function recalled(deps: UploaderDeps, caseId: number, sha256: string): string | null {
  const entry = readMemory(deps)[memoryKey(caseId, sha256)];
  return entry && deps.now() - entry.savedAt < REMEMBER_MS ? entry.uploadId : null;
}

/** Unfinished uploads this phone remembers, for a case or all. */
export function pendingUploads(
  caseId?: number,
  deps: UploaderDeps = defaultUploaderDeps(),
): { uploadId: string; caseId: number }[] {
  return Object.values(readMemory(deps))
    .filter((entry) => caseId === undefined || entry.caseId === caseId)
    .map(({ uploadId, caseId: id }) => ({ uploadId, caseId: id }));
}

// ---- the protocol ----------------------------------------------------------

interface Answer {
  status: number;
  body: (UploadStatus & Partial<ApiError>) | null;
  offsetHeader: number | null;
}

async function call(
  deps: UploaderDeps,
  method: string,
  path: string,
  init: { json?: unknown; chunk?: Blob; offset?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (init.chunk !== undefined) {
    headers['Content-Type'] = UPLOAD_CHUNK_CONTENT_TYPE;
    headers[UPLOAD_OFFSET_HEADER] = String(init.offset ?? 0);
    body = init.chunk;
  } else if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(path, { method, headers, body, cache: 'no-store' });
    text = await response.text();
  } catch (cause) {
    throw new ApiRequestError(0, null, cause instanceof Error ? cause.message : 'network error');
  }
  let parsed: Answer['body'] = null;
  try {
    parsed = text ? (JSON.parse(text) as Answer['body']) : null;
  } catch {
    parsed = null;
  }
  const header = response.headers.get(UPLOAD_OFFSET_HEADER);
  return { status: response.status, body: parsed, offsetHeader: header === null ? null : Number(header) };
}

/** A refusal as the rest of the app knows errors. */
function refusal(answer: Answer): ApiRequestError {
  const body = answer.body;
  const apiError =
    body && typeof body.message === 'string' && typeof body.statusCode === 'number' ? (body as ApiError) : null;
  return new ApiRequestError(answer.status, apiError, `HTTP ${answer.status}`);
}

/** Worth another try later: the network, a proxy or a restarting server, not a refusal. */
const transient = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function photoTime(photo: Blob, deps: UploaderDeps): Date {
  const modified = (photo as Partial<File>).lastModified;
  // A camera capture's file is written when the shutter fires; a file with no time is taken now.
  return typeof modified === 'number' && modified > 0 ? new Date(modified) : new Date(deps.now());
}

function contentTypeOf(blob: Blob): CreateUploadBody['contentType'] {
  return (UPLOAD_PHOTO_TYPES as readonly string[]).includes(blob.type)
    ? (blob.type as CreateUploadBody['contentType'])
    : 'image/jpeg';
}

/**
 * Shrinks `photo`, uploads it to the case (resuming any earlier attempt) and
 * answers the photo's id for DisposeBody.photoIds. Throws PhotoPrepareError
 * when the photo cannot be read, ApiRequestError when the server refuses it
 * or the network stays down after the retries (then calling again resumes).
 */
export async function uploadPhotoResumably(
  caseId: number,
  photo: Blob,
  options: PhotoUploadOptions = {},
  overrides: Partial<UploaderDeps> = {},
): Promise<number> {
  const deps = { ...defaultUploaderDeps(), ...overrides };
  const takenAt = options.takenAt ?? photoTime(photo, deps);
  const positionLookup = options.position !== undefined ? Promise.resolve(options.position) : deps.position();

  let prepared: Blob;
  let sha256: string;
  try {
    prepared = await deps.prepare(photo);
    sha256 = await sha256Hex(await prepared.arrayBuffer());
  } catch (e) {
    throw new PhotoPrepareError(e instanceof Error ? e.message : String(e));
  }
  const position = await positionLookup.catch(() => null);
  const total = prepared.size;
  const progress = (sent: number) => options.onProgress?.({ sent, total });

  const announcement: CreateUploadBody = {
    size: total,
    sha256,
    contentType: contentTypeOf(prepared),
    takenAt: takenAt.toISOString(),
    ...(position ? { position } : {}),
  };

  let uploadId = recalled(deps, caseId, sha256);
  /** Where the server stands; null when it must be asked (at first, and after any doubt). */
  let offset: number | null = null;
  let failures = 0;
  /** Fresh starts after the server forgot the upload or refused its bytes. */
  let restarts = 0;

  const finish = (photoId: number): number => {
    forget(deps, caseId, sha256);
    progress(total);
    return photoId;
  };
  const startAgain = (answer: Answer) => {
    forget(deps, caseId, sha256);
    uploadId = null;
    offset = null;
    if (++restarts > 2) throw refusal(answer);
  };

  progress(0);
  for (;;) {
    let answer: Answer;
    try {
      if (uploadId === null) {
        answer = await call(deps, 'POST', `/api/cases/${caseId}/uploads`, { json: announcement });
        if (answer.status === 200 || answer.status === 201) {
          const status = answer.body!;
          if (status.photoId !== null) return finish(status.photoId);
          uploadId = status.uploadId;
          offset = status.offset;
          if (uploadId !== null) remember(deps, { uploadId, caseId, sha256 });
          failures = 0;
          progress(offset);
          continue;
        }
      } else if (offset === null) {
        answer = await call(deps, 'GET', `/api/uploads/${uploadId}`);
        if (answer.status === 200) {
          const status = answer.body!;
          if (status.photoId !== null) return finish(status.photoId);
          // Not a success that resets the failures: only bytes moving on are.
          offset = status.offset;
          progress(offset);
          continue;
        }
        if (answer.status === 404) {
          // Expired or dropped on the server: announce the photo again.
          startAgain(answer);
          continue;
        }
      } else {
        const chunk = prepared.slice(offset, Math.min(total, offset + deps.chunkBytes));
        answer = await call(deps, 'PATCH', `/api/uploads/${uploadId}`, { chunk, offset });
        if (answer.status === 200) {
          const status = answer.body!;
          if (status.photoId !== null) return finish(status.photoId);
          offset = status.offset;
          failures = 0;
          progress(offset);
          continue;
        }
        if (answer.status === 409 && answer.body?.code === 'offset_mismatch') {
          // An earlier chunk landed although its answer was lost, or another tab sent some: go on from there.
          const real = (answer.body.details as { offset?: unknown } | undefined)?.offset;
          offset = typeof real === 'number' ? real : answer.offsetHeader;
          continue;
        }
        if (answer.status === 404 || (answer.status === 422 && answer.body?.field === 'sha256')) {
          // Forgotten by the server, or the bytes arrived damaged: the server dropped it; send it all again.
          startAgain(answer);
          continue;
        }
      }
    } catch (error) {
      if (!(error instanceof ApiRequestError) || error.status !== 0) throw error;
      answer = { status: 0, body: null, offsetHeader: null };
    }
    if (!transient(answer.status)) throw refusal(answer);
    if (++failures > deps.maxRetries) {
      throw answer.status === 0 ? new ApiRequestError(0, null, 'network error') : refusal(answer);
    }
    await deps.sleep(deps.retryDelayMs(failures));
    // Whatever was in flight may or may not have landed: ask before sending more.
    offset = null;
  }
}
