import { describe, expect, test } from 'vitest';
import { channelForKey, deskCommand, pinNudge } from './shortcuts.ts';

const key = (
  k: string,
  code = '',
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  key: k,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('channel keys', () => {
  test('1/2/3 and H/L/W pick the channel on the channel field', () => {
    expect(channelForKey(key('1'))).toBe('hotline');
    expect(channelForKey(key('2'))).toBe('letter_visit');
    expect(channelForKey(key('3'))).toBe('web');
    expect(channelForKey(key('L'))).toBe('letter_visit');
    expect(channelForKey(key('w'))).toBe('web');
    expect(channelForKey(key('4'))).toBeNull();
    expect(channelForKey(key('1', 'Digit1', { ctrlKey: true }))).toBeNull();
  });
});

describe('desk commands', () => {
  test('Ctrl+Enter or ⌘+Enter files', () => {
    expect(deskCommand(key('Enter', 'Enter', { ctrlKey: true }))).toEqual({ kind: 'file' });
    expect(deskCommand(key('Enter', 'Enter', { metaKey: true }))).toEqual({ kind: 'file' });
    expect(deskCommand(key('Enter', 'Enter'))).toBeNull();
  });

  test('Alt combinations are read from the physical key (a Mac types ¡ for Alt+1)', () => {
    expect(deskCommand(key('¡', 'Digit1', { altKey: true }))).toEqual({ kind: 'channel', channel: 'hotline' });
    expect(deskCommand(key('3', 'Digit3', { altKey: true }))).toEqual({ kind: 'channel', channel: 'web' });
    expect(deskCommand(key('a', 'KeyA', { altKey: true }))).toEqual({ kind: 'accept-category' });
    expect(deskCommand(key('ç', 'KeyC', { altKey: true }))).toEqual({ kind: 'confirm-pin' });
    expect(deskCommand(key('q', 'KeyQ', { altKey: true }))).toEqual({ kind: 'queue' });
    expect(deskCommand(key('a', 'KeyA'))).toBeNull();
    expect(deskCommand(key('a', 'KeyA', { altKey: true, ctrlKey: true }))).toBeNull();
  });

  test('arrow keys nudge a focused pin, further with Shift', () => {
    expect(pinNudge(key('ArrowUp'))).toEqual({ east: 0, north: 10 });
    expect(pinNudge(key('ArrowLeft', '', { shiftKey: true }))).toEqual({ east: -50, north: 0 });
    expect(pinNudge(key('ArrowUp', '', { altKey: true }))).toBeNull();
    expect(pinNudge(key('x'))).toBeNull();
  });
});
