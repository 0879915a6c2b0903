import { describe, expect, test } from 'vitest';
import type { ZoneDto, ZoneMultiPolygon } from '@civic/shared';
import {
  describeHours,
  draftProblems,
  draftToInput,
  emptyDraft,
  fromLocalInput,
  toLocalInput,
  zoneState,
  zoneToDraft,
} from './zone-form.ts';

const square: ZoneMultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [113.63, 34.83],
        [113.64, 34.83],
        [113.64, 34.84],
        [113.63, 34.83],
      ],
    ],
  ],
};

const zone = (fields: Partial<ZoneDto> = {}): ZoneDto => ({
  id: 7,
  kind: 'night_market',
  name: '英才街夜市疏导点',
  geometry: square,
  openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '23:30' }],
  startsAt: null,
  endsAt: null,
  notice: null,
  ownerSquad: null,
  activeNow: false,
  updatedAt: '2026-05-15T00:00:00.000Z',
  ...fields,
});

describe('Beijing local time in the period inputs', () => {
  test('reads and writes UTC+08:00 whatever the browser zone', () => {
    expect(toLocalInput('2026-02-16T16:00:00.000Z')).toBe('2026-02-17T00:00');
    expect(fromLocalInput('2026-02-17T00:00')).toBe('2026-02-16T16:00:00.000Z');
    expect(fromLocalInput(toLocalInput('2026-09-30T23:45:00.000Z'))).toBe('2026-09-30T23:45:00.000Z');
  });
  test('an empty input is no period', () => {
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
  });
});

describe('the draft and the API input', () => {
  test('round-trips a zone', () => {
    const input = draftToInput(zoneToDraft(zone({ notice: '  周末延长  ' })), square);
    expect(input).toEqual({
      kind: 'night_market',
      name: '英才街夜市疏导点',
      geometry: square,
      openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '23:30' }],
      startsAt: null,
      endsAt: null,
      notice: '周末延长',
      ownerSquadId: null,
    });
  });

  test('drops what the kind has no use for: hours on a grid, an owner on a vending point', () => {
    const draft = { ...zoneToDraft(zone()), kind: 'grid' as const, ownerSquadId: '3' };
    expect(draftToInput(draft, square)).toMatchObject({ openingHours: [], ownerSquadId: 3 });
    expect(draftToInput({ ...draft, kind: 'vending' }, square).ownerSquadId).toBeNull();
  });

  test('finds what the server would refuse before sending', () => {
    expect(draftProblems({ ...emptyDraft(), name: '  ' }).map((p) => p.field)).toEqual(['name']);
    expect(draftProblems({ ...emptyDraft('control'), name: '庙会' }).map((p) => p.field)).toEqual([
      'startsAt',
      'endsAt',
    ]);
    const backwards = {
      ...emptyDraft('control'),
      name: '庙会',
      startsAt: '2026-02-20T00:00',
      endsAt: '2026-02-17T00:00',
    };
    expect(draftProblems(backwards).map((p) => p.field)).toEqual(['endsAt']);
    expect(draftProblems({ ...emptyDraft('grid'), name: '网格', ownerSquadId: '2' })).toEqual([]);
  });
});

describe('what the list says', () => {
  const at = (local: string) => new Date(`${local}+08:00`);
  test('open, closed, upcoming, ended, or in force for a zone without hours', () => {
    expect(zoneState(zone(), at('2026-05-15T19:00'))).toBe('open');
    expect(zoneState(zone(), at('2026-05-15T12:00'))).toBe('closed');
    const fair = zone({
      kind: 'control',
      startsAt: at('2026-06-01T00:00').toISOString(),
      endsAt: at('2026-06-03T00:00').toISOString(),
      openingHours: [],
    });
    expect(zoneState(fair, at('2026-05-15T12:00'))).toBe('upcoming');
    expect(zoneState(fair, at('2026-06-02T12:00'))).toBe('open');
    expect(zoneState(fair, at('2026-06-04T12:00'))).toBe('ended');
    expect(zoneState(zone({ kind: 'grid', openingHours: [] }), at('2026-05-15T12:00'))).toBe('inForce');
  });

  test('hours as text, days named only when not every day', () => {
    const day = (n: number) => '一二三四五六日'[n - 1]!;
    expect(describeHours(zone().openingHours, day)).toBe('18:00–23:30');
    expect(describeHours([{ days: [6, 5], start: '18:00', end: '02:00' }], day)).toBe('五六 18:00–02:00');
  });
});
