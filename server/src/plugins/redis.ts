import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/** One connection for commands and publishing, a second for subscriptions. */
export interface RedisConnection {
  pub: RedisClient;
  sub: RedisClient;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects both clients, or fails after `timeoutMs`: a node that started
 * without its Redis would silently keep its sockets' events to itself.
 * Once connected, the clients reconnect on their own after a network blip.
 */
export async function connectRedis(url: string, timeoutMs = 10_000): Promise<RedisConnection> {
  const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 5000) } });
  const sub = pub.duplicate();
  // Without listeners node-redis rethrows connection errors and crashes the process.
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`cannot reach Redis at ${redactUrl(url)} within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([Promise.all([pub.connect(), sub.connect()]), timedOut]);
  } catch (error) {
    pub.destroy();
    sub.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    pub,
    sub,
    async ping() {
      try {
        return (await pub.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/** The URL without its password, fit for a log line. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
