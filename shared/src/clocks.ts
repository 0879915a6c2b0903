import { Type, type Static } from 'typebox';

/**
 * The legal clocks a case runs against (docs/lifecycle.md):
 * - register: from receipt to 立案 / 不予立案;
 * - arrive:   from dispatch to the squad on scene;
 * - dispose:  from dispatch to 处置完毕;
 * - close:    from disposal to 核查结案.
 */
export const CLOCK_STAGES = ['register', 'arrive', 'dispose', 'close'] as const;
export type ClockStage = (typeof CLOCK_STAGES)[number];
export const ClockStage = Type.Enum(CLOCK_STAGES);

/**
 * minutes: wall-clock minutes, for emergencies that do not wait for office hours;
 * working_hours / working_days: on the bureau's working hours and the Chinese
 * working-day calendar (statutory holidays off, make-up days 调休 on). A working
 * day is one day's worth of working time, so "3 working days" from Tuesday 10:00
 * ends on Friday 10:00 when those are all working days.
 */
export const LIMIT_UNITS = ['minutes', 'working_hours', 'working_days'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];
export const LimitUnit = Type.Enum(LIMIT_UNITS);

export const TimeLimit = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unit: LimitUnit,
  },
  { additionalProperties: false },
);
export type TimeLimit = Static<typeof TimeLimit>;

/** A category's limit per stage; a stage without a limit runs no clock. */
export const StageLimits = Type.Object(
  {
    register: Type.Optional(TimeLimit),
    arrive: Type.Optional(TimeLimit),
    dispose: Type.Optional(TimeLimit),
    close: Type.Optional(TimeLimit),
  },
  { additionalProperties: false },
);
export type StageLimits = Static<typeof StageLimits>;

/**
 * The 督办 ladder: a warning before the deadline, then reminder (催办) →
 * formal reminder notice (催办通知书) → reprimand record (通报) after it.
 */
export const ESCALATION_STEPS = ['warning', 'reminder', 'notice', 'reprimand'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];
export const EscalationStep = Type.Enum(ESCALATION_STEPS);

/** How long after the breach each step of the ladder fires. */
export const EscalationPolicy = Type.Object(
  {
    /** The warning fires when this share of the limit has run (0.8 = at 80%). */
    warnRatio: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
    reminderAfter: TimeLimit,
    noticeAfter: TimeLimit,
    reprimandAfter: TimeLimit,
  },
  { additionalProperties: false },
);
export type EscalationPolicy = Static<typeof EscalationPolicy>;

/** One working period of the day, local time (Asia/Shanghai), "HH:MM". */
export const WorkingPeriod = Type.Object(
  {
    start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    end: Type.String({ pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$' }),
  },
  { additionalProperties: false },
);
export type WorkingPeriod = Static<typeof WorkingPeriod>;

/** The bureau's clock settings, shared by every node through the database. */
export const ClockSettings = Type.Object(
  {
    /** Working periods of a working day, in order and not overlapping. */
    workingHours: Type.Array(WorkingPeriod, { minItems: 1, maxItems: 6 }),
    escalation: EscalationPolicy,
  },
  { additionalProperties: false },
);
export type ClockSettings = Static<typeof ClockSettings>;

/** A date the bureau declares working or not, over what the calendar package says (e.g. next year's 调休 before the package has it). */
export const CalendarOverride = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    working: Type.Boolean(),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CalendarOverride = Static<typeof CalendarOverride>;

/** One running (or finished) clock of a case. */
export const DeadlineDto = Type.Object({
  id: Type.Integer(),
  stage: ClockStage,
  startedAt: Type.String({ format: 'date-time' }),
  /** When the warning fires (amber on the board). */
  warnAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  limit: Type.Union([TimeLimit, Type.Null()]),
  /** category: from the category's limit; ticket: the hotline ticket's own deadline; extension: moved by an approved extension. */
  source: Type.Union([Type.Literal('category'), Type.Literal('ticket'), Type.Literal('extension')]),
  metAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The highest step of the ladder fired so far. */
  escalation: Type.Union([EscalationStep, Type.Null()]),
});
export type DeadlineDto = Static<typeof DeadlineDto>;

/** A duration both ways, as supervisors report it. */
export const Duration = Type.Object({
  wallMinutes: Type.Number(),
  workingMinutes: Type.Number(),
});
export type Duration = Static<typeof Duration>;

/** The board's colour for a running clock at time `now`. */
export type ClockColour = 'green' | 'amber' | 'red';

export function clockColour(deadline: Pick<DeadlineDto, 'warnAt' | 'dueAt'>, now: number): ClockColour {
  if (now >= Date.parse(deadline.dueAt)) return 'red';
  if (now >= Date.parse(deadline.warnAt)) return 'amber';
  return 'green';
}
