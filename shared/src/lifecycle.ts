import { Type } from 'typebox';
import type { Role } from './roles.ts';

/**
 * The bureau's closed loop (see docs/lifecycle.md):
 *
 *   received → registered (立案) | not_registered (不予立案)
 *   registered → dispatched (派遣) → accepted (接单) | returned (退单, back to the dispatcher)
 *   accepted → en_route → on_scene → disposed (处置完毕)
 *   disposed → closed (核查结案) | dispatched again (返工, rework)
 *   closed → dispatched again after a dissatisfied follow-up (回访不满意, reopened)
 *   any open state before disposal → merged (into another case, as a duplicate)
 */
export const CASE_STATUSES = [
  'received',
  'registered',
  'not_registered',
  'dispatched',
  'returned',
  'accepted',
  'en_route',
  'on_scene',
  'disposed',
  'closed',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CaseStatus = Type.Enum(CASE_STATUSES);

/** Statuses in which a case is still somebody's work. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'received',
  'registered',
  'dispatched',
  'returned',
  'accepted',
  'en_route',
  'on_scene',
  'disposed',
];

/** Statuses in which a squad is working the case (its assignment is live). */
export const WITH_SQUAD_STATUSES: readonly CaseStatus[] = ['dispatched', 'accepted', 'en_route', 'on_scene'];

/**
 * Who may act on a case. `assigned_squad` is a squad member of the squad the
 * case is assigned to; a member of any other squad never learns the case exists.
 */
export type Actor = Role | 'assigned_squad';

export interface CaseAction {
  /** The statuses the action is allowed from. */
  from: readonly CaseStatus[];
  /** The status after the action; null when the action does not move the case (it is still an event). */
  to: CaseStatus | null;
  /** Who may take it. */
  by: readonly Actor[];
}

const DISPATCH: readonly Actor[] = ['dispatcher', 'supervisor', 'admin'];
const SUPERVISE: readonly Actor[] = ['supervisor', 'admin'];
const SQUAD: readonly Actor[] = ['assigned_squad', 'admin'];
/** Roles that talk to complainants: the reply (反馈) and the follow-up call (回访). */
const CALL_BACK: readonly Actor[] = ['intake_clerk', 'supervisor', 'admin'];

/**
 * Every transition the rules allow: the one table the server enforces and the
 * web reads to show only the buttons that can work. Anything not here is a 409
 * that lists what is allowed from the current status.
 */
export const CASE_ACTIONS = {
  register: { from: ['received'], to: 'registered', by: DISPATCH },
  reject: { from: ['received'], to: 'not_registered', by: DISPATCH },
  /** From received, dispatching registers the case first (two events, one click). */
  assign: { from: ['received', 'registered', 'returned'], to: 'dispatched', by: DISPATCH },
  reassign: { from: WITH_SQUAD_STATUSES, to: 'dispatched', by: DISPATCH },
  accept: { from: ['dispatched'], to: 'accepted', by: SQUAD },
  return: { from: ['dispatched', 'accepted'], to: 'returned', by: SQUAD },
  en_route: { from: ['accepted'], to: 'en_route', by: SQUAD },
  on_scene: { from: ['accepted', 'en_route'], to: 'on_scene', by: SQUAD },
  dispose: { from: ['accepted', 'en_route', 'on_scene'], to: 'disposed', by: SQUAD },
  close: { from: ['disposed'], to: 'closed', by: SUPERVISE },
  rework: { from: ['disposed'], to: 'dispatched', by: SUPERVISE },
  merge: {
    from: ['received', 'registered', 'returned', 'dispatched'],
    to: 'merged',
    by: ['dispatcher', 'intake_clerk', 'supervisor', 'admin'],
  },
  request_extension: { from: WITH_SQUAD_STATUSES, to: null, by: ['assigned_squad', 'dispatcher', 'admin'] },
  approve_extension: { from: WITH_SQUAD_STATUSES, to: null, by: SUPERVISE },
  refuse_extension: { from: WITH_SQUAD_STATUSES, to: null, by: SUPERVISE },
  supervise: { from: OPEN_CASE_STATUSES, to: null, by: SUPERVISE },
  lift_supervision: { from: OPEN_CASE_STATUSES, to: null, by: SUPERVISE },
  feedback: { from: ['not_registered', 'disposed', 'closed'], to: null, by: [...CALL_BACK, 'dispatcher'] },
  /** A dissatisfied follow-up reopens the case to its squad as rework. */
  follow_up: { from: ['closed'], to: null, by: CALL_BACK },
  /** The registered merchant the case is about, so that closing it as a confirmed violation grades them. */
  link_merchant: { from: OPEN_CASE_STATUSES, to: null, by: [...DISPATCH, 'assigned_squad'] },
} as const satisfies Record<string, CaseAction>;

export type CaseActionName = keyof typeof CASE_ACTIONS;
export const CASE_ACTION_NAMES = Object.keys(CASE_ACTIONS) as CaseActionName[];

/** The actions allowed from a status, whoever takes them. */
export function actionsFrom(status: CaseStatus): CaseActionName[] {
  return CASE_ACTION_NAMES.filter((name) => (CASE_ACTIONS[name].from as readonly CaseStatus[]).includes(status));
}

/**
 * Whether this person may take the action on this case, status aside.
 * `assignedToMe` is whether the person is a member of the squad the case is assigned to.
 */
export function mayAct(action: CaseActionName, role: Role, assignedToMe: boolean): boolean {
  const by = CASE_ACTIONS[action].by as readonly Actor[];
  if (role === 'squad_member') return assignedToMe && by.includes('assigned_squad');
  return by.includes(role);
}

/** The actions this person could take on a case in this status now. */
export function availableActions(status: CaseStatus, role: Role, assignedToMe: boolean): CaseActionName[] {
  return actionsFrom(status).filter((action) => mayAct(action, role, assignedToMe));
}

/** Each action is `POST /api/cases/:id/<path>`; the body schemas are in api.ts. */
export const CASE_ACTION_PATHS: Record<CaseActionName, string> = {
  register: 'register',
  reject: 'reject',
  assign: 'assignments',
  reassign: 'reassign',
  accept: 'accept',
  return: 'return',
  en_route: 'en-route',
  on_scene: 'on-scene',
  dispose: 'dispose',
  close: 'close',
  rework: 'rework',
  merge: 'merge',
  request_extension: 'extension',
  approve_extension: 'extension/approve',
  refuse_extension: 'extension/refuse',
  supervise: 'supervise',
  lift_supervision: 'lift-supervision',
  feedback: 'feedback',
  follow_up: 'follow-up',
  link_merchant: 'merchant',
};

/** The roles that may reach an action's route at all (a squad member still has to be the assigned one). */
export function actionRoles(action: CaseActionName): Role[] {
  const by = CASE_ACTIONS[action].by as readonly Actor[];
  return [...new Set(by.map((actor) => (actor === 'assigned_squad' ? 'squad_member' : actor)))];
}
