import { Type, type Static } from 'typebox';
import { Channel } from './cases.ts';
import type { Role } from './roles.ts';

/**
 * The supervisors' report (docs/kpis.md has every definition). The cohort is
 * the cases received in the period: a case belongs to the day its
 * `case:created` event happened, local time in Asia/Shanghai, and every figure
 * is about those cases, from their whole event history up to the moment the
 * report is made.
 */
export const KPI_TIME_ZONE = 'Asia/Shanghai';

/** The longest period one report may cover, in days (a leap year). */
export const KPI_MAX_DAYS = 366;

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' });

const kpiQueryProperties = {
  /** First day of the period, local date. */
  from: LocalDate,
  /** Last day of the period, local date, inclusive. */
  to: LocalDate,
  subDistrictId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  /** A category and everything under it (a 大类 includes its 小类). */
  categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  channel: Type.Optional(Channel),
  /** The squad of the case's last assignment or reassignment. */
  squadId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
};

export const KpiQuery = Type.Object(kpiQueryProperties, { additionalProperties: false });
export type KpiQuery = Static<typeof KpiQuery>;

export const KPI_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type KpiExportFormat = (typeof KPI_EXPORT_FORMATS)[number];

export const KpiExportQuery = Type.Object(
  {
    ...kpiQueryProperties,
    format: Type.Enum(KPI_EXPORT_FORMATS),
  },
  { additionalProperties: false },
);
export type KpiExportQuery = Static<typeof KpiExportQuery>;

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'A fraction 0..1; null when the denominator is 0',
});
const Minutes = Type.Union([Type.Number(), Type.Null()]);

/** How long something took over the cases that got there, in minutes, wall-clock and working time. */
export const KpiDuration = Type.Object({
  /** Cases measured. */
  count: Type.Integer({ minimum: 0 }),
  meanWall: Minutes,
  /** 90th percentile, nearest rank. */
  p90Wall: Minutes,
  meanWorking: Minutes,
  p90Working: Minutes,
});
export type KpiDuration = Static<typeof KpiDuration>;

/** The same figures for the whole report and for each row of each breakdown. */
export const KpiMetrics = Type.Object({
  /** 受理量: cases received. */
  received: Type.Integer({ minimum: 0 }),
  /** Merged into another case as duplicates: counted here and in received, nowhere else. */
  merged: Type.Integer({ minimum: 0 }),
  /** 立案. */
  registered: Type.Integer({ minimum: 0 }),
  /** 不予立案. */
  notRegistered: Type.Integer({ minimum: 0 }),
  /** 立案率 = registered / (received − merged). */
  registrationRate: Rate,
  /** 派遣: sent to a squad at least once. */
  dispatched: Type.Integer({ minimum: 0 }),
  /** 处置: the latest round of work is reported done. */
  disposed: Type.Integer({ minimum: 0 }),
  /** 处置率 = disposed / dispatched. */
  disposalRate: Rate,
  /** Disposed cases whose disposal ran against a disposal deadline. */
  disposedWithDeadline: Type.Integer({ minimum: 0 }),
  /** Of those, disposed by the deadline then in force. */
  disposedOnTime: Type.Integer({ minimum: 0 }),
  /** 按期处置率 = disposedOnTime / disposedWithDeadline. */
  onTimeDisposalRate: Rate,
  /** 结案: closed and not reopened since. */
  closed: Type.Integer({ minimum: 0 }),
  /** 结案率 = closed / registered. */
  closureRate: Rate,
  /** 返工: sent back at least once (rework, or reopened after a dissatisfied follow-up). */
  reworked: Type.Integer({ minimum: 0 }),
  /** 返工率 = reworked / dispatched. */
  reworkRate: Rate,
  /** 延期: at least one extension approved. */
  extended: Type.Integer({ minimum: 0 }),
  /** 延期率 = extended / dispatched. */
  extensionRate: Rate,
  /** Cases owing the complainant a reply: not from patrol, and not registered or disposed. */
  feedbackDue: Type.Integer({ minimum: 0 }),
  /** Of those, the complainant was told (反馈). */
  feedbackGiven: Type.Integer({ minimum: 0 }),
  /** 反馈率 = feedbackGiven / feedbackDue. */
  feedbackRate: Rate,
  /** 回访: followed up at least once. */
  followedUp: Type.Integer({ minimum: 0 }),
  /** The latest follow-up said satisfied or basically satisfied. */
  satisfied: Type.Integer({ minimum: 0 }),
  /** 满意率 = satisfied / followedUp. */
  satisfactionRate: Rate,
  /** 督办件: supervised by hand, or escalated to a reminder, notice or reprimand. */
  supervised: Type.Integer({ minimum: 0 }),
  /** First dispatch → first on scene. */
  timeToArrive: KpiDuration,
  /** First dispatch → the disposal that stands. */
  timeToDispose: KpiDuration,
});
export type KpiMetrics = Static<typeof KpiMetrics>;

/** The counts and rates of KpiMetrics, in the order tables and exports show them. */
export const KPI_COUNT_KEYS = [
  'received',
  'merged',
  'registered',
  'notRegistered',
  'dispatched',
  'disposed',
  'disposedWithDeadline',
  'disposedOnTime',
  'closed',
  'reworked',
  'extended',
  'feedbackDue',
  'feedbackGiven',
  'followedUp',
  'satisfied',
  'supervised',
] as const satisfies readonly (keyof KpiMetrics)[];
export type KpiCountKey = (typeof KPI_COUNT_KEYS)[number];

export const KPI_RATE_KEYS = [
  'registrationRate',
  'disposalRate',
  'onTimeDisposalRate',
  'closureRate',
  'reworkRate',
  'extensionRate',
  'feedbackRate',
  'satisfactionRate',
] as const satisfies readonly (keyof KpiMetrics)[];
export type KpiRateKey = (typeof KPI_RATE_KEYS)[number];

export const KPI_DURATION_KEYS = ['timeToArrive', 'timeToDispose'] as const satisfies readonly (keyof KpiMetrics)[];
export type KpiDurationKey = (typeof KPI_DURATION_KEYS)[number];

export const KpiCategoryRow = Type.Object({
  /** null: cases filed without a category. */
  code: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  metrics: KpiMetrics,
});
export type KpiCategoryRow = Static<typeof KpiCategoryRow>;

export const KpiChannelRow = Type.Object({ channel: Channel, metrics: KpiMetrics });
export type KpiChannelRow = Static<typeof KpiChannelRow>;

export const KpiSquadRow = Type.Object({
  /** null: cases never dispatched. */
  squadId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  metrics: KpiMetrics,
});
export type KpiSquadRow = Static<typeof KpiSquadRow>;

export const KpiSubDistrictRow = Type.Object({
  /** null: cases outside every sub-district or not located. */
  subDistrictId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  metrics: KpiMetrics,
});
export type KpiSubDistrictRow = Static<typeof KpiSubDistrictRow>;

export const KpiDayRow = Type.Object({ date: Type.String(), metrics: KpiMetrics });
export type KpiDayRow = Static<typeof KpiDayRow>;

export const KpiReport = Type.Object({
  period: Type.Object({
    from: Type.String(),
    to: Type.String(),
    days: Type.Integer({ minimum: 1 }),
    timeZone: Type.Literal(KPI_TIME_ZONE),
    /** The instants the period covers: [start, end). */
    start: Type.String({ format: 'date-time' }),
    end: Type.String({ format: 'date-time' }),
  }),
  /** The filters applied, null where none. */
  filters: Type.Object({
    subDistrictId: Type.Union([Type.Integer(), Type.Null()]),
    categoryCode: Type.Union([Type.String(), Type.Null()]),
    channel: Type.Union([Channel, Type.Null()]),
    squadId: Type.Union([Type.Integer(), Type.Null()]),
  }),
  /** The figures are as of this moment: later events change them for the same period. */
  generatedAt: Type.String({ format: 'date-time' }),
  /** What the filters can be set to. */
  options: Type.Object({
    subDistricts: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    categories: Type.Array(
      Type.Object({
        code: Type.String(),
        parentCode: Type.Union([Type.String(), Type.Null()]),
        name: Type.String(),
        nameEn: Type.String(),
      }),
    ),
    squads: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    channels: Type.Array(Channel),
  }),
  totals: KpiMetrics,
  /** Rows with at least one case received, by code (uncategorised last). */
  byCategory: Type.Array(KpiCategoryRow),
  /** Rows with at least one case received, in CHANNELS order. */
  byChannel: Type.Array(KpiChannelRow),
  /** By the squad of the last assignment, by squad id (never dispatched last). */
  bySquad: Type.Array(KpiSquadRow),
  /** Rows with at least one case received, by id (no sub-district last). */
  bySubDistrict: Type.Array(KpiSubDistrictRow),
  /** Every day of the period, in order, with zeros on a day with no case. */
  byDay: Type.Array(KpiDayRow),
});
export type KpiReport = Static<typeof KpiReport>;

/** Who may read the report and export it. */
export const KPI_ROLES: readonly Role[] = ['supervisor', 'admin', 'dispatcher'];
