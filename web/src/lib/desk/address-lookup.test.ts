import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { AddressLookup } from './address-lookup.svelte.ts';
import type { GeocodeAnswer, GeocodeResult } from './desk-api.ts';

const result = (label: string, confidence = 0.9, level: GeocodeResult['level'] = 'road'): GeocodeResult => ({
  label,
  level,
  confidence,
  point: { lng: 113.63, lat: 34.83 },
  source: 'gazetteer',
});

const ANSWERS: Record<string, GeocodeAnswer> = {
  天河路与英才街: {
    threshold: 0.6,
    results: [result('天河路 × 英才街', 0.98, 'intersection'), result('天河路'), result('英才街')],
  },
  天河: { threshold: 0.6, results: [result('天河路', 0.48)] },
  城北小巷: { threshold: 0.6, results: [] },
};

const geocode = vi.fn(async (q: string) => ANSWERS[q] ?? { threshold: 0.6, results: [] });
let lookup: AddressLookup;

beforeEach(() => {
  vi.useFakeTimers();
  lookup = new AddressLookup(geocode, 150);
});

afterEach(() => {
  lookup.dispose();
  geocode.mockClear();
  vi.useRealTimers();
});

async function typed(text: string): Promise<void> {
  lookup.type(text);
  await vi.advanceTimersByTimeAsync(150);
}

describe('AddressLookup', () => {
  test('suggestions come ~150 ms after typing stops, none highlighted', async () => {
    lookup.type('天河路与英才街');
    expect(lookup.results).toEqual([]);
    await vi.advanceTimersByTimeAsync(150);
    expect(geocode).toHaveBeenCalledTimes(1);
    expect(lookup.results.map((r) => r.label)).toEqual(['天河路 × 英才街', '天河路', '英才街']);
    expect(lookup).toMatchObject({ open: true, active: -1, threshold: 0.6 });
  });

  test('arrow keys walk the list and wrap', async () => {
    await typed('天河路与英才街');
    lookup.move(1);
    expect(lookup.active).toBe(0);
    lookup.move(1);
    lookup.move(1);
    expect(lookup.active).toBe(2);
    lookup.move(1);
    expect(lookup.active).toBe(0);
    lookup.move(-1);
    expect(lookup.active).toBe(2);
  });

  test('Enter takes the highlighted suggestion and closes the list', async () => {
    await typed('天河路与英才街');
    lookup.move(1);
    lookup.move(1);
    expect(lookup.pick()?.label).toBe('天河路');
    expect(lookup).toMatchObject({ open: false, active: -1 });
    // Closed: Enter again chooses nothing.
    expect(lookup.pick()).toBeNull();
  });

  test('Enter with nothing highlighted takes the first', async () => {
    await typed('天河路与英才街');
    expect(lookup.pick()?.label).toBe('天河路 × 英才街');
  });

  test('nothing to choose without suggestions', async () => {
    await typed('城北小巷');
    expect(lookup.pick()).toBeNull();
    expect(lookup.open).toBe(true);
  });

  test('a newer answer starts unhighlighted', async () => {
    await typed('天河路与英才街');
    lookup.move(1);
    lookup.move(1);
    await typed('天河');
    expect(lookup.active).toBe(-1);
    expect(lookup.results.map((r) => r.label)).toEqual(['天河路']);
  });

  test('ArrowDown on a closed list reopens it at the first row', async () => {
    await typed('天河路与英才街');
    lookup.close();
    lookup.move(1);
    expect(lookup).toMatchObject({ open: true, active: 0 });
  });

  test('isBestFor: the first suggestion, for exactly the text it answered', async () => {
    await typed('天河路与英才街');
    const [first, second] = lookup.results;
    expect(lookup.isBestFor(first!)).toBe(true);
    expect(lookup.isBestFor(second!)).toBe(false);
    lookup.text = '天河路与英才街东北角';
    expect(lookup.isBestFor(first!)).toBe(false);
  });

  test('lookUp asks straight away', async () => {
    lookup.lookUp('天河');
    await vi.advanceTimersByTimeAsync(0);
    expect(geocode).toHaveBeenCalledWith('天河');
    expect(lookup.results).toHaveLength(1);
  });
});
