/**
 * How often a squad phone sends its position: a first version of the policy
 * (the full one, with an offline queue and tracks, comes later). Pure, so the
 * reporter owns the timers and this only decides.
 */
import type { LngLat } from '@civic/shared';

/** At most one report per this interval; fixes in between are coalesced to the latest. */
export const REPORT_INTERVAL_MS = 10_000;
/** A fix closer than this to the last report is GPS jitter, not movement… */
export const MIN_MOVE_M = 5;
/** …but is still sent once this long has passed, so a squad standing still stays fresh on the wall. */
export const HEARTBEAT_MS = 60_000;

/** A report the server acknowledged. */
export interface SentReport {
  position: LngLat;
  /** Local time (ms) at which it was sent. */
  at: number;
}

/**
 * Milliseconds to wait before `fix` may be sent; 0 means now.
 *
 * @param lastAttemptAt when the last report was sent, acknowledged or not (null: none yet)
 * @param lastSent the last acknowledged report (null: none since watching started)
 */
export function sendDelay(fix: LngLat, now: number, lastAttemptAt: number | null, lastSent: SentReport | null): number {
  if (lastAttemptAt !== null && now < lastAttemptAt + REPORT_INTERVAL_MS)
    return lastAttemptAt + REPORT_INTERVAL_MS - now;
  if (lastSent && distanceMetres(fix, lastSent.position) < MIN_MOVE_M && now < lastSent.at + HEARTBEAT_MS)
    return lastSent.at + HEARTBEAT_MS - now;
  return 0;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine); plenty accurate for a 5 m threshold. */
export function distanceMetres(a: LngLat, b: LngLat): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
