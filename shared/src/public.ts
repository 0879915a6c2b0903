import { Type, type Static } from 'typebox';
import { LngLat } from './geo.ts';
import type { CaseStatus } from './lifecycle.ts';

/**
 * The citizen web form (网上举报) and its private tracking page. Nothing here
 * needs a login; what a citizen sees of a case is only what is theirs and
 * what the bureau says to them. The server side is server/src/modules/public.
 */

export const PUBLIC_MAX_PHOTOS = 3;
/** Per photo, decoded. */
export const PUBLIC_MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** The longest base64 text the schema lets through; the 5 MB limit itself is checked on the decoded bytes. */
const MAX_PHOTO_BASE64 = Math.ceil((6 * 1024 * 1024) / 3) * 4;

/** A mainland mobile (optionally +86) or a landline with its area code. */
export const PUBLIC_PHONE_PATTERN = '^(?:\\+?86[- ]?)?1[3-9][0-9]{9}$|^0[1-9][0-9]{1,2}-?[0-9]{7,8}$';

/** 128 random bits, base64url without padding. */
export const TRACKING_TOKEN_PATTERN = '^[A-Za-z0-9_-]{22}$';

/**
 * What a citizen is told about a case: a few plain statuses instead of the
 * bureau's internal workflow (who was dispatched, returns, rework …).
 */
export const PUBLIC_STATUSES = ['received', 'in_progress', 'disposed', 'closed', 'not_accepted', 'merged'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];
export const PublicStatus = Type.Enum(PUBLIC_STATUSES);

const PUBLIC_STATUS_OF = {
  received: 'received',
  registered: 'in_progress',
  dispatched: 'in_progress',
  returned: 'in_progress',
  accepted: 'in_progress',
  en_route: 'in_progress',
  on_scene: 'in_progress',
  disposed: 'disposed',
  closed: 'closed',
  not_registered: 'not_accepted',
  merged: 'merged',
} as const satisfies Record<CaseStatus, PublicStatus>;

/** 已受理 / 处理中 / 已处置 / 已办结 / 不予受理 / 已合并处理, from the lifecycle status. */
export function publicStatusOf(status: CaseStatus): PublicStatus {
  return PUBLIC_STATUS_OF[status];
}

/** A 小类 a citizen may pick, with its 大类 to group the list by. */
export const PublicCategory = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  groupName: Type.String(),
  groupNameEn: Type.String(),
});
export type PublicCategory = Static<typeof PublicCategory>;

/**
 * A proof-of-work puzzle: find a decimal `nonce` such that
 * SHA-256(UTF-8 of challenge + nonce) starts with `difficulty` zero bits.
 * Signed by the server and accepted once, before `expiresAt`.
 */
export const PublicChallenge = Type.Object({
  challenge: Type.String(),
  difficulty: Type.Integer({ minimum: 0, maximum: 32 }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type PublicChallenge = Static<typeof PublicChallenge>;

export const PublicReportBody = Type.Object(
  {
    /** An active 小类 from GET /api/public/categories. */
    categoryCode: Type.String({ minLength: 1, maxLength: 16, pattern: '^[0-9A-Za-z]+$' }),
    description: Type.String({ minLength: 2, maxLength: 1000 }),
    /** The pin dropped on the map, WGS-84. */
    location: Type.Optional(LngLat),
    address: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    /** Base64 of JPEG, PNG or WebP bytes, at most 5 MB each once decoded. */
    photos: Type.Optional(
      Type.Array(Type.String({ minLength: 4, maxLength: MAX_PHOTO_BASE64, contentEncoding: 'base64' }), {
        maxItems: PUBLIC_MAX_PHOTOS,
      }),
    ),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    phone: Type.Optional(Type.String({ maxLength: 20, pattern: PUBLIC_PHONE_PATTERN })),
    /** From GET /api/public/challenge, with its solution. */
    challenge: Type.String({ minLength: 1, maxLength: 512 }),
    nonce: Type.String({ pattern: '^[0-9]{1,16}$' }),
    /** Left empty by people; the form hides it. */
    website: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type PublicReportBody = Static<typeof PublicReportBody>;

/** pin: the map; photo: a photo's EXIF GPS; address: the gazetteer placed the typed address. */
export const PUBLIC_LOCATED_BY = ['pin', 'photo', 'address'] as const;
export type PublicLocatedBy = (typeof PUBLIC_LOCATED_BY)[number];

export const PublicReportResult = Type.Object({
  caseNo: Type.String(),
  /** Shown once: the server keeps only its hash. Whoever holds it can follow the case. */
  trackingToken: Type.String(),
  /** The web app's tracking route for it: `/track/<token>` (open as `#/track/<token>`). */
  trackingPath: Type.String(),
  /** Null when the typed address could not be placed: the bureau places it by hand. */
  locatedBy: Type.Union([Type.Enum(PUBLIC_LOCATED_BY), Type.Null()]),
  location: Type.Union([LngLat, Type.Null()]),
  photoCount: Type.Integer(),
  submittedAt: Type.String({ format: 'date-time' }),
});
export type PublicReportResult = Static<typeof PublicReportResult>;

/** The token travels in a body, not a URL, so it never lands in an access log. */
export const PublicTrackBody = Type.Object(
  { token: Type.String({ pattern: TRACKING_TOKEN_PATTERN }) },
  { additionalProperties: false },
);
export type PublicTrackBody = Static<typeof PublicTrackBody>;

/** A case as its complainant sees it: no squad, no staff, no internal notes, no phone. */
export const PublicCaseView = Type.Object({
  caseNo: Type.String(),
  status: PublicStatus,
  categoryName: Type.Union([Type.String(), Type.Null()]),
  categoryNameEn: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([LngLat, Type.Null()]),
  photoCount: Type.Integer(),
  submittedAt: Type.String({ format: 'date-time' }),
  /** The last time the public status changed or the bureau replied. */
  updatedAt: Type.String({ format: 'date-time' }),
  /** Each change of public status, oldest first; the first is the filing. */
  history: Type.Array(Type.Object({ status: PublicStatus, at: Type.String({ format: 'date-time' }) })),
  /** The bureau's replies (反馈), oldest first. */
  replies: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), content: Type.String() })),
});
export type PublicCaseView = Static<typeof PublicCaseView>;
