import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { caseDto, manualFrames, meta, squadDto } from '../../test/fixtures.ts';
import { DispatchState, HIGHLIGHT_MS } from './dispatch-state.svelte.ts';

const START = Date.parse('2025-05-01T09:00:00.000Z');

let frames: ReturnType<typeof manualFrames>;
let state: DispatchState;

beforeEach(() => {
  frames = manualFrames();
  // requestAnimationFrame stays under manualFrames' control; only the clock and timers are faked.
  vi.useFakeTimers({ now: START, toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  state = new DispatchState();
});

afterEach(() => {
  state.dispose();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const ids = (cases: readonly { id: number }[]): number[] => cases.map((c) => c.id);

describe('case versions', () => {
  test('a new case appears after the next frame', () => {
    state.applyCase(caseDto({ id: 1, lastSeq: 5 }));
    expect(state.cases.size).toBe(0);

    frames.runFrame();

    expect(state.cases.get(1)?.lastSeq).toBe(5);
    expect(ids(state.openCases)).toEqual([1]);
  });

  test('an older or equal version never overwrites the one held', () => {
    state.applyCase(caseDto({ id: 1, lastSeq: 7, status: 'dispatched', squadName: 'A' }));
    frames.runFrame();

    // Late pushes from another node, and a duplicate of the version held.
    state.applyCase(caseDto({ id: 1, lastSeq: 6, status: 'received' }));
    state.applyCase(caseDto({ id: 1, lastSeq: 7, status: 'dispatched', squadName: 'B' }));
    frames.runFrame();

    expect(state.cases.get(1)).toMatchObject({ lastSeq: 7, status: 'dispatched', squadName: 'A' });
  });

  test('out-of-order versions within one batch: the newest wins whatever the arrival order', () => {
    state.applyCase(caseDto({ id: 1, lastSeq: 9, status: 'accepted' }));
    state.applyCase(caseDto({ id: 1, lastSeq: 8, status: 'dispatched' }));
    state.applyCase(caseDto({ id: 2, lastSeq: 3 }));
    state.applyCase(caseDto({ id: 2, lastSeq: 4, status: 'dispatched' }));
    frames.runFrame();

    expect(state.cases.get(1)).toMatchObject({ lastSeq: 9, status: 'accepted' });
    expect(state.cases.get(2)).toMatchObject({ lastSeq: 4, status: 'dispatched' });
  });

  test("a version is ordered by its event's seq when that is newer than the DTO's lastSeq", () => {
    state.applyCase(caseDto({ id: 1, lastSeq: 3, status: 'dispatched' }), 12);
    frames.runFrame();
    state.applyCase(caseDto({ id: 1, lastSeq: 11, status: 'received' }));
    frames.runFrame();

    expect(state.cases.get(1)).toMatchObject({ lastSeq: 12, status: 'dispatched' });
  });

  test('a REST snapshot replaces the cases, but newer versions still queued win over it', () => {
    state.applyCase(caseDto({ id: 1, lastSeq: 20, status: 'dispatched' }));
    state.applyCase(caseDto({ id: 2, lastSeq: 2, status: 'dispatched' }));
    state.setCases([
      caseDto({ id: 1, lastSeq: 15, status: 'received' }),
      caseDto({ id: 2, lastSeq: 18, status: 'accepted' }),
      caseDto({ id: 3, lastSeq: 16 }),
    ]);
    frames.runFrame();

    expect(state.cases.get(1)).toMatchObject({ lastSeq: 20, status: 'dispatched' });
    expect(state.cases.get(2)).toMatchObject({ lastSeq: 18, status: 'accepted' });
    expect(ids(state.openCases).sort()).toEqual([1, 2, 3]);
  });

  // A disposed case is still open (it waits to be verified and closed); closing takes it off the list.
  test('a case that is closed leaves the open list but stays known', () => {
    state.setCases([caseDto({ id: 1, lastSeq: 1 }), caseDto({ id: 2, lastSeq: 2 })]);
    state.applyCase(caseDto({ id: 1, lastSeq: 30, status: 'closed' }));
    frames.runFrame();

    expect(ids(state.openCases)).toEqual([2]);
    expect(state.cases.get(1)?.status).toBe('closed');
  });

  test('open cases are listed newest first', () => {
    state.setCases([
      caseDto({ id: 1, createdAt: '2025-05-01T08:00:00.000Z' }),
      caseDto({ id: 2, createdAt: '2025-05-01T10:00:00.000Z' }),
      caseDto({ id: 3, createdAt: '2025-05-01T09:00:00.000Z' }),
      caseDto({ id: 4, createdAt: '2025-05-01T09:00:00.000Z' }),
    ]);

    expect(ids(state.openCases)).toEqual([2, 4, 3, 1]);
  });
});

describe('batching', () => {
  test('a burst of events is applied at once, on one frame', () => {
    for (let seq = 1; seq <= 50; seq++) state.applyCase(caseDto({ id: seq, lastSeq: seq }));
    expect(frames.requested()).toBe(1);
    expect(state.cases.size).toBe(0);

    frames.runFrame();

    expect(state.cases.size).toBe(50);
  });

  test('without frames (a background tab) the fallback timer applies the queue', () => {
    state.applyCase(caseDto({ id: 1 }));

    vi.advanceTimersByTime(200);
    expect(state.cases.size).toBe(0);
    vi.advanceTimersByTime(100);
    expect(state.cases.size).toBe(1);
    // The frame that was requested is no longer wanted.
    expect(frames.requested()).toBe(0);
  });

  test('events after a flush schedule another one', () => {
    state.applyCase(caseDto({ id: 1 }));
    frames.runFrame();
    state.applyCase(caseDto({ id: 2 }));

    expect(frames.requested()).toBe(1);
    frames.runFrame();
    expect(ids(state.openCases).sort()).toEqual([1, 2]);
  });

  test('dispose leaves no timer running', () => {
    state.applyCase(caseDto({ id: 1 }));
    state.highlight(1);
    frames.runFrame();
    state.applyCase(caseDto({ id: 2 }));

    state.dispose();

    expect(vi.getTimerCount()).toBe(0);
    expect(frames.requested()).toBe(0);
  });
});

describe('highlights', () => {
  test('a highlight starts with the flush that shows the case and ends after HIGHLIGHT_MS', () => {
    state.applyCase(caseDto({ id: 1 }));
    state.highlight(1);
    expect(state.highlighted.has(1)).toBe(false);

    frames.runFrame();
    expect(state.highlighted.has(1)).toBe(true);

    vi.advanceTimersByTime(HIGHLIGHT_MS - 1);
    expect(state.highlighted.has(1)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(state.highlighted.has(1)).toBe(false);
  });

  test('highlighting again restarts the highlight', () => {
    state.highlight(1);
    frames.runFrame();
    vi.advanceTimersByTime(HIGHLIGHT_MS - 500);
    state.highlight(1);
    frames.runFrame();

    vi.advanceTimersByTime(1_000);
    expect(state.highlighted.has(1)).toBe(true);
    vi.advanceTimersByTime(HIGHLIGHT_MS);
    expect(state.highlighted.has(1)).toBe(false);
  });
});

describe('squads', () => {
  const secondsAgo = (s: number): string => new Date(Date.now() - s * 1000).toISOString();

  test('listed by code', () => {
    state.setSquads([squadDto({ id: 1, code: 'C' }), squadDto({ id: 2, code: 'A' }), squadDto({ id: 3, code: 'B' })]);

    expect(state.squads.map((s) => s.code)).toEqual(['A', 'B', 'C']);
  });

  test('a fresh position goes stale on the local clock once the freshness limit has passed', () => {
    state.meta = meta({ positionFreshSeconds: 60 });
    state.setSquads([
      squadDto({ id: 1, position: { lng: 113.6, lat: 34.8 }, positionAt: secondsAgo(20), positionFresh: true }),
    ]);
    expect(state.squads[0]?.positionFresh).toBe(true);

    // 40 s left of the 60 s limit; staleness is checked every few seconds.
    vi.advanceTimersByTime(35_000);
    expect(state.squads[0]?.positionFresh).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(state.squads[0]?.positionFresh).toBe(false);
  });

  test('a squad the server reports stale stays stale', () => {
    state.setSquads([
      squadDto({ id: 1, position: { lng: 113.6, lat: 34.8 }, positionAt: secondsAgo(600), positionFresh: false }),
    ]);

    expect(state.squads[0]?.positionFresh).toBe(false);
  });

  test('a squad:positions frame moves the squad and makes it fresh again, leaving its status alone', () => {
    state.setSquads([
      squadDto({ id: 1, position: { lng: 113.6, lat: 34.8 }, positionAt: secondsAgo(600), positionFresh: false }),
      squadDto({ id: 2, position: { lng: 113.7, lat: 34.9 }, positionAt: secondsAgo(600), positionFresh: false }),
    ]);
    const at = new Date().toISOString();

    state.applyPositions([{ squadId: 1, lng: 113.65, lat: 34.82, at }]);
    expect(state.squads[0]?.position).toEqual({ lng: 113.6, lat: 34.8 });
    frames.runFrame();

    expect(state.squads[0]).toMatchObject({
      id: 1,
      position: { lng: 113.65, lat: 34.82 },
      positionAt: at,
      status: 'available',
      positionFresh: true,
    });
    expect(state.squads[1]).toMatchObject({ id: 2, position: { lng: 113.7, lat: 34.9 }, positionFresh: false });

    // Fresh for the whole default limit (120 s before /api/meta answers), then stale.
    vi.advanceTimersByTime(115_000);
    expect(state.squads[0]?.positionFresh).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(state.squads[0]?.positionFresh).toBe(false);
  });

  test('a fix older than the one drawn is ignored, from a late frame or a status change', () => {
    state.setSquads([squadDto({ id: 1 })]);
    const newer = new Date().toISOString();
    const older = new Date(Date.now() - 5000).toISOString();
    state.applyPositions([{ squadId: 1, lng: 113.62, lat: 34.82, at: newer }]);
    frames.runFrame();
    // Another node's frame, sent earlier, arrives later.
    state.applyPositions([{ squadId: 1, lng: 113.61, lat: 34.81, at: older }]);
    frames.runFrame();
    expect(state.squads[0]).toMatchObject({ position: { lng: 113.62, lat: 34.82 }, positionAt: newer });
    // A status change from a node that knew only the older fix: the status applies, the position stays.
    state.applySquad(squadDto({ id: 1, status: 'on_break', position: { lng: 113.61, lat: 34.81 }, positionAt: older }));
    frames.runFrame();
    expect(state.squads[0]).toMatchObject({
      status: 'on_break',
      position: { lng: 113.62, lat: 34.82 },
      positionAt: newer,
    });
  });

  test('the last of several positions in a batch wins', () => {
    state.setSquads([squadDto({ id: 1 })]);
    const at = new Date().toISOString();
    state.applyPositions([{ squadId: 1, lng: 113.61, lat: 34.81, at }]);
    state.applyPositions([{ squadId: 1, lng: 113.62, lat: 34.82, at }]);
    frames.runFrame();

    expect(state.squads[0]).toMatchObject({ position: { lng: 113.62, lat: 34.82 } });
  });

  test('a position frame arriving after a newer squad:updated does not undo the status', () => {
    state.setSquads([squadDto({ id: 1, status: 'available' })]);
    state.applySquad(squadDto({ id: 1, status: 'off_duty' }));
    state.applyPositions([{ squadId: 1, lng: 113.62, lat: 34.82, at: new Date().toISOString() }]);
    frames.runFrame();

    expect(state.squads[0]).toMatchObject({ status: 'off_duty', position: { lng: 113.62, lat: 34.82 } });
  });

  test('positions of a squad not in the snapshot (outside this user’s scope) are not drawn', () => {
    state.setSquads([squadDto({ id: 1 })]);
    state.applyPositions([{ squadId: 99, lng: 113.6, lat: 34.8, at: new Date().toISOString() }]);
    frames.runFrame();

    expect(state.squads.map((s) => s.id)).toEqual([1]);
  });

  test('a squad:updated change replaces the squad', () => {
    state.setSquads([squadDto({ id: 1, status: 'available' })]);
    state.applySquad(squadDto({ id: 1, status: 'on_break' }));
    frames.runFrame();

    expect(state.squads[0]?.status).toBe('on_break');
  });

  test('squad changes queued while a snapshot was fetched are applied over it', () => {
    state.applySquad(squadDto({ id: 1, status: 'off_duty' }));
    state.setSquads([squadDto({ id: 1, status: 'available' }), squadDto({ id: 2 })]);
    frames.runFrame();

    expect(state.squads.map((s) => [s.id, s.status])).toEqual([
      [1, 'off_duty'],
      [2, 'available'],
    ]);
  });
});
