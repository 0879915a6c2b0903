import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/** One connection for commands and publishing, a second for subscriptions. */
export interface RedisConnection {
  pub: RedisClient;
  sub: RedisClient;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectRedis(url: string): Promise<RedisConnection> {
  const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 5000) } });
  const sub = pub.duplicate();
  // Without listeners node-redis rethrows connection errors and crashes the
  // process; the clients reconnect on their own.
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  await Promise.all([pub.connect(), sub.connect()]);
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
