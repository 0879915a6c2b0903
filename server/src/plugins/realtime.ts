import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import {
  DISTRICT_WIDE_ROLES,
  Rooms,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
  type SquadPosition,
} from '@civic/shared';
import type { AuthUser } from '../modules/auth/sessions.ts';
import type { RedisConnection } from './redis.ts';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type Emit = ServerToClientEvents;

export interface RealtimeDeps {
  httpServer: HttpServer;
  /** Shared Redis for the adapter across nodes; undefined = in-memory (one node). */
  redis: RedisConnection | undefined;
  authenticate(token: string): Promise<AuthUser | undefined>;
  /** Called for each connected socket after auth (socket.data holds the user), to attach command handlers. */
  onConnection(socket: RealtimeSocket): void;
  /** How often coalesced squad positions are flushed to the dispatch room. */
  positionFlushMs?: number;
}

/**
 * socket.io fan-out. Rooms: `dispatch` for every district-wide role,
 * `squad:<id>` for one squad's members. This is the fast path only: the
 * truth is the database, and clients resync from `GET /api/events`.
 */
export class Realtime {
  readonly io: RealtimeServer;
  private readonly pendingPositions = new Map<number, SquadPosition>();
  private readonly flushTimer: NodeJS.Timeout;

  constructor(private readonly deps: RealtimeDeps) {
    this.io = new Server(deps.httpServer, {
      serveClient: false,
      ...(deps.redis ? { adapter: createAdapter(deps.redis.pub, deps.redis.sub) } : {}),
    });
    this.io.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthorized'));
      deps.authenticate(token).then(
        (user) => {
          if (!user) return next(new Error('unauthorized'));
          socket.data = { userId: user.id, role: user.role, squadId: user.squadId };
          next();
        },
        () => next(new Error('unavailable')),
      );
    });
    this.io.on('connection', (socket) => {
      const { role, squadId } = socket.data;
      if (DISTRICT_WIDE_ROLES.includes(role)) void socket.join(Rooms.dispatch);
      else if (role === 'squad_member' && squadId !== null) void socket.join(Rooms.squad(squadId));
      deps.onConnection(socket);
    });
    this.flushTimer = setInterval(() => this.flushPositions(), deps.positionFlushMs ?? 1000);
    this.flushTimer.unref();
  }

  toDispatch<E extends keyof Emit>(event: E, ...args: Parameters<Emit[E]>): void {
    this.io.to(Rooms.dispatch).emit(event, ...args);
  }

  toSquad<E extends keyof Emit>(squadId: number, event: E, ...args: Parameters<Emit[E]>): void {
    this.io.to(Rooms.squad(squadId)).emit(event, ...args);
  }

  /** The dispatch room and every squad's: for what every signed-in screen must show (a merchant's grade). */
  toEveryone<E extends keyof Emit>(event: E, ...args: Parameters<Emit[E]>): void {
    this.io.emit(event, ...args);
  }

  /** Every squad's phone (every socket outside the dispatch room). */
  toSquads<E extends keyof Emit>(event: E, ...args: Parameters<Emit[E]>): void {
    this.io.except(Rooms.dispatch).emit(event, ...args);
  }

  /** Positions are coalesced per squad: only the latest per flush is sent. */
  queuePosition(position: SquadPosition): void {
    this.pendingPositions.set(position.squadId, position);
  }

  private flushPositions(): void {
    if (this.pendingPositions.size === 0) return;
    const positions = [...this.pendingPositions.values()];
    this.pendingPositions.clear();
    // Not volatile: socket.io drops a volatile packet whenever the transport
    // is mid-write, which under load loses whole frames; one small frame a
    // second per client is cheap to buffer.
    this.io.to(Rooms.dispatch).emit('squad:positions', { positions });
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    // Only this node's sockets: with the Redis adapter, io.disconnectSockets()
    // reaches every node, and one node stopping would drop every client of the cluster.
    this.io.local.disconnectSockets(true);
    // Not io.close(): that also closes the HTTP server, which fastify owns.
    this.io.engine.close();
    await this.io.of('/').adapter.close();
  }
}
