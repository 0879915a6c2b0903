import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiError,
  CaseDto,
  MerchantDto,
  MerchantList,
  OpeningHours,
  Recommendation,
  ZoneDto,
  ZoneImportResult,
  ZoneInput,
} from '@civic/shared';
import { seedDemo } from '../server/src/modules/demo/seed.ts';
import { gridAtPointSql } from '../server/src/modules/zones/grid-owner.ts';
import { connected, nextEvent } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { CROSSING } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

type Ring = number[][];

/** A w×h-degree rectangle's ring with its south-west corner at (lng, lat). */
const box = (lng: number, lat: number, w = 0.002, h = 0.002): Ring =>
  [
    [lng, lat],
    [lng + w, lat],
    [lng + w, lat + h],
    [lng, lat + h],
    [lng, lat],
  ].map((position) => position.map((degrees) => Number(degrees.toFixed(7))));
const polygon = (ring: Ring) => ({ type: 'Polygon' as const, coordinates: [ring] });
/** The centre of box(lng, lat). */
const inside = (lng: number, lat: number) => ({ lng: lng + 0.001, lat: lat + 0.001 });

/** A bow tie: the ring crosses itself. */
const bowTie: Ring = [
  [113.61, 34.81],
  [113.612, 34.812],
  [113.612, 34.81],
  [113.61, 34.812],
  [113.61, 34.81],
];

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** "HH:MM" in Shanghai, `minutes` from now (wrapping past midnight). */
function shanghaiClock(minutes: number): string {
  const local = new Date(Date.now() + minutes * 60_000 + 8 * 3600_000);
  return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}
/** Open from an hour ago to an hour from now, every day: open now whatever the time of the run. */
const openNow = (): OpeningHours[] => [{ days: EVERY_DAY, start: shanghaiClock(-60), end: shanghaiClock(60) }];
/** Open two to three hours from now: closed now. */
const closedNow = (): OpeningHours[] => [{ days: EVERY_DAY, start: shanghaiClock(120), end: shanghaiClock(180) }];

const admin = () => world.tokens.admin;

function createZone(input: ZoneInput, token = admin()) {
  return world.server.request<ZoneDto & ApiError>('POST', '/api/zones', { token, body: input });
}

function fileCase(body: Record<string, unknown>) {
  return world.server.request<CaseDto>('POST', '/api/cases', {
    token: world.tokens.clerk,
    body: { channel: 'hotline', description: '有人占道摆摊', ...body },
  });
}

async function importZones(collection: unknown, options: { contentType?: string; query?: string } = {}) {
  const response = await fetch(`${world.server.baseUrl}/api/zones/import${options.query ?? ''}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${admin()}`,
      'content-type': options.contentType ?? 'application/json',
    },
    body: typeof collection === 'string' ? collection : JSON.stringify(collection),
  });
  return { status: response.status, body: (await response.json()) as ZoneImportResult & ApiError };
}

async function zoneEvents(zoneId: number) {
  const { rows } = await world.db.pool.query<{ action: string; actor: string; detail: Record<string, unknown> }>(
    `SELECT e.action, u.username AS actor, e.detail
       FROM zone_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.zone_id = $1 ORDER BY e.seq`,
    [zoneId],
  );
  return rows;
}

describe('zones: drawing, editing and deleting', () => {
  it('lets an admin create, read, replace and delete a zone, pushing zones:changed to dispatchers and squads', async () => {
    const dispatcher = world.server.connect(world.tokens.dispatcher);
    const phone = world.server.connect(world.tokens.near_member);
    await Promise.all([connected(dispatcher), connected(phone)]);

    const pushed = Promise.all([nextEvent(dispatcher, 'zones:changed'), nextEvent(phone, 'zones:changed')]);
    const created = await createZone({
      kind: 'night_market',
      name: '测试夜市',
      geometry: polygon(box(113.64, 34.85)),
      openingHours: [{ days: [5, 6], start: '18:00', end: '02:00' }],
      notice: '周五、周六晚间开放',
    });
    expect(created.status).toBe(201);
    const zone = created.body;
    expect(zone).toMatchObject({
      kind: 'night_market',
      name: '测试夜市',
      geometry: { type: 'MultiPolygon', coordinates: [[box(113.64, 34.85)]] },
      openingHours: [{ days: [5, 6], start: '18:00', end: '02:00' }],
      startsAt: null,
      endsAt: null,
      notice: '周五、周六晚间开放',
      ownerSquad: null,
    });
    expect(typeof zone.activeNow).toBe('boolean');
    const [onWall, onPhone] = await pushed;
    expect(onWall).toEqual({ change: 'created', zoneIds: [zone.id] });
    expect(onPhone).toEqual(onWall);

    // Any signed-in role reads zones, with a kind filter.
    const asSquad = await world.server.request<ZoneDto[]>('GET', '/api/zones?kind=night_market', {
      token: world.tokens.near_member,
    });
    expect(asSquad.status).toBe(200);
    expect(asSquad.body.map((z) => z.name)).toContain('测试夜市');
    expect(asSquad.body.every((z) => z.kind === 'night_market')).toBe(true);
    expect(
      (await world.server.request('GET', `/api/zones/${zone.id}`, { token: world.tokens.clerk })).body,
    ).toMatchObject({ id: zone.id, name: '测试夜市' });

    const updatedPush = nextEvent(dispatcher, 'zones:changed');
    const replaced = await world.server.request<ZoneDto>('PUT', `/api/zones/${zone.id}`, {
      token: admin(),
      body: {
        kind: 'night_market',
        name: '测试夜市（扩大）',
        geometry: { type: 'MultiPolygon', coordinates: [[box(113.64, 34.85)], [box(113.645, 34.85)]] },
        openingHours: [{ days: EVERY_DAY, start: '00:00', end: '24:00' }],
      },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: '测试夜市（扩大）', notice: null, activeNow: true });
    expect(replaced.body.geometry.coordinates).toHaveLength(2);
    expect(await updatedPush).toEqual({ change: 'updated', zoneIds: [zone.id] });

    const deletedPush = nextEvent(phone, 'zones:changed');
    expect((await world.server.request('DELETE', `/api/zones/${zone.id}`, { token: admin() })).status).toBe(204);
    expect(await deletedPush).toEqual({ change: 'deleted', zoneIds: [zone.id] });
    expect((await world.server.request('GET', `/api/zones/${zone.id}`, { token: admin() })).status).toBe(404);
    expect((await world.server.request('DELETE', `/api/zones/${zone.id}`, { token: admin() })).status).toBe(404);

    // Every change is an event, with who made it and what the zone was before.
    const events = await zoneEvents(zone.id);
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['created', 'admin'],
      ['updated', 'admin'],
      ['deleted', 'admin'],
    ]);
    expect(events[1]!.detail).toMatchObject({
      source: 'editor',
      before: { name: '测试夜市', notice: '周五、周六晚间开放' },
    });
    expect(events[2]!.detail).toMatchObject({ before: { name: '测试夜市（扩大）' } });
  });

  it('lets only admins change zones', async () => {
    const input: ZoneInput = { kind: 'vending', name: '越权', geometry: polygon(box(113.61, 34.85)) };
    for (const user of ['dispatcher', 'supervisor', 'clerk', 'near_member'] as const) {
      expect((await createZone(input, world.tokens[user])).status, user).toBe(403);
    }
    const { body: zones } = await world.server.request<ZoneDto[]>('GET', '/api/zones', { token: admin() });
    const fixtureZone = zones.find((z) => z.name === '英才街夜市疏导点')!;
    for (const [method, path] of [
      ['PUT', `/api/zones/${fixtureZone.id}`],
      ['DELETE', `/api/zones/${fixtureZone.id}`],
      ['POST', '/api/zones/import'],
    ] as const) {
      const { status } = await world.server.request(method, path, {
        token: world.tokens.dispatcher,
        body: method === 'DELETE' ? undefined : input,
      });
      expect(status, `${method} ${path}`).toBe(403);
    }
    expect((await world.server.request('GET', '/api/zones')).status).toBe(401);
  });

  it('answers 422 naming the field for a self-intersecting or unclosed polygon and for rules across fields', async () => {
    const base = { kind: 'vending' as const, name: '无效区域', geometry: polygon(box(113.61, 34.81)) };
    const cases: [string, ZoneInput, string][] = [
      ['a bow tie', { ...base, geometry: polygon(bowTie) }, 'body.geometry'],
      [
        'a hole crossing its shell',
        { ...base, geometry: { type: 'Polygon', coordinates: [box(113.61, 34.81), box(113.611, 34.811)] } },
        'body.geometry',
      ],
      [
        'a ring that does not close',
        {
          ...base,
          geometry: polygon(
            box(113.61, 34.81)
              .slice(0, 4)
              .concat([[113.6105, 34.8105]]),
          ),
        },
        'body.geometry.coordinates.0',
      ],
      [
        'latitude first',
        { ...base, geometry: polygon(box(113.61, 34.81).map(([a, b]) => [b!, a!])) },
        'body.geometry.coordinates.0.0',
      ],
      ['a control area without a period', { ...base, kind: 'control' }, 'body.startsAt'],
      [
        'a period that ends before it starts',
        { ...base, kind: 'control', startsAt: '2026-02-20T00:00:00+08:00', endsAt: '2026-02-17T00:00:00+08:00' },
        'body.endsAt',
      ],
      ['an owner on a vending point', { ...base, ownerSquadId: world.fixture.squadIds.near }, 'body.ownerSquadId'],
      ['an owner that does not exist', { ...base, kind: 'grid', ownerSquadId: 999_999 }, 'body.ownerSquadId'],
      ['hours on a grid', { ...base, kind: 'grid', openingHours: openNow() }, 'body.openingHours'],
    ];
    for (const [name, input, field] of cases) {
      const { status, body } = await createZone(input);
      expect([status, body.field], name).toEqual([422, field]);
    }
    // What the schema alone refuses is a 400 naming the field.
    const refused: [string, unknown, string][] = [
      ['a point', { ...base, geometry: { type: 'Point', coordinates: [113.61, 34.81] } }, 'body.geometry'],
      ['25:00', { ...base, openingHours: [{ days: [1], start: '25:00', end: '26:00' }] }, 'body.openingHours.0.start'],
      ['day 8', { ...base, openingHours: [{ days: [8], start: '08:00', end: '09:00' }] }, 'body.openingHours.0.days.0'],
      ['an unknown kind', { ...base, kind: 'parking' }, 'body.kind'],
      ['a ring of three points', { ...base, geometry: polygon(bowTie.slice(0, 3)) }, 'body.geometry'],
    ];
    for (const [name, input, field] of refused) {
      const { status, body } = await world.server.request<ApiError>('POST', '/api/zones', {
        token: admin(),
        body: input,
      });
      expect(status, name).toBe(400);
      expect(body.field, name).toContain(field);
    }
    const { body: zones } = await world.server.request<ZoneDto[]>('GET', '/api/zones', { token: admin() });
    expect(zones.map((z) => z.name)).not.toContain('无效区域');
  });

  it('refuses a second zone of the same kind and name with 409 naming the name', async () => {
    const input: ZoneInput = { kind: 'vending', name: '重名疏导点', geometry: polygon(box(113.62, 34.85)) };
    expect((await createZone(input)).status).toBe(201);
    const again = await createZone(input);
    expect([again.status, again.body.field, again.body.code]).toEqual([409, 'body.name', 'duplicate_zone']);
    // Another kind may share the name.
    expect((await createZone({ ...input, kind: 'night_market' })).status).toBe(201);
  });
});

describe('zones: GeoJSON import', () => {
  const feature = (properties: Record<string, unknown>, geometry: unknown = polygon(box(113.65, 34.85))) => ({
    type: 'Feature',
    properties,
    geometry,
  });

  it('keeps the good features, reports each bad one with its position and field, and upserts by kind and name', async () => {
    const collection = {
      type: 'FeatureCollection',
      name: 'bureau-zones',
      features: [
        feature({
          kind: 'vending',
          name: '导入疏导点',
          openingHours: [{ days: [1, 2, 3], start: '06:00', end: '09:00' }],
        }),
        feature(
          { kind: 'grid', name: '导入网格', ownerSquadCode: 'T-MID' },
          polygon(box(113.65, 34.852, 0.004, 0.004)),
        ),
        feature({ kind: 'parking', name: '未知类型' }),
        feature({ kind: 'vending', name: '自相交' }, polygon(bowTie)),
        feature({ kind: 'grid', name: '无此中队', ownerSquadCode: 'NOPE' }),
        feature({ kind: 'vending' }),
        feature({ kind: '夜市', name: '中文类型夜市' }, { type: 'MultiPolygon', coordinates: [[box(113.655, 34.85)]] }),
        feature({ kind: 'control', name: '没有时段的庙会' }),
        'not a feature',
      ],
    };
    const dispatcher = world.server.connect(world.tokens.dispatcher);
    await connected(dispatcher);
    const pushed = nextEvent(dispatcher, 'zones:changed', (change) => change.change === 'imported');

    const first = await importZones(collection);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 9, created: 3, updated: 0, failed: 6 });
    expect(first.body.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'properties.kind'],
      [4, 'geometry'],
      [5, 'properties.ownerSquadCode'],
      [6, 'properties.name'],
      [8, 'properties.startsAt'],
      [9, 'feature'],
    ]);
    expect(first.body.errors[1]!.message).toMatch(/Self-intersection/);
    expect(await pushed).toEqual({ change: 'imported', zoneIds: first.body.zoneIds });

    const { body: zones } = await world.server.request<ZoneDto[]>('GET', '/api/zones', { token: admin() });
    const byName = new Map(zones.map((z) => [z.name, z]));
    expect(byName.get('导入网格')?.ownerSquad).toEqual({ id: world.fixture.squadIds.middle, name: '中距环卫组' });
    expect(byName.get('中文类型夜市')?.kind).toBe('night_market');
    expect(byName.get('导入疏导点')?.openingHours).toEqual([{ days: [1, 2, 3], start: '06:00', end: '09:00' }]);
    for (const name of ['未知类型', '自相交', '无此中队', '没有时段的庙会']) expect(byName.has(name), name).toBe(false);

    // The same file again replaces, never duplicates; sent as application/geo+json this time.
    const second = await importZones(collection, { contentType: 'application/geo+json' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: 0, updated: 3, failed: 6, zoneIds: first.body.zoneIds });
    const events = await zoneEvents(first.body.zoneIds[0]!);
    expect(events.map((e) => e.action)).toEqual(['created', 'updated']);
    expect(events[0]!.detail).toEqual({ source: 'import', row: 1 });
  });

  it('converts GCJ-02 coordinates to WGS-84 when the file says so', async () => {
    const gcj = box(113.6, 34.86, 0.001, 0.001);
    const result = await importZones(
      { type: 'FeatureCollection', features: [feature({ kind: 'vending', name: '高德坐标疏导点' }, polygon(gcj))] },
      { query: '?crs=gcj02' },
    );
    expect(result.body.created).toBe(1);
    const stored = (
      await world.server.request<ZoneDto>('GET', `/api/zones/${result.body.zoneIds[0]}`, { token: admin() })
    ).body;
    const [lng, lat] = stored.geometry.coordinates[0]![0]![0]!;
    // GCJ-02 is offset by a few hundred metres in Zhengzhou, mostly east: WGS-84 lies west of it.
    expect(lng).toBeLessThan(113.6 - 0.003);
    expect(lng).toBeGreaterThan(113.6 - 0.01);
    expect(Math.abs(lat! - 34.86)).toBeLessThan(0.005);
  });

  it('refuses a file that is not a FeatureCollection, or not JSON, with a 400', async () => {
    expect((await importZones({ type: 'Feature', properties: {}, geometry: null })).status).toBe(400);
    expect((await importZones({ type: 'FeatureCollection', features: [] })).body.field).toBe('body.features');
    const broken = await importZones('{"type": "FeatureCollection", "features": [', {
      contentType: 'application/geo+json',
    });
    expect([broken.status, broken.body.field]).toEqual([400, 'body']);
  });
});

describe('likely permitted (可能为许可经营)', () => {
  let open: ZoneDto;
  let closed: ZoneDto;
  beforeAll(async () => {
    open = (
      await createZone({
        kind: 'vending',
        name: '营业中疏导点',
        geometry: polygon(box(113.62, 34.805)),
        openingHours: openNow(),
      })
    ).body;
    closed = (
      await createZone({
        kind: 'night_market',
        name: '未开市夜市',
        geometry: polygon(box(113.625, 34.805)),
        openingHours: closedNow(),
      })
    ).body;
    expect([open.activeNow, closed.activeNow]).toEqual([true, false]);
  });

  it('flags street occupation inside a designated zone in its hours, with the zone', async () => {
    const { status, body } = await fileCase({ categoryCode: '0201', location: inside(113.62, 34.805) });
    expect(status).toBe(201);
    expect(body.permittedZone).toEqual({ id: open.id, name: '营业中疏导点' });
    // 流动摊贩 too.
    expect((await fileCase({ categoryCode: '0203', location: inside(113.62, 34.805) })).body.permittedZone?.id).toBe(
      open.id,
    );
    // Read back, the flag is stored.
    const read = await world.server.request<CaseDto>('GET', `/api/cases/${body.id}`, {
      token: world.tokens.dispatcher,
    });
    expect(read.body.permittedZone).toEqual({ id: open.id, name: '营业中疏导点' });
  });

  it('does not flag outside the hours, outside any zone, another category, or a grid', async () => {
    const notFlagged = [
      await fileCase({ categoryCode: '0201', location: inside(113.625, 34.805) }),
      await fileCase({ categoryCode: '0201', location: { lng: 113.65, lat: 34.81 } }),
      await fileCase({ categoryCode: '0202', location: inside(113.62, 34.805) }),
      await fileCase({ location: inside(113.62, 34.805) }),
    ];
    for (const filed of notFlagged) {
      expect(filed.status).toBe(201);
      expect(filed.body.permittedZone).toBeNull();
    }
    const grid = await createZone({ kind: 'grid', name: '许可测试网格', geometry: polygon(box(113.63, 34.805)) });
    expect((await fileCase({ categoryCode: '0201', location: inside(113.63, 34.805) })).body.permittedZone).toBeNull();
    await world.server.request('DELETE', `/api/zones/${grid.body.id}`, { token: admin() });
  });

  it('sets and clears the flag when a case is placed by hand, and pushes it with case:located', async () => {
    const filed = await fileCase({ categoryCode: '0201', address: '城南某个说不清的小巷子' });
    expect(filed.body.needsLocation).toBe(true);
    expect(filed.body.permittedZone).toBeNull();
    const dispatcher = world.server.connect(world.tokens.dispatcher);
    await connected(dispatcher);
    const located = nextEvent(dispatcher, 'case:located', (event) => event.case.id === filed.body.id);
    const placed = await world.server.request<CaseDto>('PUT', `/api/cases/${filed.body.id}/location`, {
      token: world.tokens.dispatcher,
      body: inside(113.62, 34.805),
    });
    expect(placed.body.permittedZone?.id).toBe(open.id);
    expect((await located).case.permittedZone?.id).toBe(open.id);
    const moved = await world.server.request<CaseDto>('PUT', `/api/cases/${filed.body.id}/location`, {
      token: world.tokens.dispatcher,
      body: { lng: 113.65, lat: 34.81 },
    });
    expect(moved.body.permittedZone).toBeNull();
  });

  it('drops the flag when the zone is deleted', async () => {
    const zone = (
      await createZone({
        kind: 'vending',
        name: '将删除疏导点',
        geometry: polygon(box(113.635, 34.805)),
        openingHours: openNow(),
      })
    ).body;
    const filed = await fileCase({ categoryCode: '0201', location: inside(113.635, 34.805) });
    expect(filed.body.permittedZone?.id).toBe(zone.id);
    await world.server.request('DELETE', `/api/zones/${zone.id}`, { token: admin() });
    const read = await world.server.request<CaseDto>('GET', `/api/cases/${filed.body.id}`, { token: admin() });
    expect(read.body.permittedZone).toBeNull();
  });
});

describe('recommendations prefer the grid owner', () => {
  let caseId: number;
  let gridId: number;
  const gridAround = polygon(box(CROSSING.lng - 0.003, CROSSING.lat - 0.003, 0.006, 0.006));

  beforeAll(async () => {
    caseId = (await fileCase({ location: CROSSING, categoryCode: '0101' })).body.id;
    const grid = await createZone({
      kind: 'grid',
      name: '天河路网格',
      geometry: gridAround,
      ownerSquadId: world.fixture.squadIds.far,
    });
    expect(grid.status).toBe(201);
    gridId = grid.body.id;
  });
  afterAll(async () => {
    await world.server.request('DELETE', `/api/zones/${gridId}`, { token: admin() });
  });

  const recommend = async (limit?: number) => {
    const { status, body } = await world.server.request<Recommendation[]>(
      'GET',
      `/api/cases/${caseId}/recommendations${limit ? `?limit=${limit}` : ''}`,
      { token: world.tokens.dispatcher },
    );
    expect(status).toBe(200);
    return body;
  };
  const setOwner = (squadId: number) =>
    world.server.request('PUT', `/api/zones/${gridId}`, {
      token: admin(),
      body: { kind: 'grid', name: '天河路网格', geometry: gridAround, ownerSquadId: squadId },
    });

  it('ranks the owning squad first, says so, and keeps the others nearest first', async () => {
    const recs = await recommend();
    expect(recs.map((r) => [r.squad.code, r.gridOwner, r.nearestRank])).toEqual([
      ['T-FAR', true, 3],
      ['T-NEAR', false, 1],
      ['T-MID', false, 2],
    ]);
    expect(recs[0]!.reason).toMatch(/^网格责任中队（天河路网格）；第 3 近的空闲队伍/);
    expect(recs[1]!.reason).toMatch(/^最近的空闲队伍/);
    expect(recs[1]!.reason).not.toContain('网格');
  });

  it('brings in the owner from beyond the nearest listed, with its true rank', async () => {
    const recs = await recommend(2);
    expect(recs.map((r) => [r.squad.code, r.gridOwner, r.nearestRank])).toEqual([
      ['T-FAR', true, 3],
      ['T-NEAR', false, 1],
    ]);
  });

  it('moves the owner up from among the nearest', async () => {
    expect((await setOwner(world.fixture.squadIds.middle)).status).toBe(200);
    const recs = await recommend();
    expect(recs.map((r) => [r.squad.code, r.gridOwner, r.nearestRank])).toEqual([
      ['T-MID', true, 2],
      ['T-NEAR', false, 1],
      ['T-FAR', false, 3],
    ]);
  });

  it('falls back to nearest first when the owner cannot be dispatched (off duty, or a stale fix)', async () => {
    for (const squad of [world.fixture.squadIds.offDuty, world.fixture.squadIds.stale]) {
      expect((await setOwner(squad)).status).toBe(200);
      const recs = await recommend();
      expect(recs.map((r) => r.squad.code)).toEqual(['T-NEAR', 'T-MID', 'T-FAR']);
      expect(recs.some((r) => r.gridOwner)).toBe(false);
    }
  });
});

describe('the district map', () => {
  it('draws zones with their id, kind and whether they are open; an ended control area is not drawn', async () => {
    const day = 86_400_000;
    const upcoming = await createZone({
      kind: 'control',
      name: '下周庙会',
      geometry: polygon(box(113.605, 34.855)),
      startsAt: new Date(Date.now() + 7 * day).toISOString(),
      endsAt: new Date(Date.now() + 9 * day).toISOString(),
      notice: '庙会期间临时管控',
    });
    const ended = await createZone({
      kind: 'control',
      name: '上周庙会',
      geometry: polygon(box(113.605, 34.855)),
      startsAt: new Date(Date.now() - 9 * day).toISOString(),
      endsAt: new Date(Date.now() - 7 * day).toISOString(),
    });
    expect([upcoming.status, ended.status]).toEqual([201, 201]);
    const { body } = await world.server.request<{
      features: { properties: { layer: string; name: string; id?: number; kind?: string; activeNow?: boolean } }[];
    }>('GET', '/api/district');
    const zones = new Map(
      body.features.filter((f) => f.properties.layer === 'zone').map((f) => [f.properties.name, f]),
    );
    expect(zones.get('下周庙会')?.properties).toEqual({
      layer: 'zone',
      name: '下周庙会',
      id: upcoming.body.id,
      kind: 'control',
      activeNow: false,
    });
    expect(zones.has('上周庙会')).toBe(false);
    expect(zones.get('英才街夜市疏导点')?.properties.activeNow).toBe(true);
  });
});

describe('the demo zones', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.pool);
  });
  afterAll(async () => db?.drop());

  it('has hours, a temple fair in force, owned grids tiling 刘寨 and 长兴路, and a 3.5 km² pilot area', async () => {
    const { rows } = await db.pool.query<{
      kind: string;
      name: string;
      valid: boolean;
      area_km2: number;
      hours: OpeningHours[];
      owner: string | null;
      in_force: boolean;
    }>(
      `SELECT z.kind, z.name, ST_IsValid(z.geom) AS valid, ST_Area(z.geom::geography) / 1e6 AS area_km2,
              z.opening_hours AS hours, s.code AS owner,
              (z.starts_at IS NULL OR z.starts_at <= now()) AND (z.ends_at IS NULL OR z.ends_at > now()) AS in_force
         FROM zones z LEFT JOIN squads s ON s.id = z.owner_squad_id ORDER BY z.id`,
    );
    expect(rows.every((z) => z.valid)).toBe(true);
    const byName = new Map(rows.map((z) => [z.name, z]));
    expect(byName.get('英才街夜市疏导点')?.hours).toEqual([{ days: EVERY_DAY, start: '18:00', end: '23:30' }]);
    const pilot = rows.filter((z) => z.kind === 'pilot');
    expect(pilot.map((z) => z.name)).toEqual(['一卡四色试点区域']);
    expect(pilot[0]!.area_km2).toBeGreaterThan(3.3);
    expect(pilot[0]!.area_km2).toBeLessThan(3.7);
    const fair = rows.find((z) => z.kind === 'control');
    expect(fair?.name).toContain('庙会');
    expect(fair?.in_force).toBe(true);
    const grids = rows.filter((z) => z.kind === 'grid');
    expect(grids.length).toBeGreaterThanOrEqual(2);
    expect(grids.every((z) => z.owner !== null)).toBe(true);

    // The grids cover the two sub-districts exactly, without overlapping. Planar
    // areas in square degrees (1e-10 ≈ 1 m² here): both are drawn with straight
    // edges in degrees, which geodesic edges would bend apart by centimetres.
    const { rows: cover } = await db.pool.query<{ uncovered: number; overlap: number }>(
      `WITH g AS (SELECT id, geom FROM zones WHERE kind = 'grid'),
            sd AS (SELECT ST_Union(geom) AS geom FROM sub_districts WHERE name IN ('刘寨街道', '长兴路街道'))
       SELECT ST_Area(ST_Difference(sd.geom, (SELECT ST_Union(geom) FROM g))) AS uncovered,
              (SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0)
                 FROM g a JOIN g b ON a.id < b.id) AS overlap
         FROM sd`,
    );
    expect(cover[0]!.uncovered).toBeLessThan(1e-10);
    expect(cover[0]!.overlap).toBeLessThan(1e-10);
  });
});

describe('merchants follow the grids drawn around them', () => {
  /** Registered through the API as an admin, as a survey or an import would. */
  const register = async (name: string, location: { lng: number; lat: number }) => {
    const { status, body } = await world.server.request<MerchantDto>('POST', '/api/merchants', {
      token: admin(),
      body: { name, kind: 'street_vendor', operatorPhone: '13903710158', location },
    });
    expect(status).toBe(201);
    return body.id;
  };
  const gridOf = async (...ids: number[]) => {
    const { rows } = await world.db.pool.query<{ id: number; grid_zone_id: number | null }>(
      'SELECT id, grid_zone_id FROM merchants WHERE id = ANY($1::int[])',
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row.grid_zone_id]));
    return ids.map((id) => byId.get(id));
  };
  const putGrid = (id: number, input: Partial<ZoneInput> & Pick<ZoneInput, 'geometry' | 'name'>) =>
    world.server.request<ZoneDto>('PUT', `/api/zones/${id}`, { token: admin(), body: { kind: 'grid', ...input } });

  // South-east of the fixture's crossing, away from every other zone and case of this file.
  const AREA = { lng: 113.645, lat: 34.815 };
  const west = { lng: AREA.lng + 0.001, lat: AREA.lat + 0.001 };
  const middle = { lng: AREA.lng + 0.003, lat: AREA.lat + 0.001 };
  const east = { lng: AREA.lng + 0.007, lat: AREA.lat + 0.001 };

  it('places merchants registered before a grid once it is drawn, and moves them out as it moves or goes', async () => {
    const [a, b, c] = [
      await register('网格前西摊', west),
      await register('网格前中摊', middle),
      await register('网格前东摊', east),
    ];
    expect(await gridOf(a, b, c)).toEqual([null, null, null]);
    // The near squad's member can read none of them yet: no grid of theirs, no case of theirs nearby.
    const asNear = (id: number) =>
      world.server.request<MerchantDto>('GET', `/api/merchants/${id}`, { token: world.tokens.near_member });
    expect((await asNear(a)).status).toBe(404);

    const drawn = await createZone({
      kind: 'grid',
      name: '后画网格',
      geometry: polygon(box(AREA.lng, AREA.lat, 0.004, 0.002)),
      ownerSquadId: world.fixture.squadIds.near,
    });
    expect(drawn.status).toBe(201);
    const gridId = drawn.body.id;
    expect(await gridOf(a, b, c)).toEqual([gridId, gridId, null]);
    // What the grid was for: the owner squad reads its merchants, the filter and the entry name the grid.
    const read = await asNear(a);
    expect(read.status).toBe(200);
    expect(read.body.grid).toEqual({ id: gridId, name: '后画网格', ownerSquadId: world.fixture.squadIds.near });
    const filtered = await world.server.request<MerchantList>('GET', `/api/merchants?gridId=${gridId}`, {
      token: world.tokens.supervisor,
    });
    expect(filtered.body.items.map((m) => m.id).sort((x, y) => x - y)).toEqual([a, b]);

    // Moved east: the west and middle stalls leave it, the east one joins.
    const moved = await putGrid(gridId, {
      name: '后画网格',
      geometry: polygon(box(AREA.lng + 0.005, AREA.lat, 0.004, 0.002)),
      ownerSquadId: world.fixture.squadIds.near,
    });
    expect(moved.status).toBe(200);
    expect(await gridOf(a, b, c)).toEqual([null, null, gridId]);
    expect((await asNear(a)).status).toBe(404);

    // A grid not yet in force places no one, as it is not the grid owner the recommendations use.
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await putGrid(gridId, {
      name: '后画网格',
      geometry: polygon(box(AREA.lng + 0.005, AREA.lat, 0.004, 0.002)),
      startsAt: later,
    });
    expect(await gridOf(a, b, c)).toEqual([null, null, null]);
    await putGrid(gridId, { name: '后画网格', geometry: polygon(box(AREA.lng, AREA.lat, 0.009, 0.002)) });
    expect(await gridOf(a, b, c)).toEqual([gridId, gridId, gridId]);

    // Deleting it puts them in the grid still covering them, or in none.
    const other = await createZone({
      kind: 'grid',
      name: '后画东网格',
      geometry: polygon(box(AREA.lng + 0.006, AREA.lat)),
    });
    expect(other.status).toBe(201);
    expect(await gridOf(c)).toEqual([gridId]); // overlapping: neither has an owner, the older wins
    expect((await world.server.request('DELETE', `/api/zones/${gridId}`, { token: admin() })).status).toBe(204);
    expect(await gridOf(a, b, c)).toEqual([null, null, other.body.id]);
    expect((await world.server.request('DELETE', `/api/zones/${other.body.id}`, { token: admin() })).status).toBe(204);
    expect(await gridOf(c)).toEqual([null]);
  });

  it('settles an overlap as the recommendations do: a grid with an owner first, then the older', async () => {
    const spot = { lng: AREA.lng + 0.001, lat: AREA.lat + 0.004 };
    const wide = await createZone({
      kind: 'grid',
      name: '大网格（有主）',
      geometry: polygon(box(AREA.lng, AREA.lat + 0.003, 0.004, 0.002)),
      ownerSquadId: world.fixture.squadIds.middle,
    });
    const small = await createZone({
      kind: 'grid',
      name: '小网格（无主）',
      geometry: polygon(box(AREA.lng, AREA.lat + 0.003)),
    });
    const merchant = await register('重叠处小摊', spot);
    // Inside both: the owned one, not the smaller (the rule placement used to have).
    expect(await gridOf(merchant)).toEqual([wide.body.id]);
    const recommendedGrid = await world.db.pool.query<{ id: number }>(
      `SELECT g.id FROM (${gridAtPointSql('ST_SetSRID(ST_MakePoint($1, $2), 4326)')}) g`,
      [spot.lng, spot.lat],
    );
    expect(recommendedGrid.rows[0]?.id).toBe(wide.body.id);
    // Its owner removed: two without an owner, the older still.
    await putGrid(wide.body.id, {
      name: '大网格（有主）',
      geometry: polygon(box(AREA.lng, AREA.lat + 0.003, 0.004, 0.002)),
    });
    expect(await gridOf(merchant)).toEqual([wide.body.id]);
    // An owner given to the other grid takes the merchant over.
    await putGrid(small.body.id, {
      name: '小网格（无主）',
      geometry: polygon(box(AREA.lng, AREA.lat + 0.003)),
      ownerSquadId: world.fixture.squadIds.far,
    });
    expect(await gridOf(merchant)).toEqual([small.body.id]);
    for (const id of [wide.body.id, small.body.id]) {
      expect((await world.server.request('DELETE', `/api/zones/${id}`, { token: admin() })).status).toBe(204);
    }
    expect(await gridOf(merchant)).toEqual([null]);
  });

  it('places existing merchants in the grids an import draws, and moves them with a re-import', async () => {
    const base = { lng: AREA.lng, lat: AREA.lat + 0.007 };
    const inFirst = await register('导入前摊一', { lng: base.lng + 0.001, lat: base.lat + 0.001 });
    const inSecond = await register('导入前摊二', { lng: base.lng + 0.005, lat: base.lat + 0.001 });
    const file = (firstLng: number) => ({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: '网格', name: '导入网格一' },
          geometry: polygon(box(firstLng, base.lat)),
        },
        {
          type: 'Feature',
          properties: { kind: 'grid', name: '导入网格二', ownerSquadCode: 'T-MID' },
          geometry: polygon(box(base.lng + 0.004, base.lat)),
        },
      ],
    });
    const first = await importZones(file(base.lng));
    expect(first.body).toMatchObject({ created: 2, failed: 0 });
    const [gridOne, gridTwo] = first.body.zoneIds;
    expect(await gridOf(inFirst, inSecond)).toEqual([gridOne, gridTwo]);

    // The same file with the first grid drawn elsewhere: its merchant is left outside every grid.
    const again = await importZones(file(base.lng + 0.008));
    expect(again.body).toMatchObject({ updated: 2, failed: 0 });
    expect(await gridOf(inFirst, inSecond)).toEqual([null, gridTwo]);
  });
});
