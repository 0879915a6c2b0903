import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CaseDto, CaseEventEnvelope, CaseEventType, SquadDto } from '@civic/shared';
import { caseDto, envelope, json, manualFrames, memoryStorage, meta, squadDto } from '../test/fixtures.ts';
import { RealtimeSync } from './realtime.ts';
import { localCursor } from './offline/cursor.ts';
import { DispatchState } from './state/dispatch-state.svelte.ts';

/** A stand-in for socket.io's client socket: the test plays the server's side. */
const sockets = vi.hoisted(() => {
  type Handler = (...args: never[]) => void;
  class FakeSocket {
    connected = false;
    active = true;
    #handlers = new Map<string, Handler[]>();

    on(event: string, handler: Handler): this {
      this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
      return this;
    }
    removeAllListeners(): this {
      this.#handlers.clear();
      return this;
    }
    connect(): this {
      this.active = true;
      return this;
    }
    disconnect(): this {
      this.connected = false;
      this.active = false;
      return this;
    }

    /** The server accepted the (re)connection. */
    opened(): void {
      this.connected = true;
      this.push('connect');
    }
    /** The network dropped; socket.io keeps retrying by itself. */
    dropped(): void {
      this.connected = false;
      this.push('disconnect', 'transport close');
    }
    push(event: string, ...args: unknown[]): void {
      for (const handler of this.#handlers.get(event) ?? []) (handler as (...a: unknown[]) => void)(...args);
    }
  }
  return { FakeSocket, created: [] as FakeSocket[] };
});

vi.mock('socket.io-client', () => ({
  io: () => {
    const socket = new sockets.FakeSocket();
    sockets.created.push(socket);
    return socket;
  },
}));

/** The server's side of the REST API: a case event log, open cases and squads. */
interface Server {
  log: CaseEventEnvelope[];
  snapshotSeq: number;
  cases: CaseDto[];
  squads: SquadDto[];
  pageSize: number;
  /** Answers to give instead, by path prefix, once each. */
  failures: { path: string; response: () => Response }[];
}

let server: Server;
let frames: ReturnType<typeof manualFrames>;
let state: DispatchState;
let sync: RealtimeSync;
const fetchMock = vi.fn<typeof fetch>();

function answer(input: string | URL | Request): Response {
  const url = new URL(String(input), 'http://wall.test');
  const failure = server.failures.findIndex((f) => url.pathname.startsWith(f.path));
  if (failure >= 0) return server.failures.splice(failure, 1)[0]!.response();
  switch (url.pathname) {
    case '/api/meta':
      return json(meta({ latestSeq: server.log.at(-1)?.seq ?? server.snapshotSeq }));
    case '/api/cases':
      return json(server.cases);
    case '/api/squads':
      return json(server.squads);
    case '/api/events': {
      const after = Number(url.searchParams.get('after'));
      const newer = server.log.filter((e) => e.seq > after);
      return json({
        events: newer.slice(0, server.pageSize),
        latestSeq: server.log.at(-1)?.seq ?? 0,
        hasMore: newer.length > server.pageSize,
      });
    }
    default:
      return json({ statusCode: 404, error: 'Not Found', message: url.pathname }, 404);
  }
}

/** `after` of every replay request so far. */
const replaysAfter = (): number[] =>
  fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://wall.test'))
    .filter((url) => url.pathname === '/api/events')
    .map((url) => Number(url.searchParams.get('after')));
const calls = (path: string): number => fetchMock.mock.calls.filter(([input]) => String(input).startsWith(path)).length;

/** Appends an event to the server's log and returns it, as the server would push it. */
function commit(type: CaseEventType, dto: CaseDto): CaseEventEnvelope {
  const seq = (server.log.at(-1)?.seq ?? server.snapshotSeq) + 1;
  const event = envelope(type, dto, seq);
  server.log.push(event);
  return event;
}

const socket = () => sockets.created.at(-1)!;

async function online(): Promise<void> {
  await vi.waitFor(() => expect(state.connection).toBe('online'));
  frames.runFrame();
}

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
  vi.stubGlobal(
    'fetch',
    fetchMock.mockImplementation(async (input) => answer(input)),
  );
  frames = manualFrames();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  server = { log: [], snapshotSeq: 10, cases: [], squads: [], pageSize: 500, failures: [] };
  sockets.created.length = 0;
  state = new DispatchState();
  sync = new RealtimeSync(state);
});

afterEach(() => {
  sync.stop();
  state.dispose();
  fetchMock.mockReset();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('start', () => {
  test('loads the snapshot, connects, and replays what was committed after the snapshot', async () => {
    server.cases = [caseDto({ id: 1, lastSeq: 4 })];
    server.squads = [squadDto({ id: 1 })];

    await sync.start();

    expect(state).toMatchObject({ loaded: true, connection: 'connecting' });
    expect(state.cases.get(1)?.lastSeq).toBe(4);
    expect(state.squads.map((s) => s.id)).toEqual([1]);
    expect(sockets.created).toHaveLength(1);

    // Committed between the snapshot and the socket's connect.
    commit('case:created', caseDto({ id: 2 }));
    socket().opened();
    await online();

    expect(replaysAfter()).toEqual([10]);
    expect(state.cases.get(2)?.lastSeq).toBe(11);
    // Replayed, not pushed: nothing to catch the eye.
    expect(state.highlighted.size).toBe(0);
  });

  test('while the server cannot be reached: offline, and the snapshot is retried every 5 s', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    await sync.start();
    expect(state.connection).toBe('offline');
    expect(sockets.created).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(5_000);

    await vi.waitFor(() => expect(sockets.created).toHaveLength(1));
    expect(state.loaded).toBe(true);
  });

  test('an expired session is not retried', async () => {
    server.failures.push({
      path: '/api/meta',
      response: () => json({ statusCode: 401, error: 'Unauthorized', message: 'expired' }, 401),
    });

    await sync.start();
    await vi.advanceTimersByTimeAsync(30_000);

    expect(calls('/api/meta')).toBe(1);
    expect(sockets.created).toHaveLength(0);
  });
});

describe('live events and resync', () => {
  beforeEach(async () => {
    server.cases = [caseDto({ id: 1, lastSeq: 4 })];
    server.squads = [squadDto({ id: 1, status: 'available' })];
    await sync.start();
    socket().opened();
    await online();
  });

  test('pushed events are applied; new and placed cases are highlighted, others not', async () => {
    const created = commit('case:created', caseDto({ id: 2 }));
    const assigned = commit('case:assigned', { ...server.cases[0]!, status: 'dispatched' });
    socket().push('case:created', created);
    socket().push('case:assigned', assigned);
    frames.runFrame();

    expect(state.cases.get(2)?.lastSeq).toBe(created.seq);
    expect(state.cases.get(1)).toMatchObject({ status: 'dispatched', lastSeq: assigned.seq });
    expect([...state.highlighted]).toEqual([2]);
  });

  test('pushes arriving out of order from two nodes: the older one does not win', () => {
    const dispatched = commit('case:assigned', { ...server.cases[0]!, status: 'dispatched' });
    const accepted = commit('case:accepted', { ...server.cases[0]!, status: 'accepted' });
    socket().push('case:accepted', accepted);
    frames.runFrame();
    socket().push('case:assigned', dispatched);
    frames.runFrame();

    expect(state.cases.get(1)).toMatchObject({ status: 'accepted', lastSeq: accepted.seq });
  });

  test('live events never move the resync cursor; replays do', async () => {
    const first = commit('case:created', caseDto({ id: 2 }));
    const second = commit('case:created', caseDto({ id: 3 }));
    // Node B's push of seq 12 overtakes node A's push of seq 11, which is then lost with the connection.
    socket().push('case:created', second);
    socket().dropped();
    expect(state.connection).toBe('offline');

    socket().opened();
    await online();

    expect(replaysAfter()).toEqual([10, 10]);
    expect(state.cases.get(2)?.lastSeq).toBe(first.seq);

    socket().dropped();
    socket().opened();
    await online();
    expect(replaysAfter()).toEqual([10, 10, second.seq]);
  });

  test('the replay reads the log page by page', async () => {
    server.pageSize = 2;
    for (let id = 2; id <= 6; id++) commit('case:created', caseDto({ id }));

    socket().dropped();
    socket().opened();
    await online();

    expect(replaysAfter()).toEqual([10, 10, 12, 14]);
    expect([...state.cases.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('a reconnect re-reads squads (they are not in the log); the first connect does not', async () => {
    expect(calls('/api/squads')).toBe(1);
    server.squads = [squadDto({ id: 1, status: 'off_duty' })];

    socket().dropped();
    socket().opened();
    await online();

    expect(calls('/api/squads')).toBe(2);
    expect(state.squads[0]?.status).toBe('off_duty');
  });

  test('a failed replay stays "resyncing" and is retried 5 s later', async () => {
    commit('case:created', caseDto({ id: 2 }));
    server.failures.push({
      path: '/api/events',
      response: () => json({ statusCode: 500, error: 'Internal', message: 'db down' }, 500),
    });

    socket().dropped();
    socket().opened();
    await vi.waitFor(() => expect(replaysAfter()).toHaveLength(2));
    await vi.waitFor(() => expect(state.connection).toBe('resyncing'));
    expect(state.cases.has(2)).toBe(false);

    await vi.advanceTimersByTimeAsync(5_000);
    await online();
    expect(state.cases.has(2)).toBe(true);
  });

  test('squad positions, squad changes and the demo switch are passed on', () => {
    const at = new Date().toISOString();
    socket().push('squad:positions', { positions: [{ squadId: 1, lng: 113.6, lat: 34.8, at }] });
    socket().push('demo:status', { running: true });
    frames.runFrame();

    expect(state.squads[0]).toMatchObject({ position: { lng: 113.6, lat: 34.8 }, positionFresh: true });
    expect(state.demoRunning).toBe(true);

    socket().push('squad:updated', squadDto({ id: 1, status: 'on_break' }));
    frames.runFrame();
    expect(state.squads[0]?.status).toBe('on_break');
  });

  test('stop disconnects and ignores the socket from then on', () => {
    const live = socket();
    sync.stop();

    expect(live.connected).toBe(false);
    live.push('case:created', commit('case:created', caseDto({ id: 9 })));
    frames.runFrame();
    expect(state.cases.has(9)).toBe(false);
  });
});

describe('a stored resync cursor (the squad phone)', () => {
  test('replays from where the last session stopped, and stores the cursor as replays move it', async () => {
    sync.stop();
    const storage = memoryStorage();
    const cursor = localCursor(5, storage);
    cursor.save(7);
    // Committed while the phone was away (closed, or offline across a reload).
    server.log.push(envelope('case:assigned', caseDto({ id: 3, status: 'dispatched' }), 8));
    server.log.push(envelope('case:assigned', caseDto({ id: 4, status: 'dispatched' }), 9));
    sync = new RealtimeSync(state, { cursor });

    await sync.start();
    socket().opened();
    await online();

    expect(replaysAfter()).toEqual([7]);
    expect([...state.cases.keys()].sort()).toEqual([3, 4]);
    expect(cursor.load()).toBe(9);
  });

  test('a stored cursor ahead of the log (another database) is ignored', async () => {
    sync.stop();
    const cursor = localCursor(5, memoryStorage());
    cursor.save(500);
    sync = new RealtimeSync(state, { cursor });

    await sync.start();
    socket().opened();
    await online();

    expect(replaysAfter()).toEqual([10]);
    expect(cursor.load()).toBe(10);
  });
});
