import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { CreateCaseBody, type CaseDto, type CaseStatus, type SquadDto, type SquadStatus } from '@civic/shared';
import { DEMO_DISTRICT_BBOX, DEMO_ROADS } from './data/index.ts';
import { STANDARD_LEAF_CATEGORIES } from '../categories/standard-catalogue.ts';
import { VAGUE_ADDRESSES } from './complaints.ts';
import { distanceM } from './geometry.ts';
import { DemoSimulator, startSimulator, type SimulatorOptions } from './simulator.ts';

/** Deterministic PRNG (mulberry32) so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Call {
  method: string;
  path: string;
  body: unknown;
  token: string | null;
}

const TRANSITIONS: Record<string, [CaseStatus, CaseStatus]> = {
  accept: ['dispatched', 'accepted'],
  dispose: ['accepted', 'disposed'],
  close: ['disposed', 'closed'],
};

type Handler = (call: Call) => { status: number; body?: unknown } | 'network-error' | undefined;

/**
 * A stand-in for the server's public API, just enough for the simulator:
 * logins, case listing/filing/accept/dispose, squads, district, heartbeat.
 * `override` lets a test make any request fail.
 */
class FakeApi {
  readonly calls: Call[] = [];
  cases: Pick<CaseDto, 'id' | 'caseNo' | 'status' | 'squadId' | 'location'>[] = [];
  squads: Pick<SquadDto, 'id' | 'code' | 'status' | 'position'>[] = [];
  override: Handler = () => undefined;
  private nextId = 1;

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const auth = new Headers(init?.headers).get('authorization');
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      token: auth?.replace(/^Bearer /, '') ?? null,
    };
    this.calls.push(call);
    const answer = this.override(call) ?? this.route(call, url);
    if (answer === 'network-error') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;

  callsTo(method: string, prefix: string): Call[] {
    return this.calls.filter((c) => c.method === method && c.path.startsWith(prefix));
  }

  private route(call: Call, url: URL): { status: number; body?: unknown } {
    const { method } = call;
    const path = url.pathname;
    if (method === 'POST' && path === '/api/auth/login') {
      const { username, password } = call.body as { username: string; password: string };
      if (password !== 'demo123') return { status: 401, body: { message: 'Wrong username or password' } };
      return { status: 200, body: { token: `token-${username}`, expiresAt: new Date().toISOString(), user: {} } };
    }
    if (!call.token) return { status: 401, body: { message: 'Log in first' } };
    if (method === 'GET' && path === '/api/cases') {
      const status = url.searchParams.get('status');
      const limit = Number(url.searchParams.get('limit') ?? 200);
      return { status: 200, body: this.cases.filter((c) => !status || c.status === status).slice(0, limit) };
    }
    if (method === 'POST' && path === '/api/cases') {
      const id = this.nextId++;
      const row = { id, caseNo: `HJ${id}`, status: 'received' as CaseStatus, squadId: null, location: null };
      this.cases.push(row);
      return { status: 201, body: row };
    }
    const step = /^\/api\/cases\/(\d+)\/(accept|dispose|close)$/.exec(path);
    if (method === 'POST' && step) {
      const row = this.cases.find((c) => c.id === Number(step[1]));
      if (!row) return { status: 404, body: { message: 'Case not found' } };
      const [from, to] = TRANSITIONS[step[2]!]!;
      if (row.status !== from) return { status: 409, body: { message: 'invalid transition' } };
      row.status = to;
      return { status: 200, body: row };
    }
    if (method === 'GET' && path === '/api/squads') return { status: 200, body: this.squads };
    if (method === 'POST' && /^\/api\/squads\/\d+\/position$/.test(path)) return { status: 204 };
    if (method === 'GET' && path === '/api/district') {
      return {
        status: 200,
        body: {
          type: 'FeatureCollection',
          features: DEMO_ROADS.map((r) => ({
            type: 'Feature',
            geometry: { type: 'MultiLineString', coordinates: [r.line.map((p) => [...p])] },
            properties: { layer: 'road', name: r.name, class: r.class },
          })),
        },
      };
    }
    if (method === 'POST' && path === '/api/demo/heartbeat') return { status: 204 };
    return { status: 404, body: { message: `no route ${method} ${path}` } };
  }
}

function setup(options: Partial<SimulatorOptions> = {}) {
  const api = new FakeApi();
  const logs: string[] = [];
  let clock = 1_000_000;
  const sim = new DemoSimulator({
    baseUrl: 'http://demo.test/',
    fetch: api.fetch,
    random: seeded(42),
    now: () => clock,
    log: (m) => logs.push(m),
    ...options,
  });
  return {
    api,
    logs,
    sim,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

function squad(id: number, status: SquadStatus, lng: number, lat: number) {
  return { id, code: `SQ${String(id).padStart(2, '0')}`, status, position: { lng, lat } };
}

describe('demo simulator: filing', () => {
  it('files cases whose bodies the API schema accepts, as the admin, logging in once', async () => {
    const { api, sim } = setup();
    for (let i = 0; i < 5; i++) await sim.fileComplaint();
    const posts = api.callsTo('POST', '/api/cases');
    expect(posts).toHaveLength(5);
    for (const post of posts) {
      expect(post.token).toBe('token-admin');
      expect(Value.Check(CreateCaseBody, post.body), JSON.stringify(post.body)).toBe(true);
    }
    expect(api.callsTo('POST', '/api/auth/login')).toHaveLength(1);
    // It looked at the waiting cases before each filing.
    expect(api.callsTo('GET', '/api/cases?status=received')).toHaveLength(5);
  });

  it('mixes points near roads, placeable addresses and unplaceable ones, all with leaf categories', () => {
    const { sim } = setup({ random: seeded(7) });
    const leafCodes = new Set(STANDARD_LEAF_CATEGORIES.map((c) => c.code));
    const [west, south, east, north] = DEMO_DISTRICT_BBOX;
    let points = 0;
    let vague = 0;
    let withPhone = 0;
    const n = 1000;
    for (let i = 0; i < n; i++) {
      const body = sim.makeComplaint();
      expect(Value.Check(CreateCaseBody, body), JSON.stringify(body)).toBe(true);
      expect(leafCodes.has(body.categoryCode!)).toBe(true);
      expect(body.location !== undefined || body.address !== undefined).toBe(true);
      expect(body.description).toMatch(/[\u4e00-\u9fff]/);
      if (body.location) {
        points++;
        expect(body.location.lng).toBeGreaterThan(west);
        expect(body.location.lng).toBeLessThan(east);
        expect(body.location.lat).toBeGreaterThan(south);
        expect(body.location.lat).toBeLessThan(north);
      } else if (VAGUE_ADDRESSES.includes(body.address!)) {
        vague++;
      }
      if (body.complainantPhone) {
        withPhone++;
        expect(body.complainantPhone).toMatch(/^1380000\d{4}$/);
        expect(body.complainantName).toBeTruthy();
      }
      if (body.channel === 'patrol') {
        expect(body.complainantPhone).toBeUndefined();
        expect(body.location).toBeDefined();
      }
    }
    expect(points / n).toBeGreaterThan(0.5);
    expect(points / n).toBeLessThan(0.7);
    expect(vague / n).toBeGreaterThan(0.05);
    expect(vague / n).toBeLessThan(0.15);
    expect(withPhone).toBeGreaterThan(0);
  });

  it('skips the round while maxOpenReceived cases are waiting, and resumes below it', async () => {
    const { api, sim, logs } = setup({ maxOpenReceived: 3 });
    api.cases = [1, 2, 3].map((id) => ({ id, caseNo: `X${id}`, status: 'received', squadId: null, location: null }));
    await sim.fileComplaint();
    await sim.fileComplaint();
    expect(api.callsTo('POST', '/api/cases')).toHaveLength(0);
    expect(logs.filter((l) => l.includes('filing paused'))).toHaveLength(1);
    api.cases[0]!.status = 'dispatched';
    await sim.fileComplaint();
    expect(api.callsTo('POST', '/api/cases')).toHaveLength(1);
    expect(logs.some((l) => l.includes('filing resumed'))).toBe(true);
  });

  it('survives failing requests: logs one line, carries on, and logs in again after a 401', async () => {
    const { api, sim, logs, advance } = setup();
    api.override = (call) => (call.method === 'POST' && call.path === '/api/cases' ? 'network-error' : undefined);
    await expect(sim.fileComplaint()).resolves.toBeUndefined();
    await expect(sim.fileComplaint()).resolves.toBeUndefined();
    // The same failure twice in a row is logged once.
    expect(logs.filter((l) => l.includes('ECONNREFUSED'))).toHaveLength(1);

    api.override = (call) =>
      call.method === 'POST' && call.path === '/api/cases' ? { status: 500, body: { message: 'boom' } } : undefined;
    advance(60_000);
    await expect(sim.fileComplaint()).resolves.toBeUndefined();
    expect(logs.some((l) => l.includes('500 boom'))).toBe(true);

    // The session expired: the next round logs in again.
    api.override = (call) =>
      call.token === 'token-admin' && call.path.startsWith('/api/cases')
        ? { status: 401, body: { message: 'expired' } }
        : undefined;
    await sim.fileComplaint();
    api.override = () => undefined;
    await sim.fileComplaint();
    expect(api.callsTo('POST', '/api/auth/login')).toHaveLength(2);
    expect(api.callsTo('POST', '/api/cases').at(-1)).toBeDefined();
    expect(api.cases).toHaveLength(1);
    expect(logs.some((l) => l.includes('recovered'))).toBe(true);

    // The server down altogether: still no throw from any round.
    api.override = () => 'network-error';
    await expect(sim.heartbeat()).resolves.toBeUndefined();
    await expect(sim.moveSquads()).resolves.toBeUndefined();
    await expect(sim.playSquads()).resolves.toBeUndefined();
  });
});

describe('demo simulator: squads', () => {
  it('accepts a dispatched case as the squad member after the accept delay, disposes it, then it is closed', async () => {
    const { api, sim, advance } = setup({
      acceptDelayMs: [10_000, 20_000],
      disposeDelayMs: [20_000, 40_000],
      closeDelayMs: [30_000, 60_000],
    });
    api.squads = [squad(1, 'busy', 113.62, 34.8313), squad(2, 'available', 113.6425, 34.8146)];
    api.cases = [{ id: 7, caseNo: 'HJ7', status: 'dispatched', squadId: 1, location: { lng: 113.625, lat: 34.832 } }];

    await sim.playSquads();
    expect(api.callsTo('POST', '/api/cases/7/')).toHaveLength(0);
    advance(9_000);
    await sim.playSquads();
    expect(api.callsTo('POST', '/api/cases/7/')).toHaveLength(0);

    advance(12_000); // 21 s after it was first seen: past any accept delay
    await sim.playSquads();
    const accept = api.callsTo('POST', '/api/cases/7/accept');
    expect(accept).toHaveLength(1);
    expect(accept[0]!.token).toBe('token-sq01');
    expect(api.cases[0]!.status).toBe('accepted');

    advance(19_000);
    await sim.playSquads();
    expect(api.callsTo('POST', '/api/cases/7/dispose')).toHaveLength(0);
    advance(22_000);
    await sim.playSquads();
    const dispose = api.callsTo('POST', '/api/cases/7/dispose');
    expect(dispose).toHaveLength(1);
    expect(dispose[0]!.body).toEqual({ note: '已处置' });
    expect(dispose[0]!.token).toBe('token-sq01');
    expect(api.cases[0]!.status).toBe('disposed');

    // The supervision centre verifies and closes it later, as the admin.
    await sim.playSquads(); // sees it disposed
    advance(29_000);
    await sim.playSquads();
    expect(api.callsTo('POST', '/api/cases/7/close')).toHaveLength(0);
    advance(32_000);
    await sim.playSquads();
    const close = api.callsTo('POST', '/api/cases/7/close');
    expect(close).toHaveLength(1);
    expect(close[0]!.token).toBe('token-admin');
    expect(api.cases[0]!.status).toBe('closed');
    // Only SQ01's member logged in; SQ02 had nothing to do.
    expect(
      api
        .callsTo('POST', '/api/auth/login')
        .map((c) => (c.body as { username: string }).username)
        .sort(),
    ).toEqual(['admin', 'sq01']);
  });

  it('gives up quietly on a case someone else moved on (409)', async () => {
    const { api, sim, advance, logs } = setup({ acceptDelayMs: [0, 1] });
    api.squads = [squad(1, 'busy', 113.62, 34.8313)];
    api.cases = [{ id: 8, caseNo: 'HJ8', status: 'dispatched', squadId: 1, location: { lng: 113.625, lat: 34.832 } }];
    api.override = (call) =>
      call.path === '/api/cases/8/accept' ? { status: 409, body: { message: 'taken' } } : undefined;
    await sim.playSquads();
    advance(5);
    await sim.playSquads();
    expect(api.callsTo('POST', '/api/cases/8/accept').length).toBeGreaterThanOrEqual(1);
    expect(logs.some((l) => l.includes('taken'))).toBe(false);
  });

  it('walks on-duty squads a few tens of metres per round and reports them; off-duty ones are not reported', async () => {
    const { api, sim } = setup({ stepMetres: [20, 50] });
    api.squads = [
      squad(1, 'available', 113.62, 34.8313), // on 英才街
      squad(2, 'on_break', 113.6662, 34.82),
      squad(3, 'off_duty', 113.6375, 34.84835),
    ];
    const positions = (id: number) =>
      api.callsTo('POST', `/api/squads/${id}/position`).map((c) => c.body as { lng: number; lat: number });

    for (let i = 0; i < 20; i++) await sim.moveSquads();
    expect(api.callsTo('GET', '/api/district')).toHaveLength(1);
    expect(positions(3)).toHaveLength(0);
    expect(positions(2)).toHaveLength(20);
    expect(new Set(positions(2).map((p) => `${p.lng},${p.lat}`)).size).toBe(1);

    const walk = positions(1);
    expect(walk).toHaveLength(20);
    let previous: [number, number] = [113.62, 34.8313];
    for (const p of walk) {
      expect(Object.keys(p).sort()).toEqual(['lat', 'lng']);
      const d = distanceM(previous, [p.lng, p.lat]);
      expect(d).toBeGreaterThan(15);
      expect(d).toBeLessThan(55);
      // Still on 英才街 (it runs east–west at about 34.831–34.832).
      expect(p.lat).toBeGreaterThan(34.8305);
      expect(p.lat).toBeLessThan(34.8325);
      previous = [p.lng, p.lat];
    }
  });

  it('sends a squad with a case towards the case', async () => {
    const { api, sim } = setup({ stepMetres: [40, 40], acceptDelayMs: [60_000, 60_000] });
    api.squads = [squad(1, 'busy', 113.62, 34.8313)];
    const target = { lng: 113.62, lat: 34.8343 }; // about 330 m north
    api.cases = [{ id: 9, caseNo: 'HJ9', status: 'dispatched', squadId: 1, location: target }];
    await sim.playSquads();
    let last = { lng: 113.62, lat: 34.8313 };
    for (let i = 0; i < 10; i++) {
      await sim.moveSquads();
      last = api.callsTo('POST', '/api/squads/1/position').at(-1)!.body as typeof last;
    }
    expect(distanceM([last.lng, last.lat], [target.lng, target.lat])).toBeLessThan(1);
  });
});

describe('startSimulator', () => {
  it('runs every loop, heartbeats, and stop() leaves nothing running', async () => {
    const api = new FakeApi();
    api.squads = [squad(1, 'available', 113.62, 34.8313)];
    const simulator = startSimulator({
      baseUrl: 'http://demo.test',
      fetch: api.fetch,
      random: seeded(1),
      log: () => undefined,
      filingIntervalMs: 20,
      positionIntervalMs: 20,
      heartbeatIntervalMs: 20,
      playIntervalMs: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await simulator.stop();
    const made = api.calls.length;
    expect(api.callsTo('POST', '/api/demo/heartbeat').length).toBeGreaterThan(0);
    expect(api.callsTo('POST', '/api/cases').length).toBeGreaterThan(0);
    expect(api.callsTo('POST', '/api/squads/1/position').length).toBeGreaterThan(0);
    expect(api.callsTo('GET', '/api/cases?status=dispatched').length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.calls.length).toBe(made);
  });
});
