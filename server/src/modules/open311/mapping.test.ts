import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, OPEN_CASE_STATUSES, type TimeLimit } from '@civic/shared';
import { WorkingCalendar } from '../clocks/working-calendar.ts';
import {
  caseStatusesFor,
  expectedDatetime,
  open311Status,
  parseW3Datetime,
  serviceNotice,
  statusNotes,
  w3Datetime,
  type ExpectedInput,
} from './mapping.ts';
import { dateWindow, fullName } from './service.ts';

describe('open/closed', () => {
  it('closes exactly the statuses the bureau is done with, and keeps every open case status open', () => {
    expect(CASE_STATUSES.filter((s) => open311Status(s) === 'closed').sort()).toEqual(
      ['closed', 'merged', 'not_registered'].sort(),
    );
    for (const status of OPEN_CASE_STATUSES) expect(open311Status(status)).toBe('open');
    // disposed waits for the supervisor's verification.
    expect(open311Status('disposed')).toBe('open');
  });

  it('splits the statuses into two filters with nothing left out', () => {
    const open = caseStatusesFor('open');
    const closed = caseStatusesFor('closed');
    expect([...open, ...closed].sort()).toEqual([...CASE_STATUSES].sort());
    expect(open.filter((s) => closed.includes(s))).toEqual([]);
  });

  it('notes every status with fixed text, naming which of the closing statuses it is', () => {
    for (const status of CASE_STATUSES) expect(statusNotes(status, null).length).toBeGreaterThan(0);
    expect(statusNotes('not_registered', null)).toContain('not_registered');
    expect(statusNotes('closed', null)).toContain('closed');
    expect(statusNotes('merged', 'HJ20260512000001')).toContain('HJ20260512000001');
    // The squad's moves are internal: one note for all of them.
    expect(
      new Set(
        ['registered', 'dispatched', 'accepted', 'en_route', 'on_scene', 'returned'].map((s) =>
          statusNotes(s as never, null),
        ),
      ).size,
    ).toBe(1);
  });
});

describe('service notice', () => {
  it('states the disposal limit in its unit, or nothing without one', () => {
    expect(serviceNotice({ dispose: { amount: 2, unit: 'working_hours' } })).toBe('派遣后 2 个工作小时内处置完毕');
    expect(serviceNotice({ dispose: { amount: 3, unit: 'working_days' } })).toBe('派遣后 3 个工作日内处置完毕');
    expect(serviceNotice({ dispose: { amount: 90, unit: 'minutes' } })).toBe('派遣后 90 分钟内处置完毕');
    expect(serviceNotice({ register: { amount: 1, unit: 'working_hours' } })).toBeNull();
  });
});

describe('expected_datetime', () => {
  // Office hours on a plain weekday calendar; 2026-05-12 is a Tuesday and a working day.
  const calendar = new WorkingCalendar({
    workingHours: [
      { start: '08:30', end: '12:00' },
      { start: '14:00', end: '17:30' },
    ],
  });
  const at = (local: string) => new Date(`${local}+08:00`);
  const twoHours: TimeLimit = { amount: 2, unit: 'working_hours' };
  const base: ExpectedInput = {
    status: 'received',
    createdAt: at('2026-05-12T10:00:00'),
    timeLimits: { register: { amount: 30, unit: 'minutes' }, dispose: twoHours },
    ticketDueAt: null,
    disposeDueAt: null,
    registeredAt: null,
  };

  it('before dispatch chains the case’s limits: registered in time, then disposed in time', () => {
    // 10:00 + 30 min → 10:30, + 2 working hours → 12:00 + 0:30 after lunch → 14:30.
    expect(expectedDatetime(base, calendar)).toEqual(at('2026-05-12T14:30:00'));
    // Registered at 11:00: 1 h before lunch, 1 h after.
    expect(
      expectedDatetime({ ...base, status: 'registered', registeredAt: at('2026-05-12T11:00:00') }, calendar),
    ).toEqual(at('2026-05-12T15:00:00'));
    // Without a registration limit, from receipt: a limit running out at 12:00 ends at 12:00.
    expect(expectedDatetime({ ...base, timeLimits: { dispose: twoHours } }, calendar)).toEqual(
      at('2026-05-12T12:00:00'),
    );
  });

  it('once dispatched is the stored disposal deadline, which wins over everything', () => {
    const stored = at('2026-05-20T09:00:00');
    for (const status of ['dispatched', 'returned', 'disposed', 'closed'] as const) {
      expect(
        expectedDatetime({ ...base, status, disposeDueAt: stored, ticketDueAt: at('2026-05-13T00:00:00') }, calendar),
      ).toEqual(stored);
    }
  });

  it('takes a hotline ticket’s deadline before dispatch, and is none when the bureau did not take the request up', () => {
    const ticket = at('2026-05-13T18:00:00');
    expect(expectedDatetime({ ...base, ticketDueAt: ticket }, calendar)).toEqual(ticket);
    expect(expectedDatetime({ ...base, status: 'not_registered' }, calendar)).toBeNull();
    expect(expectedDatetime({ ...base, status: 'merged', disposeDueAt: ticket }, calendar)).toBeNull();
    expect(
      expectedDatetime({ ...base, timeLimits: { register: { amount: 1, unit: 'minutes' } } }, calendar),
    ).toBeNull();
  });
});

describe('w3 datetimes', () => {
  it('writes the bureau’s local time with its offset, to the second', () => {
    expect(w3Datetime(new Date('2026-05-12T02:30:00.789Z'))).toBe('2026-05-12T10:30:00+08:00');
    expect(w3Datetime(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
  });

  it('reads a datetime only with its zone, and only one that exists', () => {
    expect(parseW3Datetime('2010-01-01T00:00:00Z')).toEqual(new Date('2010-01-01T00:00:00Z'));
    expect(parseW3Datetime('1994-11-05T08:15:30-05:00')).toEqual(new Date('1994-11-05T13:15:30Z'));
    expect(parseW3Datetime('2026-05-12T10:30+08:00')).toEqual(new Date('2026-05-12T02:30:00Z'));
    expect(parseW3Datetime('2026-05-12T10:30:00.123456+08:00')).toEqual(new Date('2026-05-12T02:30:00.123Z'));
    for (const bad of [
      '2026-05-12',
      '2026-05-12T10:30:00',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      'yesterday',
      '2026-05-12T24:00:00Z',
      '2026-05-12T10:00:00+15:00',
    ]) {
      expect(parseW3Datetime(bad), bad).toBeUndefined();
    }
  });

  it('defaults to the last 90 days, extends one given end by 90 days, and refuses more', () => {
    const now = new Date('2026-05-12T00:00:00Z');
    expect(dateWindow(undefined, undefined, now)).toEqual({ from: new Date('2026-02-11T00:00:00Z') });
    expect(dateWindow('2026-01-01T00:00:00Z', undefined, now)).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    });
    expect(dateWindow(undefined, '2026-04-01T00:00:00Z', now)).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    });
    expect(() => dateWindow('2026-01-01T00:00:00Z', '2026-04-01T00:00:01Z', now)).toThrow(/90 days/);
    expect(() => dateWindow('2026-04-01T00:00:00Z', '2026-01-01T00:00:00Z', now)).toThrow(/before start_date/);
  });
});

describe('names', () => {
  it('writes a Chinese name family name first, others given name first', () => {
    expect(fullName('三丰', '张')).toBe('张三丰');
    expect(fullName('John', 'Smith')).toBe('John Smith');
    expect(fullName(undefined, '张')).toBe('张');
    expect(fullName(' ', undefined)).toBeUndefined();
  });
});
