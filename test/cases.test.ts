import { describe, expect, it } from 'vitest';
import type { CaseDto, EventsPage, Recommendation } from '@civic/shared';
import { CROSSING } from './support/fixtures.ts';

import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

const file = (body: unknown, token = world.tokens.clerk) =>
  world.server.request<CaseDto>('POST', '/api/cases', { token, body });

describe('filing a complaint', () => {
  it('files from each channel with a point and answers 201 with the case', async () => {
    for (const channel of ['hotline', 'web', 'letter_visit', 'patrol'] as const) {
      const { status, body } = await file({
        channel,
        description: `${channel} 占道经营`,
        location: CROSSING,
        categoryCode: '0201',
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({
        channel,
        status: 'received',
        needsLocation: false,
        locationSource: 'point',
        categoryName: '占道经营',
      });
      expect(body.caseNo).toMatch(/^HJ\d{8}\d{6}$/);
      expect(body.location).toEqual(CROSSING);
      expect(body.subDistrict).toBe('刘寨街道');
      expect(body.priority).toBe(2);
      const read = await world.server.request<CaseDto>('GET', `/api/cases/${body.id}`, {
        token: world.tokens.dispatcher,
      });
      expect(read.body.caseNo).toBe(body.caseNo);
    }
  });

  it('places an intersection address where the two roads cross', async () => {
    const { status, body } = await file({
      channel: 'letter_visit',
      description: '占道',
      address: '惠济区天河路与英才街交叉口东北角',
    });
    expect(status).toBe(201);
    expect(body.locationSource).toBe('gazetteer');
    expect(body.location!.lng).toBeCloseTo(CROSSING.lng, 5);
    expect(body.location!.lat).toBeCloseTo(CROSSING.lat, 5);
    expect(body.locationMatch).toContain('天河路 × 英才街');
  });

  it('places a landmark named in the address, and a road matched by trigram despite a typo', async () => {
    const landmark = await file({ channel: 'hotline', description: '噪音', address: '英才街夜市疏导点北侧' });
    expect(landmark.body.locationMatch).toContain('英才街夜市疏导点');
    expect(landmark.body.location).toEqual({ lng: 113.631, lat: 34.835 });
    await world.db.pool.query(
      `INSERT INTO gazetteer_entries (name, kind, point) VALUES ('惠济区政府', 'landmark', ST_SetSRID(ST_MakePoint(113.62, 34.84), 4326))`,
    );
    const prefixed = await file({ channel: 'hotline', description: '违停', address: '郑州市惠济区政府东门' });
    expect(prefixed.body.locationMatch).toContain('惠济区政府');
    const fuzzy = await file({ channel: 'hotline', description: '垃圾', address: '天河大路' });
    expect(fuzzy.status).toBe(201);
    expect(fuzzy.body.locationMatch).toContain('天河路');
  });

  it('keeps an address it cannot place, flagged needs-location, and lists it', async () => {
    const { status, body } = await file({
      channel: 'letter_visit',
      description: '有人乱倒垃圾',
      address: '城北那个菜市场旁边的小巷',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ needsLocation: true, location: null, status: 'received' });
    const list = await world.server.request<CaseDto[]>('GET', '/api/cases?needsLocation=true', {
      token: world.tokens.dispatcher,
    });
    expect(list.body.map((c) => c.id)).toContain(body.id);
    const open = await world.server.request<CaseDto[]>('GET', '/api/cases?status=received', {
      token: world.tokens.dispatcher,
    });
    expect(open.body.map((c) => c.id)).toContain(body.id);
  });

  it('lets a dispatcher place a needs-location case by hand, once, before dispatch', async () => {
    const { body } = await file({ channel: 'letter_visit', description: '无法定位', address: '老地方' });
    expect(body.needsLocation).toBe(true);
    const asSquad = await world.server.request('PUT', `/api/cases/${body.id}/location`, {
      token: world.tokens.near_member,
      body: CROSSING,
    });
    expect(asSquad.status).toBe(403);
    const placed = await world.server.request<CaseDto>('PUT', `/api/cases/${body.id}/location`, {
      token: world.tokens.dispatcher,
      body: CROSSING,
    });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({
      needsLocation: false,
      locationSource: 'manual',
      location: CROSSING,
      subDistrict: '刘寨街道',
    });
    const events = await world.server.request<EventsPage>(`GET`, `/api/events?after=${body.lastSeq - 1}`, {
      token: world.tokens.dispatcher,
    });
    expect(events.body.events.filter((e) => e.case.id === body.id).map((e) => e.type)).toEqual([
      'case:created',
      'case:located',
    ]);
  });

  it('answers 4xx naming the field for bad input, never 500', async () => {
    const cases: [unknown, string][] = [
      [{ channel: 'fax', description: 'x', location: CROSSING }, 'body.channel'],
      [{ channel: 'web', location: CROSSING }, 'body.description'],
      [{ channel: 'web', description: 'x', location: { lng: 500, lat: 34 } }, 'body.location.lng'],
      [{ channel: 'web', description: 'x' }, 'body.location'],
      [{ channel: 'web', description: 'x', location: CROSSING, surprise: 1 }, 'body.surprise'],
      [{ channel: 'web', description: 'x', location: CROSSING, categoryCode: 'nope' }, 'body.categoryCode'],
      [{ channel: 'web', description: 'x', location: CROSSING, complainantPhone: 'call me' }, 'body.complainantPhone'],
    ];
    for (const [body, field] of cases) {
      const response = await world.server.request<{ field: string; statusCode: number }>('POST', '/api/cases', {
        token: world.tokens.clerk,
        body,
      });
      expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body.field).toBe(field);
    }
    const malformed = await world.server.request<{ field: string }>('POST', '/api/cases', {
      token: world.tokens.clerk,
      body: '{"channel":',
    });
    expect(malformed.status).toBe(400);
    for (const path of [
      '/api/cases/abc',
      '/api/cases/0',
      '/api/cases/99999999999999999999',
      '/api/events?after=-1',
      '/api/events',
    ]) {
      const response = await world.server.request('GET', path, { token: world.tokens.dispatcher });
      expect(response.status, path).toBe(400);
    }
    expect((await world.server.request('GET', '/api/cases/123456', { token: world.tokens.dispatcher })).status).toBe(
      404,
    );
  });

  it('lets a squad file what it finds on patrol, and only that', async () => {
    const patrol = await file(
      { channel: 'patrol', description: '巡查发现占道', location: CROSSING },
      world.tokens.near_member,
    );
    expect(patrol.status).toBe(201);
    const hotline = await world.server.request<{ field: string }>('POST', '/api/cases', {
      token: world.tokens.near_member,
      body: { channel: 'hotline', description: 'x', location: CROSSING },
    });
    expect(hotline.status).toBe(422);
    expect(hotline.body.field).toBe('body.channel');
  });

  it('refuses unauthenticated requests with 401 and wrong roles with 403', async () => {
    expect((await world.server.request('GET', '/api/cases')).status).toBe(401);
    expect((await world.server.request('GET', '/api/cases', { token: 'x'.repeat(43) })).status).toBe(401);
    expect((await file({ channel: 'web', description: 'x', location: CROSSING }, '')).status).toBe(401);
    const created = await file({ channel: 'web', description: 'x', location: CROSSING });
    const asSquad = await world.server.request('POST', `/api/cases/${created.body.id}/assignments`, {
      token: world.tokens.near_member,
      body: { squadId: world.fixture.squadIds.near },
    });
    expect(asSquad.status).toBe(403);
    expect(
      (
        await world.server.request('GET', `/api/cases/${created.body.id}/recommendations`, {
          token: world.tokens.clerk,
        })
      ).status,
    ).toBe(403);
  });

  it('masks the complainant phone for dispatchers and shows it to the clerk', async () => {
    const created = await file({
      channel: 'hotline',
      description: 'x',
      location: CROSSING,
      complainantName: '张三丰',
      complainantPhone: '13812345678',
    });
    expect(created.body.complainantPhone).toBe('13812345678');
    const asDispatcher = await world.server.request<CaseDto>('GET', `/api/cases/${created.body.id}`, {
      token: world.tokens.dispatcher,
    });
    expect(asDispatcher.body.complainantPhone).toBe('138****5678');
    expect(asDispatcher.body.complainantName).toBe('张三丰');
  });
});

describe('dispatching', () => {
  it('recommends available squads with fresh positions, nearest first, in true metres', async () => {
    const created = await file({ channel: 'hotline', description: '占道', location: CROSSING });
    const { status, body } = await world.server.request<Recommendation[]>(
      'GET',
      `/api/cases/${created.body.id}/recommendations`,
      {
        token: world.tokens.dispatcher,
      },
    );
    expect(status).toBe(200);
    expect(body.map((r) => r.squad.code)).toEqual(['T-NEAR', 'T-MID', 'T-FAR']);
    // Geodesic distances on the ellipsoid, within a metre or two of the fixture's placement.
    expect(body[0]!.distanceM).toBeGreaterThan(295);
    expect(body[0]!.distanceM).toBeLessThan(305);
    expect(body[2]!.distanceM).toBeGreaterThan(2480);
    expect(body[2]!.distanceM).toBeLessThan(2520);
    expect(body[0]!.reason).toContain('300 米');
  });

  it('assigns one squad; a second dispatcher racing for the same case gets 409', async () => {
    const created = await file({ channel: 'hotline', description: '乱堆乱放', location: CROSSING });
    const attempts = await Promise.all([
      world.server.request<CaseDto & { code?: string }>('POST', `/api/cases/${created.body.id}/assignments`, {
        token: world.tokens.dispatcher,
        body: { squadId: world.fixture.squadIds.middle },
      }),
      world.server.request<CaseDto & { code?: string }>('POST', `/api/cases/${created.body.id}/assignments`, {
        token: world.tokens.dispatcher2,
        body: { squadId: world.fixture.squadIds.far },
      }),
    ]);
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409]);
    const loser = attempts.find((a) => a.status === 409)!;
    expect(loser.body.code).toBe('already_assigned');
    const winner = attempts.find((a) => a.status === 201)!;
    expect(winner.body.status).toBe('dispatched');

    // Whoever won, the squad is busy now and leaves the recommendations.
    const other = await file({ channel: 'hotline', description: 'x', location: CROSSING });
    const recs = await world.server.request<Recommendation[]>('GET', `/api/cases/${other.body.id}/recommendations`, {
      token: world.tokens.dispatcher,
    });
    expect(recs.body.map((r) => r.squad.id)).not.toContain(winner.body.squadId);
    // Put both back for the next tests.
    await world.server.request('PUT', `/api/squads/${winner.body.squadId}/status`, {
      token: world.tokens.admin,
      body: { status: 'available' },
    });
  });

  it('two dispatchers sending the same squad to two cases at once: one wins, one 409', async () => {
    const a = await file({ channel: 'web', description: 'a', location: CROSSING });
    const b = await file({ channel: 'web', description: 'b', location: CROSSING });
    const squadId = world.fixture.squadIds.far;
    const attempts = await Promise.all([
      world.server.request<{ code?: string }>('POST', `/api/cases/${a.body.id}/assignments`, {
        token: world.tokens.dispatcher,
        body: { squadId },
      }),
      world.server.request<{ code?: string }>('POST', `/api/cases/${b.body.id}/assignments`, {
        token: world.tokens.dispatcher2,
        body: { squadId },
      }),
    ]);
    expect(attempts.map((x) => x.status).sort()).toEqual([201, 409]);
    expect(attempts.find((x) => x.status === 409)!.body.code).toBe('squad_unavailable');
  });

  it('runs assigned → accepted → disposed for the squad, and only for that squad', async () => {
    const created = await file({ channel: 'hotline', description: '暴露垃圾', location: CROSSING });
    const id = created.body.id;
    await world.server.request('PUT', `/api/squads/${world.fixture.squadIds.near}/status`, {
      token: world.tokens.admin,
      body: { status: 'available' },
    });
    const assigned = await world.server.request<CaseDto>('POST', `/api/cases/${id}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: world.fixture.squadIds.near },
    });
    expect(assigned.status).toBe(201);

    // Another squad cannot see or touch it.
    expect((await world.server.request('GET', `/api/cases/${id}`, { token: world.tokens.middle_member })).status).toBe(
      404,
    );
    expect(
      (await world.server.request('POST', `/api/cases/${id}/accept`, { token: world.tokens.middle_member })).status,
    ).toBe(404);
    const otherList = await world.server.request<CaseDto[]>('GET', '/api/cases', { token: world.tokens.middle_member });
    expect(otherList.body.map((c) => c.id)).not.toContain(id);

    // Disposing before accepting is refused with the allowed step.
    const early = await world.server.request<{ code: string; details: { allowedFrom: string[] } }>(
      'POST',
      `/api/cases/${id}/dispose`,
      {
        token: world.tokens.near_member,
        body: { note: 'done' },
      },
    );
    expect(early.status).toBe(409);
    expect(early.body.details.allowedFrom).toEqual(['accepted', 'en_route', 'on_scene']);

    const mine = await world.server.request<CaseDto[]>('GET', '/api/cases', { token: world.tokens.near_member });
    expect(mine.body.map((c) => c.id)).toContain(id);
    expect(
      (await world.server.request<CaseDto>('POST', `/api/cases/${id}/accept`, { token: world.tokens.near_member })).body
        .status,
    ).toBe('accepted');
    const disposed = await world.server.request<CaseDto>('POST', `/api/cases/${id}/dispose`, {
      token: world.tokens.near_member,
      body: { note: '已劝离摊贩' },
    });
    expect(disposed.body.status).toBe('disposed');
    const squads = await world.server.request<{ id: number; status: string }[]>('GET', '/api/squads', {
      token: world.tokens.dispatcher,
    });
    expect(squads.body.find((s) => s.id === world.fixture.squadIds.near)!.status).toBe('available');
  });
});

describe('squad status history', () => {
  it('records every status change with its reason: assigned, released, set by hand; nothing for no change', async () => {
    // A squad of its own, so no other test's open case keeps it busy.
    const { rows } = await world.db.pool.query<{ id: number }>(
      `INSERT INTO squads (code, name, kind, status, position, position_at)
       VALUES ('T-HIST', '记录中队', 'enforcement', 'available', ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, now())
       RETURNING id`,
      [CROSSING.lng, CROSSING.lat],
    );
    const squadId = rows[0]!.id;
    const as = world.tokens.admin;
    const { body } = await file({ channel: 'hotline', description: '状态记录', location: CROSSING });
    await world.server.request('POST', `/api/cases/${body.id}/assignments`, { token: as, body: { squadId } });
    await world.server.request('POST', `/api/cases/${body.id}/accept`, { token: as });
    await world.server.request('POST', `/api/cases/${body.id}/dispose`, { token: as, body: { note: '已处理' } });
    await world.server.request('PUT', `/api/squads/${squadId}/status`, { token: as, body: { status: 'on_break' } });
    await world.server.request('PUT', `/api/squads/${squadId}/status`, { token: as, body: { status: 'on_break' } });

    const history = await world.db.pool.query(
      'SELECT from_status, to_status, reason, case_id FROM squad_status_events WHERE squad_id = $1 ORDER BY id',
      [squadId],
    );
    expect(history.rows).toEqual([
      { from_status: 'available', to_status: 'busy', reason: 'assigned', case_id: body.id },
      { from_status: 'busy', to_status: 'available', reason: 'released', case_id: body.id },
      { from_status: 'available', to_status: 'on_break', reason: 'manual', case_id: null },
    ]);
  });
});

describe('the event log', () => {
  it('replays every change after a sequence number, in order, each with its seq', async () => {
    const before = await world.server.request<EventsPage>('GET', '/api/events?after=0&limit=1000', {
      token: world.tokens.dispatcher,
    });
    const start = before.body.latestSeq;
    const created = await file({ channel: 'web', description: 'log', location: CROSSING });
    await world.server.request('PUT', `/api/squads/${world.fixture.squadIds.far}/status`, {
      token: world.tokens.admin,
      body: { status: 'available' },
    });
    await world.server.request('POST', `/api/cases/${created.body.id}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: world.fixture.squadIds.far },
    });
    const page = await world.server.request<EventsPage>('GET', `/api/events?after=${start}`, {
      token: world.tokens.dispatcher,
    });
    const mine = page.body.events.filter((e) => e.case.id === created.body.id);
    expect(mine.map((e) => e.type)).toEqual(['case:created', 'case:registered', 'case:assigned']);
    const seqs = page.body.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBeGreaterThan(start);
    expect(page.body.latestSeq).toBe(seqs.at(-1));
  });

  it('pages with hasMore and shows a squad only its own cases', async () => {
    const page = await world.server.request<EventsPage>('GET', '/api/events?after=0&limit=2', {
      token: world.tokens.dispatcher,
    });
    expect(page.body.events).toHaveLength(2);
    expect(page.body.hasMore).toBe(true);
    const squadView = await world.server.request<EventsPage>('GET', '/api/events?after=0&limit=1000', {
      token: world.tokens.middle_member,
    });
    for (const event of squadView.body.events) {
      expect(event.case.squadId).toBe(world.fixture.squadIds.middle);
      expect(event.case.complainantPhone === null || event.case.complainantPhone.includes('*')).toBe(true);
    }
  });
});
