import { Type, type Static } from 'typebox';
import { LngLat } from './geo.ts';

/** The kinds of team the bureau dispatches ("一站式、一网清"). */
export const SQUAD_KINDS = ['enforcement', 'inspector', 'sanitation', 'street_assistant', 'volunteer'] as const;
export type SquadKind = (typeof SQUAD_KINDS)[number];
export const SquadKind = Type.Enum(SQUAD_KINDS);

export const SQUAD_STATUSES = ['available', 'busy', 'on_break', 'off_duty'] as const;
export type SquadStatus = (typeof SQUAD_STATUSES)[number];
export const SquadStatus = Type.Enum(SQUAD_STATUSES);

export const SquadDto = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: SquadKind,
  status: SquadStatus,
  position: Type.Union([LngLat, Type.Null()]),
  positionAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** False when the last position is older than the freshness limit: shown grey, never recommended. */
  positionFresh: Type.Boolean(),
  openCases: Type.Integer(),
});
export type SquadDto = Static<typeof SquadDto>;

/** One squad suggested for a case, nearest first, with why. */
export const Recommendation = Type.Object({
  squad: SquadDto,
  distanceM: Type.Number(),
  reason: Type.String(),
});
export type Recommendation = Static<typeof Recommendation>;

/**
 * One squad's position in a batched `squad:positions` frame. No status: a
 * frame may reach a screen up to a second after a newer `squad:updated`, and
 * must not undo it. Status travels only in `squad:updated` and the REST list.
 */
export const SquadPosition = Type.Object({
  squadId: Type.Integer(),
  lng: Type.Number(),
  lat: Type.Number(),
  at: Type.String({ format: 'date-time' }),
});
export type SquadPosition = Static<typeof SquadPosition>;
