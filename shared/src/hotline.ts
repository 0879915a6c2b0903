import { Type, type Static } from 'typebox';
import { LngLat } from './geo.ts';
import { CaseStatus } from './lifecycle.ts';
import type { Role } from './roles.ts';
import { Crs } from './crs.ts';

/**
 * The 12345 hotline integration (政务服务便民热线): tickets the city platform
 * forwards, and the replies (回复) the bureau posts back. Both directions are
 * signed the same way:
 *
 *   X-Civic-Timestamp: <unix seconds>
 *   X-Civic-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." + raw body)>
 *
 * with the source's shared secret; a timestamp more than five minutes from
 * the receiver's clock is refused (replay).
 */
export const HOTLINE_HEADERS = {
  timestamp: 'x-civic-timestamp',
  signature: 'x-civic-signature',
  /** On replies: the delivery id, the same on every retry, for the platform to drop duplicates. */
  delivery: 'x-civic-delivery',
} as const;
export const HOTLINE_REPLAY_WINDOW_SECONDS = 300;

/** Who manages sources and sees deliveries. */
export const HOTLINE_ADMIN_ROLES: readonly Role[] = ['admin'];

const PHONE_PATTERN = '^[0-9+\\- ]{5,20}$';

/** The body of `POST /api/hotline/:source/tickets`. */
export const HotlineTicket = Type.Object(
  {
    /** The platform's own ticket number: the idempotency key, with the source. */
    ticketNo: Type.String({ minLength: 1, maxLength: 64, pattern: '^\\S+$' }),
    /** Our category code (e.g. "0201"), when the platform maps its catalogue to ours. */
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** The platform's category name; matched against ours by name, else kept in the description. */
    categoryText: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    /** Free text, e.g. "惠济区天河路与英才街交叉口东北角"; looked up when no point is given. */
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    location: Type.Optional(LngLat),
    /** The coordinate system of `location`; WGS-84 when absent. */
    /** The system `location` is in; stored as WGS-84. */
    crs: Type.Optional(Crs),
    callerName: Type.Optional(Type.String({ maxLength: 100 })),
    callerPhone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
    /** The ticket's own deadline (办理时限): the case's disposal deadline for the first round. */
    deadline: Type.Optional(Type.String({ format: 'date-time' })),
    /** When the platform took the call. */
    receivedAt: Type.String({ format: 'date-time' }),
  },
  {
    additionalProperties: false,
    description: 'A ticket forwarded by the hotline platform. Give `address`, `location` or both.',
  },
);
export type HotlineTicket = Static<typeof HotlineTicket>;

/** The answer to a ticket; a retry of the same ticket gets exactly this again. */
export const HotlineTicketReceipt = Type.Object({
  ticketNo: Type.String(),
  caseId: Type.Integer(),
  caseNo: Type.String(),
  status: CaseStatus,
  /** When the bureau filed the case. */
  filedAt: Type.String({ format: 'date-time' }),
});
export type HotlineTicketReceipt = Static<typeof HotlineTicketReceipt>;

// Sources (admin) -------------------------------------------------------------

const SourceCode = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{1,31}$', description: 'Used in the webhook path' });
const CallbackUrl = Type.String({ format: 'uri', maxLength: 2000, pattern: '^https?://' });
const Secret = Type.String({ minLength: 16, maxLength: 256 });

export const HotlineSourceDto = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  /** Where replies are posted; none means replies wait as failed deliveries. */
  callbackUrl: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type HotlineSourceDto = Static<typeof HotlineSourceDto>;

export const CreateHotlineSourceBody = Type.Object(
  {
    code: SourceCode,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    callbackUrl: Type.Optional(CallbackUrl),
    active: Type.Optional(Type.Boolean()),
    /** Set the shared secret; when absent one is generated and shown once in the answer. */
    secret: Type.Optional(Secret),
  },
  { additionalProperties: false },
);
export type CreateHotlineSourceBody = Static<typeof CreateHotlineSourceBody>;

export const UpdateHotlineSourceBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    callbackUrl: Type.Optional(Type.Union([CallbackUrl, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    /** Replace the shared secret with this one. */
    secret: Type.Optional(Secret),
    /** Replace the shared secret with a generated one, shown once in the answer. */
    rotateSecret: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateHotlineSourceBody = Static<typeof UpdateHotlineSourceBody>;

/** A source as saved; `secret` only when the server generated one: it is never shown again. */
export const HotlineSourceSaved = Type.Object({
  source: HotlineSourceDto,
  secret: Type.Optional(Type.String()),
});
export type HotlineSourceSaved = Static<typeof HotlineSourceSaved>;

// Replies (outbound) ------------------------------------------------------------

export const HOTLINE_REPLY_KINDS = ['disposed', 'closed'] as const;
export type HotlineReplyKind = (typeof HOTLINE_REPLY_KINDS)[number];

/** The body posted to a source's callback URL when the case is disposed (处置完毕) or closed (结案). */
export const HotlineReply = Type.Object({
  /** The delivery's id: the same on every retry and resend of this reply. */
  replyId: Type.Integer(),
  ticketNo: Type.String(),
  /** The ticket's case in the bureau. */
  caseNo: Type.String(),
  kind: Type.Enum(HOTLINE_REPLY_KINDS),
  /** What was done: the squad's disposal note. */
  result: Type.Union([Type.String(), Type.Null()]),
  /** The verifier's comment on closing, if any. */
  comment: Type.Union([Type.String(), Type.Null()]),
  /** The squad that handled it. */
  handledBy: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
  /** Set when the ticket's case was merged into another as a duplicate: that case was handled. */
  mergedInto: Type.Union([Type.Object({ caseNo: Type.String() }), Type.Null()]),
});
export type HotlineReply = Static<typeof HotlineReply>;

export const HOTLINE_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type HotlineDeliveryStatus = (typeof HOTLINE_DELIVERY_STATUSES)[number];

export const HotlineDeliveryDto = Type.Object({
  id: Type.Integer(),
  sourceCode: Type.String(),
  sourceName: Type.String(),
  ticketNo: Type.String(),
  caseId: Type.Integer(),
  caseNo: Type.String(),
  kind: Type.Enum(HOTLINE_REPLY_KINDS),
  status: Type.Enum(HOTLINE_DELIVERY_STATUSES),
  attempts: Type.Integer(),
  /** When a pending delivery is tried next. */
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  failedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type HotlineDeliveryDto = Static<typeof HotlineDeliveryDto>;

export const HotlineDeliveryQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(HOTLINE_DELIVERY_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type HotlineDeliveryQuery = Static<typeof HotlineDeliveryQuery>;
