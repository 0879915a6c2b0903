import { describe, expect, it } from 'vitest';
import {
  geometryProblems,
  isZoneOpenAt,
  toMultiPolygon,
  zonePhaseAt,
  zoneRuleProblems,
  type OpeningHours,
  type ZoneTiming,
} from './zones.ts';

/** An instant given as Shanghai local time: '2026-05-15T18:00' (15 May 2026 is a Friday). */
const local = (text: string) => new Date(`${text}+08:00`);
const hours = (...rules: OpeningHours[]): ZoneTiming => ({ openingHours: rules, startsAt: null, endsAt: null });

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
/** 英才街夜市: 18:00–23:30 every day. */
const nightMarket = hours({ days: EVERY_DAY, start: '18:00', end: '23:30' });
/** A Friday and Saturday night market that runs past midnight. */
const lateMarket = hours({ days: [5, 6], start: '18:00', end: '02:00' });
/** An early market on weekdays and a second sitting on weekend afternoons. */
const twoSittings = hours(
  { days: [1, 2, 3, 4, 5], start: '06:00', end: '09:00' },
  { days: [6, 7], start: '14:00', end: '24:00' },
);

describe('isZoneOpenAt (Asia/Shanghai local time, end exclusive)', () => {
  it.each([
    ['no hours and no period: always open', hours(), '2026-05-15T03:00', true],
    ['daily hours, inside', nightMarket, '2026-05-15T20:15', true],
    ['daily hours, at the start', nightMarket, '2026-05-15T18:00', true],
    ['daily hours, one minute before the start', nightMarket, '2026-05-15T17:59', false],
    ['daily hours, at the end (exclusive)', nightMarket, '2026-05-15T23:30', false],
    ['daily hours, the last minute', nightMarket, '2026-05-15T23:29', true],
    ['daily hours, early morning', nightMarket, '2026-05-16T01:00', false],
    ['past midnight: Friday evening', lateMarket, '2026-05-15T22:00', true],
    ["past midnight: Saturday 01:00 belongs to Friday's night", lateMarket, '2026-05-16T01:00', true],
    ['past midnight: Saturday 02:00 is the end', lateMarket, '2026-05-16T02:00', false],
    ["past midnight: Sunday 01:30 belongs to Saturday's night", lateMarket, '2026-05-17T01:30', true],
    ['past midnight: Sunday evening is not a market day', lateMarket, '2026-05-17T19:00', false],
    ["past midnight: Monday 01:00 would be Sunday's night, which has none", lateMarket, '2026-05-18T01:00', false],
    ["past midnight: Friday 01:00 would be Thursday's night, which has none", lateMarket, '2026-05-15T01:00', false],
    ['two rules: a weekday morning', twoSittings, '2026-05-13T07:30', true],
    ['two rules: a weekday afternoon', twoSittings, '2026-05-13T15:00', false],
    ['two rules: Saturday afternoon', twoSittings, '2026-05-16T15:00', true],
    ['two rules: Saturday 23:59 (end 24:00)', twoSittings, '2026-05-16T23:59', true],
    ['two rules: Sunday 00:30 is not carried over from a 24:00 end', twoSittings, '2026-05-17T00:30', false],
    ['two rules: Saturday morning', twoSittings, '2026-05-16T07:30', false],
  ])('%s', (_name, zone, at, open) => {
    expect(isZoneOpenAt(zone, local(at))).toBe(open);
  });

  it('reads the local day, not the UTC day: Monday 07:00 in Shanghai is still Sunday in UTC', () => {
    const mondayMornings = hours({ days: [1], start: '06:00', end: '09:00' });
    const at = local('2026-05-18T07:00');
    expect(at.getUTCDay()).toBe(0);
    expect(isZoneOpenAt(mondayMornings, at)).toBe(true);
  });

  it('is closed before and after a period, and follows its hours within it', () => {
    const templeFair: ZoneTiming = {
      openingHours: [{ days: EVERY_DAY, start: '08:00', end: '21:00' }],
      startsAt: local('2026-02-17T00:00').toISOString(),
      endsAt: local('2026-02-20T00:00').toISOString(),
    };
    expect(zonePhaseAt(templeFair, local('2026-02-16T10:00'))).toBe('upcoming');
    expect(zonePhaseAt(templeFair, local('2026-02-17T10:00'))).toBe('open');
    expect(zonePhaseAt(templeFair, local('2026-02-17T22:00'))).toBe('closed');
    expect(zonePhaseAt(templeFair, local('2026-02-19T20:59'))).toBe('open');
    expect(zonePhaseAt(templeFair, local('2026-02-20T00:00'))).toBe('ended');
    const noHours: ZoneTiming = { ...templeFair, openingHours: [] };
    expect(isZoneOpenAt(noHours, local('2026-02-18T03:00'))).toBe(true);
    expect(isZoneOpenAt(noHours, local('2026-02-20T03:00'))).toBe(false);
  });
});

describe('zoneRuleProblems', () => {
  const period = { startsAt: '2026-02-17T00:00:00+08:00', endsAt: '2026-02-20T00:00:00+08:00' };
  const table: [string, Parameters<typeof zoneRuleProblems>[0], string | undefined, string[]][] = [
    ['a vending point with hours', { kind: 'vending', openingHours: nightMarket.openingHours }, undefined, []],
    ['a control area with its period', { kind: 'control', ...period }, undefined, []],
    ['a grid with an owner', { kind: 'grid' }, 'ownerSquadId', []],
    ['a control area without a start', { kind: 'control', endsAt: period.endsAt }, undefined, ['startsAt']],
    ['a control area without either', { kind: 'control' }, undefined, ['startsAt', 'endsAt']],
    [
      'a period that ends before it starts',
      { kind: 'control', startsAt: period.endsAt, endsAt: period.startsAt },
      undefined,
      ['endsAt'],
    ],
    [
      'a period that ends as it starts',
      { kind: 'vending', startsAt: period.startsAt, endsAt: period.startsAt },
      undefined,
      ['endsAt'],
    ],
    ['an owner on a vending point', { kind: 'vending' }, 'ownerSquadId', ['ownerSquadId']],
    ['an owner code on the pilot area in an import', { kind: 'pilot' }, 'ownerSquadCode', ['ownerSquadCode']],
    ['hours on a grid', { kind: 'grid', openingHours: nightMarket.openingHours }, undefined, ['openingHours']],
    [
      'a rule that ends as it starts',
      { kind: 'night_market', openingHours: [{ days: [1], start: '18:00', end: '18:00' }] },
      undefined,
      ['openingHours.0.end'],
    ],
  ];
  it.each(table)('%s', (_name, zone, ownerField, fields) => {
    expect(zoneRuleProblems(zone, ownerField).map((p) => p.field)).toEqual(fields);
  });
});

describe('geometryProblems', () => {
  const square = [
    [113.63, 34.83],
    [113.64, 34.83],
    [113.64, 34.84],
    [113.63, 34.84],
    [113.63, 34.83],
  ];
  it('accepts closed rings in range, as a Polygon or a MultiPolygon', () => {
    expect(geometryProblems({ type: 'Polygon', coordinates: [square] })).toEqual([]);
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [[square], [square]] })).toEqual([]);
  });
  it('names the ring that does not close', () => {
    const open = square.slice(0, 4).concat([[113.635, 34.835]]);
    expect(geometryProblems({ type: 'Polygon', coordinates: [open] })).toEqual([
      { field: 'geometry.coordinates.0', message: 'A ring must end where it starts' },
    ]);
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [[square], [open]] })[0]?.field).toBe(
      'geometry.coordinates.1.0',
    );
  });
  it('names the position out of range (latitude and longitude swapped)', () => {
    const swapped = square.map(([lng, lat]) => [lat!, lng!]);
    expect(geometryProblems({ type: 'Polygon', coordinates: [swapped] })[0]?.field).toBe('geometry.coordinates.0.0');
  });
  it('stores a Polygon as a MultiPolygon and drops altitudes', () => {
    const withAltitude = square.map(([lng, lat]) => [lng!, lat!, 110]);
    expect(toMultiPolygon({ type: 'Polygon', coordinates: [withAltitude] })).toEqual({
      type: 'MultiPolygon',
      coordinates: [[square]],
    });
  });
});
