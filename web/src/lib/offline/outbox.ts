/**
 * The phone's outbox. Every action a person takes on the phone is written
 * here first, with an idempotency key made at the tap, and sent from here in
 * the order it was taken. A network failure (or `navigator.onLine` false)
 * leaves it queued; the queue is replayed in order when the phone is back
 * online, and the server applies each action once however often it is sent
 * (the `Idempotency-Key` header). An answer that refuses the action (a 4xx:
 * the case was reassigned meanwhile, say) drops it and says so: retrying would
 * only be refused again. Storage is behind `OutboxStore`: IndexedDB on the
 * phone (idb-store.ts), memory in tests.
 */
import type { CaseActionName } from '@civic/shared';
import { ApiRequestError } from '../api.ts';

/** The lifecycle steps, the phone's own reports, a patrol finding and the squad's status. */
export type OutboxKind = CaseActionName | 'delivered' | 'acknowledge' | 'file' | 'status';

/** What the caller gives: where to send what. */
export interface OutboxDraft {
  kind: OutboxKind;
  /** The case acted on; null for a new patrol finding and the squad's status. */
  caseId: number | null;
  /** POST unless said otherwise (the squad's status is a PUT). */
  method?: 'POST' | 'PUT';
  path: string;
  body: unknown;
}

export interface OutboxEntry extends OutboxDraft {
  /** Position in the queue, given by the store; sending follows it. */
  id: number;
  /** The Idempotency-Key (a UUID), the same on every attempt. */
  key: string;
  /** Whose action it is: a phone shared by two members never sends one's actions with the other's token. */
  userId: number;
  createdAt: number;
  attempts: number;
  lastError: string | null;
}

export interface OutboxStore {
  /** Every entry, oldest first. */
  list(): Promise<OutboxEntry[]>;
  /** Stores a new entry durably and answers it with its id. */
  add(entry: Omit<OutboxEntry, 'id'>): Promise<OutboxEntry>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: number): Promise<void>;
}

/** The store for tests, and the fallback where IndexedDB is unavailable (some private modes). */
export class MemoryOutboxStore implements OutboxStore {
  #entries = new Map<number, OutboxEntry>();
  #next = 1;

  list(): Promise<OutboxEntry[]> {
    return Promise.resolve([...this.#entries.values()].sort((a, b) => a.id - b.id).map((e) => ({ ...e })));
  }
  add(entry: Omit<OutboxEntry, 'id'>): Promise<OutboxEntry> {
    const stored = { ...entry, id: this.#next++ };
    this.#entries.set(stored.id, stored);
    return Promise.resolve({ ...stored });
  }
  put(entry: OutboxEntry): Promise<void> {
    this.#entries.set(entry.id, { ...entry });
    return Promise.resolve();
  }
  delete(id: number): Promise<void> {
    this.#entries.delete(id);
    return Promise.resolve();
  }
}

/**
 * What to do after a failed attempt:
 * - retry: the network, the server's fault, or the first attempt still running on the server;
 * - drop: the server refused the action itself; sending it again changes nothing;
 * - hold: the session is gone; keep everything until the person logs in again.
 */
export type Verdict = 'retry' | 'drop' | 'hold';

export function verdict(error: unknown): Verdict {
  if (!(error instanceof ApiRequestError)) return 'retry';
  const { status } = error;
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  if (status === 401) return 'hold';
  if (status === 409 && error.code === 'idempotency_in_progress') return 'retry';
  return 'drop';
}

/** 1 s, 2 s, 4 s … at most 30 s between attempts while the server cannot be reached. */
export const defaultBackoff = (failures: number): number => Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));

/** A v4 UUID, also where `crypto.randomUUID` is missing (plain http on a bureau LAN is not a secure context). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface OutboxOptions {
  store: OutboxStore | Promise<OutboxStore>;
  userId: number;
  /** Sends the entry with its key (send-entry.ts); answers the server's body or throws an ApiRequestError. */
  send(entry: OutboxEntry): Promise<unknown>;
  isOnline?: () => boolean;
  makeKey?: () => string;
  now?: () => number;
  backoff?: (failures: number) => number;
  onSent?(entry: OutboxEntry, result: unknown): void;
  onRejected?(entry: OutboxEntry, error: unknown): void;
  /** The queue as it now stands (this user's entries, oldest first). */
  onChange?(entries: readonly OutboxEntry[]): void;
}

export class Outbox {
  readonly ready: Promise<void>;
  readonly #options: OutboxOptions;
  #store: OutboxStore | null = null;
  #entries: readonly OutboxEntry[] = [];
  #draining: Promise<void> | null = null;
  #again = false;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.ready = this.#load();
  }

  /** This user's queued actions, oldest first. */
  get entries(): readonly OutboxEntry[] {
    return this.#entries;
  }

  /** Queues an action durably, then tries to send the queue. Resolves once it is stored, not sent. */
  async enqueue(draft: OutboxDraft): Promise<OutboxEntry> {
    await this.ready;
    const entry = await this.#store!.add({
      ...draft,
      key: (this.#options.makeKey ?? newKey)(),
      userId: this.#options.userId,
      createdAt: (this.#options.now ?? Date.now)(),
      attempts: 0,
      lastError: null,
    });
    this.#set([...this.#entries, entry]);
    void this.flush();
    return entry;
  }

  /** Sends what is queued, in order, until the queue is empty or an attempt fails. One run at a time. */
  flush(): Promise<void> {
    if (this.#draining) {
      this.#again = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      do {
        this.#again = false;
        await this.#drain();
      } while (this.#again && !this.#stopped);
    })().finally(() => (this.#draining = null));
    return this.#draining;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
  }

  async #load(): Promise<void> {
    this.#store = await this.#options.store;
    const all = await this.#store.list();
    this.#set(all.filter((e) => e.userId === this.#options.userId));
  }

  async #drain(): Promise<void> {
    await this.ready;
    clearTimeout(this.#retry);
    const online = this.#options.isOnline ?? (() => true);
    while (!this.#stopped) {
      const head = this.#entries[0];
      if (!head) {
        this.#failures = 0;
        return;
      }
      // Offline: wait for the 'online' event (or a reconnect) to flush again.
      if (!online()) return;
      let result: unknown;
      try {
        result = await this.#options.send(head);
      } catch (error) {
        const next = verdict(error);
        if (next === 'drop') {
          await this.#remove(head);
          this.#options.onRejected?.(head, error);
          continue;
        }
        const failed = { ...head, attempts: head.attempts + 1, lastError: errorText(error) };
        await this.#store!.put(failed);
        this.#set(this.#entries.map((e) => (e.id === failed.id ? failed : e)));
        if (next === 'retry') {
          this.#failures++;
          this.#retry = setTimeout(() => void this.flush(), (this.#options.backoff ?? defaultBackoff)(this.#failures));
        }
        return;
      }
      this.#failures = 0;
      await this.#remove(head);
      this.#options.onSent?.(head, result);
    }
  }

  async #remove(entry: OutboxEntry): Promise<void> {
    await this.#store!.delete(entry.id);
    this.#set(this.#entries.filter((e) => e.id !== entry.id));
  }

  #set(entries: readonly OutboxEntry[]): void {
    this.#entries = entries;
    this.#options.onChange?.(entries);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
