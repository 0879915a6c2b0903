/**
 * What the phone shows while its actions wait in the outbox: the case as it
 * will be once they are applied. A queued step moves the shown status only if
 * the rules allow it from the status shown so far, so a step the server has
 * already applied (its answer was lost) changes nothing.
 */
import { CASE_ACTIONS, SQUAD_STATUSES, type CaseDto, type CaseStatus, type SquadStatus } from '@civic/shared';
import type { OutboxEntry, OutboxKind } from './outbox.ts';

type SquadStep = 'accept' | 'return' | 'en_route' | 'on_scene' | 'dispose';
const STEPS: Partial<Record<OutboxKind, SquadStep>> = {
  accept: 'accept',
  return: 'return',
  en_route: 'en_route',
  on_scene: 'on_scene',
  dispose: 'dispose',
};

/** The queued entries that act on this case, oldest first. */
export function pendingFor(caseId: number, entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.filter((e) => e.caseId === caseId);
}

function assignmentOf(entry: OutboxEntry): number | null {
  const body = entry.body as { assignmentId?: unknown } | null;
  return typeof body?.assignmentId === 'number' ? body.assignmentId : null;
}

/** The case with its queued steps applied; the same object when nothing queued changes it. */
export function withPending(item: CaseDto, entries: readonly OutboxEntry[]): CaseDto {
  let status: CaseStatus = item.status;
  let acknowledgedAt = item.assignment?.acknowledgedAt ?? null;
  let changed = false;
  for (const entry of entries) {
    if (entry.caseId !== item.id) continue;
    const step = STEPS[entry.kind];
    if (step && (CASE_ACTIONS[step].from as readonly CaseStatus[]).includes(status)) {
      status = CASE_ACTIONS[step].to;
      changed = true;
    }
    if (entry.kind === 'acknowledge' && acknowledgedAt === null && assignmentOf(entry) === item.assignment?.id) {
      acknowledgedAt = new Date(entry.createdAt).toISOString();
      changed = true;
    }
  }
  if (!changed) return item;
  return {
    ...item,
    status,
    ...(item.assignment ? { assignment: { ...item.assignment, acknowledgedAt, ackOverdue: false } } : {}),
  };
}

/** Whether a report of this kind for this assignment is already queued. */
export function isQueued(entries: readonly OutboxEntry[], kind: OutboxKind, assignmentId: number): boolean {
  return entries.some((e) => (e.kind === kind || e.kind === 'acknowledge') && assignmentOf(e) === assignmentId);
}

/** The squad status the person chose last and the phone has not sent yet; null when none waits. */
export function queuedSquadStatus(entries: readonly OutboxEntry[]): SquadStatus | null {
  let status: SquadStatus | null = null;
  for (const entry of entries) {
    if (entry.kind !== 'status') continue;
    const chosen = (entry.body as { status?: unknown } | null)?.status;
    if (typeof chosen === 'string' && (SQUAD_STATUSES as readonly string[]).includes(chosen)) {
      status = chosen as SquadStatus;
    }
  }
  return status;
}
