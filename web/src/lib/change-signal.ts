/**
 * A "something changed, read it again" signal from the socket to the screens
 * that hold a copy (zones, the registry's pins). It carries nothing: the
 * screens re-read over REST, which also covers what a reconnect missed.
 */
export interface ChangeSignal {
  notify(): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function changeSignal(): ChangeSignal {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
