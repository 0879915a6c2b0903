import { describe, expect, test } from 'vitest';
import type { CategoryDto, ClockSettings } from '@civic/shared';
import {
  categoryDraft,
  categoryTree,
  categoryUpdate,
  clockSettingsDraft,
  clockSettingsFromDraft,
  periodsValid,
} from './admin.ts';

function category(overrides: Partial<CategoryDto> & Pick<CategoryDto, 'code'>): CategoryDto {
  return {
    parentCode: null,
    name: `类别${overrides.code}`,
    nameEn: `Category ${overrides.code}`,
    priority: 3,
    limits: {},
    active: true,
    duplicateRadiusM: 100,
    duplicateWindowHours: 24,
    ...overrides,
  };
}

describe('categoryTree', () => {
  test('each main category followed by its subcategories, by code', () => {
    const rows = categoryTree([
      category({ code: '0201', parentCode: '02' }),
      category({ code: '02' }),
      category({ code: '0102', parentCode: '01' }),
      category({ code: '01' }),
      category({ code: '0101', parentCode: '01' }),
    ]);
    expect(rows.map((r) => [r.category.code, r.depth])).toEqual([
      ['01', 0],
      ['0101', 1],
      ['0102', 1],
      ['02', 0],
      ['0201', 1],
    ]);
  });

  test('an orphan is listed as a main category; a parent cycle neither hangs nor hides rows', () => {
    const rows = categoryTree([
      category({ code: '0901', parentCode: '09' }),
      category({ code: 'A', parentCode: 'B' }),
      category({ code: 'B', parentCode: 'A' }),
    ]);
    expect(rows.map((r) => r.category.code).sort()).toEqual(['0901', 'A', 'B']);
    expect(rows.find((r) => r.category.code === '0901')?.depth).toBe(0);
  });
});

describe('categoryUpdate', () => {
  const original = category({
    code: '0201',
    priority: 2,
    limits: { dispose: { amount: 4, unit: 'working_hours' }, close: { amount: 1, unit: 'working_days' } },
  });

  test('an untouched draft changes nothing', () => {
    expect(categoryUpdate(categoryDraft(original), original)).toEqual({ ok: true, value: {} });
  });

  test('only the changed fields are sent; limits as a whole', () => {
    const draft = categoryDraft(original);
    draft.priority = 1;
    draft.limits.dispose.amount = '2';
    draft.limits.close.amount = '';
    draft.limits.arrive = { amount: '30', unit: 'minutes' };
    expect(categoryUpdate(draft, original)).toEqual({
      ok: true,
      value: {
        priority: 1,
        limits: { arrive: { amount: 30, unit: 'minutes' }, dispose: { amount: 2, unit: 'working_hours' } },
      },
    });
  });

  test('a bad amount names its stage; an empty name is refused', () => {
    const draft = categoryDraft(original);
    draft.limits.arrive.amount = '0';
    expect(categoryUpdate(draft, original)).toEqual({ ok: false, error: 'admin.limitInvalid', stage: 'arrive' });
    const unnamed = categoryDraft(original);
    unnamed.name = ' ';
    expect(categoryUpdate(unnamed, original)).toEqual({ ok: false, error: 'admin.nameRequired' });
  });

  test('possible-duplicate radius and window: whole numbers within range, 0 allowed', () => {
    const draft = categoryDraft(original);
    draft.duplicateRadiusM = '0';
    draft.duplicateWindowHours = '48';
    expect(categoryUpdate(draft, original)).toEqual({
      ok: true,
      value: { duplicateRadiusM: 0, duplicateWindowHours: 48 },
    });
    draft.duplicateRadiusM = '5001';
    expect(categoryUpdate(draft, original)).toEqual({ ok: false, error: 'admin.duplicateInvalid' });
    draft.duplicateRadiusM = '50';
    draft.duplicateWindowHours = '1.5';
    expect(categoryUpdate(draft, original)).toEqual({ ok: false, error: 'admin.duplicateInvalid' });
  });

  test('deactivating and renaming', () => {
    const draft = categoryDraft(original);
    draft.active = false;
    draft.name = ' 占道经营 ';
    expect(categoryUpdate(draft, original)).toEqual({ ok: true, value: { name: '占道经营', active: false } });
  });
});

describe('periodsValid', () => {
  test('in order, each ending after it starts, none overlapping', () => {
    expect(
      periodsValid([
        { start: '08:30', end: '12:00' },
        { start: '14:30', end: '18:00' },
      ]),
    ).toBe(true);
    expect(periodsValid([{ start: '00:00', end: '24:00' }])).toBe(true);
    expect(periodsValid([{ start: '12:00', end: '12:00' }])).toBe(false);
    expect(
      periodsValid([
        { start: '14:30', end: '18:00' },
        { start: '08:30', end: '12:00' },
      ]),
    ).toBe(false);
    expect(
      periodsValid([
        { start: '08:30', end: '12:00' },
        { start: '11:30', end: '18:00' },
      ]),
    ).toBe(false);
    expect(periodsValid([])).toBe(false);
    expect(periodsValid([{ start: '8:30', end: '12:00' }])).toBe(false);
  });
});

describe('clock settings', () => {
  const settings: ClockSettings = {
    workingHours: [
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '18:00' },
    ],
    escalation: {
      warnRatio: 0.8,
      reminderAfter: { amount: 1, unit: 'working_hours' },
      noticeAfter: { amount: 1, unit: 'working_days' },
      reprimandAfter: { amount: 3, unit: 'working_days' },
    },
  };

  test('round-trips through the draft', () => {
    expect(clockSettingsFromDraft(clockSettingsDraft(settings))).toEqual({ ok: true, value: settings });
  });

  test('seconds from a time input are dropped', () => {
    const draft = clockSettingsDraft(settings);
    draft.periods[0] = { start: '08:30:00', end: '12:00:00' };
    expect(clockSettingsFromDraft(draft)).toEqual({ ok: true, value: settings });
  });

  test('refuses a warning share outside 1–99 %, overlapping periods, a zero delay', () => {
    const warn = clockSettingsDraft(settings);
    warn.warnPercent = '100';
    expect(clockSettingsFromDraft(warn)).toMatchObject({ ok: false, error: 'admin.warnRatioInvalid' });
    const periods = clockSettingsDraft(settings);
    periods.periods[1] = { start: '11:00', end: '18:00' };
    expect(clockSettingsFromDraft(periods)).toMatchObject({ ok: false, error: 'admin.periodsInvalid' });
    const delay = clockSettingsDraft(settings);
    delay.noticeAfter.amount = '0';
    expect(clockSettingsFromDraft(delay)).toMatchObject({ ok: false, error: 'actions.amountInvalid' });
  });
});
