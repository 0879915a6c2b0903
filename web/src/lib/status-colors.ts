/** One palette for statuses, shared by map layers and lists so a colour means the same everywhere. */
import type { CaseStatus, SquadStatus } from '@civic/shared';

/**
 * Warm while the case waits on the bureau (red → pink → orange, purple when a
 * squad handed it back), blues while a squad works it, green once disposed,
 * greys once off the map (closed, not registered, merged).
 */
export const CASE_STATUS_COLORS: Record<CaseStatus, string> = {
  received: '#d62839',
  registered: '#c2255c',
  dispatched: '#f08c00',
  returned: '#9c36b5',
  accepted: '#1c7ed6',
  en_route: '#1098ad',
  on_scene: '#364fc7',
  disposed: '#2b8a3e',
  closed: '#868e96',
  not_registered: '#495057',
  merged: '#adb5bd',
};

export const SQUAD_STATUS_COLORS: Record<SquadStatus, string> = {
  available: '#2b8a3e',
  busy: '#e8590c',
  on_break: '#7048e8',
  off_duty: '#495057',
};

/** A squad whose position is too old to trust. */
export const STALE_COLOR = '#adb5bd';

/** Designated vending points and night markets: vending inside them, in hours, is allowed. */
export const ZONE_COLOR = '#37b24d';
