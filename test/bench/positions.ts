/**
 * Simulated squad phones: one socket.io connection per squad token, each
 * sending a fix (`squad:position` with its time, the phone's clock and
 * accuracy) every `--interval` seconds, phases spread evenly, and counting
 * the acknowledgements. The orchestrator sends the tokens, then `go`; `mark`
 * opens a measuring window and `collect` closes it and reports what was
 * offered and accepted in it; the load goes on until the process is stopped.
 *
 *   --url <server base URL>  --interval 5
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, PositionFix, ServerToClientEvents } from '@civic/shared';
import { onCommand, report, runHelper } from './lib/child.ts';
import { connectWithin } from './lib/sockets.ts';
import { FIXTURE_DISTRICT, pointIn, summarize } from './lib/stats.ts';

const { values } = parseArgs({
  options: { url: { type: 'string' }, interval: { type: 'string', default: '5' } },
});

/** Handshakes in flight at once: each is a session lookup on the server. */
const CONNECT_BATCH = 100;
const ACK_TIMEOUT_MS = 10_000;
/** About 30 m in degrees at the fixture's latitude: how far a squad may wander per fix. */
const STEP_DEG = 0.0003;

type PhoneSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Window {
  openedAt: number;
  sent: number;
  accepted: number;
  refused: number;
  timedOut: number;
  ackMs: number[];
}

runHelper(async () => {
  const url = values.url;
  if (!url) throw new Error('--url is required');
  const intervalMs = Number(values.interval) * 1000;

  const tokens = await new Promise<string[]>((resolve) =>
    onCommand((message) => {
      if (message.type === 'tokens') resolve(message.tokens as string[]);
    }),
  );

  const sockets: PhoneSocket[] = [];
  let disconnects = 0;
  for (let first = 0; first < tokens.length; first += CONNECT_BATCH) {
    const batch = tokens.slice(first, first + CONNECT_BATCH).map((token) => {
      const socket: PhoneSocket = io(url, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.on('disconnect', () => disconnects++);
      sockets.push(socket);
      return connectWithin(socket, 30_000);
    });
    await Promise.all(batch);
  }
  report({ type: 'ready', connected: sockets.filter((s) => s.connected).length });

  let window: Window | null = null;
  const timers: NodeJS.Timeout[] = [];

  const start = () => {
    sockets.forEach((socket, index) => {
      let at = pointIn(FIXTURE_DISTRICT);
      const send = () => {
        if (!socket.connected) return;
        at = {
          lng: Math.min(
            FIXTURE_DISTRICT.east,
            Math.max(FIXTURE_DISTRICT.west, at.lng + (Math.random() - 0.5) * STEP_DEG),
          ),
          lat: Math.min(
            FIXTURE_DISTRICT.north,
            Math.max(FIXTURE_DISTRICT.south, at.lat + (Math.random() - 0.5) * STEP_DEG),
          ),
        };
        const now = new Date().toISOString();
        const fix: PositionFix = { ...at, at: now, sentAt: now, accuracyM: 5 + Math.random() * 15 };
        const counted = window;
        const sentAt = performance.now();
        if (counted) counted.sent++;
        // Counted in the window the fix was sent in.
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('squad:position', fix)
          .then(
            (result: Ack<null>) => {
              if (!counted) return;
              if ('data' in result) {
                counted.accepted++;
                counted.ackMs.push(performance.now() - sentAt);
              } else counted.refused++;
            },
            () => {
              if (counted) counted.timedOut++;
            },
          );
      };
      // Phases spread over the interval, so the offered load is steady, not bursts.
      const phase = (index / sockets.length) * intervalMs;
      timers.push(
        setTimeout(() => {
          send();
          timers.push(setInterval(send, intervalMs));
        }, phase),
      );
    });
  };

  onCommand((message) => {
    if (message.type === 'go') start();
    else if (message.type === 'mark') {
      window = { openedAt: performance.now(), sent: 0, accepted: 0, refused: 0, timedOut: 0, ackMs: [] };
    } else if (message.type === 'collect' && window) {
      const closed = window;
      const seconds = (performance.now() - closed.openedAt) / 1000;
      window = null;
      void (async () => {
        // Acks of the window's last fixes may still be on their way.
        const settled = () => closed.accepted + closed.refused + closed.timedOut >= closed.sent;
        for (let waited = 0; !settled() && waited < ACK_TIMEOUT_MS + 1000; waited += 50) await sleep(50);
        report({
          type: 'collected',
          seconds,
          sent: closed.sent,
          accepted: closed.accepted,
          refused: closed.refused,
          timedOut: closed.timedOut,
          ack: summarize(closed.ackMs),
          connected: sockets.filter((s) => s.connected).length,
          disconnects,
        });
      })();
    }
  });

  process.on('SIGTERM', () => {
    for (const timer of timers) clearTimeout(timer);
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  });
});
