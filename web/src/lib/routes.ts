import { DISTRICT_WIDE_ROLES, KPI_ROLES, type Role } from '@civic/shared';

/** Who may open each page: App.svelte routes by it and the header links by it. */
export const PAGE_ROLES = {
  '/dispatch': DISTRICT_WIDE_ROLES,
  '/squad': ['squad_member'],
  // The intake clerk's desk (来信来访); supervisors and admins cover for clerks.
  '/desk': ['intake_clerk', 'supervisor', 'admin'],
  '/board': ['supervisor', 'admin'],
  '/kpis': KPI_ROLES,
  '/admin': ['admin'],
  '/cases/:id': DISTRICT_WIDE_ROLES,
  // The merchant registry (一卡四色): read by the desk roles, kept by admins and supervisors.
  '/merchants': DISTRICT_WIDE_ROLES,
  '/merchants/:id': DISTRICT_WIDE_ROLES,
} as const satisfies Record<string, readonly Role[]>;

/** The desk pages a header links to, in order; each shows only to the roles that may open it. */
export const NAV_PAGES = ['/dispatch', '/desk', '/board', '/merchants', '/kpis', '/admin'] as const;

export function navFor(role: Role): (typeof NAV_PAGES)[number][] {
  const pages = NAV_PAGES.filter((page) => (PAGE_ROLES[page] as readonly Role[]).includes(role));
  // One page is no choice: no links at all.
  return pages.length > 1 ? pages : [];
}

/** Parameterised hash routes: `#/cases/42` is the case page for case 42. */
const CASE_PAGE = /^\/cases\/([1-9]\d{0,9})$/;

/** `#/merchants/12`: the registry page with merchant 12 open. */
const MERCHANT_PAGE = /^\/merchants\/([1-9]\d{0,9})$/;

/** The key of the routes table a path falls under: '/cases/42' → '/cases/:id'; other paths are their own key. */
export function routeKey(path: string): string {
  if (MERCHANT_PAGE.test(path)) return '/merchants/:id';
  return CASE_PAGE.test(path) ? '/cases/:id' : path;
}

/** The case id in a case page's path, or null. */
export function caseIdFromPath(path: string): number | null {
  const match = CASE_PAGE.exec(path);
  return match ? Number(match[1]) : null;
}

export function casePath(caseId: number): string {
  return `/cases/${caseId}`;
}

/** The merchant id in a registry page's path, or null (the list alone). */
export function merchantIdFromPath(path: string): number | null {
  const match = MERCHANT_PAGE.exec(path);
  return match ? Number(match[1]) : null;
}

export function merchantPath(merchantId: number): string {
  return `/merchants/${merchantId}`;
}
