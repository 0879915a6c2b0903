import { describe, expect, test } from 'vitest';
import type { GeocodeResult } from './desk-api.ts';
import { formatConfidence, movedPin, nudge, pinFromSuggestion, pinState, placementFor } from './placement.ts';

const CROSSING = { lng: 113.63, lat: 34.83 };
const HAND = { lng: 113.632, lat: 34.831 };
const match = (confidence: number, source: GeocodeResult['source'] = 'gazetteer'): GeocodeResult => ({
  label: '天河路 × 英才街',
  level: 'intersection',
  confidence,
  point: CROSSING,
  source,
});
const ADDRESS = '天河路与英才街交叉口东北角';

describe('pinState', () => {
  test('follows the threshold, a confirmation and a hand', () => {
    expect(pinState(null, 0.6)).toBe('none');
    expect(pinState(pinFromSuggestion(match(0.92)), 0.6)).toBe('sure');
    expect(pinState(pinFromSuggestion(match(0.6)), 0.6)).toBe('sure');
    expect(pinState(pinFromSuggestion(match(0.59)), 0.6)).toBe('unsure');
    expect(pinState({ ...pinFromSuggestion(match(0.5)), confirmed: true }, 0.6)).toBe('confirmed');
    expect(pinState(movedPin(pinFromSuggestion(match(0.5)), HAND), 0.6)).toBe('manual');
    expect(pinState(movedPin(null, HAND), 0.6)).toBe('manual');
  });
});

describe('placementFor', () => {
  test('a sure pin that is the best answer for the text: the address only, for the server to place the same way', () => {
    expect(placementFor(ADDRESS, pinFromSuggestion(match(0.98)), 0.6, true)).toEqual({ address: ADDRESS });
  });

  test('a sure pin that is not the best answer (or from an external service): its point', () => {
    expect(placementFor(ADDRESS, pinFromSuggestion(match(0.8)), 0.6, false)).toEqual({
      address: ADDRESS,
      location: CROSSING,
    });
    expect(placementFor(ADDRESS, pinFromSuggestion(match(0.8, 'external')), 0.6, true)).toEqual({
      address: ADDRESS,
      location: CROSSING,
    });
  });

  test('a doubtful pin not confirmed: the address only, so the case waits in the needs-location queue', () => {
    expect(placementFor(' 天河小区门口 ', pinFromSuggestion(match(0.53)), 0.6, true)).toEqual({
      address: '天河小区门口',
    });
  });

  test('a doubtful pin confirmed: its point and the address', () => {
    const pin = { ...pinFromSuggestion(match(0.53)), confirmed: true };
    expect(placementFor('天河小区门口', pin, 0.6, true)).toEqual({ address: '天河小区门口', location: CROSSING });
  });

  test('a pin moved by hand: that point and the typed address', () => {
    const pin = movedPin(pinFromSuggestion(match(0.98)), HAND);
    expect(placementFor(ADDRESS, pin, 0.6, true)).toEqual({ address: ADDRESS, location: HAND });
    expect(placementFor('', movedPin(null, HAND), 0.6, false)).toEqual({ location: HAND });
  });

  test('no pin: the address for the server to place or queue', () => {
    expect(placementFor(ADDRESS, null, 0.6, false)).toEqual({ address: ADDRESS });
    expect(placementFor('  ', null, 0.6, false)).toEqual({});
  });
});

describe('helpers', () => {
  test('confidence reads with two decimals', () => {
    expect(formatConfidence(0.923)).toBe('0.92');
    expect(formatConfidence(1)).toBe('1.00');
    expect(formatConfidence(0.5)).toBe('0.50');
  });

  test('a nudge moves about the metres asked', () => {
    const north = nudge(CROSSING, 0, 100);
    expect(north.lng).toBe(CROSSING.lng);
    expect((north.lat - CROSSING.lat) * 110_574).toBeCloseTo(100, 3);
    const east = nudge(CROSSING, 10, 0);
    expect((east.lng - CROSSING.lng) * 111_320 * Math.cos((CROSSING.lat * Math.PI) / 180)).toBeCloseTo(10, 3);
  });
});
