/**
 * Where an assignment stands for the dispatcher: sent, on the squad's phone,
 * seen by a person, or overdue (nobody acknowledged it within
 * ACK_TIMEOUT_SECONDS). The server's `ackOverdue` is true only as of when the
 * DTO was made, so the wall re-reads it against `ackDueAt` as time passes.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { CaseDto } from '@civic/shared';

export type AckState = 'sent' | 'delivered' | 'acknowledged' | 'overdue';

/** Null once the squad has accepted (or the case has no squad): acceptance says more. */
export function ackState(item: CaseDto, now: number): AckState | null {
  const assignment = item.assignment;
  if (!assignment || item.status !== 'dispatched') return null;
  if (assignment.acknowledgedAt) return 'acknowledged';
  if (assignment.ackOverdue || now >= Date.parse(assignment.ackDueAt)) return 'overdue';
  return assignment.deliveredAt ? 'delivered' : 'sent';
}

const TICK_MS = 5_000;
const subscribe = createSubscriber((update) => {
  const timer = setInterval(update, TICK_MS);
  return () => clearInterval(timer);
});

/** `Date.now()` that re-runs whatever reads it every few seconds, only while something on screen does. */
export function tickingNow(): number {
  subscribe();
  return Date.now();
}
