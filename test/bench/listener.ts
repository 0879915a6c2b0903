/**
 * The measuring dispatcher: one socket in the `dispatch` room that stamps
 * each `case:created` the moment it arrives. On `collect` it waits (bounded)
 * for the expected number of a run's events, then reports their arrival times.
 * On `rejoin` it connects afresh, which puts it last in the room: socket.io
 * writes a broadcast to the room's sockets in the order they joined, so the
 * last one waits for every other dispatcher's frame and sees the whole cost.
 *
 *   --url <server base URL>   env BENCH_TOKEN: a dispatcher's token
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@civic/shared';
import { onCommand, report, runHelper, token, wallClock } from './lib/child.ts';
import { connectWithin } from './lib/sockets.ts';

const { values } = parseArgs({ options: { url: { type: 'string' } } });

runHelper(async () => {
  const url = values.url;
  if (!url) throw new Error('--url is required');
  const arrivals = new Map<string, number>();
  const connect = async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      auth: { token: token() },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.on('case:created', (event) => {
      const arrivedAt = wallClock();
      const key = /^bench fanout (\S+)$/.exec(event.case.description)?.[1];
      if (key) arrivals.set(key, arrivedAt);
    });
    await connectWithin(socket, 10_000);
    return socket;
  };
  let socket = await connect();
  report({ type: 'ready' });

  onCommand((message) => {
    if (message.type === 'rejoin') {
      socket.disconnect();
      void connect().then(
        (fresh) => {
          socket = fresh;
          report({ type: 'ready' });
        },
        (error: unknown) => report({ type: 'error', message: String(error) }),
      );
    } else if (message.type === 'collect') {
      const prefix = `${String(message.tag)}#`;
      const expect = Number(message.expect);
      const mine = () => [...arrivals].filter(([key]) => key.startsWith(prefix));
      void (async () => {
        // The last event may still be in flight when the poster finishes.
        for (let waited = 0; mine().length < expect && waited < 5000; waited += 50) await sleep(50);
        report({ type: 'arrivals', arrivals: mine(), connected: socket.connected });
      })();
    }
  });
});
