import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDto, LngLat } from '@civic/shared';
import { buildApp } from '../server/src/app.ts';
import { convertPoint, fromWgs84 } from '../server/src/modules/geo/crs.ts';
import { httpGeocoder } from '../server/src/modules/geocode/external.ts';
import { lookupAddress, useExternalGeocoder } from '../server/src/modules/geocode/gazetteer.ts';
import { CONFIDENCE_THRESHOLD, geocode } from '../server/src/modules/geocode/geocoder.ts';
import { startTestServer } from './support/app.ts';
import { CROSSING } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

interface GeocodeAnswer {
  threshold: number;
  results: {
    label: string;
    level: string;
    confidence: number;
    point: LngLat;
    source: string;
    parsed?: { normalized: string; intersection?: string[] };
  }[];
}

interface ImportJob {
  id: number;
  status: string;
  total: number;
  done: number;
  failed: number;
  errors: { row: number; message: string }[];
}

const geocodeGet = (q: string, token = world.tokens.clerk, extra = '') =>
  world.server.request<GeocodeAnswer>('GET', `/api/geocode?q=${encodeURIComponent(q)}${extra}`, { token });

/** Metres between two nearby points. */
function metres(a: LngLat, b: LngLat): number {
  const lat = ((a.lat + b.lat) / 2) * (Math.PI / 180);
  return Math.hypot((a.lng - b.lng) * 111_320 * Math.cos(lat), (a.lat - b.lat) * 110_574);
}

async function upload(body: string, contentType: string, { token = world.tokens.admin, query = '' } = {}) {
  const response = await fetch(`${world.server.baseUrl}/api/gazetteer/imports${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as ImportJob & { field?: string } };
}

async function finished(id: number, baseUrl = world.server.baseUrl): Promise<ImportJob> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await fetch(`${baseUrl}/api/gazetteer/imports/${id}`, {
      headers: { authorization: `Bearer ${world.tokens.admin}` },
    });
    const job = (await response.json()) as ImportJob;
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

describe('GET /api/geocode', () => {
  it('answers every desk role with points, levels, confidences and how the text was read', async () => {
    for (const user of ['clerk', 'dispatcher', 'supervisor', 'admin', 'near_member'] as const) {
      const { status, body } = await geocodeGet('惠济区天河路与英才街交叉口东北角', world.tokens[user]);
      expect(status, user).toBe(200);
      expect(body.threshold).toBe(CONFIDENCE_THRESHOLD);
      const [best] = body.results;
      expect(best).toMatchObject({ level: 'intersection', source: 'gazetteer', label: '天河路 × 英才街 东北角' });
      expect(best!.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
      expect(metres(best!.point, CROSSING)).toBeLessThan(0.5);
      expect(best!.parsed).toMatchObject({ intersection: ['天河路', '英才街'] });
      expect(body.results[1]?.parsed).toBeUndefined();
    }
  });

  it('answers alternatives best first, at most `limit`', async () => {
    const { body } = await geocodeGet('英才街夜市疏导点北侧', world.tokens.clerk, '&limit=2');
    expect(body.results.map((r) => [r.label, r.level])).toEqual([
      ['英才街夜市疏导点 北侧', 'landmark'],
      ['英才街', 'road'],
    ]);
  });

  it('answers an empty list for what it cannot place, and 400/401 for bad requests', async () => {
    expect((await geocodeGet('老地方')).body.results).toEqual([]);
    expect((await world.server.request('GET', '/api/geocode?q=天河路')).status).toBe(401);
    const missing = await world.server.request<{ field: string }>('GET', '/api/geocode', { token: world.tokens.clerk });
    expect(missing.status).toBe(400);
    const tooMany = await world.server.request('GET', '/api/geocode?q=x&limit=500', { token: world.tokens.clerk });
    expect(tooMany.status).toBe(400);
  });

  it('answers in GCJ-02 or BD-09 when asked', async () => {
    for (const crs of ['gcj02', 'bd09'] as const) {
      const { body } = await geocodeGet('天河路与英才街交叉口', world.tokens.clerk, `&crs=${crs}`);
      expect(metres(body.results[0]!.point, fromWgs84(CROSSING, crs))).toBeLessThan(0.5);
    }
    expect((await geocodeGet('天河路', world.tokens.clerk, '&crs=mars')).status).toBe(400);
  });
});

describe('cases in other coordinate systems', () => {
  const gcj = fromWgs84(CROSSING, 'gcj02');
  const bd = fromWgs84(CROSSING, 'bd09');

  it('stores a GCJ-02 point as WGS-84 and answers each reader in the system it asks for', async () => {
    const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.clerk,
      body: { channel: 'web', description: '高德坐标', location: gcj, crs: 'gcj02' },
    });
    expect(filed.status).toBe(201);
    // The answer is in the system the filer used.
    expect(metres(filed.body.location!, gcj)).toBeLessThan(0.5);
    expect(filed.body.subDistrict).toBe('刘寨街道');

    const stored = await world.db.pool.query<{ lng: number; lat: number }>(
      'SELECT ST_X(location) AS lng, ST_Y(location) AS lat FROM cases WHERE id = $1',
      [filed.body.id],
    );
    expect(metres(stored.rows[0]!, CROSSING)).toBeLessThan(0.5);

    const token = world.tokens.dispatcher;
    const plain = await world.server.request<CaseDto>('GET', `/api/cases/${filed.body.id}`, { token });
    expect(metres(plain.body.location!, CROSSING)).toBeLessThan(0.5);
    const asBaidu = await world.server.request<CaseDto>('GET', `/api/cases/${filed.body.id}?crs=bd09`, { token });
    expect(metres(asBaidu.body.location!, bd)).toBeLessThan(0.5);
    const list = await world.server.request<CaseDto[]>('GET', '/api/cases?crs=gcj02&limit=5', { token });
    const listed = list.body.find((c) => c.id === filed.body.id);
    expect(metres(listed!.location!, gcj)).toBeLessThan(0.5);
    const bad = await world.server.request('GET', `/api/cases?crs=wgs1984`, { token });
    expect(bad.status).toBe(400);
  });

  it('places a case by hand from a Baidu point', async () => {
    const { body } = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.clerk,
      body: { channel: 'letter_visit', description: '待定位', address: '老地方' },
    });
    expect(body.needsLocation).toBe(true);
    const placed = await world.server.request<CaseDto>('PUT', `/api/cases/${body.id}/location?crs=bd09`, {
      token: world.tokens.dispatcher,
      body: bd,
    });
    expect(placed.status).toBe(200);
    expect(metres(placed.body.location!, bd)).toBeLessThan(0.5);
    const read = await world.server.request<CaseDto>('GET', `/api/cases/${body.id}`, {
      token: world.tokens.dispatcher,
    });
    expect(metres(read.body.location!, CROSSING)).toBeLessThan(0.5);
    expect(read.body.subDistrict).toBe('刘寨街道');
  });
});

describe('gazetteer imports', () => {
  it('imports a CSV in the background, reports bad rows without stopping, and the geocoder finds the rows', async () => {
    const csv = [
      '类型,名称,经度,纬度,别名,道路名,门牌号',
      '地标,测试万象城,113.641,34.842,万象城|万象',
      '地标,坐标不对,abc,34.8,,',
      '门牌,,113.6205,34.8302,,天河路,18',
      '门牌,,113.6225,34.8302,,天河路,38',
      '社区,测试花园社区,113.645,34.845,,',
      '火星,未知,113.6,34.8,,',
    ].join('\n');
    const started = await upload(csv, 'text/csv; charset=utf-8');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', total: 6 });
    const job = await finished(started.body.id);
    expect(job).toMatchObject({ status: 'done', total: 6, done: 6, failed: 2 });
    expect(job.errors.map((e) => e.row)).toEqual([3, 7]);
    expect(job.errors[0]!.message).toMatch(/not a number/);
    expect(job.errors[1]!.message).toMatch(/Unknown kind/);

    const landmark = await geocodeGet('万象城东门');
    expect(landmark.body.results[0]).toMatchObject({ label: '测试万象城 东门', level: 'landmark', confidence: 1 });
    // 28 lies halfway between the known 18 and 38 on the same side.
    const house = await geocodeGet('天河路28号');
    expect(house.body.results[0]).toMatchObject({ level: 'house_number' });
    expect(metres(house.body.results[0]!.point, { lng: 113.6215, lat: 34.8302 })).toBeLessThan(1);
  });

  it('imports road lines from GeoJSON, derives their intersections, and converts GCJ-02 files', async () => {
    // 新华路 runs north–south at lng 113.645 across 天河路 (lat 34.83); given in GCJ-02.
    const line = [
      { lng: 113.645, lat: 34.81 },
      { lng: 113.645, lat: 34.85 },
    ].map((p) => convertPoint(p, 'wgs84', 'gcj02'));
    const collection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: line.map((p) => [p.lng, p.lat]) },
          properties: { name: '新华路', class: 'secondary', aliases: ['新华大道'] },
        },
        { type: 'Feature', geometry: null, properties: { name: '没有几何' } },
      ],
    };
    const started = await upload(JSON.stringify(collection), 'application/geo+json', { query: '?crs=gcj02' });
    expect(started.status).toBe(202);
    const job = await finished(started.body.id);
    expect(job).toMatchObject({ status: 'done', total: 2, failed: 1, errors: [{ row: 2 }] });

    const { rows } = await world.db.pool.query<{ name: string; lng: number; lat: number }>(
      `SELECT name, ST_X(point) AS lng, ST_Y(point) AS lat FROM gazetteer_entries
        WHERE kind = 'intersection' AND source = 'derived' AND '新华路' IN (road, cross_road)`,
    );
    expect(rows.map((r) => r.name).sort()).toEqual(['天河路与新华路']);
    expect(metres(rows[0]!, { lng: 113.645, lat: 34.83 })).toBeLessThan(1);

    const { body } = await geocodeGet('新华大道和天河路路口');
    expect(body.results[0]).toMatchObject({ label: '新华路 × 天河路', level: 'intersection' });
    expect(metres(body.results[0]!.point, { lng: 113.645, lat: 34.83 })).toBeLessThan(1);

    // The same file again replaces the road instead of doubling it.
    await finished((await upload(JSON.stringify(collection), 'application/json', { query: '?crs=gcj02' })).body.id);
    const lines = await world.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM roads WHERE name = '新华路'`,
    );
    expect(lines.rows[0]!.n).toBe(1);
  });

  it('lets any node answer for a job another node runs', async () => {
    const other = await startTestServer(world.db);
    try {
      const started = await upload('kind,name,lng,lat\nlandmark,另一节点地标,113.62,34.84\n', 'text/csv');
      const job = await finished(started.body.id, other.baseUrl);
      expect(job).toMatchObject({ status: 'done', done: 1, failed: 0 });
    } finally {
      await other.close();
    }
  });

  it('refuses non-admins, unknown media types, unreadable files and unknown jobs', async () => {
    expect((await upload('kind,name,lng,lat\n', 'text/csv', { token: world.tokens.dispatcher })).status).toBe(403);
    expect((await upload('<xml/>', 'application/xml')).status).toBe(415);
    const unreadable = await upload('{"type": "FeatureCollection", "features": ', 'application/geo+json');
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.field).toBe('body');
    expect((await upload('', 'text/csv')).status).toBe(400);
    const plain = await upload('kind,name,lng,lat\nlandmark,纯文本导入,113.62,34.84\n', 'text/plain', {
      query: '?format=csv',
    });
    expect(plain.status).toBe(202);
    const missing = await world.server.request('GET', '/api/gazetteer/imports/999999', { token: world.tokens.admin });
    expect(missing.status).toBe(404);
  });
});

describe('an external geocoder', () => {
  let server: Server;
  let url: string;
  const asked: string[] = [];
  let answer: (address: string) => { status: number; body: unknown } = () => ({ status: 200, body: {} });

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const address = new URL(request.url ?? '/', 'http://localhost').searchParams.get('address') ?? '';
      asked.push(address);
      const { status, body } = answer(address);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/geocode/geo?address={text}&key={key}`;
  });
  afterAll(async () => {
    useExternalGeocoder(undefined);
    await new Promise((resolve) => server.close(resolve));
  });

  /** An Amap-style service answering GCJ-02 points. */
  const amap = (wgs: LngLat, level = '兴趣点') => {
    const gcj = fromWgs84(wgs, 'gcj02');
    return {
      status: 200,
      body: { status: '1', geocodes: [{ formatted_address: '外部地点', location: `${gcj.lng},${gcj.lat}`, level }] },
    };
  };

  it('is asked only when the gazetteer is unsure, and its GCJ-02 answer comes back as WGS-84', async () => {
    const external = httpGeocoder({ url, key: 'secret', crs: 'gcj02' });
    const place = { lng: 113.635, lat: 34.84 };
    answer = () => amap(place);
    asked.length = 0;

    const sure = await geocode(world.db.pool, '天河路与英才街交叉口', { external });
    expect(sure.results[0]!.source).toBe('gazetteer');
    expect(asked).toEqual([]);

    const unsure = await geocode(world.db.pool, '惠济区某某小区南门', { external });
    expect(asked).toEqual(['惠济区某某小区南门']);
    expect(unsure.results[0]).toMatchObject({ source: 'external', level: 'landmark', label: '外部地点' });
    expect(metres(unsure.results[0]!.point, place)).toBeLessThan(0.5);
  });

  it('ignores answers far outside the district and services that fail', async () => {
    const external = httpGeocoder({ url, crs: 'gcj02' });
    answer = () => amap({ lng: 113.26, lat: 23.13 }); // a 天河路 in Guangzhou
    expect((await geocode(world.db.pool, '某某小区', { external })).results).toEqual([]);
    answer = () => ({ status: 500, body: { error: 'down' } });
    expect((await geocode(world.db.pool, '某某小区', { external })).results).toEqual([]);
    const known = await geocode(world.db.pool, '天河大路', { external });
    expect(known.results[0]).toMatchObject({ label: '天河路', source: 'gazetteer' });
  });

  it('places cases through lookupAddress once configured', async () => {
    const place = { lng: 113.62, lat: 34.845 };
    answer = () => amap(place, '门牌号');
    useExternalGeocoder(httpGeocoder({ url, crs: 'gcj02' }));
    try {
      const match = await lookupAddress(world.db.pool, '惠济区幸福小区3号楼');
      expect(match).toMatchObject({ level: 'house_number', label: '外部地点', confidence: 0.8 });
      expect(metres(match!, place)).toBeLessThan(0.5);
    } finally {
      useExternalGeocoder(undefined);
    }
    expect(await lookupAddress(world.db.pool, '惠济区幸福小区3号楼')).toBeUndefined();
  });

  it('is wired from the GEOCODER_* configuration into GET /api/geocode', async () => {
    const place = { lng: 113.64, lat: 34.85 };
    answer = () => amap(place);
    const app = await buildApp({
      config: {
        positionFreshSeconds: 300,
        sessionTtlHours: 1,
        webDistDir: '/nonexistent',
        logLevel: 'silent',
        trustProxy: false,
        escalationSweepMs: 60_000,
        geocoder: { url, key: 'k', crs: 'gcj02' },
      },
      pool: world.db.pool,
      redis: undefined,
      dbMode: world.db.mode,
      logger: false,
    });
    try {
      const response = await app.http.inject({
        method: 'GET',
        url: `/api/geocode?q=${encodeURIComponent('某某新村')}`,
        headers: { authorization: `Bearer ${world.tokens.clerk}` },
      });
      const body = response.json<GeocodeAnswer>();
      expect(body.results[0]).toMatchObject({ source: 'external' });
      expect(metres(body.results[0]!.point, place)).toBeLessThan(0.5);
    } finally {
      await app.close();
      useExternalGeocoder(undefined);
    }
  });
});
