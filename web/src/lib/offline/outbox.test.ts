import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ApiError } from '@civic/shared';
import { ApiRequestError } from '../api.ts';
import { caseDto } from '../../test/fixtures.ts';
import { isQueued, queuedSquadStatus, withPending } from './optimistic.ts';
import {
  defaultBackoff,
  MemoryOutboxStore,
  newKey,
  Outbox,
  verdict,
  type OutboxDraft,
  type OutboxEntry,
  type OutboxOptions,
} from './outbox.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const apiError = (status: number, code?: string) =>
  new ApiRequestError(
    status,
    status === 0 ? null : ({ statusCode: status, error: 'x', message: `refused ${status}`, code } as ApiError),
    'network error',
  );

const step = (caseId: number, kind: OutboxDraft['kind'], body: unknown = {}): OutboxDraft => ({
  kind,
  caseId,
  path: `/api/cases/${caseId}/${kind}`,
  body,
});

/** A server the test scripts: each send takes the next scripted answer (default: success). */
class FakeServer {
  received: OutboxEntry[] = [];
  script: (() => Promise<unknown>)[] = [];
  send = vi.fn((entry: OutboxEntry): Promise<unknown> => {
    this.received.push(entry);
    const next = this.script.shift();
    return next ? next() : Promise.resolve({ ok: entry.key });
  });
  fail(...errors: unknown[]): void {
    for (const error of errors) this.script.push(() => Promise.reject(error));
  }
}

let store: MemoryOutboxStore;
let server: FakeServer;
let online: boolean;
let sent: OutboxEntry[];
let rejected: { entry: OutboxEntry; error: unknown }[];
let outboxes: Outbox[];

function makeOutbox(overrides: Partial<OutboxOptions> = {}): Outbox {
  const outbox = new Outbox({
    store,
    userId: 7,
    send: (entry) => server.send(entry),
    isOnline: () => online,
    backoff: () => 1000,
    onSent: (entry) => sent.push(entry),
    onRejected: (entry, error) => rejected.push({ entry, error }),
    ...overrides,
  });
  outboxes.push(outbox);
  return outbox;
}

/** Lets every pending promise (and timer-free continuation) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers();
  store = new MemoryOutboxStore();
  server = new FakeServer();
  online = true;
  sent = [];
  rejected = [];
  outboxes = [];
});

afterEach(() => {
  for (const outbox of outboxes) outbox.stop();
  vi.useRealTimers();
});

describe('Outbox', () => {
  test('stores each action with its own key before sending, and sends them in order, each once', async () => {
    const outbox = makeOutbox();
    await outbox.enqueue(step(1, 'accept'));
    await outbox.enqueue(step(1, 'en_route'));
    await outbox.flush();
    await settle();
    expect(server.received.map((e) => e.kind)).toEqual(['accept', 'en_route']);
    const keys = server.received.map((e) => e.key);
    expect(keys.every((k) => UUID.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(2);
    expect(sent.map((e) => e.kind)).toEqual(['accept', 'en_route']);
    expect(outbox.entries).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  test('keeps everything while offline and replays it in order once back online', async () => {
    online = false;
    const changes: (readonly OutboxEntry[])[] = [];
    const outbox = makeOutbox({ onChange: (entries) => changes.push(entries) });
    await outbox.enqueue(step(1, 'en_route'));
    await outbox.enqueue(step(1, 'on_scene'));
    await outbox.enqueue(step(1, 'dispose', { note: '已清理' }));
    await settle();
    expect(server.send).not.toHaveBeenCalled();
    expect(outbox.entries.map((e) => e.kind)).toEqual(['en_route', 'on_scene', 'dispose']);
    expect((await store.list()).map((e) => e.kind)).toEqual(['en_route', 'on_scene', 'dispose']);
    expect(changes.at(-1)).toHaveLength(3);

    online = true;
    await outbox.flush();
    expect(server.received.map((e) => e.kind)).toEqual(['en_route', 'on_scene', 'dispose']);
    expect(server.received[2]!.body).toEqual({ note: '已清理' });
    expect(outbox.entries).toEqual([]);
    expect(changes.at(-1)).toEqual([]);
  });

  test('retries a network failure with the same key, after a pause, holding back what follows', async () => {
    // (A new tap also tries at once; here everything is queued before the first try.)
    online = false;
    const outbox = makeOutbox();
    server.fail(apiError(0), apiError(503));
    await outbox.enqueue(step(1, 'accept'));
    await outbox.enqueue(step(1, 'en_route'));
    online = true;
    await outbox.flush();
    await settle();
    expect(server.received.map((e) => e.kind)).toEqual(['accept']);
    expect(outbox.entries[0]).toMatchObject({ kind: 'accept', attempts: 1, lastError: 'network error' });
    expect((await store.list())[0]).toMatchObject({ attempts: 1 });

    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(server.received.map((e) => e.kind)).toEqual(['accept', 'accept']);

    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(server.received.map((e) => e.kind)).toEqual(['accept', 'accept', 'accept', 'en_route']);
    const acceptKeys = new Set(server.received.filter((e) => e.kind === 'accept').map((e) => e.key));
    expect(acceptKeys.size).toBe(1);
    expect(sent.map((e) => e.kind)).toEqual(['accept', 'en_route']);
  });

  test('drops an action the server refuses (shown once), and goes on with the next', async () => {
    const outbox = makeOutbox();
    server.fail(apiError(409, 'invalid_transition'));
    await outbox.enqueue(step(1, 'on_scene'));
    await outbox.enqueue(step(2, 'accept'));
    await outbox.flush();
    await settle();
    expect(rejected.map((r) => r.entry.kind)).toEqual(['on_scene']);
    expect((rejected[0]!.error as ApiRequestError).code).toBe('invalid_transition');
    expect(sent.map((e) => e.kind)).toEqual(['accept']);
    expect(outbox.entries).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.send).toHaveBeenCalledTimes(2);
  });

  test('waits and retries while the first attempt is still running on the server (409 idempotency_in_progress)', async () => {
    const outbox = makeOutbox();
    server.fail(apiError(409, 'idempotency_in_progress'));
    await outbox.enqueue(step(1, 'accept'));
    await settle();
    expect(rejected).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(sent.map((e) => e.kind)).toEqual(['accept']);
  });

  test('holds everything when the session is gone (401), without retrying, until flushed again', async () => {
    const outbox = makeOutbox();
    server.fail(apiError(401));
    await outbox.enqueue(step(1, 'accept'));
    await settle();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.send).toHaveBeenCalledTimes(1);
    expect(outbox.entries).toHaveLength(1);
    await outbox.flush();
    expect(sent).toHaveLength(1);
  });

  test('survives a reload: a new outbox over the same store resumes in order, with the same keys, only for its user', async () => {
    online = false;
    const before = makeOutbox();
    const first = await before.enqueue(step(1, 'accept'));
    const second = await before.enqueue(step(1, 'en_route'));
    before.stop();
    await store.add({ ...step(9, 'accept'), key: newKey(), userId: 8, createdAt: 0, attempts: 0, lastError: null });

    online = true;
    const after = makeOutbox();
    await after.ready;
    expect(after.entries.map((e) => e.key)).toEqual([first.key, second.key]);
    await after.flush();
    expect(server.received.map((e) => e.key)).toEqual([first.key, second.key]);
    // The other member's action stays for them.
    expect((await store.list()).map((e) => e.userId)).toEqual([8]);
  });

  test('actions queued while one is being sent go after it, each sent once', async () => {
    const outbox = makeOutbox();
    let release!: () => void;
    server.script.push(() => new Promise((resolve) => (release = () => resolve({}))));
    await outbox.enqueue(step(1, 'accept'));
    await settle();
    const en = outbox.enqueue(step(1, 'en_route'));
    const on = outbox.enqueue(step(1, 'on_scene'));
    void outbox.flush();
    await Promise.all([en, on]);
    release();
    await outbox.flush();
    await settle();
    expect(server.received.map((e) => e.kind)).toEqual(['accept', 'en_route', 'on_scene']);
  });
});

describe('verdict', () => {
  test.each([
    [apiError(0), 'retry'],
    [apiError(500), 'retry'],
    [apiError(502), 'retry'],
    [apiError(429), 'retry'],
    [apiError(409, 'idempotency_in_progress'), 'retry'],
    [new TypeError('fetch failed'), 'retry'],
    [apiError(401), 'hold'],
    [apiError(400), 'drop'],
    [apiError(403), 'drop'],
    [apiError(404), 'drop'],
    [apiError(409, 'invalid_transition'), 'drop'],
    [apiError(422), 'drop'],
  ])('%s → %s', (error, expected) => {
    expect(verdict(error)).toBe(expected);
  });

  test('backs off 1 s, 2 s, 4 s … up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(defaultBackoff)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });
});

describe('newKey', () => {
  test('makes v4 UUIDs, also where crypto.randomUUID is missing (plain http)', () => {
    expect(newKey()).toMatch(UUID);
    const randomUUID = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
      const keys = Array.from({ length: 50 }, newKey);
      expect(keys.every((k) => UUID.test(k))).toBe(true);
      expect(new Set(keys).size).toBe(50);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: randomUUID, configurable: true });
    }
  });
});

describe('withPending', () => {
  const entry = (caseId: number, kind: OutboxDraft['kind'], body: unknown = {}, id = 1): OutboxEntry => ({
    ...step(caseId, kind, body),
    id,
    key: newKey(),
    userId: 7,
    createdAt: Date.parse('2025-05-01T08:05:00Z'),
    attempts: 0,
    lastError: null,
  });
  const assignment = {
    id: 42,
    squadId: 3,
    assignedAt: '2025-05-01T08:00:00.000Z',
    deliveredAt: null,
    acknowledgedAt: null,
    ackDueAt: '2025-05-01T08:02:00.000Z',
    ackOverdue: true,
  };

  test('shows the case as the queued steps will leave it', () => {
    const item = caseDto({ id: 1, status: 'dispatched', squadId: 3, assignment });
    const shown = withPending(item, [
      entry(1, 'acknowledge', { assignmentId: 42 }),
      entry(1, 'accept'),
      entry(1, 'en_route'),
    ]);
    expect(shown.status).toBe('en_route');
    expect(shown.assignment).toMatchObject({ acknowledgedAt: '2025-05-01T08:05:00.000Z', ackOverdue: false });
    expect(withPending(item, [entry(1, 'accept'), entry(1, 'dispose', { note: 'x' })]).status).toBe('disposed');
  });

  test('ignores steps the server already applied, other cases, and acknowledgements of another assignment', () => {
    const item = caseDto({ id: 1, status: 'en_route', squadId: 3, assignment });
    expect(withPending(item, [entry(1, 'accept'), entry(2, 'on_scene')])).toBe(item);
    expect(withPending(item, [entry(1, 'acknowledge', { assignmentId: 41 })])).toBe(item);
  });

  test('isQueued: an acknowledgement counts as a delivery report', () => {
    const queued = [entry(1, 'acknowledge', { assignmentId: 42 })];
    expect(isQueued(queued, 'delivered', 42)).toBe(true);
    expect(isQueued(queued, 'acknowledge', 42)).toBe(true);
    expect(isQueued([entry(1, 'delivered', { assignmentId: 42 })], 'acknowledge', 42)).toBe(false);
    expect(isQueued(queued, 'delivered', 43)).toBe(false);
  });
});

describe('queuedSquadStatus', () => {
  const status = (value: unknown, id: number): OutboxEntry => ({
    kind: 'status',
    caseId: null,
    method: 'PUT',
    path: '/api/squads/3/status',
    body: { status: value },
    id,
    key: newKey(),
    userId: 7,
    createdAt: 0,
    attempts: 0,
    lastError: null,
  });

  test('is the last status chosen and not yet sent', () => {
    expect(queuedSquadStatus([])).toBeNull();
    expect(queuedSquadStatus([status('on_break', 1), status('available', 2)])).toBe('available');
  });

  test('ignores other entries and a body that is not a status', () => {
    const accept: OutboxEntry = {
      ...status('busy', 3),
      kind: 'accept',
      caseId: 1,
      path: '/api/cases/1/accept',
      body: {},
    };
    expect(queuedSquadStatus([accept, status('sleeping', 4)])).toBeNull();
  });
});
