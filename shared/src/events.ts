import { Type, type Static } from 'typebox';
import { CaseDto } from './cases.ts';
import type { MerchantGradedEvent } from './merchants.ts';
import type { PositionFix, SquadDto, SquadPosition } from './squads.ts';
import type { ZonesChangedEvent } from './zones.ts';

/**
 * Kinds of row in `case_events`. Each is also the socket event name under
 * which the change is pushed, so the log and the live stream never disagree.
 */
export const CASE_EVENT_TYPES = [
  'case:created',
  'case:located',
  'case:registered',
  'case:not_registered',
  'case:assigned',
  'case:reassigned',
  'case:accepted',
  'case:returned',
  'case:en_route',
  'case:on_scene',
  'case:disposed',
  'case:closed',
  'case:reworked',
  'case:merged',
  'case:extension_requested',
  'case:extension_approved',
  'case:extension_refused',
  /** A step of the 督办 ladder fired by the sweeper: detail { step, stage, deadlineId, dueAt }. */
  'case:escalated',
  'case:supervised',
  'case:supervision_lifted',
  /** The reply to the complainant (反馈): detail { method, content }. */
  'case:feedback',
  /** The follow-up call (回访): detail { satisfaction, comment }. */
  'case:followed_up',
  /** Reopened as rework after a dissatisfied follow-up. */
  'case:reopened',
  /** The assignment reached the squad's phone: detail { assignmentId }. */
  'case:delivered',
  /** A person on the squad confirmed seeing the assignment: detail { assignmentId }. */
  'case:acknowledged',
  /** Linked to a registered merchant, or unlinked: detail { merchantId (null: unlinked), merchantName, previousMerchantId }. */
  'case:merchant_linked',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];
export const CaseEventType = Type.Enum(CASE_EVENT_TYPES);

/**
 * One case event as pushed live and as replayed by `GET /api/events?after=`.
 * `seq` is the global sequence number from `case_events`; a client applies an
 * envelope only when its seq is above the last one it applied.
 */
export const CaseEventEnvelope = Type.Object({
  seq: Type.Integer(),
  type: CaseEventType,
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  /** The case as it stands after this event (masked for the live rooms). */
  case: CaseDto,
});
export type CaseEventEnvelope = Static<typeof CaseEventEnvelope>;

export type Ack<T> = { data: T } | { error: { statusCode: number; message: string } };

/** Socket.io rooms. A squad member joins only its own squad's room. */
export const Rooms = {
  dispatch: 'dispatch',
  squad: (squadId: number) => `squad:${squadId}`,
} as const;

type CaseEventListeners = { [K in CaseEventType]: (event: CaseEventEnvelope) => void };

/** Everything the server pushes. Declared once; server and web both use it. */
export interface ServerToClientEvents extends CaseEventListeners {
  /** Squad positions, coalesced per squad and sent at most once a second per room. */
  'squad:positions': (batch: { positions: SquadPosition[] }) => void;
  /** A squad's status (and so its dispatchability) changed. */
  'squad:updated': (squad: SquadDto) => void;
  /** Whether the demo simulator is feeding this deployment. */
  'demo:status': (status: { running: boolean }) => void;
  /** Zones were drawn, edited, deleted or imported (dispatch room and squads): reload GET /api/zones. */
  'zones:changed': (change: ZonesChangedEvent) => void;
  /**
   * Registry entries were edited or deactivated (everyone): maps reload GET
   * /api/merchants/map. Grade changes and new entries come as merchant:graded.
   */
  'merchants:changed': (change: { merchantIds: number[] }) => void;
  /** A merchant's grade changed (一卡四色); to the dispatch room and every squad. Keep the highest event.seq per merchant. */
  'merchant:graded': (graded: MerchantGradedEvent) => void;
}

/** Everything a client may send. Each command is role-checked on the server. */
export interface ClientToServerEvents {
  /** A squad member's phone reports where it is; volatile, coalesced on the server. */
  'squad:position': (position: PositionFix, ack?: (result: Ack<null>) => void) => void;
}

export interface SocketData {
  userId: number;
  role: import('./roles.ts').Role;
  squadId: number | null;
}
