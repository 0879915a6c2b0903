import { Type, type Static } from 'typebox';
import { LngLat } from './geo.ts';
import type { Role } from './roles.ts';

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

/**
 * One squad suggested for a case, with why: the squad owning the
 * responsibility grid (网格) the case falls in first when dispatchable, then
 * nearest first.
 */
export const Recommendation = Type.Object({
  squad: SquadDto,
  distanceM: Type.Number(),
  reason: Type.String(),
  /** Owns the grid the case falls in (and so is listed first). */
  gridOwner: Type.Boolean(),
  /** 1 for the nearest dispatchable squad, 2 for the next …, whatever the listed order. */
  nearestRank: Type.Integer({ minimum: 1 }),
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

/**
 * A position as a squad phone reports it (socket `squad:position`, or
 * `POST /api/squads/:id/position`): WGS-84, with the fix's own time and
 * accuracy in metres when the device gives them. `sentAt` is the phone's
 * clock at sending: the server takes the fix's age on the phone's own clock
 * (`sentAt − at`) and subtracts it from its arrival time, so a phone whose
 * clock is wrong still reports a fresh fix as fresh and a queued one as old.
 * Without `at` the fix counts as taken when it arrived. A fix older than the
 * squad's current one is acknowledged and ignored.
 */
export const PositionFix = Type.Object(
  {
    ...LngLat.properties,
    at: Type.Optional(Type.String({ format: 'date-time' })),
    sentAt: Type.Optional(Type.String({ format: 'date-time' })),
    accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type PositionFix = Static<typeof PositionFix>;

/** Roles that may read and replay a squad's track. */
export const TRACK_ROLES: readonly Role[] = ['dispatcher', 'supervisor', 'admin'];

/** `GET /api/squads/:id/track?from=&to=`: the last hour up to now when left out. */
export const TrackQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type TrackQuery = Static<typeof TrackQuery>;

const Coordinate = Type.Tuple([Type.Number(), Type.Number()]);

/**
 * A squad's downsampled track over a period, as one GeoJSON Feature: a
 * LineString of [lng, lat] (a Point when the period holds one point, null
 * when none), with the time and accuracy of each position alongside, in
 * order. `truncated` when the period held more points than one answer
 * carries (the earliest are returned).
 */
export const SquadTrack = Type.Object({
  type: Type.Literal('Feature'),
  geometry: Type.Union([
    Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(Coordinate) }),
    Type.Object({ type: Type.Literal('Point'), coordinates: Coordinate }),
    Type.Null(),
  ]),
  properties: Type.Object({
    squadId: Type.Integer(),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    times: Type.Array(Type.String({ format: 'date-time' })),
    accuracyM: Type.Array(Type.Union([Type.Number(), Type.Null()])),
    truncated: Type.Boolean(),
  }),
});
export type SquadTrack = Static<typeof SquadTrack>;
