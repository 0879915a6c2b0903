/** One palette for statuses, shared by map layers and lists so a colour means the same everywhere. */
import type { CaseStatus, SquadStatus } from '@civic/shared';

export const CASE_STATUS_COLORS: Record<CaseStatus, string> = {
  received: '#d62839',
  dispatched: '#f08c00',
  accepted: '#1c7ed6',
  disposed: '#2b8a3e',
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
