/**
 * The outbox on the phone, in IndexedDB (the raw API: it is four calls). The
 * store's auto-increment key is the queue order. Each write resolves when its
 * transaction has completed, so an action the person saw queued survives a
 * reload or a closed tab.
 */
import { MemoryOutboxStore, type OutboxEntry, type OutboxStore } from './outbox.ts';

const DB_NAME = 'civic-offline';
const DB_VERSION = 1;
const OUTBOX = 'outbox';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function openDatabase(): Promise<IDBDatabase> {
  const request = indexedDB.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'id', autoIncrement: true });
  };
  return done(request);
}

class IndexedDbOutboxStore implements OutboxStore {
  constructor(private readonly db: IDBDatabase) {}

  async list(): Promise<OutboxEntry[]> {
    const tx = this.db.transaction(OUTBOX, 'readonly');
    // getAll answers in key order: the queue's order.
    return (await done(tx.objectStore(OUTBOX).getAll())) as OutboxEntry[];
  }

  async add(entry: Omit<OutboxEntry, 'id'>): Promise<OutboxEntry> {
    const tx = this.db.transaction(OUTBOX, 'readwrite');
    const finished = committed(tx);
    const id = await done(tx.objectStore(OUTBOX).add(entry));
    await finished;
    return { ...entry, id: Number(id) };
  }

  async put(entry: OutboxEntry): Promise<void> {
    const tx = this.db.transaction(OUTBOX, 'readwrite');
    const finished = committed(tx);
    tx.objectStore(OUTBOX).put(entry);
    await finished;
  }

  async delete(id: number): Promise<void> {
    const tx = this.db.transaction(OUTBOX, 'readwrite');
    const finished = committed(tx);
    tx.objectStore(OUTBOX).delete(id);
    await finished;
  }
}

/** The phone's outbox store; in memory (for this page's life only) where IndexedDB cannot be opened. */
export async function openOutboxStore(): Promise<OutboxStore> {
  try {
    if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
    return new IndexedDbOutboxStore(await openDatabase());
  } catch {
    return new MemoryOutboxStore();
  }
}
