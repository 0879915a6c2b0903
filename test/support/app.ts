import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LoginResult, ServerToClientEvents } from '@civic/shared';
import { buildApp, type App } from '../../server/src/app.ts';
import { connectRedis, type RedisConnection } from '../../server/src/plugins/redis.ts';
import type { TestDatabase } from './db.ts';
import { PASSWORD } from './fixtures.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  app: App;
  baseUrl: string;
  login(username: string, password?: string): Promise<LoginResult>;
  /** fetch against the server, JSON in and out, with an optional bearer token. */
  request<T = unknown>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  connect(token: string | undefined): ClientSocket;
  close(): Promise<void>;
}

/** A real server node on an ephemeral port over the test database. */
export async function startTestServer(
  db: TestDatabase,
  options: {
    redisUrl?: string;
    positionFreshSeconds?: number;
    escalationSweepMs?: number;
    /** How often merchant grades are stepped back (fast by default, like the escalation sweep). */
    gradeSweepMs?: number;
    /** The hotline reply worker's interval, first retry and attempts (fast by default). */
    hotline?: { workerMs?: number; retryBaseMs?: number; maxAttempts?: number };
  } = {},
): Promise<TestServer> {
  const redis: RedisConnection | undefined = options.redisUrl ? await connectRedis(options.redisUrl) : undefined;
  // A separate pool per node on PostgreSQL, like separate processes would have.
  const app = await buildApp({
    config: {
      positionFreshSeconds: options.positionFreshSeconds ?? 300,
      sessionTtlHours: 1,
      webDistDir: new URL('../../web/dist', import.meta.url).pathname,
      logLevel: 'silent',
      trustProxy: false,
      // Fast enough that a test sees a due step fire within a fraction of a second.
      escalationSweepMs: options.escalationSweepMs ?? 200,
      gradeSweepMs: options.gradeSweepMs ?? 200,
      hotlineWorkerMs: options.hotline?.workerMs ?? 200,
      hotlineRetryBaseMs: options.hotline?.retryBaseMs ?? 100,
      hotlineMaxAttempts: options.hotline?.maxAttempts ?? 3,
    },
    pool: db.pool,
    redis,
    dbMode: db.mode,
    logger: false,
  });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const address = app.http.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sockets: ClientSocket[] = [];

  const request: TestServer['request'] = async (method, path, { token, body } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
  };

  return {
    app,
    baseUrl,
    request,
    async login(username, password = PASSWORD) {
      const { status, body } = await request<LoginResult>('POST', '/api/auth/login', { body: { username, password } });
      if (status !== 200) throw new Error(`login ${username} failed: ${status}`);
      return body;
    },
    connect(token) {
      const socket: ClientSocket = io(baseUrl, {
        auth: token ? { token } : {},
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await app.close();
      await redis?.close();
    },
  };
}

/** Resolves when the socket has connected, rejects on a refused handshake. */
export function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** The next `event` on `socket` that matches, or a rejection after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  match: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  ms = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${String(event)} within ${ms} ms`));
    }, ms);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}
