import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseDto, LngLat, MerchantCandidate, MerchantDto, MerchantList, MerchantSummary } from '@civic/shared';
import { HttpError } from '../server/src/http/errors.ts';
import { toWgs84 } from '../server/src/modules/geo/crs.ts';
import { insertMerchant } from '../server/src/modules/merchants/registry.ts';
import { connected, nextEvent } from './support/app.ts';
import { solidPng } from './support/png.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

/** Metres per degree at lat ≈ 34.8 on the WGS-84 ellipsoid (as the fixture uses). */
const M_PER_DEG_LNG = 91_480;
const M_PER_DEG_LAT = 110_950;
const offset = (from: LngLat, eastM: number, northM = 0): LngLat => ({
  lng: from.lng + eastM / M_PER_DEG_LNG,
  lat: from.lat + northM / M_PER_DEG_LAT,
});

/**
 * Places this file adds to the fixture world: a second sub-district east of
 * 刘寨街道, and a responsibility grid around the crossing owned by the
 * 'middle' squad. Each test works around its own point, so they do not see
 * each other's merchants.
 */
const GRID = { west: 113.625, south: 34.825, east: 113.635, north: 34.835 };
const IN_GRID = { lng: 113.629, lat: 34.829 };
const EAST_SUB_DISTRICT_POINT = { lng: 113.68, lat: 34.83 };
let gridId: number;

beforeAll(async () => {
  await world.db.pool.query(
    `INSERT INTO sub_districts (code, name, geom)
     VALUES ('T02', '长兴路街道', ST_Multi(ST_MakeEnvelope(113.66, 34.80, 113.70, 34.86, 4326)))`,
  );
  const { rows } = await world.db.pool.query<{ id: number }>(
    `INSERT INTO zones (kind, name, geom, owner_squad_id)
     VALUES ('grid', '英才网格', ST_Multi(ST_MakeEnvelope($1, $2, $3, $4, 4326)), $5) RETURNING id`,
    [GRID.west, GRID.south, GRID.east, GRID.north, world.fixture.squadIds.middle],
  );
  gridId = rows[0]!.id;
});

const entry = (overrides: Record<string, unknown> = {}) => ({
  name: '老王烩面馆',
  kind: 'shop',
  operatorName: '王建国',
  operatorPhone: '13903710158',
  businessType: '餐饮',
  storefrontDescription: '红底黄字招牌，两开间',
  businessTools: '门口蒸柜一台',
  address: '惠济区英才街18号',
  location: IN_GRID,
  ...overrides,
});

const register = async (overrides: Record<string, unknown> = {}, token = world.tokens.admin) => {
  const response = await world.server.request<MerchantDto>('POST', '/api/merchants', {
    token,
    body: entry(overrides),
  });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

const get = (id: number, token: string | undefined) =>
  world.server.request<MerchantDto>('GET', `/api/merchants/${id}`, { token });

const search = (query: string, token = world.tokens.supervisor) =>
  world.server.request<MerchantList>('GET', `/api/merchants?${query}`, { token });

const error = (body: unknown) => body as { field?: string; code?: string };

describe('registering a merchant', () => {
  it('answers 201 with the entry, placed in its sub-district and grid, blue, with a registered grade event', async () => {
    const { status, body } = await world.server.request<MerchantDto>('POST', '/api/merchants', {
      token: world.tokens.supervisor,
      body: entry({ cardIssuedOn: '2024-05-06', cardIssuedBy: '刘寨执法中队' }),
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      name: '老王烩面馆',
      kind: 'shop',
      grade: 'blue',
      location: IN_GRID,
      operatorName: '王建国',
      operatorPhone: '13903710158',
      businessType: '餐饮',
      hasStorefrontPhoto: false,
      subDistrict: { name: '刘寨街道' },
      grid: { id: gridId, name: '英才网格', ownerSquadId: world.fixture.squadIds.middle },
      card: { issuedOn: '2024-05-06', issuedBy: '刘寨执法中队' },
      countingViolations: 0,
      active: true,
    });
    const { rows } = await world.db.pool.query(
      `SELECT e.from_grade, e.to_grade, e.reason, u.username FROM merchant_grade_events e
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.merchant_id = $1`,
      [body.id],
    );
    expect(rows).toEqual([{ from_grade: null, to_grade: 'blue', reason: 'registered', username: 'supervisor' }]);
    const { rows: stored } = await world.db.pool.query<{ created_by: number | null }>(
      'SELECT created_by FROM merchants WHERE id = $1',
      [body.id],
    );
    expect(stored[0]!.created_by).not.toBeNull();
  });

  it('places a merchant in the sub-district that covers it, and in no grid outside every grid', async () => {
    const body = await register({ location: EAST_SUB_DISTRICT_POINT });
    expect(body.subDistrict).toMatchObject({ name: '长兴路街道' });
    expect(body.grid).toBeNull();
  });

  it('stores a GCJ-02 point converted to WGS-84', async () => {
    const gcj = { lng: 113.62, lat: 34.82 };
    const body = await register({ location: gcj, crs: 'gcj02' });
    const expected = toWgs84(gcj, 'gcj02');
    expect(body.location.lng).toBeCloseTo(expected.lng, 6);
    expect(body.location.lat).toBeCloseTo(expected.lat, 6);
    // The offset is hundreds of metres: storing the point as sent would be a visible error.
    expect(Math.abs(body.location.lng - gcj.lng) * M_PER_DEG_LNG).toBeGreaterThan(100);
  });

  it('stores phone numbers without spaces and dashes', async () => {
    const body = await register({ operatorPhone: '138-0013 8000', location: offset(IN_GRID, 5) });
    expect(body.operatorPhone).toBe('13800138000');
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const before = await world.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM merchants');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: undefined }, 400, 'body.name'],
      [{ name: '   ' }, 422, 'body.name'],
      [{ kind: 'truck' }, 400, 'body.kind'],
      [{ operatorPhone: 'call me' }, 400, 'body.operatorPhone'],
      [{ operatorPhone: '138+0013' }, 422, 'body.operatorPhone'],
      [{ location: { lng: 113.6 } }, 400, 'body.location.lat'],
      [{ location: { lng: 113.6, lat: 95 } }, 400, 'body.location.lat'],
      // Beijing: a real point, outside every sub-district of this district.
      [{ location: { lng: 116.4, lat: 39.9 } }, 422, 'body.location'],
      [{ crs: 'mars' }, 400, 'body.crs'],
      [{ cardIssuedOn: '2024-02-30' }, 422, 'body.cardIssuedOn'],
      [{ cardIssuedOn: '2999-01-01' }, 422, 'body.cardIssuedOn'],
      [{ cardIssuedOn: '6 May' }, 400, 'body.cardIssuedOn'],
      [{ cardIssuedBy: '刘寨执法中队' }, 422, 'body.cardIssuedOn'],
      [{ grade: 'red' }, 400, 'body.grade'],
    ];
    for (const [overrides, status, field] of cases) {
      const response = await world.server.request('POST', '/api/merchants', {
        token: world.tokens.admin,
        body: entry(overrides),
      });
      expect(response.status, JSON.stringify(overrides)).toBe(status);
      expect(error(response.body).field, JSON.stringify(overrides)).toBe(field);
    }
    const after = await world.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM merchants');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('names the bare field to a caller of insertMerchant (the import’s per-row report)', async () => {
    const attempt = insertMerchant(world.db.pool, entry({ location: { lng: 116.4, lat: 39.9 } }) as never, {
      actorId: null,
    });
    await expect(attempt).rejects.toBeInstanceOf(HttpError);
    await expect(attempt).rejects.toMatchObject({ statusCode: 422, details: { field: 'location' } });
  });

  it('pushes the registration to every map as merchant:graded', async () => {
    const socket = world.server.connect(world.tokens.dispatcher);
    await connected(socket);
    const heard = nextEvent(socket, 'merchant:graded', (graded) => graded.merchant.name === '推送测试摊');
    const body = await register({ name: '推送测试摊', kind: 'street_vendor', location: offset(IN_GRID, -20) });
    const graded = await heard;
    expect(graded.event).toMatchObject({ merchantId: body.id, fromGrade: null, toGrade: 'blue', reason: 'registered' });
    expect(graded.merchant).toMatchObject({ id: body.id, grade: 'blue', kind: 'street_vendor' });
    expect(graded.merchant).not.toHaveProperty('operatorPhone');
    socket.disconnect();
  });
});

describe('editing an entry', () => {
  it('tells every map (a squad too) that the entry changed, so a moved or deactivated pin follows', async () => {
    const created = await register({ name: '推送编辑摊', kind: 'street_vendor', location: offset(IN_GRID, -30) });
    const squad = world.server.connect(world.tokens.near_member);
    await connected(squad);
    const heard = nextEvent(squad, 'merchants:changed', (change) => change.merchantIds.includes(created.id));
    const { status } = await world.server.request('PUT', `/api/merchants/${created.id}`, {
      token: world.tokens.admin,
      body: { name: '推送编辑摊', kind: 'street_vendor', location: offset(IN_GRID, -30), active: false },
    });
    expect(status).toBe(200);
    expect(await heard).toEqual({ merchantIds: [created.id] });
    squad.disconnect();
  });

  it('replaces the whole entry, re-places it, and leaves the grade and its history alone', async () => {
    const created = await register({ name: '英才便利店', cardIssuedOn: '2024-05-06' });
    // A grade earned elsewhere (grading) must survive an edit.
    await world.db.pool.query(`UPDATE merchants SET grade = 'yellow' WHERE id = $1`, [created.id]);
    const { status, body } = await world.server.request<MerchantDto>('PUT', `/api/merchants/${created.id}`, {
      token: world.tokens.admin,
      body: { name: '英才便利店(新址)', kind: 'shop', location: EAST_SUB_DISTRICT_POINT },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: created.id,
      name: '英才便利店(新址)',
      grade: 'yellow',
      operatorName: null,
      operatorPhone: null,
      address: null,
      card: null,
      subDistrict: { name: '长兴路街道' },
      grid: null,
      active: true,
    });
    expect(Date.parse(body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    const { rows } = await world.db.pool.query('SELECT reason FROM merchant_grade_events WHERE merchant_id = $1', [
      created.id,
    ]);
    expect(rows).toEqual([{ reason: 'registered' }]);
  });

  it('deactivates with active: false, and an edit that leaves active out keeps it inactive', async () => {
    const created = await register({ name: '停业小店', location: offset(IN_GRID, 0, 30) });
    const put = (body: Record<string, unknown>) =>
      world.server.request<MerchantDto>('PUT', `/api/merchants/${created.id}`, {
        token: world.tokens.supervisor,
        body: entry({ name: '停业小店', location: offset(IN_GRID, 0, 30), ...body }),
      });
    expect((await put({ active: false })).body.active).toBe(false);
    expect((await put({ address: '惠济区英才街20号' })).body).toMatchObject({
      active: false,
      address: '惠济区英才街20号',
    });
    const map = await world.server.request<MerchantSummary[]>('GET', '/api/merchants/map', {
      token: world.tokens.dispatcher,
    });
    expect(map.body.map((m) => m.id)).not.toContain(created.id);
    expect((await put({ active: true })).body.active).toBe(true);
  });

  it('answers 404 for an unknown merchant and 422 naming the field for a bad point', async () => {
    const missing = await world.server.request('PUT', '/api/merchants/999999', {
      token: world.tokens.admin,
      body: entry(),
    });
    expect(missing.status).toBe(404);
    const created = await register({ name: '位置测试', location: offset(IN_GRID, 40) });
    const outside = await world.server.request('PUT', `/api/merchants/${created.id}`, {
      token: world.tokens.admin,
      body: entry({ location: { lng: 116.4, lat: 39.9 } }),
    });
    expect(outside.status).toBe(422);
    expect(error(outside.body).field).toBe('body.location');
    expect((await get(created.id, world.tokens.admin)).body.location).toEqual(offset(IN_GRID, 40));
  });

  it('counts the violations still inside the grade rules’ record window', async () => {
    const created = await register({ name: '违规记录店', location: offset(IN_GRID, 0, -30) });
    await world.db.pool.query(
      `INSERT INTO merchant_violations (merchant_id, violation_type, occurred_at)
       VALUES ($1, '0202', now() - interval '10 days'), ($1, '0202', now() - interval '400 days')`,
      [created.id],
    );
    expect((await get(created.id, world.tokens.admin)).body.countingViolations).toBe(1);
  });
});

describe('search', () => {
  // Around a point of its own, with names no other test uses.
  const at = { lng: 113.605, lat: 34.805 };
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    ids.fruit = (
      await register({
        name: '搜索鲜果行',
        operatorName: '欧阳修竹',
        operatorPhone: '13700001111',
        address: '惠济区搜索路1号',
        location: at,
        businessType: '水果',
      })
    ).id;
    ids.bbq = (
      await register({
        name: '搜索烧烤摊',
        kind: 'street_vendor',
        operatorName: '司马青衫',
        operatorPhone: '15900002222',
        address: '搜索路与测试街交叉口',
        location: offset(at, 30),
      })
    ).id;
    ids.other = (
      await register({
        name: '搜索百货',
        operatorName: '诸葛明',
        operatorPhone: '18600003333',
        address: '惠济区另一条路9号',
        location: EAST_SUB_DISTRICT_POINT,
      })
    ).id;
  });

  const found = async (query: string, token?: string) => (await search(query, token)).body.items.map((m) => m.id);

  it('finds by a fragment of the name, operator, phone or address', async () => {
    expect(await found(`q=${encodeURIComponent('鲜果')}`)).toEqual([ids.fruit]);
    expect(await found(`q=${encodeURIComponent('司马')}`)).toEqual([ids.bbq]);
    expect(await found('q=0000222')).toEqual([ids.bbq]);
    expect(await found(`q=${encodeURIComponent('137 0000 1111')}`)).toEqual([ids.fruit]);
    expect((await found(`q=${encodeURIComponent('搜索路')}`)).sort()).toEqual([ids.fruit, ids.bbq].sort());
    expect(await found(`q=${encodeURIComponent('没有这家店')}`)).toEqual([]);
  });

  it('takes % and _ in q as text, not as wildcards', async () => {
    expect(await found(`q=${encodeURIComponent('搜索%烧烤')}`)).toEqual([]);
    expect(await found(`q=${encodeURIComponent('搜索_果行')}`)).toEqual([]);
  });

  it('filters by grade, kind, sub-district and grid, newest first, with the total and paging', async () => {
    const q = `q=${encodeURIComponent('搜索')}`;
    expect(await found(q)).toEqual([ids.other, ids.bbq, ids.fruit]);
    expect(await found(`${q}&kind=street_vendor`)).toEqual([ids.bbq]);
    await world.db.pool.query(`UPDATE merchants SET grade = 'orange' WHERE id = $1`, [ids.fruit]);
    expect(await found(`${q}&grade=orange`)).toEqual([ids.fruit]);
    const east = await world.db.pool.query<{ id: number }>(`SELECT id FROM sub_districts WHERE code = 'T02'`);
    expect(await found(`${q}&subDistrictId=${east.rows[0]!.id}`)).toEqual([ids.other]);
    const gridShop = await register({ name: '网格内小店', location: offset(IN_GRID, 0, 50) });
    const inGrid = await found(`gridId=${gridId}&limit=500`);
    expect(inGrid).toContain(gridShop.id);
    expect(inGrid).not.toContain(ids.other);
    const page = await search(`${q}&limit=2&offset=1`);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((m) => m.id)).toEqual([ids.bbq, ids.fruit]);
    const past = await search(`${q}&limit=2&offset=10`);
    expect(past.body).toEqual({ total: 3, items: [] });
  });

  it('refuses a malformed query with 400 naming it', async () => {
    for (const [query, field] of [
      ['grade=purple', 'querystring.grade'],
      ['limit=0', 'querystring.limit'],
      ['subDistrictId=abc', 'querystring.subDistrictId'],
      ['colour=blue', 'querystring.colour'],
    ]) {
      const response = await search(query!);
      expect(response.status, query).toBe(400);
      expect(error(response.body).field, query).toBe(field);
    }
  });

  it('lets a dispatcher, who sees operators masked, find one only by the whole name or number', async () => {
    const asDispatcher = (q: string) => found(`q=${encodeURIComponent(q)}`, world.tokens.dispatcher);
    expect(await asDispatcher('鲜果')).toEqual([ids.fruit]);
    expect(await asDispatcher('搜索路1号')).toEqual([ids.fruit]);
    expect(await asDispatcher('欧阳修竹')).toEqual([ids.fruit]);
    expect(await asDispatcher('13700001111')).toEqual([ids.fruit]);
    expect(await asDispatcher('欧阳')).toEqual([]);
    expect(await asDispatcher('0000111')).toEqual([]);
  });
});

describe('personal data and roles', () => {
  let merchant: MerchantDto;
  beforeAll(async () => {
    merchant = await register({
      name: '掩码测试店',
      operatorName: '张三丰',
      operatorPhone: '13812345678',
      location: offset(IN_GRID, 60),
    });
  });

  it('masks operator name and phone for dispatchers only', async () => {
    const dispatcher = await get(merchant.id, world.tokens.dispatcher);
    expect(dispatcher.body).toMatchObject({ operatorName: '张**', operatorPhone: '138****5678' });
    const listed = await search(`q=${encodeURIComponent('掩码测试')}`, world.tokens.dispatcher);
    expect(listed.body.items[0]).toMatchObject({ operatorName: '张**', operatorPhone: '138****5678' });
    // The grid is the middle squad's: its members may read the merchant, and need the number on scene.
    for (const who of ['clerk', 'supervisor', 'admin', 'middle_member'] as const) {
      const response = await get(merchant.id, world.tokens[who]);
      expect(response.status, who).toBe(200);
      expect(response.body, who).toMatchObject({ operatorName: '张三丰', operatorPhone: '13812345678' });
    }
  });

  it('lets only admins and supervisors write, and keeps the registry search from squads', async () => {
    for (const who of ['dispatcher', 'clerk', 'near_member'] as const) {
      const post = await world.server.request('POST', '/api/merchants', { token: world.tokens[who], body: entry() });
      expect(post.status, who).toBe(403);
      const put = await world.server.request('PUT', `/api/merchants/${merchant.id}`, {
        token: world.tokens[who],
        body: entry(),
      });
      expect(put.status, who).toBe(403);
      const photo = await fetch(`${world.server.baseUrl}/api/merchants/${merchant.id}/storefront-photo`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${world.tokens[who]}`, 'content-type': 'image/png' },
        body: new Uint8Array(solidPng(4, 4)),
      });
      expect(photo.status, who).toBe(403);
    }
    expect((await search('', world.tokens.near_member)).status).toBe(403);
    expect((await search('', world.tokens.clerk)).status).toBe(200);
    for (const path of ['/api/merchants', '/api/merchants/map', `/api/merchants/${merchant.id}`]) {
      expect((await world.server.request('GET', path)).status, path).toBe(401);
    }
  });

  it('shows a squad member only merchants its work needs', async () => {
    // Not in the near squad's grid, not near any of its cases: 404, as for another squad's case.
    expect((await get(merchant.id, world.tokens.near_member)).status).toBe(404);
    // A case assigned to the near squad 100 m away brings the merchant within its reach.
    const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.dispatcher,
      body: { channel: 'hotline', description: '门店占道经营', location: offset(IN_GRID, 160), categoryCode: '0202' },
    });
    const assigned = await world.server.request('POST', `/api/cases/${filed.body.id}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: world.fixture.squadIds.near },
    });
    expect(assigned.status).toBe(201);
    const response = await get(merchant.id, world.tokens.near_member);
    expect(response.status).toBe(200);
    expect(response.body.operatorPhone).toBe('13812345678');
    // Far from every case of the squad and outside its grid.
    const far = await register({ name: '远处小店', location: { lng: 113.61, lat: 34.85 } });
    expect((await get(far.id, world.tokens.near_member)).status).toBe(404);
    expect((await get(far.id, world.tokens.middle_member)).status).toBe(404);
  });
});

describe('candidates near a case', () => {
  // A corner of the district no other test uses.
  const spot = { lng: 113.645, lat: 34.845 };
  const names: Record<number, string> = {};
  let caseId: number;

  beforeAll(async () => {
    for (const metres of [140, 20, 100, 60, 200, 400]) {
      const m = await register({ name: `候选${metres}米`, kind: 'street_vendor', location: offset(spot, metres) });
      names[m.id] = m.name;
    }
    const closed = await register({ name: '候选已停业', location: offset(spot, 30) });
    await world.server.request('PUT', `/api/merchants/${closed.id}`, {
      token: world.tokens.admin,
      body: entry({ name: '候选已停业', location: offset(spot, 30), active: false }),
    });
    const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.dispatcher,
      body: { channel: 'hotline', description: '占道经营', location: spot, categoryCode: '0201' },
    });
    caseId = filed.body.id;
  });

  const candidates = (query = '', token = world.tokens.dispatcher, id = caseId) =>
    world.server.request<MerchantCandidate[]>('GET', `/api/cases/${id}/merchant-candidates${query}`, { token });

  it('lists active merchants within 150 m, nearest first, with their distance', async () => {
    const { status, body } = await candidates();
    expect(status).toBe(200);
    expect(body.map((c) => c.merchant.name)).toEqual(['候选20米', '候选60米', '候选100米', '候选140米']);
    for (const c of body) {
      const metres = Number(/\d+/.exec(c.merchant.name)![0]);
      expect(Math.abs(c.distanceM - metres)).toBeLessThan(1);
      expect(c.merchant).not.toHaveProperty('operatorPhone');
    }
  });

  it('takes a radius up to 500 m, and refuses more', async () => {
    const wide = await candidates('?radiusM=450');
    expect(wide.body.map((c) => c.merchant.name)).toEqual([
      '候选20米',
      '候选60米',
      '候选100米',
      '候选140米',
      '候选200米',
      '候选400米',
    ]);
    const narrow = await candidates('?radiusM=50');
    expect(narrow.body.map((c) => c.merchant.name)).toEqual(['候选20米']);
    const tooWide = await candidates('?radiusM=501');
    expect(tooWide.status).toBe(400);
    expect(error(tooWide.body).field).toBe('querystring.radiusM');
  });

  it('answers at most 10', async () => {
    const crowd = { lng: 113.645, lat: 34.855 };
    for (let i = 0; i < 12; i++) await register({ name: `人群${i}`, location: offset(crowd, 5 * i, 3) });
    const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.dispatcher,
      body: { channel: 'hotline', description: '夜市占道', location: crowd, categoryCode: '0201' },
    });
    const { body } = await candidates('', world.tokens.dispatcher, filed.body.id);
    expect(body).toHaveLength(10);
    expect(body.map((c) => c.merchant.name)).toEqual(Array.from({ length: 10 }, (_, i) => `人群${i}`));
  });

  it('answers [] for a case without a location, and 404 for a missing case', async () => {
    const unplaced = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.clerk,
      body: { channel: 'letter_visit', description: '有人摆摊', address: '城北那个菜市场旁边的小巷' },
    });
    expect(unplaced.body.needsLocation).toBe(true);
    expect((await candidates('', world.tokens.dispatcher, unplaced.body.id)).body).toEqual([]);
    expect((await candidates('', world.tokens.dispatcher, 999_999)).status).toBe(404);
  });

  it('shows a squad member the candidates of its own squad’s cases only', async () => {
    expect((await candidates('', world.tokens.middle_member)).status).toBe(404);
    const assigned = await world.server.request('POST', `/api/cases/${caseId}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: world.fixture.squadIds.middle },
    });
    expect(assigned.status).toBe(201);
    const mine = await candidates('', world.tokens.middle_member);
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(4);
    // …and may open each of them, a full entry with the operator's number.
    const first = await get(mine.body[0]!.merchant.id, world.tokens.middle_member);
    expect(first.status).toBe(200);
    expect(first.body.operatorPhone).toBe('13903710158');
    expect((await candidates('', world.tokens.near_member)).status).toBe(404);
  });
});

describe('the map feed', () => {
  it('lists every active merchant in id order, as summaries, for dispatch roles and squads', async () => {
    const { rows } = await world.db.pool.query<{ id: number }>('SELECT id FROM merchants WHERE active ORDER BY id');
    for (const who of ['dispatcher', 'supervisor', 'clerk', 'admin', 'near_member'] as const) {
      const { status, body } = await world.server.request<MerchantSummary[]>('GET', '/api/merchants/map', {
        token: world.tokens[who],
      });
      expect(status, who).toBe(200);
      expect(body.map((m) => m.id)).toEqual(rows.map((r) => r.id));
    }
    const { body } = await world.server.request<MerchantSummary[]>('GET', '/api/merchants/map', {
      token: world.tokens.dispatcher,
    });
    expect(Object.keys(body[0]!).sort()).toEqual(['address', 'grade', 'id', 'kind', 'location', 'name']);
  });
});

describe('the storefront photo', () => {
  const url = (id: number) => `${world.server.baseUrl}/api/merchants/${id}/storefront-photo`;
  const put = (id: number, body: Uint8Array<ArrayBuffer>, type: string, token = world.tokens.admin) =>
    fetch(url(id), { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
  const read = (id: number, token: string | undefined, headers: Record<string, string> = {}) =>
    fetch(url(id), { headers: { authorization: `Bearer ${token}`, ...headers } });

  it('round-trips the bytes with their type, an ETag and revalidation', async () => {
    // In the middle squad's grid, and more than 500 m from the near squad's case.
    const merchant = await register({ name: '门头照片店', location: { lng: 113.6256, lat: 34.8344 } });
    expect((await read(merchant.id, world.tokens.dispatcher)).status).toBe(404);

    const png = solidPng(64, 48);
    const stored = await put(merchant.id, new Uint8Array(png), 'image/png');
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as MerchantDto).hasStorefrontPhoto).toBe(true);

    const got = await read(merchant.id, world.tokens.dispatcher);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('cache-control')).toBe('private, no-cache');
    const etag = got.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);

    const again = await read(merchant.id, world.tokens.dispatcher, { 'if-none-match': etag! });
    expect(again.status).toBe(304);

    // Replaced: the old ETag no longer matches. The type comes from the bytes, not the header.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
    expect((await put(merchant.id, new Uint8Array(jpeg), 'image/webp')).status).toBe(200);
    const replaced = await read(merchant.id, world.tokens.middle_member, { 'if-none-match': etag! });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await replaced.arrayBuffer()).equals(jpeg)).toBe(true);
    // A squad member without business with the merchant does not learn it has a photo.
    expect((await read(merchant.id, world.tokens.near_member)).status).toBe(404);
  });

  it('refuses what is not an image: 415 for another type, 422 for bytes that lie, 413 over 5 MB', async () => {
    const merchant = await register({ name: '坏照片店', location: offset(IN_GRID, -80) });
    const text = await put(merchant.id, new TextEncoder().encode('hello'), 'text/plain');
    expect(text.status).toBe(415);
    const json = await put(merchant.id, new TextEncoder().encode('{"a":1}'), 'application/json');
    expect(json.status).toBe(415);
    expect(((await json.json()) as { field: string }).field).toBe('body');
    const lying = await put(merchant.id, new TextEncoder().encode('not a png at all'), 'image/png');
    expect(lying.status).toBe(422);
    expect(((await lying.json()) as { field: string }).field).toBe('body');
    const huge = Buffer.concat([solidPng(4, 4), Buffer.alloc(5 * 1024 * 1024)]);
    expect((await put(merchant.id, new Uint8Array(huge), 'image/png')).status).toBe(413);
    expect((await put(999_999, new Uint8Array(solidPng(4, 4)), 'image/png')).status).toBe(404);
    expect((await get(merchant.id, world.tokens.admin)).body.hasStorefrontPhoto).toBe(false);
  });
});
