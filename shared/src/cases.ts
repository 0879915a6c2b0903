import { Type, type Static } from 'typebox';
import { LngLat } from './geo.ts';
import { Crs } from './crs.ts';
import { CaseStatus } from './lifecycle.ts';
import { ClockStage, DeadlineDto, EscalationStep, TimeLimit } from './clocks.ts';
import { MerchantGrade } from './merchants.ts';

/** Where a complaint came in (受理渠道). */
export const CHANNELS = ['hotline', 'web', 'letter_visit', 'patrol'] as const;
export type Channel = (typeof CHANNELS)[number];
export const Channel = Type.Enum(CHANNELS);

/** point: the filer gave coordinates; gazetteer: placed from the address; manual: a person placed the pin. */
export const LOCATION_SOURCES = ['point', 'gazetteer', 'manual'] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];
export const LocationSource = Type.Enum(LOCATION_SOURCES);

export const CreateCaseBody = Type.Object(
  {
    channel: Channel,
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** A WGS-84 point. Either this or `address` (or both) must be given. */
    location: Type.Optional(LngLat),
    /** The system `location` is in (gcj02 from Amap, bd09 from Baidu); wgs84 when absent. Stored as WGS-84. */
    crs: Type.Optional(Crs),
    /** Free-text address, looked up in the gazetteer when no point is given. */
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    complainantName: Type.Optional(Type.String({ maxLength: 100 })),
    complainantPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
    /** A hotline ticket's own deadline to dispose; it wins over the category's limit. */
    ticketDueAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type CreateCaseBody = Static<typeof CreateCaseBody>;

/** 满意 / 基本满意 / 不满意, as the follow-up call (回访) records it. */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type SatisfactionLevel = (typeof SATISFACTIONS)[number];
function Satisfaction() {
  return Type.Enum(SATISFACTIONS);
}

function ExtensionRequestDto() {
  return Type.Object({
    stage: ClockStage,
    extendBy: TimeLimit,
    reason: Type.String(),
    requestedBy: Type.Union([Type.String(), Type.Null()]),
    requestedAt: Type.String({ format: 'date-time' }),
  });
}

/**
 * The squad's live assignment as the dispatcher follows it: sent, reached the
 * phone (delivered), seen by a person (acknowledged). `ackOverdue` is true
 * when the case is still waiting to be accepted, nobody acknowledged it and
 * `ackDueAt` (assignedAt + ACK_TIMEOUT_SECONDS) has passed at the time the DTO
 * was made; clients re-evaluate it on their own clock from `ackDueAt`.
 */
export const AssignmentDto = Type.Object({
  id: Type.Integer(),
  squadId: Type.Integer(),
  assignedAt: Type.String({ format: 'date-time' }),
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  acknowledgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  ackDueAt: Type.String({ format: 'date-time' }),
  ackOverdue: Type.Boolean(),
});
export type AssignmentDto = Static<typeof AssignmentDto>;

/** POST /api/cases/:id/delivered and /acknowledge: which assignment the phone saw. */
export const AssignmentAckBody = Type.Object(
  { assignmentId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type AssignmentAckBody = Static<typeof AssignmentAckBody>;

/**
 * The header a client sends (a UUID) so that a retried POST is applied once:
 * a repeat answers the first answer (with `Idempotent-Replayed: true`).
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

export const CaseDto = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  channel: Channel,
  categoryCode: Type.Union([Type.String(), Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([LngLat, Type.Null()]),
  /** True when neither a point nor a gazetteer match placed the case: a person must place it. */
  needsLocation: Type.Boolean(),
  locationSource: Type.Union([LocationSource, Type.Null()]),
  /** What the gazetteer matched, e.g. "天河路 (road)". */
  locationMatch: Type.Union([Type.String(), Type.Null()]),
  status: CaseStatus,
  priority: Type.Integer(),
  subDistrict: Type.Union([Type.String(), Type.Null()]),
  squadId: Type.Union([Type.Integer(), Type.Null()]),
  squadName: Type.Union([Type.String(), Type.Null()]),
  complainantName: Type.Union([Type.String(), Type.Null()]),
  /** Masked (138****5678) for roles that need not call the complainant back. */
  complainantPhone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  /** seq of the last case event applied to this snapshot. */
  lastSeq: Type.Integer(),
  /** The clocks still running, earliest due first. */
  deadlines: Type.Array(DeadlineDto),
  /** The highest step of the 督办 ladder fired on a running clock. */
  escalation: Type.Union([EscalationStep, Type.Null()]),
  /** Put under supervision (督办) by hand. */
  supervised: Type.Boolean(),
  supervisionComment: Type.Union([Type.String(), Type.Null()]),
  extensionRequest: Type.Union([ExtensionRequestDto(), Type.Null()]),
  /** Times sent back (返工) or reopened after a dissatisfied follow-up. */
  reworkCount: Type.Integer(),
  /** The case this one was merged into as a duplicate. */
  mergedInto: Type.Union([Type.Object({ id: Type.Integer(), caseNo: Type.String() }), Type.Null()]),
  /** Whether the complainant has been told the outcome (反馈). */
  feedbackGiven: Type.Boolean(),
  satisfaction: Type.Union([Satisfaction(), Type.Null()]),
  /**
   * Open cases of the same category nearby when this one was filed (within the
   * category's radius and time window), nearest first: the dispatcher merges
   * or ignores. Empty once the case is past dispatch or the others closed.
   */
  possibleDuplicates: Type.Array(Type.Object({ id: Type.Integer(), caseNo: Type.String(), distanceM: Type.Number() })),
  /** The live assignment (dispatched … on scene), null when the case is with no squad. */
  assignment: Type.Optional(Type.Union([AssignmentDto, Type.Null()])),
  /** The registered merchant the case is about (一卡四色), with its grade now. */
  merchant: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), grade: MerchantGrade }), Type.Null()]),
  /**
   * A street-occupation complaint inside a designated vending zone or night
   * market during its hours: likely permitted (the zone it falls in).
   */
  permittedZone: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
});
export type CaseDto = Static<typeof CaseDto>;

/** Masks the middle of a phone number: 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Masks a person's name but the family name: 张三丰 → 张**. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}
