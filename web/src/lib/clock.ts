/**
 * The supervisor board's running clocks, as pure functions of a case and a
 * time: which deadline the case is racing, how far off it is and in what
 * colour, and the board's order. The time passed in is the server's clock as
 * the browser estimates it (see `clockOffset`), never the raw local clock.
 */
import { clockColour, ESCALATION_STEPS } from '@civic/shared';
import type { CaseDto, ClockColour, DeadlineDto, EscalationStep } from '@civic/shared';

/** The clock a case is racing: the earliest due of those still running. */
export function nextDeadline(item: Pick<CaseDto, 'deadlines'>): DeadlineDto | null {
  let next: DeadlineDto | null = null;
  // The server sends them earliest first already; the board does not rely on it.
  for (const deadline of item.deadlines) {
    if (deadline.metAt !== null) continue;
    if (next === null || Date.parse(deadline.dueAt) < Date.parse(next.dueAt)) next = deadline;
  }
  return next;
}

export interface ClockReading {
  deadline: DeadlineDto;
  colour: ClockColour;
  /** Milliseconds to the deadline; zero or negative once it has passed. */
  remainingMs: number;
  overdue: boolean;
}

/** Where a case's running clock stands at `now`; null when no clock runs. */
export function readClock(item: Pick<CaseDto, 'deadlines'>, now: number): ClockReading | null {
  const deadline = nextDeadline(item);
  if (!deadline) return null;
  const colour = clockColour(deadline, now);
  return { deadline, colour, remainingMs: Date.parse(deadline.dueAt) - now, overdue: colour === 'red' };
}

/**
 * A clock's figure split for display: whole days, then H:MM:SS of the rest.
 * Time left is rounded up and time overdue down, so the figure reads 0:00:01
 * in the last second and 0:00:00 exactly when the colour turns red.
 */
export function durationParts(remainingMs: number): { days: number; hms: string } {
  const seconds = remainingMs > 0 ? Math.ceil(remainingMs / 1000) : Math.floor(-remainingMs / 1000);
  const days = Math.floor(seconds / 86_400);
  const rest = seconds % 86_400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  return { days, hms: `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` };
}

/**
 * How far the server's clock is ahead of this browser's (negative: behind),
 * from one round trip: the server read its clock somewhere between sending
 * and receiving, taken as the middle.
 */
export function clockOffset(serverTime: string, sentAt: number, receivedAt: number): number {
  return Date.parse(serverTime) - (sentAt + receivedAt) / 2;
}

/** 0: overdue or supervised; 1: warning (amber); 2: running green; 3: no clock running. */
export function urgencyRank(reading: ClockReading | null, supervised: boolean): number {
  if (supervised || reading?.colour === 'red') return 0;
  if (!reading) return 3;
  return reading.colour === 'amber' ? 1 : 2;
}

export interface BoardOrderEntry {
  item: Pick<CaseDto, 'id' | 'supervised'>;
  reading: ClockReading | null;
}

/** The board's order: overdue and supervised on top, then amber, then green; within each, the earliest due first. */
export function compareForBoard(a: BoardOrderEntry, b: BoardOrderEntry): number {
  const rank = urgencyRank(a.reading, a.item.supervised) - urgencyRank(b.reading, b.item.supervised);
  if (rank !== 0) return rank;
  const dueA = a.reading ? Date.parse(a.reading.deadline.dueAt) : Infinity;
  const dueB = b.reading ? Date.parse(b.reading.deadline.dueAt) : Infinity;
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return a.item.id - b.item.id;
}

/** Whether `next` is a higher step of the 督办 ladder than `previous`. */
export function isHigherStep(next: EscalationStep | null, previous: EscalationStep | null): boolean {
  if (next === null) return false;
  return previous === null || ESCALATION_STEPS.indexOf(next) > ESCALATION_STEPS.indexOf(previous);
}
