import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@civic/shared';

/** Resolves once the socket is connected; rejects on a refused handshake or after `ms`. */
export function connectWithin(socket: Socket<ServerToClientEvents, ClientToServerEvents>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    const timer = setTimeout(() => reject(new Error(`socket not connected within ${ms} ms`)), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
