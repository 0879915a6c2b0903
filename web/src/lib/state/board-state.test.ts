import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CaseDto, CategoryDto, DeadlineDto } from '@civic/shared';
import { caseDto, manualFrames, squadDto } from '../../test/fixtures.ts';
import { ApiRequestError } from '../api.ts';
import {
  BoardState,
  boardActions,
  FLASH_MS,
  NO_CATEGORY,
  ServerClock,
  TICK_MS,
  type BoardDeps,
} from './board-state.svelte.ts';
import { DispatchState } from './dispatch-state.svelte.ts';

/** The browser's own clock in these tests. */
const LOCAL = Date.parse('2025-05-06T02:00:00.000Z');
/** The server's clock is two hours ahead of it. */
const SKEW = 2 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function deadline(id: number, warnIn: number, dueIn: number, base = LOCAL + SKEW): DeadlineDto {
  return {
    id,
    stage: 'dispose',
    startedAt: iso(base - 3_600_000),
    warnAt: iso(base + warnIn),
    dueAt: iso(base + dueIn),
    limit: { amount: 4, unit: 'working_hours' },
    source: 'category',
    metAt: null,
    escalation: null,
  };
}

/** A case with the lifecycle fields, built over the shared web fixture. */
function boardCase(overrides: Partial<CaseDto> & Pick<CaseDto, 'id'>): CaseDto {
  return {
    ...caseDto({ id: overrides.id }),
    status: 'dispatched',
    squadId: 1,
    squadName: 'Squad 1',
    deadlines: [],
    escalation: null,
    supervised: false,
    supervisionComment: null,
    extensionRequest: null,
    reworkCount: 0,
    mergedInto: null,
    feedbackGiven: false,
    satisfaction: null,
    ...overrides,
  };
}

let frames: ReturnType<typeof manualFrames>;
let live: DispatchState;
let clock: ServerClock;
let deps: {
  perform: ReturnType<typeof vi.fn<BoardDeps['perform']>>;
  getCase: ReturnType<typeof vi.fn<BoardDeps['getCase']>>;
};
let board: BoardState;
let serverTime: ReturnType<typeof vi.fn<() => Promise<string>>>;

beforeEach(() => {
  frames = manualFrames();
  vi.useFakeTimers({ now: LOCAL, toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  live = new DispatchState();
  serverTime = vi.fn(() => Promise.resolve(iso(Date.now() + SKEW)));
  clock = new ServerClock(serverTime);
  deps = { perform: vi.fn<BoardDeps['perform']>(), getCase: vi.fn<BoardDeps['getCase']>() };
  board = new BoardState(live, clock, deps);
});

afterEach(() => {
  board.dispose();
  clock.dispose();
  live.dispose();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function load(cases: CaseDto[]): void {
  live.setCases(cases);
  live.loaded = true;
}

const order = () => board.rows.map((row) => row.item.id);
const colourOf = (id: number) => board.rows.find((row) => row.item.id === id)?.reading?.colour;

describe('ServerClock', () => {
  test("runs on the server's time once measured, ticking once a second", async () => {
    expect(clock.synced).toBe(false);

    await clock.measure();

    expect(clock.synced).toBe(true);
    expect(clock.offset).toBe(SKEW);
    expect(clock.now).toBe(LOCAL + SKEW);

    vi.advanceTimersByTime(TICK_MS);
    expect(clock.now).toBe(LOCAL + SKEW + TICK_MS);
    vi.advanceTimersByTime(3 * TICK_MS);
    expect(clock.now).toBe(LOCAL + SKEW + 4 * TICK_MS);
  });

  test('a first measurement that fails is retried; a later failure keeps the last offset', async () => {
    serverTime.mockRejectedValueOnce(new Error('offline'));
    await clock.measure();
    expect(clock.synced).toBe(false);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(clock.synced).toBe(true);
    expect(clock.offset).toBe(SKEW);

    serverTime.mockRejectedValueOnce(new Error('offline'));
    await clock.measure();
    expect(clock.offset).toBe(SKEW);
    expect(serverTime).toHaveBeenCalledTimes(3);
  });

  test('a re-measurement follows a server clock that moved (a reconnect to another node)', async () => {
    await clock.measure();
    serverTime.mockResolvedValueOnce(iso(Date.now() + SKEW - 30_000));

    await clock.measure();

    expect(clock.offset).toBe(SKEW - 30_000);
    expect(clock.now).toBe(LOCAL + SKEW - 30_000);
  });

  test('an unreadable server time is not taken', async () => {
    serverTime.mockResolvedValueOnce('garbage');
    await clock.measure();
    expect(clock.synced).toBe(false);
    expect(clock.offset).toBe(0);
  });
});

describe('clocks on the board', () => {
  test("colours change on the server's time, not the browser's", async () => {
    // Warning in 10 s, due in 20 s, server time. The browser's clock is two hours
    // behind: read uncorrected, the case would look green for two more hours.
    load([boardCase({ id: 1, deadlines: [deadline(1, 10_000, 20_000)] })]);
    await clock.measure();
    expect(colourOf(1)).toBe('green');

    vi.advanceTimersByTime(10_000);
    expect(colourOf(1)).toBe('amber');

    vi.advanceTimersByTime(10_000);
    expect(colourOf(1)).toBe('red');
    expect(board.rows[0]?.reading).toMatchObject({ overdue: true, remainingMs: 0 });
  });

  test('overdue and supervised on top, then amber, then by due time; the order follows the clock', async () => {
    load([
      boardCase({ id: 1, deadlines: [deadline(1, 100_000, 200_000)] }),
      boardCase({ id: 2, deadlines: [deadline(2, 5_000, 300_000)] }),
      boardCase({ id: 3, deadlines: [deadline(3, -60_000, -1_000)] }),
      boardCase({ id: 4, supervised: true, deadlines: [deadline(4, 500_000, 600_000)] }),
      boardCase({ id: 5, status: 'received', squadId: null }),
      boardCase({ id: 6, deadlines: [deadline(6, -10_000, 400_000)] }),
    ]);
    await clock.measure();

    expect(order()).toEqual([3, 4, 6, 1, 2, 5]);
    expect(board.counts).toMatchObject({ red: 1, amber: 1, green: 3, supervised: 1, total: 6 });

    // Case 2's warning fires: amber ranks above green, and among the amber it is due first.
    vi.advanceTimersByTime(5_000);
    expect(order()).toEqual([3, 4, 2, 6, 1, 5]);
  });

  test('closed and merged cases leave the board', async () => {
    load([boardCase({ id: 1 }), boardCase({ id: 2 })]);
    await clock.measure();

    live.applyCase(boardCase({ id: 2, status: 'closed', lastSeq: 9 }));
    frames.runFrame();

    expect(order()).toEqual([1]);
  });
});

describe('filters', () => {
  const categories: CategoryDto[] = [
    {
      code: '01',
      parentCode: null,
      name: '市容环境',
      nameEn: 'Appearance',
      priority: 3,
      limits: {},
      active: true,
      duplicateRadiusM: 150,
      duplicateWindowHours: 72,
    },
    {
      code: '0101',
      parentCode: '01',
      name: '暴露垃圾',
      nameEn: 'Garbage',
      priority: 2,
      limits: {},
      active: true,
      duplicateRadiusM: 150,
      duplicateWindowHours: 72,
    },
    {
      code: '02',
      parentCode: null,
      name: '街面秩序',
      nameEn: 'Street order',
      priority: 3,
      limits: {},
      active: true,
      duplicateRadiusM: 150,
      duplicateWindowHours: 72,
    },
    {
      code: '0201',
      parentCode: '02',
      name: '占道经营',
      nameEn: 'Trading',
      priority: 2,
      limits: {},
      active: true,
      duplicateRadiusM: 150,
      duplicateWindowHours: 72,
    },
  ];

  beforeEach(async () => {
    live.setSquads([squadDto({ id: 1 }), squadDto({ id: 2 })]);
    load([
      boardCase({ id: 1, categoryCode: '0101', channel: 'hotline', squadId: 1, subDistrict: '刘寨街道' }),
      boardCase({ id: 2, categoryCode: '0201', channel: 'web', squadId: 2, subDistrict: '新城街道' }),
      boardCase({ id: 3, categoryCode: null, channel: 'patrol', squadId: null, subDistrict: '刘寨街道' }),
      boardCase({
        id: 4,
        categoryCode: '9901',
        categoryName: '其他',
        channel: 'hotline',
        squadId: 2,
        subDistrict: null,
      }),
    ]);
    board.categories = categories;
    await clock.measure();
  });

  test('each filter narrows the loaded cases; a 大类 takes in its 小类', () => {
    board.filters.category = '01';
    expect(order()).toEqual([1]);
    board.filters.category = '0201';
    expect(order()).toEqual([2]);
    board.filters.category = NO_CATEGORY;
    expect(order()).toEqual([3]);
    expect(board.filtered).toBe(true);

    board.clearFilters();
    expect(order()).toEqual([1, 2, 3, 4]);

    board.filters.channel = 'hotline';
    expect(order()).toEqual([1, 4]);
    board.filters.squad = '2';
    expect(order()).toEqual([4]);
    board.clearFilters();
    board.filters.subDistrict = '刘寨街道';
    expect(order()).toEqual([1, 3]);
  });

  test('options come from the catalogue and the cases', () => {
    expect(board.categoryOptions.map((o) => [o.code, o.child])).toEqual([
      ['01', false],
      ['0101', true],
      ['02', false],
      ['0201', true],
      ['9901', false],
    ]);
    expect(board.subDistrictOptions).toEqual(['刘寨街道', '新城街道'].sort((a, b) => a.localeCompare(b, 'zh-CN')));
  });
});

describe('escalations flash their rows', () => {
  test('a higher step flashes for FLASH_MS; what was escalated at load does not', () => {
    load([boardCase({ id: 1, escalation: 'reminder' }), boardCase({ id: 2 })]);
    board.observe(live.cases);
    expect(board.flashing.size).toBe(0);

    live.applyCase(boardCase({ id: 2, escalation: 'warning', lastSeq: 5 }));
    frames.runFrame();
    board.observe(live.cases);
    expect([...board.flashing]).toEqual([2]);

    // The same step again (a later version of the case) does not restart it.
    live.applyCase(boardCase({ id: 2, escalation: 'warning', lastSeq: 6, supervised: true }));
    frames.runFrame();
    board.observe(live.cases);
    vi.advanceTimersByTime(FLASH_MS);
    expect(board.flashing.size).toBe(0);

    // A step down (an approved extension reset the clock) is no news either.
    live.applyCase(boardCase({ id: 1, escalation: null, lastSeq: 7 }));
    frames.runFrame();
    board.observe(live.cases);
    expect(board.flashing.size).toBe(0);
  });
});

describe('actions', () => {
  test('offered by status, role and the case’s own facts', () => {
    const dispatched = boardCase({ id: 1, status: 'dispatched' });
    expect(boardActions(dispatched, 'supervisor')).toEqual(['reassign', 'supervise']);
    expect(boardActions({ ...dispatched, supervised: true }, 'supervisor')).toEqual(['reassign', 'lift_supervision']);

    const pending = {
      ...dispatched,
      extensionRequest: {
        stage: 'dispose' as const,
        extendBy: { amount: 2, unit: 'working_hours' as const },
        reason: '需协调多部门',
        requestedBy: 'near_member',
        requestedAt: iso(LOCAL),
      },
    };
    expect(boardActions(pending, 'supervisor')).toEqual([
      'reassign',
      'approve_extension',
      'refuse_extension',
      'supervise',
    ]);

    expect(boardActions(boardCase({ id: 2, status: 'disposed' }), 'supervisor')).toEqual([
      'supervise',
      'close',
      'rework',
    ]);
    // A dispatcher may reassign but not supervise, close or decide extensions.
    expect(boardActions(pending, 'dispatcher')).toEqual(['reassign']);
  });

  test('an answer is applied at once', async () => {
    load([boardCase({ id: 1 })]);
    deps.perform.mockResolvedValueOnce(
      boardCase({ id: 1, supervised: true, supervisionComment: '限期处置', lastSeq: 4 }),
    );

    const result = await board.act(1, 'supervise', { comment: '限期处置' });
    frames.runFrame();

    expect(result.ok).toBe(true);
    expect(deps.perform).toHaveBeenCalledWith(1, 'supervise', { comment: '限期处置' });
    expect(live.cases.get(1)).toMatchObject({ supervised: true, supervisionComment: '限期处置' });
  });

  test('a refusal comes back as a message and the case is reloaded', async () => {
    load([boardCase({ id: 1, status: 'disposed' })]);
    deps.perform.mockRejectedValueOnce(
      new ApiRequestError(
        409,
        { statusCode: 409, error: 'Conflict', message: 'case is closed; close is allowed from disposed' },
        'Conflict',
      ),
    );
    deps.getCase.mockResolvedValueOnce(boardCase({ id: 1, status: 'closed', lastSeq: 8 }));

    const result = await board.act(1, 'close', {});
    frames.runFrame();

    expect(result).toMatchObject({ ok: false, status: 409 });
    expect(result.ok ? '' : result.message).toContain('case is closed');
    expect(live.cases.get(1)?.status).toBe('closed');
    expect(order()).toEqual([]);
  });
});
