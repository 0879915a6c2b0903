/**
 * The one owner of the socket for a screen. The REST snapshot is the truth and
 * the socket the fast path: on every (re)connect the client replays the case
 * event log after the last sequence number it holds, so nothing pushed while
 * it was away is lost, and every version of a case carries its `lastSeq`, so
 * nothing is applied twice or over a newer one.
 */
import { io, type Socket } from 'socket.io-client';
import { CASE_EVENT_TYPES } from '@civic/shared';
import type { CaseEventEnvelope, ClientToServerEvents, LngLat, ServerToClientEvents } from '@civic/shared';
import { api, ApiRequestError, getToken } from './api.ts';
import type { SendResult } from './geolocation.svelte.ts';
import { merchantGradeFeed, merchantRegistryChanges } from './merchant-live.svelte.ts';
import type { CursorStore } from './offline/cursor.ts';
import type { DispatchState } from './state/dispatch-state.svelte.ts';
import { zoneChanges } from './zones-api.ts';

type DispatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const RETRY_MS = 5_000;
/** How long a position report waits for the server's acknowledgement. */
const ACK_TIMEOUT_MS = 5_000;

export class RealtimeSync {
  readonly #state: DispatchState;
  #socket: DispatchSocket | null = null;
  /**
   * The resync cursor: the highest seq read from the log by a replay. Live
   * events never move it: pushes from different nodes can arrive out of
   * order, and a cursor moved by seq 11 before seq 10 arrived would skip 10
   * after a disconnect. The log itself is in commit order, so a cursor taken
   * from it is safe; a replay re-reads what was pushed since, which the
   * per-case lastSeq makes harmless.
   */
  #lastSeq = 0;
  #resyncing = false;
  #connectedBefore = false;
  #stopped = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #cursor: CursorStore | undefined;

  /**
   * `cursor` keeps the resync cursor across reloads (the squad phone): the
   * first replay then starts where the last session stopped, so events that
   * came while the phone was away are replayed, in order, not just folded
   * into the snapshot.
   */
  constructor(state: DispatchState, options: { cursor?: CursorStore } = {}) {
    this.#state = state;
    this.#cursor = options.cursor;
  }

  get socket(): DispatchSocket | null {
    return this.#socket;
  }

  /** Loads the snapshot (retrying while the server is unreachable), then goes live. */
  async start(): Promise<void> {
    this.#state.connection = 'connecting';
    try {
      await this.#loadSnapshot();
    } catch (error) {
      if (this.#stopped || isUnauthorized(error)) return;
      this.#state.connection = 'offline';
      this.#retry = setTimeout(() => void this.start(), RETRY_MS);
      return;
    }
    if (!this.#stopped) this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /**
   * Sends this squad phone's position (WGS-84) and waits for the server's
   * acknowledgement. Nothing is sent while disconnected: socket.io would
   * buffer it and replay a stale position after the reconnect; the reporter
   * sends its latest fix instead.
   */
  async sendPosition(position: LngLat): Promise<SendResult> {
    const socket = this.#socket;
    if (!socket?.connected) return 'offline';
    try {
      const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('squad:position', position);
      return 'data' in result ? 'delivered' : 'failed';
    } catch {
      // No acknowledgement in time.
      return 'failed';
    }
  }

  async #loadSnapshot(): Promise<void> {
    // The cursor is read before the snapshot: an event committed in between is
    // then both in the snapshot and replayed, which lastSeq makes harmless.
    const meta = await api.meta();
    const [cases, squads] = await Promise.all([api.openCases(), api.squads()]);
    this.#state.meta = meta;
    this.#state.demoRunning = meta.demo;
    this.#state.setCases(cases);
    this.#state.setSquads(squads);
    this.#state.loaded = true;
    // A stored cursor ahead of the log belongs to another database (a reset): start from now.
    const stored = this.#cursor?.load() ?? null;
    this.#lastSeq = stored !== null && stored <= meta.latestSeq ? stored : meta.latestSeq;
    this.#cursor?.save(this.#lastSeq);
  }

  #connect(): void {
    // `auth` as a function so that every reconnect sends the current token.
    const socket: DispatchSocket = io({ auth: (cb) => cb({ token: getToken() }) });
    this.#socket = socket;

    socket.on('connect', () => void this.#resync());
    socket.on('disconnect', (reason) => {
      this.#state.connection = 'offline';
      // After a server-side disconnect socket.io does not retry by itself.
      if (reason === 'io server disconnect') this.#reconnectLater();
    });
    socket.on('connect_error', () => {
      this.#state.connection = 'offline';
      // Inactive means the server refused the handshake (e.g. expired token),
      // not a network blip that socket.io is already retrying.
      if (!socket.active) this.#reconnectLater();
    });

    for (const type of CASE_EVENT_TYPES) socket.on(type, (event) => this.#onLiveEvent(event));
    socket.on('squad:positions', ({ positions }) => this.#state.applyPositions(positions));
    socket.on('squad:updated', (squad) => this.#state.applySquad(squad));
    socket.on('demo:status', ({ running }) => (this.#state.demoRunning = running));
    // A signal only: zone layers re-read GET /api/zones (and do so on every reconnect anyway).
    socket.on('zones:changed', () => zoneChanges.notify());
    // 一卡四色: kept newest-per-merchant by seq; the map re-reads its snapshot on every (re)connect for what was missed.
    socket.on('merchant:graded', (graded) => void merchantGradeFeed.apply(graded));
    socket.on('merchants:changed', () => merchantRegistryChanges.notify());
  }

  #onLiveEvent(event: CaseEventEnvelope): void {
    this.#state.applyCase(event.case, event.seq);
    // Only pushed events catch the eye: a replay after a reconnect may hold hundreds.
    if (event.type === 'case:created' || event.type === 'case:located') this.#state.highlight(event.case.id);
  }

  /** Replays the event log after the cursor; on a reconnect also refreshes squads, which are not in the log. */
  async #resync(): Promise<void> {
    if (this.#resyncing) return;
    this.#resyncing = true;
    this.#state.connection = 'resyncing';
    let complete = false;
    try {
      if (this.#connectedBefore) {
        const [meta, squads] = await Promise.all([api.meta(), api.squads()]);
        this.#state.demoRunning = meta.demo;
        this.#state.setSquads(squads);
      }
      this.#connectedBefore = true;
      let page;
      do {
        page = await api.events(this.#lastSeq);
        for (const event of page.events) {
          this.#state.applyCase(event.case, event.seq);
          this.#lastSeq = Math.max(this.#lastSeq, event.seq);
        }
        this.#cursor?.save(this.#lastSeq);
      } while (page.hasMore && page.events.length > 0 && !this.#stopped);
      complete = true;
    } catch (error) {
      if (isUnauthorized(error) || this.#stopped) return;
      // Try again soon while still connected; a reconnect would retry anyway.
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => {
        if (this.#socket?.connected) void this.#resync();
      }, RETRY_MS);
    } finally {
      this.#resyncing = false;
      if (!this.#stopped) {
        this.#state.connection = !this.#socket?.connected ? 'offline' : complete ? 'online' : 'resyncing';
      }
    }
  }

  /** Checks the session first: a 401 sends the user to login instead of retrying forever. */
  #reconnectLater(): void {
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      api.me().then(
        () => this.#socket?.connect(),
        (error: unknown) => {
          if (!isUnauthorized(error)) this.#reconnectLater();
        },
      );
    }, RETRY_MS);
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}
