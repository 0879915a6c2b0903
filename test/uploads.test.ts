import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  CASE_ACTION_PATHS,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_CHUNK_CONTENT_TYPE,
  type ApiError,
  type CaseDto,
  type UploadStatus,
} from '@civic/shared';
import { CROSSING, USERS } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

type User = keyof typeof USERS;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A JPEG by its first bytes (all the server checks), random after, so that every photo is new. */
const fakeJpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);

/** A case assigned to the fixture's `near` squad, so that near_member may add photos to it. */
async function caseOfNearSquad(): Promise<CaseDto> {
  const { tokens, server, fixture } = world;
  const filed = await server.request<CaseDto>('POST', '/api/cases', {
    token: tokens.clerk,
    body: { channel: 'hotline', description: '英才街占道经营', categoryCode: '0201', location: CROSSING },
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  // Each assignment makes the squad busy; set it free again so that it can take the next test's case.
  const freed = await server.request('PUT', `/api/squads/${fixture.squadIds.near}/status`, {
    token: tokens.near_member,
    body: { status: 'available' },
  });
  expect(freed.status, JSON.stringify(freed.body)).toBe(200);
  for (const [action, body] of [
    ['register', {}],
    ['assign', { squadId: fixture.squadIds.near }],
  ] as const) {
    const moved = await server.request('POST', `/api/cases/${filed.body.id}/${CASE_ACTION_PATHS[action]}`, {
      token: tokens.dispatcher,
      body,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBeLessThan(300);
  }
  return filed.body;
}

async function announce(user: User, caseId: number, body: Record<string, unknown>) {
  return world.server.request<UploadStatus & ApiError>('POST', `/api/cases/${caseId}/uploads`, {
    token: world.tokens[user],
    body,
  });
}

async function patch(user: User, uploadId: string, offset: number, chunk: Buffer) {
  const response = await fetch(`${world.server.baseUrl}/api/uploads/${uploadId}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${world.tokens[user]}`,
      'content-type': UPLOAD_CHUNK_CONTENT_TYPE,
      'upload-offset': String(offset),
    },
    // A copy: a Buffer view of a larger buffer is not a BodyInit to the type checker.
    body: new Uint8Array(chunk),
  });
  const text = await response.text();
  return {
    status: response.status,
    offsetHeader: response.headers.get('upload-offset'),
    body: (text ? JSON.parse(text) : null) as UploadStatus & ApiError,
  };
}

async function head(user: User, uploadId: string) {
  const response = await fetch(`${world.server.baseUrl}/api/uploads/${uploadId}`, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${world.tokens[user]}` },
  });
  return { status: response.status, offset: response.headers.get('upload-offset') };
}

/**
 * A PATCH whose connection drops halfway through the body, as on a phone
 * losing signal: the server must keep nothing of it.
 */
function interruptedPatch(user: User, uploadId: string, offset: number, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const request = httpRequest(`${world.server.baseUrl}/api/uploads/${uploadId}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${world.tokens[user]}`,
        'content-type': UPLOAD_CHUNK_CONTENT_TYPE,
        'content-length': String(chunk.length),
        'upload-offset': String(offset),
      },
    });
    request.on('error', () => resolve());
    request.on('response', () => resolve());
    request.write(chunk.subarray(0, chunk.length / 2), () => {
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 100);
    });
  });
}

async function photosOf(caseId: number) {
  const { rows } = await world.db.pool.query<{
    id: number;
    bytes: Buffer;
    content_type: string;
    taken_at: Date | null;
    lng: number | null;
    lat: number | null;
    position_accuracy_m: number | null;
  }>(
    `SELECT id, bytes, content_type, taken_at, ST_X(position::geometry) AS lng, ST_Y(position::geometry) AS lat,
            position_accuracy_m
       FROM case_photos WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
  return rows;
}

describe('resumable photo uploads', () => {
  it('takes a photo in chunks across a dropped connection, resuming from the server’s offset, as one photo', async () => {
    const item = await caseOfNearSquad();
    const photo = fakeJpeg(UPLOAD_CHUNK_BYTES * 2 + 12_345);
    const takenAt = '2025-05-01T08:30:00.000Z';
    const started = await announce('near_member', item.id, {
      size: photo.length,
      sha256: sha256(photo),
      contentType: 'image/jpeg',
      takenAt,
      position: { lng: 113.6312, lat: 34.8305, accuracy: 12 },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({ caseId: item.id, size: photo.length, offset: 0, photoId: null });
    const uploadId = started.body.uploadId!;

    const first = await patch('near_member', uploadId, 0, photo.subarray(0, UPLOAD_CHUNK_BYTES));
    expect(first.status).toBe(200);
    expect(first.body.offset).toBe(UPLOAD_CHUNK_BYTES);
    expect(first.offsetHeader).toBe(String(UPLOAD_CHUNK_BYTES));

    // The second chunk is cut off halfway: nothing of it is kept.
    await interruptedPatch(
      'near_member',
      uploadId,
      UPLOAD_CHUNK_BYTES,
      photo.subarray(UPLOAD_CHUNK_BYTES, 2 * UPLOAD_CHUNK_BYTES),
    );
    await expect.poll(async () => (await head('near_member', uploadId)).offset).toBe(String(UPLOAD_CHUNK_BYTES));

    // The phone asks where the upload stands, and carries on from there.
    const status = await world.server.request<UploadStatus>('GET', `/api/uploads/${uploadId}`, {
      token: world.tokens.near_member,
    });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ uploadId, offset: UPLOAD_CHUNK_BYTES, photoId: null });
    let offset = status.body.offset;
    let last: Awaited<ReturnType<typeof patch>> | undefined;
    while (offset < photo.length) {
      last = await patch('near_member', uploadId, offset, photo.subarray(offset, offset + UPLOAD_CHUNK_BYTES));
      expect(last.status, JSON.stringify(last.body)).toBe(200);
      offset = last.body.offset;
    }
    const photoId = last!.body.photoId!;
    expect(photoId).toBeGreaterThan(0);
    expect(last!.body).toMatchObject({ offset: photo.length, expiresAt: null });

    const stored = await photosOf(item.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toBe(photoId);
    expect(stored[0]!.bytes.equals(photo)).toBe(true);
    expect(stored[0]!.content_type).toBe('image/jpeg');
    expect(stored[0]!.taken_at?.toISOString()).toBe(takenAt);
    expect([stored[0]!.lng, stored[0]!.lat, stored[0]!.position_accuracy_m]).toEqual([113.6312, 34.8305, 12]);
    // The chunks are gone once the photo is stored.
    const chunks = await world.db.pool.query('SELECT 1 FROM photo_upload_chunks WHERE upload_id = $1', [uploadId]);
    expect(chunks.rowCount).toBe(0);

    // The photo is served like any other, and named in the disposal like any other.
    const image = await fetch(`${world.server.baseUrl}/api/photos/${photoId}`, {
      headers: { authorization: `Bearer ${world.tokens.near_member}` },
    });
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('answers a chunk at the wrong offset with 409 and the real offset', async () => {
    const item = await caseOfNearSquad();
    const photo = fakeJpeg(UPLOAD_CHUNK_BYTES + 1000);
    const { body } = await announce('near_member', item.id, {
      size: photo.length,
      sha256: sha256(photo),
      contentType: 'image/jpeg',
    });
    const uploadId = body.uploadId!;
    expect((await patch('near_member', uploadId, 0, photo.subarray(0, UPLOAD_CHUNK_BYTES))).status).toBe(200);

    // A retried first chunk (its answer was lost) and a chunk from too far on are both refused.
    for (const wrong of [0, UPLOAD_CHUNK_BYTES + 10]) {
      const refused = await patch('near_member', uploadId, wrong, photo.subarray(wrong, wrong + 10));
      expect(refused.status).toBe(409);
      expect(refused.offsetHeader).toBe(String(UPLOAD_CHUNK_BYTES));
      expect(refused.body).toMatchObject({ code: 'offset_mismatch', details: { offset: UPLOAD_CHUNK_BYTES } });
    }
    // Nothing of the refused chunks was kept: the upload completes with the right bytes.
    const done = await patch('near_member', uploadId, UPLOAD_CHUNK_BYTES, photo.subarray(UPLOAD_CHUNK_BYTES));
    expect(done.status).toBe(200);
    expect((await photosOf(item.id)).map((p) => p.bytes.equals(photo))).toEqual([true]);

    // A chunk that would run past the announced size, and one larger than a chunk may be, are refused too.
    const other = fakeJpeg(1000);
    const next = await announce('near_member', item.id, {
      size: other.length,
      sha256: sha256(other),
      contentType: 'image/jpeg',
    });
    expect((await patch('near_member', next.body.uploadId!, 0, fakeJpeg(1001))).status).toBe(422);
    expect((await patch('near_member', next.body.uploadId!, 0, fakeJpeg(UPLOAD_CHUNK_BYTES + 1))).status).toBe(413);
    // A chunk must come as application/offset+octet-stream.
    const wrongType = await fetch(`${world.server.baseUrl}/api/uploads/${next.body.uploadId!}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${world.tokens.near_member}`,
        'content-type': 'application/json',
        'upload-offset': '0',
      },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    // Without Upload-Offset the request is malformed.
    const noOffset = await fetch(`${world.server.baseUrl}/api/uploads/${next.body.uploadId!}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${world.tokens.near_member}`, 'content-type': UPLOAD_CHUNK_CONTENT_TYPE },
      body: other,
    });
    expect(noOffset.status).toBe(400);
  });

  it('never stores the same photo twice: a finished photo answers at once, an unfinished one resumes', async () => {
    const item = await caseOfNearSquad();
    const photo = fakeJpeg(UPLOAD_CHUNK_BYTES + 500);
    const announcement = { size: photo.length, sha256: sha256(photo), contentType: 'image/jpeg' };
    const started = await announce('near_member', item.id, announcement);
    const uploadId = started.body.uploadId!;
    await patch('near_member', uploadId, 0, photo.subarray(0, UPLOAD_CHUNK_BYTES));

    // The phone lost its upload id (a reload, another tab): announcing the same bytes finds the upload again.
    const again = await announce('near_member', item.id, announcement);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ uploadId, offset: UPLOAD_CHUNK_BYTES, photoId: null });

    const done = await patch('near_member', uploadId, UPLOAD_CHUNK_BYTES, photo.subarray(UPLOAD_CHUNK_BYTES));
    const photoId = done.body.photoId!;
    expect(photoId).toBeGreaterThan(0);

    // The last chunk sent again (its answer was lost) answers the photo, not a conflict.
    const retried = await patch('near_member', uploadId, UPLOAD_CHUNK_BYTES, photo.subarray(UPLOAD_CHUNK_BYTES));
    expect(retried.status).toBe(200);
    expect(retried.body.photoId).toBe(photoId);

    // Announced once more, by the squad or a dispatcher: complete at once, nothing to send.
    for (const user of ['near_member', 'dispatcher'] as const) {
      const duplicate = await announce(user, item.id, announcement);
      expect(duplicate.status).toBe(200);
      expect(duplicate.body).toEqual({
        uploadId: null,
        caseId: item.id,
        size: photo.length,
        offset: photo.length,
        photoId,
        expiresAt: null,
      });
    }
    // The one-shot upload of the same bytes is the same photo too.
    const oneShot = await fetch(`${world.server.baseUrl}/api/cases/${item.id}/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.tokens.near_member}`, 'content-type': 'image/jpeg' },
      body: photo,
    });
    expect(((await oneShot.json()) as { id: number }).id).toBe(photoId);
    expect(await photosOf(item.id)).toHaveLength(1);
  });

  it('refuses bytes that do not match the announced SHA-256 with 422 and drops the upload', async () => {
    const item = await caseOfNearSquad();
    const photo = fakeJpeg(5000);
    const started = await announce('near_member', item.id, {
      size: photo.length,
      sha256: sha256(fakeJpeg(5000)),
      contentType: 'image/jpeg',
    });
    const uploadId = started.body.uploadId!;
    const refused = await patch('near_member', uploadId, 0, photo);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ field: 'sha256', code: 'unprocessable' });
    expect((await head('near_member', uploadId)).status).toBe(404);
    expect(await photosOf(item.id)).toHaveLength(0);

    // Bytes that are no image are refused with the first chunk.
    const text = Buffer.from('this is not a photo, only text pretending to be one');
    const notImage = await announce('near_member', item.id, {
      size: text.length,
      sha256: sha256(text),
      contentType: 'image/png',
    });
    const refusedText = await patch('near_member', notImage.body.uploadId!, 0, text);
    expect(refusedText.status).toBe(422);
    expect(refusedText.body.message).toMatch(/not a JPEG, PNG or WebP/);
    expect(await photosOf(item.id)).toHaveLength(0);

    // A malformed announcement is a 400 naming the field.
    const malformed = await announce('near_member', item.id, { size: 10, sha256: 'abc', contentType: 'image/jpeg' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.field).toBe('body.sha256');
  });

  it('lets the assigned squad, district-wide roles and the filer of a patrol finding upload; no one else', async () => {
    const item = await caseOfNearSquad();
    const photo = fakeJpeg(3000);
    const announcement = { size: photo.length, sha256: sha256(photo), contentType: 'image/jpeg' };

    // Another squad does not see the case, nor its uploads.
    expect((await announce('middle_member', item.id, announcement)).status).toBe(404);
    const started = await announce('near_member', item.id, announcement);
    const uploadId = started.body.uploadId!;
    expect((await head('middle_member', uploadId)).status).toBe(404);
    expect((await patch('middle_member', uploadId, 0, photo)).status).toBe(404);
    // Without a session, nothing.
    const anonymous = await world.server.request('POST', `/api/cases/${item.id}/uploads`, { body: announcement });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${world.server.baseUrl}/api/uploads/${uploadId}`)).status).toBe(401);
    // A dispatcher may carry on the squad's upload (any district-wide role may add photos).
    expect((await head('dispatcher', uploadId)).offset).toBe('0');
    expect((await patch('dispatcher', uploadId, 0, photo)).body.photoId).toBeGreaterThan(0);
    // An unknown upload is a 404, a malformed id a 400.
    expect((await head('near_member', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await head('near_member', 'nope')).status).toBe(400);

    // A squad member's patrol finding is nobody's case yet, but its filer adds the photos.
    const patrol = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.near_member,
      body: { channel: 'patrol', description: '巡查发现：人行道乱堆物料', location: CROSSING },
    });
    expect(patrol.status, JSON.stringify(patrol.body)).toBe(201);
    expect(patrol.body.squadId).toBeNull();
    const evidence = fakeJpeg(2000);
    const forPatrol = { size: evidence.length, sha256: sha256(evidence), contentType: 'image/jpeg' };
    expect((await announce('middle_member', patrol.body.id, forPatrol)).status).toBe(404);
    const patrolUpload = await announce('near_member', patrol.body.id, forPatrol);
    expect(patrolUpload.status).toBe(201);
    expect((await patch('near_member', patrolUpload.body.uploadId!, 0, evidence)).body.photoId).toBeGreaterThan(0);
  });

  it('forgets unfinished uploads past their time, lazily', async () => {
    const item = await caseOfNearSquad();
    const photo = fakeJpeg(UPLOAD_CHUNK_BYTES + 10);
    const started = await announce('near_member', item.id, {
      size: photo.length,
      sha256: sha256(photo),
      contentType: 'image/jpeg',
    });
    const uploadId = started.body.uploadId!;
    await patch('near_member', uploadId, 0, photo.subarray(0, UPLOAD_CHUNK_BYTES));
    expect(Date.parse(started.body.expiresAt!)).toBeGreaterThan(Date.now() + 60 * 60_000);

    await world.db.pool.query(`UPDATE photo_uploads SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      uploadId,
    ]);
    // Expired: neither readable nor writable, though not yet deleted.
    expect((await head('near_member', uploadId)).status).toBe(404);
    expect((await patch('near_member', uploadId, UPLOAD_CHUNK_BYTES, photo.subarray(UPLOAD_CHUNK_BYTES))).status).toBe(
      404,
    );
    // The next upload to start clears it and its chunks away.
    const other = fakeJpeg(100);
    await announce('near_member', item.id, { size: other.length, sha256: sha256(other), contentType: 'image/jpeg' });
    const left = await world.db.pool.query(
      `SELECT (SELECT count(*) FROM photo_uploads WHERE id = $1)::int AS uploads,
              (SELECT count(*) FROM photo_upload_chunks WHERE upload_id = $1)::int AS chunks`,
      [uploadId],
    );
    expect(left.rows[0]).toEqual({ uploads: 0, chunks: 0 });
  });
});
