/**
 * The other dispatchers: `--count` sockets in the `dispatch` room, all
 * receiving every `case:created`, each in its own connection (forceNew), as
 * separate wall screens would be. Reports once every socket is connected,
 * and on `collect` how many events the least and the most served socket got.
 *
 *   --url <server base URL>  --count 100   env BENCH_TOKEN: a dispatcher's token
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@civic/shared';
import { onCommand, report, runHelper, token } from './lib/child.ts';
import { connectWithin } from './lib/sockets.ts';

const { values } = parseArgs({ options: { url: { type: 'string' }, count: { type: 'string', default: '100' } } });

runHelper(async () => {
  if (!values.url) throw new Error('--url is required');
  const count = Number(values.count);
  const received: number[] = new Array<number>(count).fill(0);
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  // In batches, so the handshakes (each one a session lookup) do not all land at once.
  for (let first = 0; first < count; first += 20) {
    const batch = Array.from({ length: Math.min(20, count - first) }, (_, offset) => {
      const index = first + offset;
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(values.url, {
        auth: { token: token() },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.on('case:created', () => received[index]!++);
      sockets.push(socket);
      return connectWithin(socket, 15_000);
    });
    await Promise.all(batch);
  }
  report({ type: 'ready', connected: sockets.filter((s) => s.connected).length });

  onCommand((message) => {
    if (message.type !== 'collect') return;
    const expect = Number(message.expect);
    void (async () => {
      for (let waited = 0; Math.min(...received) < expect && waited < 5000; waited += 50) await sleep(50);
      report({
        type: 'received',
        min: Math.min(...received),
        max: Math.max(...received),
        connected: sockets.filter((s) => s.connected).length,
      });
    })();
  });
});
