/**
 * Grade changes pushed live (`merchant:graded`), newest per merchant. The
 * socket delivers them from whichever node committed them, so two changes of
 * one merchant may arrive out of order: only a higher `seq` than the one held
 * replaces it. Every screen's RealtimeSync feeds the one instance; the wall
 * screen's map and a case card read from it.
 */
import type { MerchantGrade, MerchantGradedEvent, MerchantSummary } from '@civic/shared';
import { changeSignal } from './change-signal.ts';

export interface GradeEntry {
  /** merchant_grade_events.seq of the change. */
  seq: number;
  /** The merchant as it stood after the change. */
  merchant: MerchantSummary;
  /** Arrival order in this page's life: which entries came after a snapshot was asked for. */
  arrival: number;
}

export class MerchantGradeFeed {
  latest = $state.raw<ReadonlyMap<number, GradeEntry>>(new Map());
  #arrivals = 0;

  /** How many changes have been taken so far; a snapshot asked for now is older than any taken later. */
  get arrivals(): number {
    return this.#arrivals;
  }

  /** Takes a pushed change unless an equal or newer one of the merchant is held. Answers whether it was taken. */
  apply(pushed: MerchantGradedEvent): boolean {
    const id = pushed.merchant.id;
    const held = this.latest.get(id);
    if (held && held.seq >= pushed.event.seq) return false;
    this.#arrivals += 1;
    const next = new Map(this.latest);
    next.set(id, { seq: pushed.event.seq, merchant: pushed.merchant, arrival: this.#arrivals });
    this.latest = next;
    return true;
  }

  /** The grade pushed last for the merchant, or `known` (what a case or a list said) when none came. */
  gradeOf(merchantId: number, known: MerchantGrade): MerchantGrade {
    return this.latest.get(merchantId)?.merchant.grade ?? known;
  }

  /** The seq of the newest change held for the merchant (0: none), for screens that re-read on a change. */
  seqOf(merchantId: number): number {
    return this.latest.get(merchantId)?.seq ?? 0;
  }
}

/** The page's feed: grades are district-wide facts, the same for every screen of the session. */
export const merchantGradeFeed = new MerchantGradeFeed();

/** `merchants:changed`: entries edited or deactivated; maps read the registry again. */
export const merchantRegistryChanges = changeSignal();

/**
 * A REST snapshot of the registry with the changes pushed after it was asked
 * for laid over it (those may be missing from it). Changes that arrived before
 * the request are already in it. A merchant graded right after it was
 * registered may be pushed before the snapshot has it: it is added.
 */
export function overlaySnapshot(
  snapshot: readonly MerchantSummary[],
  askedAt: number,
  latest: ReadonlyMap<number, GradeEntry>,
): MerchantSummary[] {
  const newer = new Map<number, MerchantSummary>();
  for (const [id, entry] of latest) if (entry.arrival > askedAt) newer.set(id, entry.merchant);
  if (newer.size === 0) return [...snapshot];
  const merged = snapshot.map((m) => {
    const pushed = newer.get(m.id);
    newer.delete(m.id);
    return pushed ?? m;
  });
  return [...merged, ...newer.values()];
}
