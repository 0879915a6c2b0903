import { Type, type Static } from 'typebox';
import { UserDto } from './roles.ts';
import { CaseStatus } from './lifecycle.ts';
import { CHANNELS, SATISFACTIONS } from './cases.ts';
import { ClockStage, DeadlineDto, Duration, StageLimits, TimeLimit } from './clocks.ts';
import { CaseEventEnvelope, CaseEventType } from './events.ts';
import { LngLat } from './geo.ts';
import { ViolationFinding } from './merchants.ts';
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
    /** Only open cases (OPEN_CASE_STATUSES) when true. */
    open: Type.Optional(Type.Boolean()),
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    channel: Type.Optional(Type.Enum(CHANNELS)),
    squadId: Type.Optional(Type.Integer({ minimum: 1 })),
    subDistrictId: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Only cases under supervision (督办), by hand or by the ladder. */
    supervised: Type.Optional(Type.Boolean()),
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
        /** A zone's kind: 'vending' | 'night_market' | 'control' | 'grid' | 'pilot'. */
        kind: Type.Optional(Type.String()),
        /** A zone's id. */
        id: Type.Optional(Type.Integer()),
        /**
         * A zone open (in hours, in its period) at the time of the answer; a
         * closed vending point or a control area yet to start is drawn faded.
         * A control area that has ended is not in the answer.
         */
        activeNow: Type.Optional(Type.Boolean()),
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
  /** The server's clock when it answered: clients correct their own by it, so running clocks agree. */
  serverTime: Type.String({ format: 'date-time' }),
});
export type MetaResult = Static<typeof MetaResult>;

// Lifecycle commands (shared/src/lifecycle.ts) ------------------------------

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** 不予立案, 退单, 返工: the reason is required and kept in the event. */
export const ReasonBody = Type.Object({ reason: Text(500) }, { additionalProperties: false });
export type ReasonBody = Static<typeof ReasonBody>;

/** Supervising, lifting supervision, deciding an extension, closing: an optional comment. */
export const CommentBody = Type.Object({ comment: Type.Optional(Text(500)) }, { additionalProperties: false });
export type CommentBody = Static<typeof CommentBody>;

/** 核查结案: an optional comment and, for a case about a registered merchant, whether the violation was confirmed. */
export const CloseBody = Type.Object(
  { comment: Type.Optional(Text(500)), violation: Type.Optional(ViolationFinding) },
  { additionalProperties: false },
);
export type CloseBody = Static<typeof CloseBody>;

export const DisposeBody = Type.Object(
  {
    note: Text(2000),
    /** Photos uploaded first with POST /api/cases/:id/photos. */
    photoIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 9 })),
  },
  { additionalProperties: false },
);
export type DisposeBody = Static<typeof DisposeBody>;

export const MergeBody = Type.Object({ intoCaseId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type MergeBody = Static<typeof MergeBody>;

export const ExtensionRequestBody = Type.Object(
  {
    /** The clock to extend; the disposal clock unless said otherwise. */
    stage: Type.Optional(ClockStage),
    extendBy: TimeLimit,
    reason: Text(500),
  },
  { additionalProperties: false },
);
export type ExtensionRequestBody = Static<typeof ExtensionRequestBody>;

export const FEEDBACK_METHODS = ['phone', 'sms', 'web', 'letter', 'in_person'] as const;
export const FeedbackBody = Type.Object(
  { method: Type.Enum(FEEDBACK_METHODS), content: Text(2000) },
  { additionalProperties: false },
);
export type FeedbackBody = Static<typeof FeedbackBody>;

export const FollowUpBody = Type.Object(
  { satisfaction: Type.Enum(SATISFACTIONS), comment: Type.Optional(Text(1000)) },
  { additionalProperties: false },
);
export type FollowUpBody = Static<typeof FollowUpBody>;

/** One row of a case's history as the case page shows it. */
export const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  type: CaseEventType,
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  fromStatus: Type.Union([CaseStatus, Type.Null()]),
  toStatus: Type.Union([CaseStatus, Type.Null()]),
  squadName: Type.Union([Type.String(), Type.Null()]),
  /** The event's own facts: reason, note, comment, step, deadlines … */
  detail: Type.Record(Type.String(), Type.Unknown()),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const CaseTimeline = Type.Object({
  events: Type.Array(TimelineEntry),
  /** Every clock the case has run, met or not, with how long it took (or has taken so far). */
  deadlines: Type.Array(Type.Intersect([DeadlineDto, Type.Object({ elapsed: Duration })])),
});
export type CaseTimeline = Static<typeof CaseTimeline>;

// Category catalogue -----------------------------------------------------------

export const CategoryDto = Type.Object({
  code: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  nameEn: Type.String(),
  priority: Type.Integer({ minimum: 1, maximum: 4 }),
  limits: StageLimits,
  active: Type.Boolean(),
  /** A new case this near an open case of the category … */
  duplicateRadiusM: Type.Integer(),
  /** … filed within this many hours of it, is flagged as a possible duplicate. */
  duplicateWindowHours: Type.Integer(),
});
export type CategoryDto = Static<typeof CategoryDto>;

/** An administrator's change to a category; it applies to cases filed after it. */
export const CategoryUpdateBody = Type.Object(
  {
    name: Type.Optional(Text(50)),
    nameEn: Type.Optional(Text(100)),
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    limits: Type.Optional(StageLimits),
    active: Type.Optional(Type.Boolean()),
    duplicateRadiusM: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
    duplicateWindowHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
  },
  { additionalProperties: false },
);
export type CategoryUpdateBody = Static<typeof CategoryUpdateBody>;

export const CategoryCreateBody = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9A-Za-z]{2,16}$' }),
    parentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    name: Text(50),
    nameEn: Text(100),
    priority: Type.Integer({ minimum: 1, maximum: 4 }),
    limits: StageLimits,
  },
  { additionalProperties: false },
);
export type CategoryCreateBody = Static<typeof CategoryCreateBody>;
