/**
 * The zone form's draft and its conversions: what the inputs hold (local
 * Beijing times as typed, the drawn outline) to and from the API's shapes.
 * Pure, so the tests cover it without a browser.
 */
import {
  HOURS_ZONE_KINDS,
  zonePhaseAt,
  zoneRuleProblems,
  type OpeningHours,
  type ZoneDto,
  type ZoneInput,
  type ZoneKind,
  type ZoneMultiPolygon,
  type ZoneProblem,
} from '@civic/shared';

/** Asia/Shanghai is UTC+08:00 all year. */
const OFFSET_MS = 8 * 3600_000;

export interface ZoneDraft {
  kind: ZoneKind;
  name: string;
  openingHours: OpeningHours[];
  /** 'YYYY-MM-DDTHH:MM', Beijing time, as a datetime-local input holds it; '' for none. */
  startsAt: string;
  endsAt: string;
  notice: string;
  /** '' for none (a select's value). */
  ownerSquadId: string;
}

export function emptyDraft(kind: ZoneKind = 'vending'): ZoneDraft {
  return { kind, name: '', openingHours: [], startsAt: '', endsAt: '', notice: '', ownerSquadId: '' };
}

export function zoneToDraft(zone: ZoneDto): ZoneDraft {
  return {
    kind: zone.kind,
    name: zone.name,
    openingHours: zone.openingHours.map((rule) => ({ ...rule, days: [...rule.days] })),
    startsAt: toLocalInput(zone.startsAt),
    endsAt: toLocalInput(zone.endsAt),
    notice: zone.notice ?? '',
    ownerSquadId: zone.ownerSquad ? String(zone.ownerSquad.id) : '',
  };
}

/** An instant as Beijing local time for a datetime-local input. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 16);
}

/** A datetime-local value read as Beijing time, whatever the browser's own zone. */
export function fromLocalInput(local: string): string | null {
  if (!local) return null;
  const parsed = Date.parse(`${local}:00+08:00`);
  return Number.isFinite(parsed) ? new Date(parsed).toISOString() : null;
}

/**
 * The API input for a draft and its outline. Fields the kind has no use for
 * are left out (hours on a grid, an owner on a vending point), so switching
 * the kind in the form never sends what the server would refuse.
 */
export function draftToInput(draft: ZoneDraft, geometry: ZoneMultiPolygon): ZoneInput {
  const hasHours = HOURS_ZONE_KINDS.includes(draft.kind);
  return {
    kind: draft.kind,
    name: draft.name.trim(),
    geometry,
    openingHours: hasHours ? draft.openingHours : [],
    startsAt: fromLocalInput(draft.startsAt),
    endsAt: fromLocalInput(draft.endsAt),
    notice: draft.notice.trim() || null,
    ownerSquadId: draft.kind === 'grid' && draft.ownerSquadId ? Number(draft.ownerSquadId) : null,
  };
}

/** What the form can tell before sending: a name, and the rules across fields the server applies. */
export function draftProblems(draft: ZoneDraft): ZoneProblem[] {
  const input = draftToInput(draft, { type: 'MultiPolygon', coordinates: [] });
  const problems: ZoneProblem[] = input.name ? [] : [{ field: 'name', message: 'required' }];
  return [...problems, ...zoneRuleProblems(input, input.ownerSquadId ? 'ownerSquadId' : undefined)];
}

/** 'open' | 'closed' | 'upcoming' | 'ended', or 'inForce' for a grid or the pilot area that has no hours. */
export function zoneState(zone: ZoneDto, now: Date): 'open' | 'closed' | 'upcoming' | 'ended' | 'inForce' {
  const phase = zonePhaseAt(zone, now);
  return phase === 'open' && !HOURS_ZONE_KINDS.includes(zone.kind) ? 'inForce' : phase;
}

/** "一三五 18:00–02:00" style text for a list; `day` names a weekday (1–7). */
export function describeHours(hours: readonly OpeningHours[], day: (n: number) => string): string {
  return hours
    .map(({ days, start, end }) =>
      days.length === 7 ? `${start}–${end}` : `${[...days].sort().map(day).join('')} ${start}–${end}`,
    )
    .join(' · ');
}
