/**
 * The supervisor board's state over the live cases of a DispatchState: one
 * ticking clock on the server's time, the filters, the order, the rows that
 * just escalated, and the supervisor's actions.
 *
 * The clocks tick here, in the browser, once a second for the whole board:
 * the deadlines are in the case DTOs, so the server is never polled for time.
 * The browser's own clock may be wrong by minutes or hours; the server's
 * clock is read from GET /api/meta, and the offset measured then (again on
 * each reconnect) corrects every reading, so colours change on the server's
 * time, the one its sweeper escalates on.
 */
import { createContext } from 'svelte';
import { availableActions, CASE_ACTIONS, CHANNELS } from '@civic/shared';
import type { CaseActionName, CaseDto, CategoryDto, Channel, EscalationStep, Role } from '@civic/shared';
import { ApiRequestError } from '../api.ts';
import { describeError } from '../errors.ts';
import { clockOffset, compareForBoard, isHigherStep, readClock, type ClockReading } from '../clock.ts';
import type { DispatchState } from './dispatch-state.svelte.ts';

export const TICK_MS = 1_000;
/** How long a row flashes after a step of the 督办 ladder fired on it. */
export const FLASH_MS = 10_000;
/** Retry for a clock measurement that failed before the first one succeeded. */
const MEASURE_RETRY_MS = 5_000;

/**
 * The server's time as this browser estimates it, one `now` for every clock
 * on the page, ticking once a second.
 */
export class ServerClock {
  /** Server time, in epoch milliseconds, as of the last tick. */
  now = $state(Date.now());
  /** Server clock minus this browser's, in milliseconds. */
  offset = $state(0);
  /** False until the offset has been measured once: until then colours could be wrong. */
  synced = $state(false);

  readonly #readServerTime: () => Promise<string>;
  #timer: ReturnType<typeof setInterval> | undefined = setInterval(() => this.#tick(), TICK_MS);
  #retry: ReturnType<typeof setTimeout> | undefined;
  #measuring: Promise<void> | null = null;
  #disposed = false;

  /** `readServerTime` answers the server's clock as an ISO date-time (GET /api/meta's serverTime). */
  constructor(readServerTime: () => Promise<string>) {
    this.#readServerTime = readServerTime;
  }

  /** Measures the offset (again); a failure keeps the last one, and retries until a first one succeeds. */
  measure(): Promise<void> {
    this.#measuring ??= this.#measure().finally(() => (this.#measuring = null));
    return this.#measuring;
  }

  dispose(): void {
    this.#disposed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
    this.#timer = undefined;
  }

  async #measure(): Promise<void> {
    clearTimeout(this.#retry);
    try {
      const sentAt = Date.now();
      const serverTime = await this.#readServerTime();
      const receivedAt = Date.now();
      if (this.#disposed) return;
      const offset = clockOffset(serverTime, sentAt, receivedAt);
      if (!Number.isFinite(offset)) throw new Error(`unreadable server time: ${serverTime}`);
      this.offset = offset;
      this.synced = true;
      this.#tick();
    } catch {
      if (!this.synced && !this.#disposed) this.#retry = setTimeout(() => void this.measure(), MEASURE_RETRY_MS);
    }
  }

  #tick(): void {
    this.now = Date.now() + this.offset;
  }
}

/** The actions a supervisor takes from the board. */
export const BOARD_ACTIONS = [
  'reassign',
  'approve_extension',
  'refuse_extension',
  'supervise',
  'lift_supervision',
  'close',
  'rework',
] as const satisfies readonly CaseActionName[];
export type BoardAction = (typeof BOARD_ACTIONS)[number];

/**
 * The board actions this role can take on this case now: the shared action
 * table, narrowed by the case's own facts (supervise only when not yet
 * supervised, an extension decision only when one is pending).
 */
export function boardActions(item: CaseDto, role: Role): BoardAction[] {
  const allowed = availableActions(item.status, role, false);
  return BOARD_ACTIONS.filter((action) => {
    if (!allowed.includes(action)) return false;
    switch (action) {
      case 'supervise':
        return !item.supervised;
      case 'lift_supervision':
        return item.supervised;
      case 'approve_extension':
      case 'refuse_extension':
        return item.extensionRequest !== null;
      case 'reassign':
      case 'close':
      case 'rework':
        return true;
    }
  });
}

/** Whether the action moves the case to another status (so it may leave the board). */
export function movesCase(action: BoardAction): boolean {
  return CASE_ACTIONS[action].to !== null;
}

/** '' means "all". `category` is a code; a 大类 also matches its 小类. `squad` is an id as text. */
export interface BoardFilters {
  category: string;
  channel: '' | Channel;
  squad: string;
  subDistrict: string;
}

/** The category filter's value for cases with no category yet. */
export const NO_CATEGORY = '-';

export const EMPTY_FILTERS: BoardFilters = { category: '', channel: '', squad: '', subDistrict: '' };

export interface BoardRow {
  item: CaseDto;
  reading: ClockReading | null;
}

export interface CategoryOption {
  code: string;
  name: string;
  nameEn: string;
  /** A 小类 under a 大类 in the list. */
  child: boolean;
}

/** The answer to a board action: the case as the server now holds it, or the error to show by the row. */
export type ActionResult = { ok: true; item: CaseDto } | { ok: false; message: string; status: number };

export interface BoardDeps {
  /** POST /api/cases/:id/<action> (lifecycle-api's performAction). */
  perform: (caseId: number, action: CaseActionName, body?: object) => Promise<CaseDto>;
  /** GET /api/cases/:id, to show the truth after a refusal. */
  getCase: (caseId: number) => Promise<CaseDto>;
}

export class BoardState {
  filters = $state<BoardFilters>({ ...EMPTY_FILTERS });
  /** The catalogue from GET /api/categories; empty until (or unless) it loads. */
  categories = $state.raw<readonly CategoryDto[]>([]);
  /** Cases on which a step of the 督办 ladder just fired. */
  flashing = $state.raw<ReadonlySet<number>>(new Set());

  readonly live: DispatchState;
  readonly clock: ServerClock;
  readonly #deps: BoardDeps;

  /** Every open case, filtered, with its clock read at the clock's `now`, in the board's order. */
  rows: BoardRow[] = $derived.by(() => {
    const now = this.clock.now;
    const matches = this.#matcher(this.filters);
    return this.live.openCases
      .filter(matches)
      .map((item) => ({ item, reading: readClock(item, now) }))
      .sort(compareForBoard);
  });

  /** What the filtered board holds, by colour. */
  counts = $derived.by(() => {
    const counts = { red: 0, amber: 0, green: 0, supervised: 0, total: this.rows.length };
    for (const row of this.rows) {
      if (row.reading) counts[row.reading.colour]++;
      if (row.item.supervised) counts.supervised++;
    }
    return counts;
  });

  /** 大类 then their 小类, from the catalogue, plus any code seen on a case but not in it. */
  categoryOptions: CategoryOption[] = $derived.by(() => {
    const options: CategoryOption[] = [];
    const known = new Set<string>();
    const parents = this.categories.filter((c) => c.parentCode === null);
    for (const parent of parents) {
      options.push({ code: parent.code, name: parent.name, nameEn: parent.nameEn, child: false });
      known.add(parent.code);
      for (const child of this.categories.filter((c) => c.parentCode === parent.code)) {
        options.push({ code: child.code, name: child.name, nameEn: child.nameEn, child: true });
        known.add(child.code);
      }
    }
    const extra = new Map<string, string>();
    for (const c of this.live.openCases) {
      if (c.categoryCode !== null && !known.has(c.categoryCode))
        extra.set(c.categoryCode, c.categoryName ?? c.categoryCode);
    }
    for (const [code, name] of [...extra].sort(([a], [b]) => a.localeCompare(b))) {
      options.push({ code, name, nameEn: name, child: false });
    }
    return options;
  });

  /** Sub-districts named by the open cases. */
  subDistrictOptions: string[] = $derived.by(() =>
    [...new Set(this.live.openCases.map((c) => c.subDistrict).filter((s): s is string => s !== null))].sort((a, b) =>
      a.localeCompare(b, 'zh-CN'),
    ),
  );

  readonly channelOptions: readonly Channel[] = CHANNELS;

  #escalations = new Map<number, EscalationStep | null>();
  #primed = false;
  #flashTimers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(live: DispatchState, clock: ServerClock, deps: BoardDeps) {
    this.live = live;
    this.clock = clock;
    this.#deps = deps;
  }

  get filtered(): boolean {
    const f = this.filters;
    return f.category !== '' || f.channel !== '' || f.squad !== '' || f.subDistrict !== '';
  }

  clearFilters(): void {
    this.filters = { ...EMPTY_FILTERS };
  }

  /**
   * Compares the escalation step of every case with the one last seen and
   * flashes the rows where a higher step fired. The first call only records:
   * what was already escalated when the board opened is not news.
   */
  observe(cases: ReadonlyMap<number, CaseDto>): void {
    const fired: number[] = [];
    for (const [id, item] of cases) {
      const previous = this.#escalations.get(id) ?? null;
      if (this.#primed && isHigherStep(item.escalation, previous)) fired.push(id);
      this.#escalations.set(id, item.escalation);
    }
    this.#primed = true;
    if (fired.length > 0) this.flash(fired);
  }

  /** Marks the rows for FLASH_MS (again, if already flashing). */
  flash(ids: readonly number[]): void {
    const next = new Set(this.flashing);
    for (const id of ids) {
      next.add(id);
      clearTimeout(this.#flashTimers.get(id));
      this.#flashTimers.set(
        id,
        setTimeout(() => this.#unflash(id), FLASH_MS),
      );
    }
    this.flashing = next;
  }

  /**
   * Takes an action and applies the answer at once (the live event follows
   * and changes nothing). On a refusal the case is reloaded, so the row shows
   * why: someone else closed it, the extension was decided meanwhile…
   */
  async act(caseId: number, action: BoardAction, body?: object): Promise<ActionResult> {
    try {
      const item = await this.#deps.perform(caseId, action, body);
      this.live.applyCase(item);
      return { ok: true, item };
    } catch (error) {
      const status = error instanceof ApiRequestError ? error.status : 0;
      if (status === 409 || status === 404) {
        try {
          this.live.applyCase(await this.#deps.getCase(caseId));
        } catch {
          // The error itself is what the supervisor needs to see.
        }
      }
      return { ok: false, message: describeError(error), status };
    }
  }

  dispose(): void {
    for (const timer of this.#flashTimers.values()) clearTimeout(timer);
    this.#flashTimers.clear();
  }

  #unflash(id: number): void {
    this.#flashTimers.delete(id);
    const next = new Set(this.flashing);
    next.delete(id);
    this.flashing = next;
  }

  #matcher(filters: BoardFilters): (item: CaseDto) => boolean {
    const categoryCodes = this.#categoryCodes(filters.category);
    const squadId = filters.squad === '' ? null : Number(filters.squad);
    return (item) =>
      (filters.category === '' ||
        (filters.category === NO_CATEGORY ? item.categoryCode === null : categoryCodes.has(item.categoryCode ?? ''))) &&
      (filters.channel === '' || item.channel === filters.channel) &&
      (squadId === null || item.squadId === squadId) &&
      (filters.subDistrict === '' || item.subDistrict === filters.subDistrict);
  }

  /** The code and every code under it in the catalogue. */
  #categoryCodes(code: string): Set<string> {
    const codes = new Set([code]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const c of this.categories) {
        if (c.parentCode !== null && codes.has(c.parentCode) && !codes.has(c.code)) {
          codes.add(c.code);
          grew = true;
        }
      }
    }
    return codes;
  }
}

/** The board's state, handed to its components by context. */
export const [getBoardState, setBoardState] = createContext<BoardState>();
