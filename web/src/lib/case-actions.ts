/**
 * Which lifecycle buttons a screen shows for a case, and the body each one
 * sends. The rules themselves live in @civic/shared (lifecycle.ts); this only
 * narrows them by what the case holds now (an extension to decide, a
 * supervision to lift) and turns a form's fields into the action's body.
 */
import {
  availableActions,
  CASE_ACTIONS,
  type CaseActionName,
  type CaseDto,
  type ClockStage,
  type FeedbackBody,
  type LimitUnit,
  type SatisfactionLevel,
  type UserDto,
} from '@civic/shared';
import type { MessageKey } from './i18n.ts';

/** The input an action needs before it can be sent. */
export type ActionForm =
  | 'none'
  | 'reason'
  | 'comment'
  | 'note'
  | 'merge'
  | 'extension'
  | 'feedback'
  | 'follow_up'
  /** Picks a squad from the recommendations. */
  | 'squad'
  /** A comment and, for a case about a registered merchant, whether the violation was confirmed (一卡四色). */
  | 'close'
  /** Not a button: the merchant section of the panel and the phone's card links a case (CaseMerchant). */
  | 'merchant';

export const ACTION_FORMS: Record<CaseActionName, ActionForm> = {
  register: 'none',
  reject: 'reason',
  assign: 'squad',
  reassign: 'squad',
  accept: 'none',
  return: 'reason',
  en_route: 'none',
  on_scene: 'none',
  dispose: 'note',
  // Closing is the last word on a case: the form doubles as a confirmation.
  close: 'close',
  rework: 'reason',
  merge: 'merge',
  request_extension: 'extension',
  approve_extension: 'none',
  refuse_extension: 'comment',
  supervise: 'comment',
  lift_supervision: 'none',
  feedback: 'feedback',
  follow_up: 'follow_up',
  link_merchant: 'merchant',
};

/** Whether this person belongs to the squad the case is assigned to. */
export function isAssignedToMe(item: Pick<CaseDto, 'squadId'>, user: Pick<UserDto, 'role' | 'squadId'>): boolean {
  return user.role === 'squad_member' && user.squadId !== null && user.squadId === item.squadId;
}

type CaseState = Pick<CaseDto, 'status' | 'squadId' | 'supervised' | 'extensionRequest'>;

/** Whether the action makes sense for what the case holds now, the status aside. */
function fitsCase(action: CaseActionName, item: CaseState): boolean {
  switch (action) {
    case 'request_extension':
      return !item.extensionRequest;
    case 'approve_extension':
    case 'refuse_extension':
      return Boolean(item.extensionRequest);
    case 'supervise':
      return !item.supervised;
    case 'lift_supervision':
      return item.supervised;
    default:
      return true;
  }
}

/** Every action this person can take on the case now. */
export function caseActions(item: CaseState, user: Pick<UserDto, 'role' | 'squadId'>): CaseActionName[] {
  return availableActions(item.status, user.role, isAssignedToMe(item, user)).filter((a) => fitsCase(a, item));
}

/**
 * The case panel's buttons: dispatching a waiting case is left to the
 * recommendations list, linking a merchant to the panel's merchant section.
 */
export function panelActions(item: CaseState, user: Pick<UserDto, 'role' | 'squadId'>): CaseActionName[] {
  return caseActions(item, user).filter((a) => a !== 'assign' && ACTION_FORMS[a] !== 'merchant');
}

/** Whether a squad can be dispatched to a case in this status (the recommendations list). */
export function canDispatchFrom(status: CaseDto['status']): boolean {
  return (CASE_ACTIONS.assign.from as readonly string[]).includes(status);
}

/** The closing form's finding about the linked merchant; the type is a category code ('' until chosen). */
export interface ViolationDraft {
  confirmed: boolean;
  type: string;
}

/** What the action forms hold; one text field serves as reason, note, comment or reply. */
export interface ActionDraft {
  text: string;
  /** Null when the case is about no registered merchant: closing then records no finding. */
  violation: ViolationDraft | null;
  intoCaseId: number | null;
  stage: ClockStage;
  amount: string;
  unit: LimitUnit;
  method: FeedbackBody['method'];
  satisfaction: SatisfactionLevel;
}

export function emptyDraft(item: Pick<CaseDto, 'deadlines' | 'merchant'>): ActionDraft {
  return {
    text: '',
    // Unconfirmed unless the supervisor says so: a grade is a consequence for the merchant.
    violation: item.merchant ? { confirmed: false, type: '' } : null,
    intoCaseId: null,
    stage: extensionStages(item)[0] ?? 'dispose',
    amount: '',
    unit: 'working_hours',
    method: 'phone',
    satisfaction: 'satisfied',
  };
}

/** The clocks an extension can be asked for: the running ones, the disposal clock first. */
export function extensionStages(item: Pick<CaseDto, 'deadlines'>): ClockStage[] {
  const running = [...new Set((item.deadlines ?? []).filter((d) => d.metAt === null).map((d) => d.stage))];
  if (running.length === 0) return ['dispose'];
  return running.sort((a, b) => Number(b === 'dispose') - Number(a === 'dispose'));
}

export type BodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; error: MessageKey };

/**
 * 核查结案's body: the comment and, for a case about a registered merchant, the
 * finding, which is always recorded, confirmed or not. `violation` is null
 * when the case is about no merchant.
 */
export function closeBody(comment: string, violation: ViolationDraft | null): BodyResult {
  const body: Record<string, unknown> = comment ? { comment } : {};
  if (violation?.confirmed) {
    if (!violation.type) return { ok: false, error: 'merchants.close.typeRequired' };
    body.violation = { confirmed: true, violationType: violation.type };
  } else if (violation) {
    body.violation = { confirmed: false };
  }
  return { ok: true, body };
}

/** The request body for the action from the form, or what is missing. */
export function actionBody(action: CaseActionName, draft: ActionDraft): BodyResult {
  const text = draft.text.trim();
  switch (ACTION_FORMS[action]) {
    case 'none':
    case 'squad':
    case 'merchant':
      return { ok: true, body: {} };
    case 'reason':
      return text ? { ok: true, body: { reason: text } } : { ok: false, error: 'actions.reasonRequired' };
    case 'comment':
      return { ok: true, body: text ? { comment: text } : {} };
    case 'close':
      return closeBody(text, draft.violation);
    case 'note':
      return text ? { ok: true, body: { note: text } } : { ok: false, error: 'actions.noteRequired' };
    case 'merge':
      return draft.intoCaseId === null
        ? { ok: false, error: 'actions.mergeRequired' }
        : { ok: true, body: { intoCaseId: draft.intoCaseId } };
    case 'extension': {
      const amount = parseAmount(draft.amount);
      if (amount === null) return { ok: false, error: 'actions.amountInvalid' };
      if (!text) return { ok: false, error: 'actions.reasonRequired' };
      return { ok: true, body: { stage: draft.stage, extendBy: { amount, unit: draft.unit }, reason: text } };
    }
    case 'feedback':
      return text
        ? { ok: true, body: { method: draft.method, content: text } }
        : { ok: false, error: 'actions.contentRequired' };
    case 'follow_up':
      return {
        ok: true,
        body: text ? { satisfaction: draft.satisfaction, comment: text } : { satisfaction: draft.satisfaction },
      };
  }
}

/** A whole number of 1–100000 (TimeLimit's range), or null. */
export function parseAmount(input: string): number | null {
  const trimmed = input.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= 100_000 ? n : null;
}

/**
 * Cases this one could be a duplicate of: other open cases, those the server
 * flagged as possible duplicates first (nearest first), then those of the same
 * category, then the nearest, then the newest.
 */
export function mergeTargets(item: CaseDto, open: readonly CaseDto[], limit = 50): CaseDto[] {
  const flagged = new Map((item.possibleDuplicates ?? []).map((d, rank) => [d.id, rank]));
  const flagRank = (c: CaseDto): number => flagged.get(c.id) ?? Number.POSITIVE_INFINITY;
  const distance = (other: CaseDto): number =>
    item.location && other.location ? roughMetres(item.location, other.location) : Number.POSITIVE_INFINITY;
  return open
    .filter((c) => c.id !== item.id && c.status !== 'merged')
    .map((c) => ({
      c,
      flag: flagRank(c),
      same: item.categoryCode !== null && c.categoryCode === item.categoryCode,
      d: distance(c),
    }))
    .sort(
      (a, b) =>
        (a.flag === b.flag ? 0 : a.flag < b.flag ? -1 : 1) ||
        Number(b.same) - Number(a.same) ||
        a.d - b.d ||
        b.c.createdAt.localeCompare(a.c.createdAt),
    )
    .slice(0, limit)
    .map(({ c }) => c);
}

/** Equirectangular distance: plenty for ordering points within one district. */
function roughMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}
