import type { CaseEventEnvelope } from '@civic/shared';
import type { Realtime } from '../../plugins/realtime.ts';
import { toCaseDto, type CaseRow } from './case-view.ts';
import type { AppendedEvent } from './events-log.ts';

/** Pushes a committed case event to whoever may see it. */
export interface CaseEventPublisher {
  /** `formerSquadId`: a squad that just lost the case (returned, reassigned, merged) and must hear of it. */
  publish(event: AppendedEvent, row: CaseRow, actorName: string | null, formerSquadId?: number | null): void;
}

export function envelope(
  event: AppendedEvent,
  dto: CaseEventEnvelope['case'],
  actor: string | null,
): CaseEventEnvelope {
  return { seq: event.seq, type: event.type, at: event.createdAt.toISOString(), actor, case: dto };
}

/**
 * The dispatch room sees every case with the phone masked; a squad's room
 * sees only the cases assigned to it, without the complainant's details.
 */
export function realtimeCasePublisher(realtime: Realtime, reportError: (error: unknown) => void): CaseEventPublisher {
  return {
    publish(event, row, actorName, formerSquadId) {
      // Called after the commit: a failed push must not turn a committed
      // change into an error answer. Clients catch up from the log.
      try {
        realtime.toDispatch(event.type, envelope(event, toCaseDto(row, 'masked-phone'), actorName));
        const squads = new Set([row.squad_id, formerSquadId ?? null]);
        for (const squadId of squads) {
          if (squadId !== null)
            realtime.toSquad(squadId, event.type, envelope(event, toCaseDto(row, 'masked'), actorName));
        }
      } catch (error) {
        reportError(error);
      }
    },
  };
}
