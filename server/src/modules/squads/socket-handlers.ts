import { Compile } from 'typebox/compile';
import { LngLat } from '@civic/shared';
import type { RealtimeSocket } from '../../plugins/realtime.ts';
import type { SquadService } from './service.ts';

const isLngLat = Compile(LngLat);
const ackError = (statusCode: number, message: string) => ({ error: { statusCode, message } });

/**
 * Socket commands from squad phones. Validate → persist → acknowledge;
 * the broadcast is the batched `squad:positions` frame.
 */
export function attachSquadSocketHandlers(socket: RealtimeSocket, squads: SquadService): void {
  socket.on('squad:position', (position, ack) => {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    const { role, squadId } = socket.data;
    if (role !== 'squad_member' || squadId === null)
      return reply(ackError(403, 'Only a squad member reports a position'));
    if (!isLngLat.Check(position)) return reply(ackError(400, 'position must be { lng, lat } in WGS-84'));
    squads.updatePosition(squadId, { lng: position.lng, lat: position.lat }).then(
      () => reply({ data: null }),
      () => reply(ackError(500, 'Position not saved')),
    );
  });
}
