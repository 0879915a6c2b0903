import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiError,
  CaseDto,
  LngLat,
  LoginResult,
  PublicCaseView,
  PublicCategory,
  PublicChallenge,
  PublicReportResult,
} from '@civic/shared';
import { buildApp, type App } from '../server/src/app.ts';
import { connectRedis, type RedisConnection } from '../server/src/plugins/redis.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { hasRedis, redisUrl } from './support/env.ts';
import { CROSSING, PASSWORD, seedFixture, SQUADS, USERS } from './support/fixtures.ts';

/**
 * The citizen web form and tracking page over HTTP (app.inject), on a real
 * database, with Redis counters when REDIS_URL is set. Each test files from
 * its own made-up address, so the per-address limits of one test do not
 * reach the next.
 */

/** Small enough to keep the run quick (the default and its measured cost are in server/src/modules/public/settings.ts). */
const DIFFICULTY = 12;
const LIMITS = {
  attemptsPerIp: { max: 12, windowSeconds: 600 },
  filingsPerIp: { max: 3, windowSeconds: 3600 },
  filingsPerPhone: { max: 2, windowSeconds: 86_400 },
  lookupsPerIp: { max: 100, windowSeconds: 60 },
};

/** A real 16×16 JPEG (Chromium's encoder), without any metadata. */
const PLAIN_JPEG = Buffer.from(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhC' +
    'Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAA' +
    'AAP/xAAeEAAABAcAAAAAAAAAAAAAAAAFERITAAEVI0JRYf/EABUBAQEAAAAAAAAAAAAAAAAAAAQF/8QAHBEAAQMFAAAAAAAAAAAAAAAAABITIiNRYWKB/9oA' +
    'DAMBAAIRAxEAPwCgKD1Z6+00nBRmfZagNA9JZvuuqwSRF2e4AoxSXrDrqc0kR8nuA0MVZmw00rNRmXJagkU5LFV3Xlj/2Q==',
  'base64',
);
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The JPEG with an EXIF block (APP1) carrying a GPS position, written by
 * hand: a big-endian TIFF header, IFD0 with the GPS IFD pointer, and the GPS
 * IFD with N/E references and degrees, minutes, seconds as rationals.
 */
function jpegWithGps(point: LngLat): Buffer {
  const tiff = Buffer.alloc(128);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number | string) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    if (typeof value === 'string') tiff.write(value, at + 8, 'latin1');
    else tiff.writeUInt32BE(value, at + 8);
  };
  const dms = (at: number, degrees: number) => {
    const d = Math.floor(degrees);
    const m = Math.floor((degrees - d) * 60);
    const s = Math.round(((degrees - d) * 60 - m) * 60 * 1000);
    [d, 1, m, 1, s, 1000].forEach((n, i) => tiff.writeUInt32BE(n, at + i * 4));
  };
  tiff.writeUInt16BE(1, 8); // IFD0: one entry
  entry(10, 0x8825, 4, 1, 26); // GPSInfo → offset 26
  tiff.writeUInt32BE(0, 22);
  tiff.writeUInt16BE(4, 26); // GPS IFD: four entries
  entry(28, 0x0001, 2, 2, 'N\0');
  entry(40, 0x0002, 5, 3, 80);
  entry(52, 0x0003, 2, 2, 'E\0');
  entry(64, 0x0004, 5, 3, 104);
  tiff.writeUInt32BE(0, 76);
  dms(80, point.lat);
  dms(104, point.lng);
  const header = Buffer.from('Exif\0\0', 'latin1');
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(2 + header.length + tiff.length, 2);
  return Buffer.concat([PLAIN_JPEG.subarray(0, 2), app1, header, tiff, PLAIN_JPEG.subarray(2)]);
}

/** Leading zero bits of SHA-256(challenge + nonce), as the browser computes them. */
function zeroBits(challenge: string, nonce: string): number {
  let zeros = 0;
  for (const byte of createHash('sha256')
    .update(challenge + nonce)
    .digest()) {
    if (byte !== 0) return zeros + Math.clz32(byte) - 24;
    zeros += 8;
  }
  return zeros;
}

function solve(challenge: string, difficulty: number): string {
  for (let nonce = 0; ; nonce++) if (zeroBits(challenge, String(nonce)) >= difficulty) return String(nonce);
}

let db: TestDatabase;
let app: App;
let second: App | undefined;
const redisConnections: RedisConnection[] = [];
const tokens: Record<string, string> = {};
/** Counters of this run only, whatever an earlier run left in Redis. */
const keyPrefix = `civic:test:${randomBytes(6).toString('hex')}:`;

async function startNode(): Promise<App> {
  const redis = hasRedis ? await connectRedis(redisUrl!) : undefined;
  if (redis) redisConnections.push(redis);
  return buildApp({
    config: {
      positionFreshSeconds: 300,
      sessionTtlHours: 1,
      webDistDir: '/nonexistent',
      logLevel: 'silent',
      trustProxy: false,
      escalationSweepMs: 60_000,
    },
    pool: db.pool,
    redis,
    dbMode: db.mode,
    logger: false,
    publicReports: { powDifficulty: DIFFICULTY, limits: LIMITS, keyPrefix },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFixture(db.pool);
  app = await startNode();
  for (const username of Object.keys(USERS)) {
    const login = await app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: PASSWORD },
    });
    tokens[username] = login.json<LoginResult>().token;
  }
});

afterAll(async () => {
  await second?.close();
  await app?.close();
  for (const redis of redisConnections) await redis.close();
  await db?.drop();
});

let addressCounter = 0;
/** A made-up client address (TEST-NET-3), new for each call. */
const newIp = () => `203.0.113.${++addressCounter}`;

async function challenge(node = app, ip = newIp()): Promise<PublicChallenge> {
  const response = await node.http.inject({ method: 'GET', url: '/api/public/challenge', remoteAddress: ip });
  expect(response.statusCode).toBe(200);
  return response.json<PublicChallenge>();
}

async function solved(node = app): Promise<{ challenge: string; nonce: string }> {
  const issued = await challenge(node);
  return { challenge: issued.challenge, nonce: solve(issued.challenge, issued.difficulty) };
}

interface Reply<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

async function post<T>(url: string, payload: unknown, ip: string, node = app): Promise<Reply<T>> {
  const response = await node.http.inject({ method: 'POST', url, payload: payload as object, remoteAddress: ip });
  return { status: response.statusCode, body: response.json<T>(), headers: response.headers };
}

/** Files a report from `ip` with a freshly solved challenge; `body` overrides the defaults. */
async function fileReport<T = PublicReportResult>(
  body: Record<string, unknown> = {},
  ip = newIp(),
  node = app,
): Promise<Reply<T>> {
  return post<T>(
    '/api/public/reports',
    {
      categoryCode: '0201',
      description: '英才街人行道上有人占道摆摊',
      location: CROSSING,
      ...(await solved(node)),
      ...body,
    },
    ip,
    node,
  );
}

const track = (token: string, ip = newIp()) => post<PublicCaseView>('/api/public/track', { token }, ip);

async function staff<T>(username: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Reply<T>> {
  const response = await app.http.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tokens[username]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json<T>(), headers: response.headers };
}

async function caseIdOf(caseNo: string): Promise<number> {
  const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM cases WHERE case_no = $1', [caseNo]);
  return rows[0]!.id;
}

describe('what the form reads before filing', () => {
  it('lists the active 小类 grouped by 大类, with no login', async () => {
    const response = await app.http.inject({ method: 'GET', url: '/api/public/categories' });
    expect(response.statusCode).toBe(200);
    const categories = response.json<PublicCategory[]>();
    expect(categories).toContainEqual(
      expect.objectContaining({ code: '0201', name: '占道经营', groupName: '街面秩序' }),
    );
    // Only 小类: a 大类 is not something a citizen reports.
    expect(categories.find((c) => c.code === '02')).toBeUndefined();

    await staff('admin', 'POST', '/api/categories', {
      code: '0299',
      parentCode: '02',
      name: '测试停用类',
      nameEn: 'Retired',
      priority: 3,
      limits: {},
    });
    const listed = () =>
      app.http.inject({ method: 'GET', url: '/api/public/categories' }).then((r) => r.json<PublicCategory[]>());
    expect((await listed()).map((c) => c.code)).toContain('0299');
    await app.http.inject({
      method: 'PATCH',
      url: '/api/categories/0299',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: { active: false },
    });
    expect((await listed()).map((c) => c.code)).not.toContain('0299');
  });

  it('issues signed challenges with their difficulty and expiry', async () => {
    const issued = await challenge();
    expect(issued.difficulty).toBe(DIFFICULTY);
    expect(new Date(issued.expiresAt).getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(issued.challenge).toMatch(/^v1\.[A-Za-z0-9_-]{22}\.\d+\.12\.[A-Za-z0-9_-]{43}$/);
    expect((await challenge()).challenge).not.toBe(issued.challenge);
  });
});

describe('filing a report', () => {
  it('files with a pin: a web case with the citizen as complainant, and a tracking token stored only as a hash', async () => {
    const filed = await fileReport({ name: '王小明', phone: '13800138000' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ locatedBy: 'pin', location: CROSSING, photoCount: 0 });
    expect(filed.body.caseNo).toMatch(/^HJ\d{14}$/);
    expect(filed.body.trackingToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(filed.body.trackingPath).toBe(`/track/${filed.body.trackingToken}`);
    expect(filed.headers['cache-control']).toBe('no-store');

    const id = await caseIdOf(filed.body.caseNo);
    const seen = await staff<CaseDto>('clerk', 'GET', `/api/cases/${id}`);
    expect(seen.body).toMatchObject({
      channel: 'web',
      status: 'received',
      categoryCode: '0201',
      locationSource: 'point',
      complainantName: '王小明',
      complainantPhone: '13800138000',
      subDistrict: '刘寨街道',
    });
    const { rows: created } = await db.pool.query<{ detail: { origin: string }; actor_id: number | null }>(
      `SELECT detail, actor_id FROM case_events WHERE case_id = $1 AND type = 'case:created'`,
      [id],
    );
    expect(created[0]).toMatchObject({ actor_id: null, detail: { origin: '网上举报', channel: 'web' } });

    const { rows } = await db.pool.query<{ token_hash: Buffer }>(
      'SELECT token_hash FROM public_reports WHERE case_id = $1',
      [id],
    );
    expect(rows[0]!.token_hash.equals(createHash('sha256').update(filed.body.trackingToken).digest())).toBe(true);
    const { rows: anywhere } = await db.pool.query(
      `SELECT 1 FROM public_reports WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`,
      [filed.body.trackingToken],
    );
    expect(anywhere).toHaveLength(0);
  });

  it('files with a typed address, placed by the gazetteer', async () => {
    const filed = await fileReport({ location: undefined, address: '天河路与英才街交叉口' });
    expect(filed.status).toBe(201);
    expect(filed.body.locatedBy).toBe('address');
    expect(filed.body.location!.lng).toBeCloseTo(CROSSING.lng, 5);
    expect(filed.body.location!.lat).toBeCloseTo(CROSSING.lat, 5);

    // An address the gazetteer cannot place still files; a person places it later.
    const vague = await fileReport({ location: undefined, address: '城北那个菜市场旁边' });
    expect(vague.status).toBe(201);
    expect(vague.body).toMatchObject({ locatedBy: null, location: null });
  });

  it('files with photos: type read from the bytes, location from a JPEG’s EXIF GPS when no pin was dropped', async () => {
    const taken = { lng: 113.6412, lat: 34.8433 };
    const photo = jpegWithGps(taken);
    const filed = await fileReport({
      location: undefined,
      photos: [PNG.toString('base64'), photo.toString('base64')],
    });
    expect(filed.status).toBe(201);
    expect(filed.body.locatedBy).toBe('photo');
    expect(filed.body.photoCount).toBe(2);
    // Seconds are written to the millisecond: about 3 cm.
    expect(filed.body.location!.lng).toBeCloseTo(taken.lng, 5);
    expect(filed.body.location!.lat).toBeCloseTo(taken.lat, 5);

    const id = await caseIdOf(filed.body.caseNo);
    const info = await staff<{ locatedBy: string; photoIds: number[] }>(
      'dispatcher',
      'GET',
      `/api/cases/${id}/public-report`,
    );
    expect(info.body.locatedBy).toBe('photo');
    expect(info.body.photoIds).toHaveLength(2);
    const bytes = await app.http.inject({
      method: 'GET',
      url: `/api/photos/${info.body.photoIds[1]}`,
      headers: { authorization: `Bearer ${tokens.dispatcher}` },
    });
    expect(bytes.headers['content-type']).toBe('image/jpeg');
    expect(bytes.rawPayload.equals(photo)).toBe(true);
    const { rows } = await db.pool.query<{ detail: { origin: string } }>(
      `SELECT detail FROM case_events WHERE case_id = $1 AND type = 'case:created'`,
      [id],
    );
    expect(rows[0]!.detail.origin).toBe('网上举报（位置取自照片）');

    // A dropped pin wins over the photo.
    const pinned = await fileReport({ photos: [photo.toString('base64')] });
    expect(pinned.body).toMatchObject({ locatedBy: 'pin', location: CROSSING, photoCount: 1 });
  });

  it('does not take a photo’s location from outside the district', async () => {
    const beijing = jpegWithGps({ lng: 116.3975, lat: 39.9087 }).toString('base64');
    const alone = await fileReport<ApiError>({ location: undefined, photos: [beijing] });
    expect(alone.status).toBe(400);
    expect(alone.body).toMatchObject({ field: 'body.location' });
    expect(alone.body.message).toContain('outside the district');

    const withAddress = await fileReport({ location: undefined, address: '英才街夜市疏导点', photos: [beijing] });
    expect(withAddress.status).toBe(201);
    expect(withAddress.body.locatedBy).toBe('address');
  });

  it('refuses what is not a photo, a photo over 5 MB and a fourth photo, naming the field', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1').toString('base64');
    const badType = await fileReport<ApiError>({ photos: [PLAIN_JPEG.toString('base64'), gif] });
    expect(badType.status).toBe(415);
    expect(badType.body).toMatchObject({ field: 'body.photos.1', code: 'photo_type' });

    const script = Buffer.from('<script>alert(1)</script>').toString('base64');
    expect((await fileReport<ApiError>({ photos: [script] })).status).toBe(415);

    const huge = Buffer.concat([PLAIN_JPEG, Buffer.alloc(5 * 1024 * 1024 + 1 - PLAIN_JPEG.length)]);
    const tooLarge = await fileReport<ApiError>({ photos: [huge.toString('base64')] });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ field: 'body.photos.0', code: 'photo_too_large' });

    const four = Array.from({ length: 4 }, () => PLAIN_JPEG.toString('base64'));
    const tooMany = await fileReport<ApiError>({ photos: four });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.field).toBe('body.photos');

    const notBase64 = await fileReport<ApiError>({ photos: ['这不是图片'] });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body.field).toBe('body.photos.0');
  });

  it('answers each invalid field with a 4xx naming it, never a 500', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ categoryCode: '9999' }, 422, 'body.categoryCode'],
      [{ categoryCode: '02' }, 422, 'body.categoryCode'],
      [{ description: '' }, 400, 'body.description'],
      [{ description: '   ' }, 400, 'body.description'],
      [{ phone: '12345' }, 400, 'body.phone'],
      [{ location: { lng: 200, lat: 34.8 } }, 400, 'body.location.lng'],
      [{ location: { lng: 113.7, lat: 34.9 } }, 422, 'body.location'],
      [{ location: undefined }, 400, 'body.location'],
      [{ squadId: 3 }, 400, 'body.squadId'],
      [{ website: 'http://spam.example' }, 422, 'body.website'],
    ];
    for (const [override, status, field] of cases) {
      const response = await fileReport<ApiError>(override);
      expect({ override, status: response.status, field: response.body.field }).toEqual({ override, status, field });
    }
    const notJson = await app.http.inject({
      method: 'POST',
      url: '/api/public/reports',
      headers: { 'content-type': 'application/json' },
      payload: '{"categoryCode":',
      remoteAddress: newIp(),
    });
    expect(notJson.statusCode).toBe(400);
  });
});

describe('the proof of work', () => {
  it('needs a challenge, a nonce that solves it, and accepts each challenge once', async () => {
    const missing = await post<ApiError>(
      '/api/public/reports',
      { categoryCode: '0201', description: '占道经营', location: CROSSING },
      newIp(),
    );
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('body.challenge');

    const issued = await challenge();
    let wrong = 0;
    while (zeroBits(issued.challenge, String(wrong)) >= DIFFICULTY) wrong++;
    const unsolved = await fileReport<ApiError>({ challenge: issued.challenge, nonce: String(wrong) });
    expect(unsolved.status).toBe(422);
    expect(unsolved.body).toMatchObject({ field: 'body.nonce', code: 'challenge_unsolved' });

    const answer = { challenge: issued.challenge, nonce: solve(issued.challenge, DIFFICULTY) };
    expect((await fileReport(answer)).status).toBe(201);
    const again = await fileReport<ApiError>(answer);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('challenge_used');

    // Two at once with the same challenge: one files, the other is refused.
    const race = { challenge: (await challenge()).challenge };
    const nonce = solve(race.challenge, DIFFICULTY);
    const both = await Promise.all([fileReport({ ...race, nonce }), fileReport({ ...race, nonce })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('refuses a challenge it did not sign, or one made easier', async () => {
    const issued = await challenge();
    const [version, id, expires, , signature] = issued.challenge.split('.');
    const easier = `${version}.${id}.${expires}.0.${signature}`;
    const forged = await fileReport<ApiError>({ challenge: easier, nonce: '0' });
    expect(forged.status).toBe(422);
    expect(forged.body).toMatchObject({ field: 'body.challenge', code: 'challenge_invalid' });

    const made = `v1.${randomBytes(16).toString('base64url')}.${Date.now() + 60_000}.0.${randomBytes(32).toString('base64url')}`;
    expect((await fileReport<ApiError>({ challenge: made, nonce: '0' })).body.code).toBe('challenge_invalid');
  });
});

describe('rate limits', () => {
  it('limits filings per address with a 429, Retry-After and a clear message; other addresses still file', async () => {
    const ip = newIp();
    for (let i = 0; i < LIMITS.filingsPerIp.max; i++) expect((await fileReport({}, ip)).status).toBe(201);
    const limited = await fileReport<ApiError>({}, ip);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'rate_limited', details: { limit: 'filings-ip' } });
    expect(limited.body.message).toMatch(/Too many reports from your network; try again in \d+ min/);
    expect((await fileReport({}, newIp())).status).toBe(201);

    // One IPv6 subscriber (a /64) is one address, however many it rotates through.
    const subnet = `2001:db8:4:${++addressCounter}`;
    for (let i = 1; i <= LIMITS.filingsPerIp.max; i++) {
      expect((await fileReport({}, `${subnet}::${i}`)).status).toBe(201);
    }
    expect((await fileReport({}, `${subnet}:ffff::1`)).status).toBe(429);
  });

  it('limits filings per phone number from any address, however the number is written', async () => {
    expect((await fileReport({ phone: '13912345678' })).status).toBe(201);
    expect((await fileReport({ phone: '+86 13912345678' })).status).toBe(201);
    const limited = await fileReport<ApiError>({ phone: '8613912345678' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(86_000);
    expect(limited.body).toMatchObject({ code: 'rate_limited', details: { limit: 'filings-phone' } });
    expect(limited.body.message).toContain('this phone number');
    // Without the phone, or with another one, the same person's next report goes through.
    expect((await fileReport({ phone: '13912345679' })).status).toBe(201);
  });

  it('counts every attempt from an address before reading its body', async () => {
    const ip = newIp();
    for (let i = 0; i < LIMITS.attemptsPerIp.max; i++) {
      expect((await post('/api/public/reports', { nonsense: true }, ip)).status).toBe(400);
    }
    const limited = await post<ApiError>('/api/public/reports', { nonsense: true }, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it.skipIf(!hasRedis)('shares the counters between nodes through Redis', async () => {
    second = await startNode();
    const ip = newIp();
    for (let i = 0; i < LIMITS.filingsPerIp.max; i++) {
      expect((await fileReport({}, ip, i % 2 === 0 ? app : second)).status).toBe(201);
    }
    expect((await fileReport({}, ip, second)).status).toBe(429);
    expect((await fileReport({}, ip, app)).status).toBe(429);
  });
});

describe('tracking', () => {
  it('follows the case a duplicate was merged into: its status and its reply', async () => {
    const original = await fileReport({ address: '英才街东侧' });
    const duplicate = await fileReport({ address: '英才街东侧' });
    const [originalId, duplicateId] = [await caseIdOf(original.body.caseNo), await caseIdOf(duplicate.body.caseNo)];
    const merged = await staff<CaseDto>('dispatcher', 'POST', `/api/cases/${duplicateId}/merge`, {
      intoCaseId: originalId,
    });
    expect(merged.status).toBe(200);
    // From the merge on, the duplicate's status is the original's; the merge shows in its history.
    const after = (await track(duplicate.body.trackingToken)).body;
    expect(after.status).toBe('received');
    expect(after.history.map((h) => h.status)).toEqual(['received', 'merged']);

    await staff('dispatcher', 'POST', `/api/cases/${originalId}/reject`, { reason: '属物业管理范围' });
    await staff('clerk', 'POST', `/api/cases/${originalId}/feedback`, { method: 'web', content: '已转物业处理。' });
    const seen = await track(duplicate.body.trackingToken);
    expect(seen.body.status).toBe('not_accepted');
    expect(seen.body.history.map((h) => h.status)).toEqual(['received', 'merged', 'not_accepted']);
    expect(seen.body.replies.map((r) => r.content)).toEqual(['已转物业处理。']);
    expect(seen.body.caseNo).toBe(duplicate.body.caseNo);
  });

  it('shows the public status, key dates and the reply, and nothing private', async () => {
    const filed = await fileReport({ name: '李雷', phone: '13700001111', address: '英才街东侧' });
    const token = filed.body.trackingToken;
    const id = await caseIdOf(filed.body.caseNo);

    const first = await track(token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      caseNo: filed.body.caseNo,
      status: 'received',
      categoryName: '占道经营',
      description: '英才街人行道上有人占道摆摊',
      address: '英才街东侧',
      location: CROSSING,
      replies: [],
    });
    expect(first.body.history.map((h) => h.status)).toEqual(['received']);

    const act = async (username: string, action: string, body: unknown = {}) => {
      const response = await staff<CaseDto>(username, 'POST', `/api/cases/${id}/${action}`, body);
      expect([200, 201], `${action}: ${JSON.stringify(response.body)}`).toContain(response.status);
    };
    await act('dispatcher', 'register');
    const squadId = (await db.pool.query<{ id: number }>('SELECT id FROM squads WHERE code = $1', [SQUADS.near.code]))
      .rows[0]!.id;
    await act('dispatcher', 'assignments', { squadId });
    expect((await track(token)).body.status).toBe('in_progress');
    await act('near_member', 'accept');
    await act('near_member', 'on-scene');
    await act('near_member', 'dispose', { note: '内部备注：摊主张某已劝离，电话13911112222' });
    await act('clerk', 'feedback', { method: 'web', content: '您反映的占道经营问题已处理，摊贩已劝离。' });

    const seen = await track(token);
    expect(seen.body.status).toBe('disposed');
    expect(seen.body.history.map((h) => h.status)).toEqual(['received', 'in_progress', 'disposed']);
    expect(seen.body.replies.map((r) => r.content)).toEqual(['您反映的占道经营问题已处理，摊贩已劝离。']);
    expect(seen.body.updatedAt).toBe(seen.body.replies[0]!.at);
    const text = JSON.stringify(seen.body);
    for (const secret of [SQUADS.near.name, '内部备注', '13911112222', '13700001111', '李雷', '测试-', 'near_member']) {
      expect(text).not.toContain(secret);
    }
    expect(Object.keys(seen.body).sort()).toEqual(
      [
        'address',
        'caseNo',
        'categoryName',
        'categoryNameEn',
        'description',
        'history',
        'location',
        'photoCount',
        'replies',
        'status',
        'submittedAt',
        'updatedAt',
      ].sort(),
    );

    await act('supervisor', 'close');
    const closed = await track(token);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.history.map((h) => h.status)).toEqual(['received', 'in_progress', 'disposed', 'closed']);
  });

  it('shows 不予受理 without the internal reason', async () => {
    const filed = await fileReport();
    const id = await caseIdOf(filed.body.caseNo);
    await staff('dispatcher', 'POST', `/api/cases/${id}/reject`, { reason: '调度员判断：系恶意举报' });
    const seen = await track(filed.body.trackingToken);
    expect(seen.body.status).toBe('not_accepted');
    expect(JSON.stringify(seen.body)).not.toContain('恶意');
  });

  it('answers 404 for an unknown token and 400 for a malformed one', async () => {
    const unknown = await track(randomBytes(16).toString('base64url'));
    expect(unknown.status).toBe(404);
    const malformed = await track('short');
    expect(malformed.status).toBe(400);
    expect((malformed.body as unknown as ApiError).field).toBe('body.token');
  });
});
