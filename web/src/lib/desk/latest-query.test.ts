import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { LatestQuery } from './latest-query.svelte.ts';

/** A promise the test resolves or rejects when it chooses: the network, reordered at will. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

let calls: { text: string; answer: ReturnType<typeof deferred<string>> }[];
let query: LatestQuery<string>;

beforeEach(() => {
  vi.useFakeTimers();
  calls = [];
  query = new LatestQuery(
    (text) => {
      const answer = deferred<string>();
      calls.push({ text, answer });
      return answer.promise;
    },
    { delayMs: 150, minLength: 2 },
  );
});

afterEach(() => {
  query.dispose();
  vi.useRealTimers();
});

describe('LatestQuery', () => {
  test('asks once typing pauses, with the last text', async () => {
    query.input('天');
    query.input('天河');
    await vi.advanceTimersByTimeAsync(100);
    query.input('天河路');
    await vi.advanceTimersByTimeAsync(149);
    expect(calls).toHaveLength(0);
    expect(query.pending).toBe(true);

    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.text)).toEqual(['天河路']);

    calls[0]!.answer.resolve('A');
    await flush();
    expect(query).toMatchObject({ answer: 'A', answeredFor: '天河路', pending: false });
  });

  test('an answer that arrives after a newer question was asked is dropped', async () => {
    query.input('天河');
    await vi.advanceTimersByTimeAsync(150);
    query.input('天河路');
    await vi.advanceTimersByTimeAsync(150);
    expect(calls.map((c) => c.text)).toEqual(['天河', '天河路']);

    // The newer answer first, then the older one late.
    calls[1]!.answer.resolve('new');
    await flush();
    calls[0]!.answer.resolve('old');
    await flush();

    expect(query).toMatchObject({ answer: 'new', answeredFor: '天河路', pending: false });
  });

  test('a late answer to an older question does not end the wait for the newer one', async () => {
    query.input('天河');
    await vi.advanceTimersByTimeAsync(150);
    query.input('天河路');
    calls[0]!.answer.resolve('old');
    await flush();
    expect(query).toMatchObject({ answer: null, pending: true });
  });

  test('text too short to ask about clears the answer at once', async () => {
    query.input('天河');
    await vi.advanceTimersByTimeAsync(150);
    calls[0]!.answer.resolve('A');
    await flush();

    query.input(' 天 ');
    expect(query).toMatchObject({ answer: null, answeredFor: null, pending: false });
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
  });

  test('now() asks without waiting; a failure is kept as the error', async () => {
    query.now('城北小巷');
    expect(calls.map((c) => c.text)).toEqual(['城北小巷']);
    calls[0]!.answer.reject(new Error('down'));
    await flush();
    expect(query).toMatchObject({ answer: null, pending: false });
    expect(query.error).toBeInstanceOf(Error);
  });

  test('clear() forgets the answer, and one still on its way', async () => {
    query.now('天河路');
    query.clear();
    calls[0]!.answer.resolve('A');
    await flush();
    expect(query).toMatchObject({ answer: null, answeredFor: null, pending: false });
  });
});
