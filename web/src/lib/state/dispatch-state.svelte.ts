/**
 * What a screen knows about cases and squads, kept current from REST snapshots
 * and socket events. Changes are queued and applied together once per animation
 * frame, so a burst of events (a resync replaying hundreds, a demo simulator)
 * costs one re-render and one map `setData`, not one per event.
 */
import { createContext } from 'svelte';
import { OPEN_CASE_STATUSES } from '@civic/shared';
import type { CaseDto, MetaResult, SquadDto, SquadPosition } from '@civic/shared';

export type ConnectionState = 'connecting' | 'online' | 'resyncing' | 'offline';

/** A squad plus the local time until which its last position counts as fresh. */
interface SquadEntry {
  squad: SquadDto;
  freshUntil: number;
}

/** How often staleness is re-evaluated; positions go grey at most this late. */
const CLOCK_TICK_MS = 5_000;
/** requestAnimationFrame stops in background tabs; this bounds the delay there. */
const FLUSH_FALLBACK_MS = 250;
/** Used until /api/meta has answered. */
const DEFAULT_FRESH_SECONDS = 120;
/** How long a case that just came in (or was just placed) stays highlighted on the wall. */
export const HIGHLIGHT_MS = 3_000;

export class DispatchState {
  /** Every case seen in this session, by id (closed ones too: an open panel may still show them). */
  cases = $state.raw<ReadonlyMap<number, CaseDto>>(new Map());
  meta = $state.raw<MetaResult | null>(null);
  demoRunning = $state(false);
  /** True once the first REST snapshot is in: before that, empty lists mean "not loaded", not "none". */
  loaded = $state(false);
  connection = $state<ConnectionState>('connecting');
  /** Cases that just came in live or were just placed on the map, for a short highlight. */
  highlighted = $state.raw<ReadonlySet<number>>(new Set());

  #squads = $state.raw<ReadonlyMap<number, SquadEntry>>(new Map());
  #now = $state(Date.now());

  /** Open cases, newest first. */
  openCases = $derived([...this.cases.values()].filter((c) => OPEN_CASE_STATUSES.includes(c.status)).sort(newestFirst));

  /**
   * Squads by code, with `positionFresh` re-evaluated on the local clock:
   * the server's flag is only true at the moment it was sent.
   */
  squads = $derived(
    [...this.#squads.values()]
      .map(({ squad, freshUntil }) => {
        const fresh = freshUntil > this.#now;
        return fresh === squad.positionFresh ? squad : { ...squad, positionFresh: fresh };
      })
      .sort((a, b) => a.code.localeCompare(b.code)),
  );

  #pendingCases = new Map<number, CaseDto>();
  #pendingSquads = new Map<number, SquadDto>();
  #pendingPositions: SquadPosition[] = [];
  #pendingHighlights = new Set<number>();
  #highlightTimers = new Map<number, ReturnType<typeof setTimeout>>();
  #flushScheduled = false;
  #frame = 0;
  #fallback: ReturnType<typeof setTimeout> | undefined;
  #clock = setInterval(() => (this.#now = Date.now()), CLOCK_TICK_MS);

  dispose(): void {
    clearInterval(this.#clock);
    this.#cancelFlush();
    for (const timer of this.#highlightTimers.values()) clearTimeout(timer);
    this.#highlightTimers.clear();
  }

  /** Replaces all cases with a REST snapshot; queued newer versions still win on the next flush. */
  setCases(cases: readonly CaseDto[]): void {
    this.cases = new Map(cases.map((c) => [c.id, c]));
  }

  /**
   * Replaces all squads with a REST snapshot. Squad changes still queued
   * arrived while it was being fetched, so they are kept and applied over it.
   */
  setSquads(squads: readonly SquadDto[]): void {
    const now = Date.now();
    this.#squads = new Map(squads.map((s) => [s.id, this.#entry(s, now)]));
  }

  /**
   * Queues a case as it stands after event `seq` (or as a REST answer gave it).
   * It is applied only if newer than what is held: `lastSeq` orders versions
   * of one case, so replays and late duplicates are harmless.
   */
  applyCase(dto: CaseDto, seq: number = dto.lastSeq): void {
    const version = seq > dto.lastSeq ? { ...dto, lastSeq: seq } : dto;
    const queued = this.#pendingCases.get(version.id);
    if (queued && queued.lastSeq >= version.lastSeq) return;
    this.#pendingCases.set(version.id, version);
    this.#scheduleFlush();
  }

  /**
   * Highlights a case for HIGHLIGHT_MS. Applied with the next flush, after the
   * case itself, so the highlight starts when the case appears.
   */
  highlight(caseId: number): void {
    this.#pendingHighlights.add(caseId);
    this.#scheduleFlush();
  }

  applySquad(squad: SquadDto): void {
    this.#pendingSquads.set(squad.id, squad);
    this.#scheduleFlush();
  }

  applyPositions(positions: readonly SquadPosition[]): void {
    this.#pendingPositions.push(...positions);
    this.#scheduleFlush();
  }

  get #freshMs(): number {
    return (this.meta?.positionFreshSeconds ?? DEFAULT_FRESH_SECONDS) * 1000;
  }

  /** Turns the server's "fresh now" into a local deadline, tolerating clock skew. */
  #entry(squad: SquadDto, now: number): SquadEntry {
    if (!squad.positionFresh || !squad.positionAt) return { squad, freshUntil: 0 };
    const age = Math.min(Math.max(now - Date.parse(squad.positionAt), 0), this.#freshMs);
    return { squad, freshUntil: now + Math.max(this.#freshMs - age, CLOCK_TICK_MS) };
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    this.#frame = requestAnimationFrame(() => this.#flush());
    this.#fallback = setTimeout(() => this.#flush(), FLUSH_FALLBACK_MS);
  }

  #cancelFlush(): void {
    this.#flushScheduled = false;
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#fallback);
  }

  #flush(): void {
    if (!this.#flushScheduled) return;
    this.#cancelFlush();

    if (this.#pendingCases.size > 0) {
      const next = new Map(this.cases);
      for (const incoming of this.#pendingCases.values()) {
        const held = next.get(incoming.id);
        if (!held || incoming.lastSeq > held.lastSeq) next.set(incoming.id, incoming);
      }
      this.#pendingCases.clear();
      this.cases = next;
    }

    if (this.#pendingSquads.size > 0 || this.#pendingPositions.length > 0) {
      const now = Date.now();
      const next = new Map(this.#squads);
      for (const squad of this.#pendingSquads.values()) {
        const held = next.get(squad.id);
        // A status change carries the position the answering node knew; a newer fix already drawn stays.
        const keep = held && compareFixes(held.squad.positionAt, squad.positionAt) > 0;
        next.set(
          squad.id,
          keep
            ? { ...held, squad: { ...squad, position: held.squad.position, positionAt: held.squad.positionAt } }
            : this.#entry(squad, now),
        );
      }
      for (const p of this.#pendingPositions) {
        const held = next.get(p.squadId);
        // A squad we have no snapshot of (outside this user's scope) is not drawn.
        if (!held) continue;
        // Frames from different nodes can arrive out of order: an older fix never replaces a newer one.
        if (compareFixes(p.at, held.squad.positionAt) < 0) continue;
        // Fresh for the whole limit from now, not from the fix time: the phone's clock is not this screen's.
        next.set(p.squadId, {
          squad: { ...held.squad, position: { lng: p.lng, lat: p.lat }, positionAt: p.at, positionFresh: true },
          freshUntil: now + this.#freshMs,
        });
      }
      this.#pendingSquads.clear();
      this.#pendingPositions = [];
      this.#squads = next;
    }

    if (this.#pendingHighlights.size > 0) {
      const next = new Set(this.highlighted);
      for (const id of this.#pendingHighlights) {
        next.add(id);
        clearTimeout(this.#highlightTimers.get(id));
        this.#highlightTimers.set(
          id,
          setTimeout(() => this.#unhighlight(id), HIGHLIGHT_MS),
        );
      }
      this.#pendingHighlights.clear();
      this.highlighted = next;
    }
  }

  #unhighlight(caseId: number): void {
    this.#highlightTimers.delete(caseId);
    const next = new Set(this.highlighted);
    next.delete(caseId);
    this.highlighted = next;
  }
}

function newestFirst(a: CaseDto, b: CaseDto): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id - a.id;
}

/** The screen's state, handed to its components by context. */
export const [getDispatchState, setDispatchState] = createContext<DispatchState>();

/** Orders two fix times (ISO, or none yet): negative when `a` is older than `b`. No fix is older than any. */
function compareFixes(a: string | null | undefined, b: string | null | undefined): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return Date.parse(a) - Date.parse(b);
}
