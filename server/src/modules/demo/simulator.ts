/**
 * The demo simulator: an ordinary HTTP client of the server's public API that
 * files complaints, walks the squads along the roads and plays their members
 * (accept, then dispose). It never touches the database, so a real
 * deployment simply does not run it. While it runs it sends a heartbeat so
 * every wall screen shows DEMO.
 */
import { lineIntersect } from '@turf/line-intersect';
import type { CaseDto, CaseStatus, CreateCaseBody, LngLat, LoginResult, SquadDto } from '@civic/shared';
import {
  complainant,
  describeProblem,
  gazetteerAddress,
  pick,
  pickChannel,
  pickLeafCategory,
  placeNearRoad,
  randomBetween,
  VAGUE_ADDRESSES,
  type Random,
} from './complaints.ts';
import { DEMO_INTERSECTIONS, DEMO_PASSWORD, DEMO_ROADS } from './data/index.ts';
import { makeRoadLine, moveToward, pointAlong, snapToRoads, type Coord, type RoadLine } from './geometry.ts';

export interface SimulatorOptions {
  /** Where the server is, e.g. http://localhost:3000. */
  baseUrl: string;
  adminUsername?: string;
  adminPassword?: string;
  /** Password of the squad members' accounts (username = lower-case squad code). */
  squadPassword?: string;
  /** Mean time between filed complaints (jittered ±25 %). Default 4000. */
  filingIntervalMs?: number;
  /** Time between position rounds. Default 2000. */
  positionIntervalMs?: number;
  /** Time between demo heartbeats. Default 5000. */
  heartbeatIntervalMs?: number;
  /** Time between looks at the dispatched/accepted cases. Default 2000. */
  playIntervalMs?: number;
  /** Filing pauses while this many cases wait in `received`. Default 40. */
  maxOpenReceived?: number;
  /** How long a squad takes to accept a dispatched case, [min, max] ms. Default 10–20 s. */
  acceptDelayMs?: readonly [number, number];
  /** How long after accepting a squad reports the case disposed, [min, max] ms. Default 20–40 s. */
  disposeDelayMs?: readonly [number, number];
  /** How long after disposal the supervision centre verifies and closes the case, [min, max] ms. Default 30–60 s. */
  closeDelayMs?: readonly [number, number];
  /** How far a squad moves per position round, [min, max] metres. Default 20–50. */
  stepMetres?: readonly [number, number];
  /** Whether to accept and dispose cases for the squads. Default true. */
  playSquads?: boolean;
  requestTimeoutMs?: number;
  log?: (message: string) => void;
  /** Injectable for tests. */
  random?: Random;
  now?: () => number;
  fetch?: typeof fetch;
}

export interface Simulator {
  stop(): Promise<void>;
}

type Result<T> = { ok: true; status: number; data: T } | { ok: false; status: number | null; message: string };

interface Walker {
  position: Coord;
  road: RoadLine | undefined;
  alongKm: number;
  direction: 1 | -1;
  /** Heading to a case or back to a road rather than walking along one. */
  offRoad: boolean;
}

interface CasePlan {
  status: CaseStatus;
  dueAt: number;
}

/** How long a failure message is kept quiet after it was logged once. */
const REPEAT_QUIET_MS = 30_000;
const SQUAD_LOGIN_RETRY_MS = 60_000;
const SQUADS_REFRESH_MS = 10_000;

/** Starts every loop; `stop()` cancels the timers and waits for in-flight requests. */
export function startSimulator(options: SimulatorOptions): Simulator {
  const simulator = new DemoSimulator(options);
  simulator.start();
  return { stop: () => simulator.stop() };
}

/**
 * The loops' bodies are public so tests can drive one round at a time.
 * No method throws: a failed request is logged (once per 30 s per kind) and
 * the round is skipped.
 */
export class DemoSimulator {
  private readonly baseUrl: string;
  private readonly opts: Required<Omit<SimulatorOptions, 'baseUrl' | 'fetch'>>;
  private readonly fetchImpl: typeof fetch;

  private stopped = false;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<unknown>>();

  private adminToken: string | null = null;
  private adminLogin: Promise<string | null> | null = null;
  private readonly squadTokens = new Map<string, string>();
  private readonly squadLoginRetryAt = new Map<string, number>();

  private roads: RoadLine[] = [];
  private readonly bundledRoads: RoadLine[];
  private squads: SquadDto[] = [];
  private squadsLoadedAt = -Infinity;
  private readonly walkers = new Map<number, Walker>();
  private caseTargets = new Map<number, Coord>();
  private readonly plans = new Map<number, CasePlan>();
  private filingPaused = false;
  private readonly failures = new Map<string, { message: string; at: number }>();

  constructor(options: SimulatorOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.opts = {
      adminUsername: options.adminUsername ?? 'admin',
      adminPassword: options.adminPassword ?? DEMO_PASSWORD,
      squadPassword: options.squadPassword ?? DEMO_PASSWORD,
      filingIntervalMs: options.filingIntervalMs ?? 4000,
      positionIntervalMs: options.positionIntervalMs ?? 2000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5000,
      playIntervalMs: options.playIntervalMs ?? 2000,
      maxOpenReceived: options.maxOpenReceived ?? 40,
      acceptDelayMs: options.acceptDelayMs ?? [10_000, 20_000],
      disposeDelayMs: options.disposeDelayMs ?? [20_000, 40_000],
      closeDelayMs: options.closeDelayMs ?? [30_000, 60_000],
      stepMetres: options.stepMetres ?? [20, 50],
      playSquads: options.playSquads ?? true,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      log: options.log ?? ((message) => console.log(`[simulator] ${message}`)),
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
    };
    this.bundledRoads = DEMO_ROADS.flatMap((road) => {
      const line = makeRoadLine(
        road.name,
        road.line.map(([lng, lat]): Coord => [lng, lat]),
      );
      return line ? [line] : [];
    });
  }

  start(): void {
    const { heartbeatIntervalMs, positionIntervalMs, filingIntervalMs, playIntervalMs, random } = this.opts;
    // Staggered first runs, so the login happens once and the loops do not fire in step.
    this.loop(
      'heartbeat',
      0,
      () => heartbeatIntervalMs,
      () => this.heartbeat(),
    );
    this.loop(
      'positions',
      Math.min(300, positionIntervalMs),
      () => positionIntervalMs,
      () => this.moveSquads(),
    );
    this.loop(
      'filing',
      Math.min(600, filingIntervalMs),
      () => filingIntervalMs * (0.75 + 0.5 * random()),
      () => this.fileComplaint(),
    );
    if (this.opts.playSquads) {
      this.loop(
        'play',
        Math.min(900, playIntervalMs),
        () => playIntervalMs,
        () => this.playSquads(),
      );
    }
    this.opts.log(`running against ${this.baseUrl}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.opts.log('stopped');
  }

  /** Runs `task` after `firstDelayMs`, then again `nextDelay()` after each run ends (never overlapping itself). */
  private loop(name: string, firstDelayMs: number, nextDelay: () => number, task: () => Promise<void>): void {
    const run = (): void => {
      this.timers.delete(name);
      if (this.stopped) return;
      const work = this.guard(name, task).finally(() => {
        this.inFlight.delete(work);
        if (!this.stopped) this.timers.set(name, setTimeout(run, nextDelay()));
      });
      this.inFlight.add(work);
    };
    this.timers.set(name, setTimeout(run, firstDelayMs));
  }

  private async guard(name: string, task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (error) {
      this.fail(name, error instanceof Error ? error.message : String(error));
    }
  }

  // --- rounds ----------------------------------------------------------------

  /** Tells the server the simulator is alive, so screens show DEMO. */
  async heartbeat(): Promise<void> {
    const token = await this.admin();
    if (!token) return;
    const result = await this.request('POST', '/api/demo/heartbeat', { token, body: {} });
    this.settle('heartbeat', result);
  }

  /** Files one complaint unless too many are already waiting. */
  async fileComplaint(): Promise<void> {
    const token = await this.admin();
    if (!token) return;
    const max = this.opts.maxOpenReceived;
    const limit = Math.min(Math.max(max, 1), 1000);
    const waiting = await this.request<unknown>('GET', `/api/cases?status=received&limit=${limit}`, { token });
    if (!this.settle('waiting cases', waiting)) return;
    const count = asList<CaseDto>(waiting.data, 'cases').length;
    if (count >= max) {
      if (!this.filingPaused) this.opts.log(`filing paused: ${count} cases waiting (limit ${max})`);
      this.filingPaused = true;
      return;
    }
    if (this.filingPaused) this.opts.log(`filing resumed: ${count} cases waiting`);
    this.filingPaused = false;

    const body = this.makeComplaint();
    const created = await this.request<CaseDto>('POST', '/api/cases', { token, body });
    if (!this.settle('filing', created)) return;
    const where = body.location ? `${body.location.lng.toFixed(5)},${body.location.lat.toFixed(5)}` : body.address;
    this.opts.log(`filed ${created.data.caseNo ?? '?'} [${body.channel} ${body.categoryCode}] ${where}`);
  }

  /** Moves every squad that is on duty a little and reports where it is. */
  async moveSquads(): Promise<void> {
    const token = await this.admin();
    if (!token) return;
    if (this.roads.length === 0 && !(await this.loadDistrict(token))) return;
    await this.refreshSquads(token);
    const [minStep, maxStep] = this.opts.stepMetres;
    const reports = this.squads
      .filter((squad) => squad.status !== 'off_duty')
      .map((squad) => {
        const walker = this.walkerFor(squad);
        if (squad.status !== 'on_break') this.step(walker, squad.id, randomBetween(this.opts.random, minStep, maxStep));
        const [lng, lat] = walker.position;
        return this.request('POST', `/api/squads/${squad.id}/position`, {
          token,
          body: { lng: round6(lng), lat: round6(lat) },
        });
      });
    const results = await Promise.all(reports);
    const failed = results.find((result) => !result.ok);
    const outcome = failed ?? results[0];
    if (outcome) this.settle('positions', outcome);
  }

  /**
   * Accepts dispatched cases and disposes accepted ones, as the assigned
   * squad, then closes disposed ones as the supervision centre would after
   * verifying them, each after a human-ish delay.
   */
  async playSquads(): Promise<void> {
    const token = await this.admin();
    if (!token) return;
    const lists = await Promise.all(
      (['dispatched', 'accepted', 'disposed'] as const).map((status) =>
        this.request<unknown>('GET', `/api/cases?status=${status}&limit=1000`, { token }),
      ),
    );
    if (!lists.every((list) => this.settle('case lists', list))) return;
    const cases = lists
      .flatMap((list) => (list.ok ? asList<CaseDto>(list.data, 'cases') : []))
      .filter((c) => c.squadId !== null);

    const now = this.opts.now();
    const targets = new Map<number, Coord>();
    const live = new Set<number>();
    for (const c of cases) {
      live.add(c.id);
      if (c.location && !targets.has(c.squadId!)) targets.set(c.squadId!, [c.location.lng, c.location.lat]);
      const plan = this.plans.get(c.id);
      if (!plan || plan.status !== c.status)
        this.plans.set(c.id, { status: c.status, dueAt: now + this.delayFor(c.status) });
    }
    for (const id of [...this.plans.keys()]) if (!live.has(id)) this.plans.delete(id);
    this.caseTargets = targets;

    const due = cases.filter((c) => (this.plans.get(c.id)?.dueAt ?? Infinity) <= now);
    if (due.length > 0 && due.some((c) => !this.squads.some((s) => s.id === c.squadId))) {
      await this.refreshSquads(token, true);
    }
    for (const c of due) {
      if (this.stopped) return;
      await this.actFor(c);
    }
  }

  // --- squads' part ----------------------------------------------------------

  private async actFor(c: CaseDto): Promise<void> {
    if (c.status === 'disposed') return this.closeCase(c);
    const squad = this.squads.find((s) => s.id === c.squadId);
    if (!squad) return;
    const token = await this.squadToken(squad.code);
    if (!token) return;
    const action = c.status === 'dispatched' ? 'accept' : 'dispose';
    const body = action === 'accept' ? {} : { note: '已处置' };
    const result = await this.request<CaseDto>('POST', `/api/cases/${c.id}/${action}`, { token, body });
    if (!result.ok) {
      if (result.status === 401) this.squadTokens.delete(squad.code);
      // 404/409: someone else moved the case on; the next listing re-plans it.
      if (result.status === 404 || result.status === 409) this.plans.delete(c.id);
      else this.settle('squad actions', result);
      return;
    }
    this.settle('squad actions', result);
    this.opts.log(`${squad.code} ${action === 'accept' ? 'accepted' : 'disposed'} ${c.caseNo}`);
    if (action === 'accept') {
      this.plans.set(c.id, { status: 'accepted', dueAt: this.opts.now() + this.delayFor('accepted') });
    } else {
      this.plans.delete(c.id);
      this.caseTargets.delete(squad.id);
    }
  }

  /** 核查结案, as the admin standing in for the supervision centre. */
  private async closeCase(c: CaseDto): Promise<void> {
    const token = await this.admin();
    if (!token) return;
    const result = await this.request<CaseDto>('POST', `/api/cases/${c.id}/close`, {
      token,
      body: { comment: '核查属实，已整改' },
    });
    this.plans.delete(c.id);
    if (!result.ok && (result.status === 404 || result.status === 409)) return;
    if (this.settle('verification', result)) this.opts.log(`closed ${c.caseNo}`);
  }

  private delayFor(status: CaseStatus): number {
    const [min, max] =
      status === 'dispatched'
        ? this.opts.acceptDelayMs
        : status === 'disposed'
          ? this.opts.closeDelayMs
          : this.opts.disposeDelayMs;
    return randomBetween(this.opts.random, min, max);
  }

  private async squadToken(code: string): Promise<string | null> {
    const cached = this.squadTokens.get(code);
    if (cached) return cached;
    if ((this.squadLoginRetryAt.get(code) ?? -Infinity) > this.opts.now()) return null;
    const username = code.toLowerCase();
    const result = await this.login(username, this.opts.squadPassword);
    if (!result.ok) {
      this.squadLoginRetryAt.set(code, this.opts.now() + SQUAD_LOGIN_RETRY_MS);
      this.fail(`login:${username}`, `cannot log in as ${username}: ${result.message}`);
      return null;
    }
    this.settle(`login:${username}`, result);
    this.squadTokens.set(code, result.data.token);
    return result.data.token;
  }

  // --- movement --------------------------------------------------------------

  private walkerFor(squad: SquadDto): Walker {
    const existing = this.walkers.get(squad.id);
    if (existing) return existing;
    let walker: Walker;
    const start: Coord | undefined = squad.position ? [squad.position.lng, squad.position.lat] : undefined;
    const snap = start ? snapToRoads(start, this.roads) : undefined;
    if (start && snap) {
      const onRoad = snap.offsetM < 5;
      walker = {
        position: start,
        road: onRoad ? snap.road : undefined,
        alongKm: snap.alongKm,
        direction: this.opts.random() < 0.5 ? 1 : -1,
        offRoad: !onRoad,
      };
    } else {
      const road = pick(this.opts.random, this.roads);
      const alongKm = this.opts.random() * road.lengthKm;
      walker = { position: pointAlong(road, alongKm), road, alongKm, direction: 1, offRoad: false };
    }
    this.walkers.set(squad.id, walker);
    return walker;
  }

  /** A squad with a case heads for it; afterwards it returns to the nearest road and walks along it. */
  private step(walker: Walker, squadId: number, stepM: number): void {
    const target = this.caseTargets.get(squadId);
    if (target) {
      walker.position = moveToward(walker.position, target, stepM * 1.5).position;
      walker.offRoad = true;
      return;
    }
    if (walker.offRoad || !walker.road) {
      const snap = snapToRoads(walker.position, this.roads);
      if (!snap) return;
      const moved = moveToward(walker.position, snap.point, stepM);
      walker.position = moved.position;
      if (moved.arrived) {
        walker.road = snap.road;
        walker.alongKm = snap.alongKm;
        walker.offRoad = false;
      }
      return;
    }
    const road = walker.road;
    let km = walker.alongKm + (walker.direction * stepM) / 1000;
    // Turn round at a road's end.
    if (km > road.lengthKm) {
      km = Math.max(0, 2 * road.lengthKm - km);
      walker.direction = -1;
    } else if (km < 0) {
      km = Math.min(road.lengthKm, -km);
      walker.direction = 1;
    }
    walker.alongKm = km;
    walker.position = pointAlong(road, km);
  }

  private async loadDistrict(token: string): Promise<boolean> {
    const result = await this.request<unknown>('GET', '/api/district', { token });
    if (!this.settle('district', result)) return false;
    const roads = roadsFromDistrict(result.data);
    if (roads.length === 0) {
      this.fail('district', 'GET /api/district has no road features; using the bundled demo roads');
      this.roads = this.bundledRoads;
    } else {
      this.roads = roads;
      this.opts.log(`district loaded: ${roads.length} road lines`);
    }
    return true;
  }

  private async refreshSquads(token: string, force = false): Promise<void> {
    if (!force && this.opts.now() - this.squadsLoadedAt < SQUADS_REFRESH_MS) return;
    const result = await this.request<unknown>('GET', '/api/squads', { token });
    if (!this.settle('squad list', result)) return;
    this.squads = asList<SquadDto>(result.data, 'squads');
    this.squadsLoadedAt = this.opts.now();
  }

  // --- complaints ------------------------------------------------------------

  /** One complaint body: ~60 % with a point near a road, ~30 % with a placeable address, ~10 % unplaceable. */
  makeComplaint(): CreateCaseBody {
    const random = this.opts.random;
    const channel = pickChannel(random);
    const categoryCode = pickLeafCategory(random);
    // A patrol (~15 %) reports from where it stands, so always with a point;
    // the other channels are split so the overall mix stays about 60/30/10.
    const mode = channel === 'patrol' ? 0 : random();
    let place: string;
    let location: LngLat | undefined;
    let address: string | undefined;
    if (mode < 0.53) {
      ({ place, location } = this.pointNearRoad());
    } else if (mode < 0.88) {
      address = gazetteerAddress(random);
      place = address.replace(/^惠济区/, '');
    } else {
      address = pick(random, VAGUE_ADDRESSES);
      place = address;
    }
    return {
      channel,
      description: describeProblem(random, categoryCode, place, channel),
      categoryCode,
      ...(location ? { location } : {}),
      ...(address ? { address } : {}),
      ...complainant(random, channel),
    };
  }

  private pointNearRoad(): { place: string; location: LngLat } {
    const random = this.opts.random;
    const roads = this.roads.length > 0 ? this.roads : this.bundledRoads;
    const jitter = (): number => (random() - 0.5) * 0.0005; // about ±25 m
    if (random() < 0.25) {
      const [a, b] = pick(random, DEMO_INTERSECTIONS);
      const lineA = roads.find((r) => r.name === a);
      const lineB = roads.find((r) => r.name === b);
      const crossing = lineA && lineB ? lineIntersect(lineA.feature, lineB.feature).features[0] : undefined;
      if (crossing) {
        const [lng, lat] = crossing.geometry.coordinates;
        const corner = pick(random, ['东北角', '西北角', '东南角', '西南角', '附近'] as const);
        return { place: `${a}与${b}交叉口${corner}`, location: lngLat(lng! + jitter(), lat! + jitter()) };
      }
    }
    const road = pick(random, roads);
    const [lng, lat] = pointAlong(road, random() * road.lengthKm);
    const first = road.coords[0]!;
    const last = road.coords.at(-1)!;
    const runsNorthSouth =
      Math.abs(last[1] - first[1]) > Math.abs(last[0] - first[0]) * Math.cos((first[1] * Math.PI) / 180);
    return {
      place: placeNearRoad(random, road.name, runsNorthSouth),
      location: lngLat(lng + jitter(), lat + jitter()),
    };
  }

  // --- HTTP ------------------------------------------------------------------

  private admin(): Promise<string | null> {
    if (this.adminToken) return Promise.resolve(this.adminToken);
    this.adminLogin ??= (async () => {
      const result = await this.login(this.opts.adminUsername, this.opts.adminPassword);
      this.adminLogin = null;
      if (!this.settle('login', result)) return null;
      this.adminToken = result.data.token;
      return this.adminToken;
    })();
    return this.adminLogin;
  }

  private login(username: string, password: string): Promise<Result<LoginResult>> {
    return this.request<LoginResult>('POST', '/api/auth/login', { body: { username, password } });
  }

  /** Never throws: a network error, a timeout or a non-2xx answer is a failed Result. */
  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<Result<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const work = (async (): Promise<Result<T>> => {
      try {
        const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
          method,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(this.opts.requestTimeoutMs),
        });
        const text = await response.text();
        let data: unknown = null;
        try {
          data = text ? JSON.parse(text) : null;
        } catch {
          data = text;
        }
        if (!response.ok) {
          if (response.status === 401 && options.token && options.token === this.adminToken) this.adminToken = null;
          const message = isRecord(data) && typeof data.message === 'string' ? data.message : response.statusText;
          return { ok: false, status: response.status, message: `${method} ${path} → ${response.status} ${message}` };
        }
        return { ok: true, status: response.status, data: data as T };
      } catch (error) {
        const reason =
          error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        return { ok: false, status: null, message: `${method} ${path} failed: ${reason}` };
      }
    })();
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** Logs a failed result (quietly if it keeps failing the same way); true when it succeeded. */
  private settle<T>(kind: string, result: Result<T>): result is Extract<Result<T>, { ok: true }> {
    if (result.ok) {
      if (this.failures.delete(kind)) this.opts.log(`${kind}: recovered`);
      return true;
    }
    this.fail(kind, result.message);
    return false;
  }

  private fail(kind: string, message: string): void {
    const now = this.opts.now();
    const last = this.failures.get(kind);
    if (last && last.message === message && now - last.at < REPEAT_QUIET_MS) return;
    this.failures.set(kind, { message, at: now });
    this.opts.log(`${kind}: ${message}`);
  }
}

/** Road lines from GET /api/district (a MultiLineString becomes one line per part). */
export function roadsFromDistrict(data: unknown): RoadLine[] {
  if (!isRecord(data) || !Array.isArray(data.features)) return [];
  const roads: RoadLine[] = [];
  for (const feature of data.features) {
    if (!isRecord(feature) || !isRecord(feature.properties) || feature.properties.layer !== 'road') continue;
    const name = typeof feature.properties.name === 'string' ? feature.properties.name : '';
    const geometry = feature.geometry;
    if (!isRecord(geometry)) continue;
    const parts =
      geometry.type === 'LineString'
        ? [geometry.coordinates]
        : geometry.type === 'MultiLineString' && Array.isArray(geometry.coordinates)
          ? geometry.coordinates
          : [];
    for (const part of parts) {
      if (!Array.isArray(part)) continue;
      const coords = part.filter(isCoord).map(([lng, lat]): Coord => [lng, lat]);
      const line = makeRoadLine(name, coords);
      if (line) roads.push(line);
    }
  }
  return roads;
}

/** The server answers lists as a bare array; accept `{ <key>: [...] }` too. */
function asList<T>(data: unknown, key: string): T[] {
  if (Array.isArray(data)) return data as T[];
  if (isRecord(data) && Array.isArray(data[key])) return data[key] as T[];
  if (isRecord(data) && Array.isArray(data.items)) return data.items as T[];
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isCoord(value: unknown): value is [number, number] {
  return Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number';
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function lngLat(lng: number, lat: number): LngLat {
  return { lng: round6(lng), lat: round6(lat) };
}
