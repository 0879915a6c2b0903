import { createServer, type Server } from 'node:http';
import gcoordModule from 'gcoord';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  CASE_ACTION_PATHS,
  HOTLINE_HEADERS,
  type CaseActionName,
  type CaseDto,
  type CaseTimeline,
  type HotlineDeliveryDto,
  type HotlineReply,
  type HotlineSourceDto,
  type HotlineSourceSaved,
  type HotlineTicket,
  type HotlineTicketReceipt,
} from '@civic/shared';
import { payloadHash, sign, verifySignature } from '../server/src/modules/hotline/signature.ts';
import type { Queryable } from '../server/src/db/pool.ts';
import { startTestServer, type TestServer } from './support/app.ts';
import { createTestDatabase } from './support/db.ts';
import { databaseUrl } from './support/env.ts';
import { CROSSING, seedFixture } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

// The city platform -----------------------------------------------------------------

/** A stand-in for the 12345 platform: takes replies (checking their signature), or is down. */
interface Platform {
  url: string;
  /** Replies it accepted, in order. */
  replies: HotlineReply[];
  /** Every request it saw, accepted or not. */
  hits: number;
  badSignatures: number;
  down: boolean;
  close(): Promise<void>;
}

async function startPlatform(secret: () => string): Promise<Platform> {
  const platform = { replies: [], hits: 0, badSignatures: 0, down: false } as unknown as Platform;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      platform.hits += 1;
      const body = Buffer.concat(chunks);
      const signed = verifySignature(secret(), {
        timestamp: request.headers[HOTLINE_HEADERS.timestamp] as string | undefined,
        signature: request.headers[HOTLINE_HEADERS.signature] as string | undefined,
        body,
      });
      if (!signed) platform.badSignatures += 1;
      if (platform.down || !signed) {
        response.writeHead(platform.down ? 503 : 401).end('unavailable');
        return;
      }
      const reply = JSON.parse(body.toString('utf8')) as HotlineReply;
      expect(request.headers[HOTLINE_HEADERS.delivery]).toBe(String(reply.replyId));
      platform.replies.push(reply);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  platform.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/replies`;
  platform.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return platform;
}

// Helpers ------------------------------------------------------------------------------

let sequence = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}`;

async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Adds a source through the admin API (sessions live in the database: any node takes the world's tokens). */
async function createSource(
  server: TestServer,
  body: Record<string, unknown> = {},
  token = world.tokens.admin,
): Promise<{ source: HotlineSourceDto; secret: string }> {
  const code = unique('src-');
  const created = await server.request<HotlineSourceSaved>('POST', '/api/hotline/sources', {
    token,
    body: { code, name: '12345热线', ...body },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { source: created.body.source, secret: created.body.secret ?? String(body.secret) };
}

function ticket(extra: Partial<HotlineTicket> = {}): HotlineTicket {
  return {
    ticketNo: unique('HL-2026-'),
    categoryCode: '0201',
    description: '英才街有流动摊贩占道经营，影响通行',
    location: CROSSING,
    callerName: '李四',
    callerPhone: '13912345678',
    deadline: new Date(Math.floor(Date.now() / 1000) * 1000 + 3 * 86_400_000).toISOString(),
    receivedAt: new Date().toISOString(),
    ...extra,
  };
}

interface Delivered<T = unknown> {
  status: number;
  body: T;
  replayed: boolean;
}

/** Posts a ticket the way the platform does: signed over the exact bytes sent. */
async function deliver<T = HotlineTicketReceipt>(
  baseUrl: string,
  code: string,
  secret: string,
  payload: unknown,
  options: { timestamp?: number; signature?: string; raw?: string; omitHeaders?: boolean } = {},
): Promise<Delivered<T>> {
  const raw = options.raw ?? JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const response = await fetch(`${baseUrl}/api/hotline/${code}/tickets`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.omitHeaders
        ? {}
        : {
            [HOTLINE_HEADERS.timestamp]: timestamp,
            [HOTLINE_HEADERS.signature]: options.signature ?? sign(secret, timestamp, raw),
          }),
    },
    body: raw,
  });
  return {
    status: response.status,
    body: (await response.json()) as T,
    replayed: response.headers.get('idempotent-replayed') === 'true',
  };
}

const casesFiledFor = (db: Queryable, origin: string) =>
  db
    .query<{ n: number }>(
      `SELECT count(*)::int AS n FROM case_events WHERE type = 'case:created' AND detail->>'origin' = $1`,
      [origin],
    )
    .then((r) => r.rows[0]!.n);

/** Drives a case to disposed with the API, as a dispatcher and the squad's member would. */
async function dispose(
  server: TestServer,
  caseId: number,
  note: string,
  pool: Queryable = world.db.pool,
  dispatcher = world.tokens.dispatcher,
): Promise<{ squadId: number }> {
  const code = unique('H');
  const squad = await pool.query<{ id: number }>(
    `INSERT INTO squads (code, name, kind, status, position, position_at)
     VALUES ($1, $1 || '中队', 'enforcement', 'available', ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, now())
     RETURNING id`,
    [code, CROSSING.lng, CROSSING.lat],
  );
  const squadId = squad.rows[0]!.id;
  await pool.query(
    `INSERT INTO users (username, display_name, password_hash, role, squad_id)
     SELECT $1, $1, password_hash, 'squad_member', $2 FROM users WHERE username = 'near_member'`,
    [`m-${code}`, squadId],
  );
  const member = (await server.login(`m-${code}`)).token;
  const act = async (token: string, action: CaseActionName, body: unknown = {}) => {
    const response = await server.request<CaseDto>('POST', `/api/cases/${caseId}/${CASE_ACTION_PATHS[action]}`, {
      token,
      body,
    });
    expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    return response.body;
  };
  await act(dispatcher!, 'assign', { squadId });
  await act(member, 'accept');
  await act(member, 'on_scene');
  await act(member, 'dispose', { note });
  return { squadId };
}

const admin = () => world.tokens.admin;
const deliveries = async (status?: string) =>
  (
    await world.server.request<HotlineDeliveryDto[]>(
      'GET',
      `/api/hotline/deliveries${status ? `?status=${status}` : ''}`,
      { token: admin() },
    )
  ).body;

// Signatures -----------------------------------------------------------------------------

describe('the hotline webhook: signatures', () => {
  it('files a correctly signed ticket as a hotline case, keeping the caller and the ticket deadline', async () => {
    const { source, secret } = await createSource(world.server);
    const sent = ticket();
    const answer = await deliver(world.server.baseUrl, source.code, secret, sent);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.replayed).toBe(false);
    expect(answer.body).toMatchObject({ ticketNo: sent.ticketNo, status: 'received' });
    expect(answer.body.caseNo).toMatch(/^HJ\d{8}\d{6}$/);

    const filed = await world.server.request<CaseDto>('GET', `/api/cases/${answer.body.caseId}`, { token: admin() });
    expect(filed.body).toMatchObject({
      channel: 'hotline',
      categoryCode: '0201',
      description: sent.description,
      location: CROSSING,
      complainantName: '李四',
      complainantPhone: '13912345678',
    });
    const history = await world.server.request<CaseTimeline>('GET', `/api/cases/${answer.body.caseId}/timeline`, {
      token: world.tokens.supervisor,
    });
    expect(history.body.events[0]).toMatchObject({
      type: 'case:created',
      detail: { channel: 'hotline', origin: `12345热线 ${sent.ticketNo}`, ticketDueAt: sent.deadline },
    });
  });

  it('keeps the ticket’s own deadline: it is the disposal deadline once the case is dispatched', async () => {
    const { source, secret } = await createSource(world.server);
    const deadline = new Date(Math.floor(Date.now() / 1000) * 1000 + 5 * 86_400_000).toISOString();
    const answer = await deliver(world.server.baseUrl, source.code, secret, ticket({ deadline }));
    expect(answer.status).toBe(201);
    const { rows } = await world.db.pool.query<{ ticket_due_at: Date }>(
      'SELECT ticket_due_at FROM cases WHERE id = $1',
      [answer.body.caseId],
    );
    expect(rows[0]!.ticket_due_at.toISOString()).toBe(deadline);

    const squad = await world.db.pool.query<{ id: number }>(
      `INSERT INTO squads (code, name, kind, status, position, position_at)
       VALUES ($1, $1, 'enforcement', 'available', ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, now())
       RETURNING id`,
      [unique('D'), CROSSING.lng, CROSSING.lat],
    );
    const assigned = await world.server.request<CaseDto>('POST', `/api/cases/${answer.body.caseId}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: squad.rows[0]!.id },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const disposal = assigned.body.deadlines.find((d) => d.stage === 'dispose');
    expect(disposal).toMatchObject({ source: 'ticket' });
    expect(new Date(disposal!.dueAt).toISOString()).toBe(deadline);
  });

  it('refuses a wrong signature, a tampered body, missing headers and an unknown source with the same bare 401', async () => {
    const { source, secret } = await createSource(world.server);
    const sent = ticket();
    const raw = JSON.stringify(sent);
    const now = String(Math.floor(Date.now() / 1000));
    const refusals = [
      await deliver(world.server.baseUrl, source.code, 'not-the-secret-at-all', sent),
      await deliver(world.server.baseUrl, source.code, secret, sent, {
        raw: raw.replace('李四', '王五'),
        signature: sign(secret, now, raw),
        timestamp: Number(now),
      }),
      await deliver(world.server.baseUrl, source.code, secret, sent, { signature: 'sha256=00' }),
      await deliver(world.server.baseUrl, source.code, secret, sent, { omitHeaders: true }),
      await deliver(world.server.baseUrl, 'no-such-source', secret, sent),
      // Not even the schema is revealed to an unsigned caller.
      await deliver(world.server.baseUrl, source.code, 'wrong-wrong-wrong', { nonsense: true }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(401);
      expect(refusal.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Signature verification failed',
        code: 'unauthorized',
      });
    }
    expect(await casesFiledFor(world.db.pool, `12345热线 ${sent.ticketNo}`)).toBe(0);
    // The signed original still goes through: nothing was recorded by the refusals.
    expect((await deliver(world.server.baseUrl, source.code, secret, sent)).status).toBe(201);
  });

  it('refuses stale and future timestamps (replays), however well signed, and takes one within five minutes', async () => {
    const { source, secret } = await createSource(world.server);
    const now = Math.floor(Date.now() / 1000);
    const stale = await deliver(world.server.baseUrl, source.code, secret, ticket(), { timestamp: now - 301 });
    const future = await deliver(world.server.baseUrl, source.code, secret, ticket(), { timestamp: now + 301 });
    expect([stale.status, future.status]).toEqual([401, 401]);
    expect(stale.body).toEqual(future.body);
    const late = await deliver(world.server.baseUrl, source.code, secret, ticket(), { timestamp: now - 240 });
    expect(late.status).toBe(201);
  });

  it('refuses a deactivated source, and a rotated secret replaces the old one at once', async () => {
    const { source, secret } = await createSource(world.server);
    const rotated = await world.server.request<HotlineSourceSaved>('PATCH', `/api/hotline/sources/${source.id}`, {
      token: admin(),
      body: { rotateSecret: true },
    });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret!;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await deliver(world.server.baseUrl, source.code, secret, ticket())).status).toBe(401);
    expect((await deliver(world.server.baseUrl, source.code, fresh, ticket())).status).toBe(201);

    await world.server.request('PATCH', `/api/hotline/sources/${source.id}`, {
      token: admin(),
      body: { active: false },
    });
    expect((await deliver(world.server.baseUrl, source.code, fresh, ticket())).status).toBe(401);
  });

  it('validates a signed ticket against its schema (400 naming the field), converts GCJ-02 and maps category names', async () => {
    const { source, secret } = await createSource(world.server);
    const bad = await deliver<{ field: string }>(world.server.baseUrl, source.code, secret, {
      ...ticket(),
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('body.extra');
    const nowhere = await deliver<{ field: string }>(world.server.baseUrl, source.code, secret, {
      ...ticket(),
      location: undefined,
    });
    expect(nowhere.status).toBe(400);

    // A point on a GCJ-02 map (what most Chinese map SDKs give) is stored in WGS-84.
    const gcoord = gcoordModule as unknown as (typeof gcoordModule)['default'];
    const [gLng, gLat] = gcoord.transform<[number, number]>([CROSSING.lng, CROSSING.lat], gcoord.WGS84, gcoord.GCJ02);
    const gcj = await deliver(
      world.server.baseUrl,
      source.code,
      secret,
      ticket({ location: { lng: gLng, lat: gLat }, crs: 'gcj02' }),
    );
    const converted = await world.server.request<CaseDto>('GET', `/api/cases/${gcj.body.caseId}`, { token: admin() });
    expect(converted.body.location!.lng).toBeCloseTo(CROSSING.lng, 5);
    expect(converted.body.location!.lat).toBeCloseTo(CROSSING.lat, 5);

    const byName = await deliver(
      world.server.baseUrl,
      source.code,
      secret,
      ticket({ categoryCode: undefined, categoryText: '暴露垃圾' }),
    );
    const unknown = await deliver(
      world.server.baseUrl,
      source.code,
      secret,
      ticket({ categoryCode: 'X99', categoryText: '其他城市管理问题' }),
    );
    const [named, unmapped] = await Promise.all(
      [byName, unknown].map((d) =>
        world.server.request<CaseDto>('GET', `/api/cases/${d.body.caseId}`, { token: admin() }),
      ),
    );
    expect(named!.body.categoryCode).toBe('0101');
    expect(unmapped!.body.categoryCode).toBeNull();
    expect(unmapped!.body.description).toContain('【热线分类】其他城市管理问题');
  });

  it('places an address-only ticket from the gazetteer', async () => {
    const { source, secret } = await createSource(world.server);
    const byAddress = await deliver(
      world.server.baseUrl,
      source.code,
      secret,
      ticket({ location: undefined, address: '惠济区天河路与英才街交叉口东北角' }),
    );
    expect(byAddress.status, JSON.stringify(byAddress.body)).toBe(201);
    const placed = await world.server.request<CaseDto>('GET', `/api/cases/${byAddress.body.caseId}`, {
      token: admin(),
    });
    expect(placed.body).toMatchObject({ locationSource: 'gazetteer', location: CROSSING });
  });
});

// Idempotency ----------------------------------------------------------------------------

describe('the hotline webhook: idempotency by (source, ticket number)', () => {
  it('answers the same payload again with the same status and body, and files one case', async () => {
    const { source, secret } = await createSource(world.server);
    const sent = ticket();
    const first = await deliver(world.server.baseUrl, source.code, secret, sent);
    // Re-serialised by the platform with another key order: still the same payload.
    const reordered = Object.fromEntries(Object.entries(sent).reverse());
    const again = await deliver(world.server.baseUrl, source.code, secret, reordered);
    const third = await deliver(world.server.baseUrl, source.code, secret, sent);
    expect(first.status).toBe(201);
    expect([again.status, third.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    expect([again.replayed, third.replayed]).toEqual([true, true]);
    expect(await casesFiledFor(world.db.pool, `12345热线 ${sent.ticketNo}`)).toBe(1);
  });

  it('answers 422 to a different payload under a ticket number already received, and changes nothing', async () => {
    const { source, secret } = await createSource(world.server);
    const sent = ticket();
    const first = await deliver(world.server.baseUrl, source.code, secret, sent);
    const changed = await deliver<{ code: string }>(world.server.baseUrl, source.code, secret, {
      ...sent,
      description: '换了内容',
    });
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('unprocessable');
    const filed = await world.server.request<CaseDto>('GET', `/api/cases/${first.body.caseId}`, { token: admin() });
    expect(filed.body.description).toBe(sent.description);
    // The same ticket number from another source is another ticket.
    const other = await createSource(world.server);
    expect((await deliver(world.server.baseUrl, other.source.code, other.secret, sent)).status).toBe(201);
  });

  it('files exactly one case when identical deliveries race; the others get 409 or the same answer', async () => {
    const { source, secret } = await createSource(world.server);
    for (let round = 0; round < 3; round++) {
      const sent = ticket();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => deliver(world.server.baseUrl, source.code, secret, sent)),
      );
      const statuses = answers.map((a) => a.status);
      expect(
        statuses.every((s) => s === 201 || s === 409),
        statuses.join(),
      ).toBe(true);
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThan(0);
      for (const answer of created) expect(answer.body).toEqual(created[0]!.body);
      for (const answer of answers.filter((a) => a.status === 409)) {
        expect(answer.body).toMatchObject({ code: 'ticket_processing' });
      }
      expect(await casesFiledFor(world.db.pool, `12345热线 ${sent.ticketNo}`)).toBe(1);
      // After the race the platform's retry gets the answer.
      const retry = await deliver(world.server.baseUrl, source.code, secret, sent);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(created[0]!.body);
    }
  });

  // Holding the event log's lock from another connection needs a database with more than one.
  it.skipIf(!databaseUrl)(
    'answers 409 to a retry while the first delivery is still being filed, then the first answer',
    async () => {
      const { source, secret } = await createSource(world.server);
      const sent = ticket();
      const blocker = new pg.Client({ connectionString: world.db.url });
      await blocker.connect();
      try {
        // Every filing appends to case_events: holding its lock holds the first delivery mid-filing.
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE case_events IN EXCLUSIVE MODE');
        const first = deliver(world.server.baseUrl, source.code, secret, sent);
        await until(async () => {
          const { rows } = await world.db.pool.query(
            `SELECT 1 FROM hotline_tickets WHERE ticket_no = $1 AND state = 'processing'`,
            [sent.ticketNo],
          );
          return rows.length > 0;
        });
        const retry = await deliver(world.server.baseUrl, source.code, secret, sent);
        expect(retry.status).toBe(409);
        expect(retry.body).toMatchObject({ statusCode: 409, code: 'ticket_processing' });
        const changed = await deliver(world.server.baseUrl, source.code, secret, { ...sent, description: '改' });
        expect(changed.status).toBe(422);
        await blocker.query('COMMIT');
        const answered = await first;
        expect(answered.status).toBe(201);
        const later = await deliver(world.server.baseUrl, source.code, secret, sent);
        expect(later).toEqual({ ...answered, replayed: true });
      } finally {
        await blocker.query('ROLLBACK').catch(() => undefined);
        await blocker.end();
      }
      expect(await casesFiledFor(world.db.pool, `12345热线 ${sent.ticketNo}`)).toBe(1);
    },
  );

  it('takes over a ticket left processing by a node that died (its lease ran out), and files it once', async () => {
    const { source, secret } = await createSource(world.server);
    const sent = ticket();
    await world.db.pool.query(
      `INSERT INTO hotline_tickets (source_id, ticket_no, payload_hash, payload, lease_until)
       VALUES ($1, $2, $3, $4::jsonb, now() - interval '1 second')`,
      [source.id, sent.ticketNo, payloadHash(sent), JSON.stringify(sent)],
    );
    const answer = await deliver(world.server.baseUrl, source.code, secret, sent);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const { rows } = await world.db.pool.query<{ state: string; attempt: number; case_id: number }>(
      'SELECT state, attempt, case_id FROM hotline_tickets WHERE source_id = $1 AND ticket_no = $2',
      [source.id, sent.ticketNo],
    );
    expect(rows).toEqual([{ state: 'filed', attempt: 2, case_id: answer.body.caseId }]);
    expect(await casesFiledFor(world.db.pool, `12345热线 ${sent.ticketNo}`)).toBe(1);
  });
});

// Replies ----------------------------------------------------------------------------------

describe('replies (回复) to the platform', () => {
  it('posts a signed reply when the case is disposed, and another when it is closed', async () => {
    let secret = '';
    const platform = await startPlatform(() => secret);
    try {
      const created = await createSource(world.server, { callbackUrl: platform.url });
      secret = created.secret;
      const sent = ticket();
      const filed = await deliver(world.server.baseUrl, created.source.code, secret, sent);
      const { squadId } = await dispose(world.server, filed.body.caseId, '已劝离流动摊贩，恢复通行');
      const disposed = await until(() => platform.replies.find((r) => r.ticketNo === sent.ticketNo));
      expect(disposed).toMatchObject({
        ticketNo: sent.ticketNo,
        caseNo: filed.body.caseNo,
        kind: 'disposed',
        result: '已劝离流动摊贩，恢复通行',
        comment: null,
        mergedInto: null,
      });
      expect(disposed.handledBy).toContain('中队');
      expect(squadId).toBeGreaterThan(0);

      const closed = await world.server.request('POST', `/api/cases/${filed.body.caseId}/close`, {
        token: world.tokens.supervisor,
        body: { comment: '现场核查已整改' },
      });
      expect(closed.status).toBe(200);
      const closing = await until(() =>
        platform.replies.find((r) => r.ticketNo === sent.ticketNo && r.kind === 'closed'),
      );
      expect(closing).toMatchObject({ result: '已劝离流动摊贩，恢复通行', comment: '现场核查已整改' });
      expect(closing.replyId).not.toBe(disposed.replyId);
      await new Promise((r) => setTimeout(r, 500));
      expect(platform.replies.filter((r) => r.ticketNo === sent.ticketNo).length).toBe(2);
      expect(platform.badSignatures).toBe(0);
    } finally {
      await platform.close();
    }
  });

  it('replies to every complainant: tickets whose cases were merged into the handled one get the reply too', async () => {
    let secret = '';
    const platform = await startPlatform(() => secret);
    try {
      const created = await createSource(world.server, { callbackUrl: platform.url });
      secret = created.secret;
      const [main, duplicate] = [ticket(), ticket({ description: '英才街又有人摆摊' })];
      const a = await deliver(world.server.baseUrl, created.source.code, secret, main);
      const b = await deliver(world.server.baseUrl, created.source.code, secret, duplicate);
      const merged = await world.server.request('POST', `/api/cases/${b.body.caseId}/merge`, {
        token: world.tokens.dispatcher,
        body: { intoCaseId: a.body.caseId },
      });
      expect(merged.status, JSON.stringify(merged.body)).toBe(200);
      await dispose(world.server, a.body.caseId, '已处置');
      const replies = await until(() => {
        const found = platform.replies.filter((r) => [main.ticketNo, duplicate.ticketNo].includes(r.ticketNo));
        return found.length === 2 && found;
      });
      const byTicket = Object.fromEntries(replies.map((r) => [r.ticketNo, r]));
      expect(byTicket[main.ticketNo]).toMatchObject({ caseNo: a.body.caseNo, mergedInto: null, result: '已处置' });
      expect(byTicket[duplicate.ticketNo]).toMatchObject({
        caseNo: b.body.caseNo,
        mergedInto: { caseNo: a.body.caseNo },
        result: '已处置',
      });
    } finally {
      await platform.close();
    }
  });

  it('retries with backoff while the platform is down, keeps the reply as failed, and an admin resend delivers it once', async () => {
    let secret = '';
    const platform = await startPlatform(() => secret);
    try {
      const created = await createSource(world.server, { callbackUrl: platform.url });
      secret = created.secret;
      platform.down = true;
      const sent = ticket();
      const filed = await deliver(world.server.baseUrl, created.source.code, secret, sent);
      await dispose(world.server, filed.body.caseId, '已处置');

      // The test server tries 3 times, 100 ms then 200 ms apart (and up to a 200 ms tick late).
      const failed = await until(async () => (await deliveries('failed')).find((d) => d.ticketNo === sent.ticketNo));
      expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 503, kind: 'disposed' });
      expect(failed.lastError).toContain('HTTP 503');
      expect(platform.hits).toBe(3);
      await new Promise((r) => setTimeout(r, 600));
      expect(platform.hits).toBe(3); // given up: no more attempts until someone acts

      // Only an admin resends, and only a failed delivery.
      for (const token of [world.tokens.dispatcher, world.tokens.supervisor, world.tokens.near_member]) {
        const refused = await world.server.request('POST', `/api/hotline/deliveries/${failed.id}/resend`, { token });
        expect(refused.status).toBe(403);
      }
      platform.down = false;
      const resent = await world.server.request<HotlineDeliveryDto>(
        'POST',
        `/api/hotline/deliveries/${failed.id}/resend`,
        { token: admin() },
      );
      expect(resent.status).toBe(202);
      expect(resent.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
      const delivered = await until(() => platform.replies.find((r) => r.ticketNo === sent.ticketNo));
      expect(delivered.replyId).toBe(failed.id);
      await until(async () => (await deliveries('delivered')).some((d) => d.id === failed.id));
      const again = await world.server.request<{ code: string }>(
        'POST',
        `/api/hotline/deliveries/${failed.id}/resend`,
        { token: admin() },
      );
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('not_failed');
      expect(
        (await world.server.request('POST', '/api/hotline/deliveries/999999/resend', { token: admin() })).status,
      ).toBe(404);
      await new Promise((r) => setTimeout(r, 500));
      expect(platform.replies.filter((r) => r.ticketNo === sent.ticketNo).length).toBe(1);
      expect(platform.hits).toBe(4);
      expect((await deliveries('failed')).some((d) => d.id === failed.id)).toBe(false);
    } finally {
      await platform.close();
    }
  });

  it('keeps a reply to a source with no callback URL as failed, for an admin to see', async () => {
    const created = await createSource(world.server);
    const sent = ticket();
    const filed = await deliver(world.server.baseUrl, created.source.code, created.secret, sent);
    await dispose(world.server, filed.body.caseId, '已处置');
    const failed = await until(async () => (await deliveries('failed')).find((d) => d.ticketNo === sent.ticketNo));
    expect(failed).toMatchObject({ attempts: 0, lastError: 'The source has no callback URL' });
  });

  it('sends each reply once with two nodes running the worker on the same database', async () => {
    let secret = '';
    const platform = await startPlatform(() => secret);
    const second = await startTestServer(world.db);
    try {
      const created = await createSource(world.server, { callbackUrl: platform.url });
      secret = created.secret;
      const sent = Array.from({ length: 4 }, () => ticket());
      for (const one of sent) {
        const filed = await deliver(second.baseUrl, created.source.code, secret, one);
        await dispose(second, filed.body.caseId, `已处置 ${one.ticketNo}`);
      }
      const tickets = sent.map((s) => s.ticketNo);
      await until(() => new Set(platform.replies.map((r) => r.ticketNo)).size >= tickets.length);
      await new Promise((r) => setTimeout(r, 800));
      const mine = platform.replies.filter((r) => tickets.includes(r.ticketNo));
      expect(mine.length).toBe(tickets.length);
      expect(new Set(mine.map((r) => r.replyId)).size).toBe(tickets.length);
    } finally {
      await second.close();
      await platform.close();
    }
  });
});

describe('replies across a restart', () => {
  it('delivers a reply owed when the server stopped between the disposal and the delivery', async () => {
    const db = await createTestDatabase();
    let secret = '';
    const platform = await startPlatform(() => secret);
    let server: TestServer | undefined;
    try {
      await seedFixture(db.pool);
      // A worker that runs once at start and then not for an hour: the reply cannot go before the stop.
      server = await startTestServer(db, { hotline: { workerMs: 3_600_000 } });
      const token = (await server.login('admin')).token;
      const created = await server.request<HotlineSourceSaved>('POST', '/api/hotline/sources', {
        token,
        body: { code: 'restart-src', name: '12345热线', callbackUrl: platform.url },
      });
      secret = created.body.secret!;
      const sent = ticket();
      const filed = await deliver(server.baseUrl, 'restart-src', secret, sent);
      expect(filed.status).toBe(201);
      await dispose(server, filed.body.caseId, '已处置', db.pool, (await server.login('dispatcher')).token);
      await server.close();
      server = undefined;
      expect(platform.hits).toBe(0);

      server = await startTestServer(db);
      const reply = await until(() => platform.replies.find((r) => r.ticketNo === sent.ticketNo));
      expect(reply).toMatchObject({ kind: 'disposed', caseNo: filed.body.caseNo });
      await new Promise((r) => setTimeout(r, 500));
      expect(platform.replies.length).toBe(1);
    } finally {
      await server?.close();
      await platform.close();
      await db.drop();
    }
  });
});

// Administration ----------------------------------------------------------------------------

describe('hotline administration', () => {
  it('shows a generated secret once, never again; an admin-set secret is not echoed', async () => {
    const created = await createSource(world.server, { callbackUrl: 'https://12345.example.gov.cn/reply' });
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await world.server.request<HotlineSourceDto[]>('GET', '/api/hotline/sources', { token: admin() });
    expect(listed.status).toBe(200);
    const mine = listed.body.find((s) => s.id === created.source.id)!;
    expect(mine).toEqual({ ...created.source });
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    expect(Object.keys(mine)).not.toContain('secret');

    const chosen = 'a-secret-the-admin-typed-in-123';
    const set = await world.server.request<HotlineSourceSaved>('POST', '/api/hotline/sources', {
      token: admin(),
      body: { code: unique('set-'), name: '市长热线', secret: chosen },
    });
    expect(set.status).toBe(201);
    expect(set.body.secret).toBeUndefined();
    expect(JSON.stringify(set.body)).not.toContain(chosen);
    const changed = await world.server.request<HotlineSourceSaved>(
      'PATCH',
      `/api/hotline/sources/${created.source.id}`,
      {
        token: admin(),
        body: { secret: 'another-secret-typed-in-456', callbackUrl: null, name: '12345热线（新）' },
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.secret).toBeUndefined();
    expect(changed.body.source).toMatchObject({ callbackUrl: null, name: '12345热线（新）' });

    const duplicate = await world.server.request('POST', '/api/hotline/sources', {
      token: admin(),
      body: { code: created.source.code, name: 'again' },
    });
    expect(duplicate.status).toBe(409);
    const badUrl = await world.server.request('POST', '/api/hotline/sources', {
      token: admin(),
      body: { code: unique('u-'), name: 'x', callbackUrl: 'ftp://example.com/x' },
    });
    expect(badUrl.status).toBe(400);
  });

  it('lets only admins manage sources and see deliveries', async () => {
    const { source } = await createSource(world.server);
    for (const user of ['dispatcher', 'supervisor', 'clerk', 'near_member'] as const) {
      const token = world.tokens[user];
      const calls = [
        await world.server.request('GET', '/api/hotline/sources', { token }),
        await world.server.request('POST', '/api/hotline/sources', { token, body: { code: unique('r-'), name: 'x' } }),
        await world.server.request('PATCH', `/api/hotline/sources/${source.id}`, { token, body: { active: false } }),
        await world.server.request('GET', '/api/hotline/deliveries?status=failed', { token }),
        await world.server.request('POST', '/api/hotline/deliveries/1/resend', { token }),
      ];
      expect(
        calls.map((c) => c.status),
        user,
      ).toEqual([403, 403, 403, 403, 403]);
    }
    for (const call of [
      await world.server.request('GET', '/api/hotline/sources'),
      await world.server.request('GET', '/api/hotline/deliveries'),
    ]) {
      expect(call.status).toBe(401);
    }
    expect(
      (await world.server.request('GET', '/api/hotline/deliveries?status=failed', { token: admin() })).status,
    ).toBe(200);
  });
});
