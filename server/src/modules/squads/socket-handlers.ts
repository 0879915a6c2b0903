import { Compile } from 'typebox/compile';
import { PositionFix } from '@civic/shared';
import type { RealtimeSocket } from '../../plugins/realtime.ts';
import type { SquadService } from './service.ts';

const isPositionFix = Compile(PositionFix);
const ackError = (statusCode: number, message: string) => ({ error: { statusCode, message } });

/**
 * Socket commands from squad phones. Validate → persist → acknowledge;
 * the broadcast is the batched `squad:positions` frame.
 */
export function attachSquadSocketHandlers(socket: RealtimeSocket, squads: SquadService): void {
  socket.on('squad:position', (position, ack) => {
    const receivedAt = Date.now();
    const reply = typeof ack === 'function' ? ack : () => undefined;
    const { role, squadId } = socket.data;
    if (role !== 'squad_member' || squadId === null)
      return reply(ackError(403, 'Only a squad member reports a position'));
    if (!isPositionFix.Check(position)) {
      return reply(ackError(400, 'position must be { lng, lat, at?, sentAt?, accuracyM? } in WGS-84'));
    }
    // Acknowledged once stored, or once ignored as older than the squad's current fix.
    squads.updatePosition(squadId, position, receivedAt).then(
      () => reply({ data: null }),
      () => reply(ackError(500, 'Position not saved')),
    );
  });
}
