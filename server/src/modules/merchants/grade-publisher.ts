import type { MerchantGradedEvent } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import type { Realtime } from '../../plugins/realtime.ts';
import { gradeEventsBySeq } from './grade-history.ts';
import { findMerchantSummary } from './registry-view.ts';
import type { GradeChange } from './grading.ts';

/** Pushes committed grade changes as `merchant:graded`. */
export interface GradePublisher {
  publish(changes: readonly GradeChange[]): void;
}

/**
 * Every signed-in screen hears it: dispatchers' maps and every squad, who
 * need the grade on scene whichever case they are on. Called after the
 * commit; a failed push is reported, never turned into an error answer, and
 * the merchant's history is the truth a screen reloads from.
 */
export function realtimeGradePublisher(
  db: Queryable,
  realtime: Realtime,
  reportError: (error: unknown) => void,
): GradePublisher {
  return {
    publish(changes) {
      if (changes.length === 0) return;
      void (async () => {
        const events = await gradeEventsBySeq(
          db,
          changes.map((c) => c.seq),
        );
        for (const event of events) {
          const merchant = await findMerchantSummary(db, event.merchantId);
          if (!merchant) continue;
          // The merchant as it is now; with several steps in one change, each carries the latest grade.
          const payload: MerchantGradedEvent = { event, merchant };
          realtime.toDispatch('merchant:graded', payload);
          // Squads need the colour on scene, not whose case or whose note moved it.
          realtime.toSquads('merchant:graded', {
            merchant,
            event: { ...event, actor: null, caseId: null, caseNo: null, detail: {} },
          });
        }
      })().catch(reportError);
    },
  };
}
