import { Type, type Static } from 'typebox';

/** Who a login is. A squad member is always bound to one squad. */
export const ROLES = ['dispatcher', 'squad_member', 'supervisor', 'intake_clerk', 'admin'] as const;
export const Role = Type.Enum(ROLES);
export type Role = (typeof ROLES)[number];

/** Roles that watch the whole district live (the `dispatch` room). */
export const DISTRICT_WIDE_ROLES: readonly Role[] = ['dispatcher', 'supervisor', 'intake_clerk', 'admin'];

/** Roles that may assign a squad to a case. */
export const ASSIGNING_ROLES: readonly Role[] = ['dispatcher', 'supervisor', 'admin'];

/** Roles that may place a case on the map by hand (a "needs location" case, or a wrong pin). */
export const LOCATING_ROLES: readonly Role[] = ['dispatcher', 'intake_clerk', 'supervisor', 'admin'];

/** Roles that may file a complaint through the API (squads file patrol findings). */
export const FILING_ROLES: readonly Role[] = ['dispatcher', 'intake_clerk', 'supervisor', 'admin', 'squad_member'];

/**
 * Roles that call complainants back and so see their phone numbers in full.
 * Everyone else sees a masked number (138****5678).
 */
export const PHONE_VISIBLE_ROLES: readonly Role[] = ['intake_clerk', 'supervisor', 'admin'];

export const UserDto = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  squadId: Type.Union([Type.Integer(), Type.Null()]),
});
export type UserDto = Static<typeof UserDto>;
