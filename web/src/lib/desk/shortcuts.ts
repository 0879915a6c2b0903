/**
 * The clerk desk's keyboard map, in one place so that the page, the hints on
 * screen and the tests agree. Alt combinations are read from `code`, not
 * `key`: on a Mac, Alt+1 types "¡".
 */
import type { Channel } from '@civic/shared';

/** The channels a clerk types in, in shortcut order: 1 热线, 2 来信来访, 3 网上. Patrol findings come from squads. */
export const DESK_CHANNELS = ['hotline', 'letter_visit', 'web'] as const satisfies readonly Channel[];
export type DeskChannel = (typeof DESK_CHANNELS)[number];

/** Letter keys for the channel field, besides 1–3: H(otline), L(etter/visit), W(eb). */
const CHANNEL_LETTERS: Record<string, DeskChannel> = { h: 'hotline', l: 'letter_visit', w: 'web' };

type KeyInfo = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** A single key pressed on the channel field: 1/2/3 or H/L/W picks the channel. */
export function channelForKey(event: KeyInfo): DeskChannel | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const digit = /^[1-3]$/.test(event.key) ? Number(event.key) : null;
  if (digit !== null) return DESK_CHANNELS[digit - 1] ?? null;
  return CHANNEL_LETTERS[event.key.toLowerCase()] ?? null;
}

export type DeskCommand =
  | { kind: 'file' }
  | { kind: 'channel'; channel: DeskChannel }
  | { kind: 'accept-category' }
  | { kind: 'confirm-pin' }
  | { kind: 'queue' };

/**
 * Shortcuts that work anywhere on the desk:
 * Ctrl+Enter (⌘+Enter) files; Alt+1/2/3 picks the channel; Alt+A accepts the
 * first suggested category; Alt+C confirms the pin; Alt+Q goes to the
 * needs-location queue.
 */
export function deskCommand(event: KeyInfo): DeskCommand | null {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key === 'Enter') return { kind: 'file' };
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const digit = /^Digit([1-3])$/.exec(event.code);
  if (digit) return { kind: 'channel', channel: DESK_CHANNELS[Number(digit[1]) - 1]! };
  switch (event.code) {
    case 'KeyA':
      return { kind: 'accept-category' };
    case 'KeyC':
      return { kind: 'confirm-pin' };
    case 'KeyQ':
      return { kind: 'queue' };
    default:
      return null;
  }
}

/** Arrow keys on the focused pin move it: 10 m a press, 50 m with Shift. */
export function pinNudge(event: KeyInfo): { east: number; north: number } | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const step = event.shiftKey ? 50 : 10;
  switch (event.key) {
    case 'ArrowUp':
      return { east: 0, north: step };
    case 'ArrowDown':
      return { east: 0, north: -step };
    case 'ArrowLeft':
      return { east: -step, north: 0 };
    case 'ArrowRight':
      return { east: step, north: 0 };
    default:
      return null;
  }
}
