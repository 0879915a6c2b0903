/**
 * Where a new case goes: the pin on the desk map, what it says about itself,
 * and what is sent when the case is filed. Pure functions, so that the rules
 * below are tested without a map.
 */
import type { CreateCaseBody, LngLat } from '@civic/shared';
import type { GeocodeResult } from './desk-api.ts';

export interface DeskPin {
  point: LngLat;
  /** geocoder: a suggestion's point, untouched; manual: dragged or clicked there by a person. */
  origin: 'geocoder' | 'manual';
  /** The suggestion the pin came from (kept after a drag, for the record on screen). */
  match: GeocodeResult | null;
  /** The clerk said "this is right" to a pin below the threshold. */
  confirmed: boolean;
}

/**
 * What the pin bar says: none (no pin yet), sure (a suggestion at or above the
 * threshold), unsure (below it and not confirmed: "请确认位置"), confirmed
 * (below it, confirmed by the clerk), manual (placed by hand).
 */
export type PinState = 'none' | 'sure' | 'unsure' | 'confirmed' | 'manual';

export function pinState(pin: DeskPin | null, threshold: number): PinState {
  if (!pin) return 'none';
  if (pin.origin === 'manual') return 'manual';
  if (!pin.match || pin.match.confidence >= threshold) return 'sure';
  return pin.confirmed ? 'confirmed' : 'unsure';
}

export function pinFromSuggestion(match: GeocodeResult): DeskPin {
  return { point: match.point, origin: 'geocoder', match, confirmed: false };
}

/** The pin dragged (or the map clicked): a person placed it, which is as good as confirming. */
export function movedPin(pin: DeskPin | null, point: LngLat): DeskPin {
  return { point, origin: 'manual', match: pin?.match ?? null, confirmed: true };
}

export type Placement = Pick<CreateCaseBody, 'address' | 'location'>;

/**
 * What a filed case carries about its place:
 *
 * - a pin placed by hand, or a doubtful one the clerk confirmed: that point,
 *   and the typed address;
 * - a doubtful pin not confirmed: the address only. The server's own lookup
 *   of it is as doubtful (it uses the same geocoder and threshold), so the
 *   case lands in the needs-location queue for someone to place;
 * - a sure pin that is the geocoder's best answer for exactly the typed text:
 *   the address only, so that the server places it from the gazetteer the
 *   same way and records what it matched (定位依据);
 * - any other sure pin (a lower suggestion, or one chosen before the text
 *   was finished): that point, so the case lands where the clerk saw it;
 * - no pin: the address only, for the server to place or queue.
 */
export function placementFor(address: string, pin: DeskPin | null, threshold: number, isBest: boolean): Placement {
  const text = address.trim();
  const withAddress: Placement = text ? { address: text } : {};
  const state = pinState(pin, threshold);
  if (!pin || state === 'none' || state === 'unsure') return withAddress;
  if (state === 'sure' && isBest && text && pin.match?.source !== 'external') return withAddress;
  return { ...withAddress, location: { lng: pin.point.lng, lat: pin.point.lat } };
}

/** 0.923 → "0.92": two decimals, as the geocoder rounds. */
export function formatConfidence(confidence: number): string {
  return (Math.round(confidence * 100) / 100).toFixed(2);
}

/** A metre north/east in degrees near `at`, for nudging the pin from the keyboard. */
export function nudge(at: LngLat, eastMetres: number, northMetres: number): LngLat {
  const metresPerDegreeLat = 110_574;
  const metresPerDegreeLng = 111_320 * Math.cos((at.lat * Math.PI) / 180);
  return { lng: at.lng + eastMetres / metresPerDegreeLng, lat: at.lat + northMetres / metresPerDegreeLat };
}
