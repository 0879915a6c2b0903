import { Type, type Static } from 'typebox';
import { UserDto } from './roles.ts';
import { CaseStatus } from './cases.ts';
import { CaseEventEnvelope } from './events.ts';
import { LngLat } from './geo.ts';
import { SquadStatus } from './squads.ts';

/** Every 4xx/5xx body. `field` names the offending input when there is one. */
export const ApiError = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  /** Machine-readable reason, e.g. 'already_assigned'. */
  code: Type.Optional(Type.String()),
  /** Facts about the refusal, e.g. `{ status, allowedFrom }` for a forbidden transition. */
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type ApiError = Static<typeof ApiError>;

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const LoginResult = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  user: UserDto,
});
export type LoginResult = Static<typeof LoginResult>;

export const HealthResult = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Object({ ok: Type.Boolean(), mode: Type.Union([Type.Literal('embedded'), Type.Literal('external')]) }),
  redis: Type.Object({
    ok: Type.Boolean(),
    mode: Type.Union([Type.Literal('redis'), Type.Literal('in-memory')]),
  }),
});
export type HealthResult = Static<typeof HealthResult>;

export const CaseListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Array(CaseStatus), CaseStatus])),
    /** Only open cases (received, dispatched, accepted) when true. */
    open: Type.Optional(Type.Boolean()),
    needsLocation: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const EventsQuery = Type.Object(
  {
    after: Type.Integer({ minimum: 0 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
  },
  { additionalProperties: false },
);

export const EventsPage = Type.Object({
  events: Type.Array(CaseEventEnvelope),
  /** The highest seq in the log right now; the client is caught up when it reaches this. */
  latestSeq: Type.Integer(),
  hasMore: Type.Boolean(),
});
export type EventsPage = Static<typeof EventsPage>;

export const AssignBody = Type.Object({ squadId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type AssignBody = Static<typeof AssignBody>;

export const PositionBody = LngLat;

export const SquadStatusBody = Type.Object({ status: SquadStatus }, { additionalProperties: false });

/** What the wall screen needs to draw the district with no tile server: sub-districts, roads and zones. */
export const DistrictFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Type.Unknown(),
      properties: Type.Object({
        layer: Type.Union([Type.Literal('sub_district'), Type.Literal('road'), Type.Literal('zone')]),
        name: Type.String(),
        /** A road's class ('main', 'secondary' …). */
        class: Type.Optional(Type.String()),
        /** A zone's kind: 'vending' | 'night_market' | 'control' | 'grid'. */
        kind: Type.Optional(Type.String()),
      }),
    }),
  ),
  bbox: Type.Optional(Type.Array(Type.Number())),
});

export const MetaResult = Type.Object({
  demo: Type.Boolean(),
  district: Type.String(),
  /** Positions older than this many seconds are stale: greyed, never recommended. */
  positionFreshSeconds: Type.Integer(),
  latestSeq: Type.Integer(),
});
export type MetaResult = Static<typeof MetaResult>;
