import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CreateUploadBody, UploadStatus } from '@civic/shared';
import { memoryStorage } from '../test/fixtures.ts';
import { ApiRequestError, setToken } from './api.ts';
import {
  backoff,
  pendingUploads,
  PhotoPrepareError,
  uploadPhotoResumably,
  type UploaderDeps,
  type UploadProgress,
} from './uploads.ts';

const CHUNK = 1000;

/** SHA-256 in hex, as the phone computes it (no Node types in the web's tests). */
async function sha256(bytes: Uint8Array | Blob): Promise<string> {
  const data = bytes instanceof Blob ? await bytes.arrayBuffer() : bytes;
  const digest = await crypto.subtle.digest('SHA-256', data as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function bytesOf(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())];
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const all = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
};

/** The server side of the protocol in memory, with faults the test arms. */
class FakeServer {
  uploads = new Map<string, { caseId: number; body: CreateUploadBody; bytes: Uint8Array[]; received: number }>();
  photos = new Map<string, number>();
  requests: { method: string; url: string; offset?: number; length?: number }[] = [];
  /** Stored bytes of each finished photo, by id. */
  stored = new Map<number, Uint8Array>();
  /** Faults for the next PATCHes, in order: fail before the server sees it, or after it applied it. */
  patchFaults: ('network_before' | 'network_after' | 'server_error' | null)[] = [];
  nextId = 1;

  fetch: typeof fetch = async (input, init = {}) => {
    const url = String(input);
    const method = init.method ?? 'GET';
    const headers = init.headers as Record<string, string>;
    if (method === 'POST') {
      this.requests.push({ method, url });
      const caseId = Number(/\/api\/cases\/(\d+)\/uploads/.exec(url)![1]);
      const body = JSON.parse(String(init.body)) as CreateUploadBody;
      const done = this.photos.get(`${caseId}:${body.sha256}`);
      if (done !== undefined) return answer(200, status(null, caseId, body.size, body.size, done));
      for (const [id, upload] of this.uploads)
        if (upload.caseId === caseId && upload.body.sha256 === body.sha256)
          return answer(200, status(id, caseId, body.size, upload.received, null));
      const id = `00000000-0000-4000-8000-${String(this.nextId++).padStart(12, '0')}`;
      this.uploads.set(id, { caseId, body, bytes: [], received: 0 });
      return answer(201, status(id, caseId, body.size, 0, null));
    }
    const id = /\/api\/uploads\/([^/]+)$/.exec(url)![1]!;
    const upload = this.uploads.get(id);
    if (method === 'GET') {
      this.requests.push({ method, url });
      if (!upload) return answer(404, { statusCode: 404, error: 'Not Found', message: 'Upload not found' });
      const photoId = this.photos.get(`${upload.caseId}:${upload.body.sha256}`) ?? null;
      return answer(200, status(id, upload.caseId, upload.body.size, upload.received, photoId));
    }
    // PATCH
    const offset = Number(headers['Upload-Offset']);
    const chunk = new Uint8Array(await (init.body as Blob).arrayBuffer());
    this.requests.push({ method, url, offset, length: chunk.length });
    expect(headers['Content-Type']).toBe('application/offset+octet-stream');
    expect(chunk.length).toBeLessThanOrEqual(CHUNK);
    const fault = this.patchFaults.shift() ?? null;
    if (fault === 'network_before') throw new TypeError('Failed to fetch');
    if (fault === 'server_error') return answer(502, null);
    if (!upload) return answer(404, { statusCode: 404, error: 'Not Found', message: 'Upload not found' });
    if (offset !== upload.received) {
      return answer(409, {
        statusCode: 409,
        error: 'Conflict',
        message: 'wrong offset',
        code: 'offset_mismatch',
        details: { offset: upload.received },
      });
    }
    upload.bytes.push(chunk);
    upload.received += chunk.length;
    let photoId: number | null = null;
    if (upload.received === upload.body.size) {
      const all = concat(upload.bytes);
      const hash = await sha256(all);
      if (hash !== upload.body.sha256) {
        this.uploads.delete(id);
        return answer(422, { statusCode: 422, error: 'Unprocessable', message: 'bad hash', field: 'sha256' });
      }
      photoId = this.stored.size + 100;
      this.stored.set(photoId, all);
      this.photos.set(`${upload.caseId}:${upload.body.sha256}`, photoId);
    }
    if (fault === 'network_after') throw new TypeError('Failed to fetch');
    return answer(200, status(id, upload.caseId, upload.body.size, upload.received, photoId));
  };

  patches(): { offset?: number; length?: number }[] {
    return this.requests.filter((r) => r.method === 'PATCH');
  }
}

function status(
  uploadId: string | null,
  caseId: number,
  size: number,
  offset: number,
  photoId: number | null,
): UploadStatus {
  return { uploadId, caseId, size, offset, photoId, expiresAt: photoId === null ? '2099-01-01T00:00:00.000Z' : null };
}

function answer(code: number, body: unknown): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status: code,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** A "photo" the fake resize leaves as it is: bytes 0..n-1 mod 251, so every offset is checkable. */
function photoOf(size: number, name = 'site.jpg', lastModified = Date.parse('2025-05-01T08:30:00Z')): File {
  const bytes = Uint8Array.from({ length: size }, (_, i) => i % 251);
  return new File([bytes], name, { type: 'image/jpeg', lastModified });
}

let server: FakeServer;
let storage: Storage;
let sleeps: number[];

function deps(extra: Partial<UploaderDeps> = {}): Partial<UploaderDeps> {
  return {
    fetch: server.fetch,
    storage,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    prepare: (photo) => Promise.resolve(photo),
    position: () => Promise.resolve({ lng: 113.63, lat: 34.83, accuracy: 8 }),
    now: () => Date.parse('2025-05-01T09:00:00Z'),
    chunkBytes: CHUNK,
    maxRetries: 3,
    retryDelayMs: (attempt) => attempt * 10,
    ...extra,
  };
}

beforeEach(() => {
  server = new FakeServer();
  storage = memoryStorage();
  sleeps = [];
  vi.stubGlobal('localStorage', memoryStorage());
  setToken('tok-1');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('uploadPhotoResumably', () => {
  test('announces the photo with its hash, time and position, then sends it in chunks', async () => {
    const photo = photoOf(2500);
    const progress: UploadProgress[] = [];
    const fetchSpy = vi.fn(server.fetch);

    const id = await uploadPhotoResumably(7, photo, { onProgress: (p) => progress.push(p) }, deps({ fetch: fetchSpy }));

    expect([...(server.stored.get(id) ?? [])]).toEqual(await bytesOf(photo));
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe('/api/cases/7/uploads');
    expect((init!.headers as Record<string, string>).Authorization).toBe('Bearer tok-1');
    expect(JSON.parse(String(init!.body))).toEqual({
      size: 2500,
      sha256: await sha256(photo),
      contentType: 'image/jpeg',
      takenAt: '2025-05-01T08:30:00.000Z',
      position: { lng: 113.63, lat: 34.83, accuracy: 8 },
    });
    expect(server.patches()).toEqual([
      expect.objectContaining({ offset: 0, length: 1000 }),
      expect.objectContaining({ offset: 1000, length: 1000 }),
      expect.objectContaining({ offset: 2000, length: 500 }),
    ]);
    expect(progress.map((p) => p.sent)).toEqual([0, 0, 1000, 2000, 2500]);
    expect(progress.every((p) => p.total === 2500)).toBe(true);
    // Nothing left to resume.
    expect(pendingUploads(undefined, deps() as UploaderDeps)).toEqual([]);
  });

  test('after a network error, waits, asks the server where it stands and sends only the rest', async () => {
    const photo = photoOf(3000);
    // The second chunk is lost on the way; the third lands but its answer is lost.
    server.patchFaults = [null, 'network_before', null, 'network_after'];

    const id = await uploadPhotoResumably(7, photo, {}, deps());

    expect([...(server.stored.get(id) ?? [])]).toEqual(await bytesOf(photo));
    expect(server.requests.map((r) => `${r.method} ${r.offset ?? ''}`.trim())).toEqual([
      'POST',
      'PATCH 0',
      'PATCH 1000', // lost
      'GET', // stands at 1000
      'PATCH 1000',
      'PATCH 2000', // applied, answer lost
      'GET', // stands at 3000 and is complete
    ]);
    expect(sleeps).toEqual([10, 10]);
  });

  test('backs off longer after each failure in a row, and gives up after the retries, keeping the upload to resume', async () => {
    const photo = photoOf(1500);
    server.patchFaults = [null, 'server_error', 'network_before', 'network_before', 'network_before'];

    const failed = uploadPhotoResumably(7, photo, {}, deps());
    await expect(failed).rejects.toMatchObject({ name: 'ApiRequestError', status: 0 });
    expect(sleeps).toEqual([10, 20, 30]);
    expect(pendingUploads(7, deps() as UploaderDeps)).toHaveLength(1);

    // Tried again later (or after a reload): the remembered upload resumes where the server stands.
    server.requests = [];
    const id = await uploadPhotoResumably(7, photo, {}, deps());
    expect(server.requests.map((r) => `${r.method} ${r.offset ?? ''}`.trim())).toEqual(['GET', 'PATCH 1000']);
    expect([...(server.stored.get(id) ?? [])]).toEqual(await bytesOf(photo));
    expect(pendingUploads(7, deps() as UploaderDeps)).toEqual([]);
  });

  test('goes on from the real offset when the server answers 409', async () => {
    const photo = photoOf(2000);
    const first = await server.fetch('/api/cases/7/uploads', {
      method: 'POST',
      body: JSON.stringify({
        size: 2000,
        sha256: await sha256(photo),
        contentType: 'image/jpeg',
      }),
    });
    const { uploadId } = (await first.json()) as UploadStatus;
    // Another tab already sent the first chunk; this phone remembers the upload at 0.
    server.uploads.get(uploadId!)!.bytes.push(new Uint8Array(await photo.slice(0, 1000).arrayBuffer()));
    server.uploads.get(uploadId!)!.received = 1000;
    storage.setItem(
      'civic.photoUploads',
      JSON.stringify({
        [`7:${server.uploads.get(uploadId!)!.body.sha256}`]: {
          uploadId,
          caseId: 7,
          sha256: server.uploads.get(uploadId!)!.body.sha256,
          savedAt: Date.parse('2025-05-01T08:59:00Z'),
        },
      }),
    );
    // The GET that starts a resume is answered as if the server were behind (a stale proxy), so the PATCH meets 409.
    let gets = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if ((init?.method ?? 'GET') === 'GET' && gets++ === 0) return answer(200, status(uploadId, 7, 2000, 0, null));
      return server.fetch(input, init);
    };
    server.requests = [];

    const id = await uploadPhotoResumably(7, photo, {}, deps({ fetch }));

    expect(server.patches().map((p) => p.offset)).toEqual([0, 1000]);
    expect([...(server.stored.get(id) ?? [])]).toEqual(await bytesOf(photo));
  });

  test('a photo the case already has is answered at once, with nothing sent', async () => {
    const photo = photoOf(1200);
    const first = await uploadPhotoResumably(7, photo, {}, deps());
    server.requests = [];

    expect(await uploadPhotoResumably(7, photo, {}, deps())).toBe(first);
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });

  test('an upload the server forgot (expired) is announced again', async () => {
    const photo = photoOf(1500);
    server.patchFaults = [null, 'network_before', 'network_before', 'network_before', 'network_before'];
    await expect(uploadPhotoResumably(7, photo, {}, deps())).rejects.toBeInstanceOf(ApiRequestError);
    server.uploads.clear();
    server.requests = [];

    const id = await uploadPhotoResumably(7, photo, {}, deps());

    expect(server.requests.map((r) => `${r.method} ${r.offset ?? ''}`.trim())).toEqual([
      'GET',
      'POST',
      'PATCH 0',
      'PATCH 1000',
    ]);
    expect(server.stored.get(id)).toHaveLength(1500);
  });

  test('starts again once when the bytes arrive damaged, and gives up if they keep arriving damaged', async () => {
    const photo = photoOf(800);
    let damage = 1;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (init?.method === 'PATCH' && damage-- > 0) {
        const bytes = new Uint8Array(await (init.body as Blob).arrayBuffer());
        bytes[5] = bytes[5]! ^ 0xff;
        return server.fetch(input, { ...init, body: new Blob([bytes]) });
      }
      return server.fetch(input, init);
    };
    const id = await uploadPhotoResumably(7, photo, {}, deps({ fetch }));
    expect([...(server.stored.get(id) ?? [])]).toEqual(await bytesOf(photo));

    damage = 10;
    await expect(uploadPhotoResumably(8, photo, {}, deps({ fetch }))).rejects.toMatchObject({ status: 422 });
  });

  test('a refusal (another squad’s case) is not retried', async () => {
    const fetch: typeof globalThis.fetch = () =>
      Promise.resolve(answer(404, { statusCode: 404, error: 'Not Found', message: 'Case not found' }));
    await expect(uploadPhotoResumably(7, photoOf(10), {}, deps({ fetch }))).rejects.toMatchObject({
      status: 404,
      message: 'Case not found',
    });
    expect(sleeps).toEqual([]);
  });

  test('a photo that cannot be shrunk fails before anything is sent', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const prepare = () => Promise.reject(new Error('decode failed'));
    await expect(uploadPhotoResumably(7, photoOf(10), {}, deps({ fetch, prepare }))).rejects.toBeInstanceOf(
      PhotoPrepareError,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  test('without a position, none is sent; without a file time, now is the time taken', async () => {
    const fetchSpy = vi.fn(server.fetch);
    await uploadPhotoResumably(
      7,
      new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }),
      {},
      deps({ fetch: fetchSpy, position: () => Promise.resolve(null) }),
    );
    const body = JSON.parse(String(fetchSpy.mock.calls[0]![1]!.body)) as CreateUploadBody;
    expect(body.position).toBeUndefined();
    expect(body.takenAt).toBe('2025-05-01T09:00:00.000Z');
  });
});

describe('backoff', () => {
  test('doubles from 1 s up to 15 s, within ±20 %', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoff(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    expect(backoff(1, () => 0)).toBe(800);
    expect(backoff(1, () => 1)).toBe(1200);
  });
});
