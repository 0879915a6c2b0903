/**
 * Where the phone keeps the seq of the last case event it applied from the
 * log, so that a reload (even one that starts offline, from the service
 * worker's cache) resumes the replay from there instead of from "now".
 */
export interface CursorStore {
  load(): number | null;
  save(seq: number): void;
}

export function localCursor(userId: number, storage: Storage = localStorage): CursorStore {
  const key = `civic.lastSeq.${userId}`;
  return {
    load() {
      const raw = storage.getItem(key);
      const value = raw === null || raw === '' ? NaN : Number(raw);
      // 0 is a real cursor: the log was empty when the phone last looked.
      return Number.isSafeInteger(value) && value >= 0 ? value : null;
    },
    save(seq) {
      try {
        storage.setItem(key, String(seq));
      } catch {
        // Storage full or disabled: the replay then starts from the snapshot's seq, which is still correct.
      }
    },
  };
}
