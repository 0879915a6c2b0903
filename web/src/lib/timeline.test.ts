import { afterEach, describe, expect, test } from 'vitest';
import type { TimelineEntry } from '@civic/shared';
import { formatDuration, formatLimit } from './i18n.ts';
import { locale, type Lang } from './locale.svelte.ts';
import { clockState, describeDetail, describeTransition, formatElapsed } from './timeline.ts';

afterEach(() => locale.set('zh'));

function inLang<T>(lang: Lang, read: () => T): T {
  locale.set(lang);
  return read();
}

function entry(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    seq: 1,
    type: 'case:created',
    at: '2025-05-01T08:00:00.000Z',
    actor: null,
    fromStatus: null,
    toStatus: null,
    squadName: null,
    detail: {},
    ...overrides,
  };
}

describe('formatDuration', () => {
  test('hours and minutes, as supervisors say them', () => {
    expect(inLang('zh', () => formatDuration(130))).toBe('2小时10分');
    expect(inLang('zh', () => formatDuration(45))).toBe('45分');
    expect(inLang('zh', () => formatDuration(120))).toBe('2小时');
    expect(inLang('en', () => formatDuration(130))).toBe('2 h 10 min');
    expect(inLang('en', () => formatDuration(0))).toBe('0 min');
  });

  test('rounds to the minute and never goes negative', () => {
    expect(inLang('en', () => formatDuration(59.6))).toBe('1 h');
    expect(inLang('en', () => formatDuration(-5))).toBe('0 min');
  });

  test('days of wall-clock time stay in hours', () => {
    expect(inLang('zh', () => formatDuration(50 * 60 + 5))).toBe('50小时5分');
  });
});

describe('formatElapsed', () => {
  test('wall-clock time, then working time', () => {
    expect(inLang('zh', () => formatElapsed({ wallMinutes: 130, workingMinutes: 100 }))).toBe(
      '2小时10分 / 工作时 1小时40分',
    );
    expect(inLang('en', () => formatElapsed({ wallMinutes: 130, workingMinutes: 100 }))).toBe(
      '2 h 10 min / working 1 h 40 min',
    );
  });
});

describe('formatLimit', () => {
  test('amount and unit', () => {
    expect(inLang('zh', () => formatLimit({ amount: 4, unit: 'working_hours' }))).toBe('4工作时');
    expect(inLang('zh', () => formatLimit({ amount: 30, unit: 'minutes' }))).toBe('30分钟');
    expect(inLang('en', () => formatLimit({ amount: 3, unit: 'working_days' }))).toBe('3 working days');
  });
});

describe('clockState', () => {
  const dueAt = '2025-05-01T12:00:00.000Z';
  const due = Date.parse(dueAt);

  test('a running clock is overdue from its due time on', () => {
    expect(clockState({ dueAt, metAt: null }, due - 1)).toBe('running');
    expect(clockState({ dueAt, metAt: null }, due)).toBe('overdue');
  });

  test('a met clock is judged by when it was met, not by now', () => {
    expect(clockState({ dueAt, metAt: '2025-05-01T11:59:00.000Z' }, due + 86_400_000)).toBe('met');
    expect(clockState({ dueAt, metAt: dueAt }, due)).toBe('met');
    expect(clockState({ dueAt, metAt: '2025-05-01T12:01:00.000Z' }, due)).toBe('met_late');
  });
});

describe('describeTransition', () => {
  test('from → to, the new status alone, or nothing when the status did not move', () => {
    expect(inLang('zh', () => describeTransition(entry({ fromStatus: 'dispatched', toStatus: 'accepted' })))).toBe(
      '已派遣 → 已接单',
    );
    expect(inLang('en', () => describeTransition(entry({ toStatus: 'received' })))).toBe('Received');
    expect(describeTransition(entry({ fromStatus: 'accepted', toStatus: 'accepted' }))).toBeNull();
    expect(describeTransition(entry())).toBeNull();
  });
});

describe('describeDetail', () => {
  test('the why of an event, labelled, in a fixed order', () => {
    const lines = inLang('zh', () =>
      describeDetail(entry({ detail: { comment: '请尽快', reason: '不属本队辖区', note: '已清理' } })),
    );
    expect(lines).toEqual([
      { key: 'reason', label: '原因', value: '不属本队辖区' },
      { key: 'note', label: '处置情况', value: '已清理' },
      { key: 'comment', label: '意见', value: '请尽快' },
    ]);
  });

  test('enumerations in the screen’s language', () => {
    const lines = inLang('zh', () =>
      describeDetail(
        entry({
          detail: {
            step: 'notice',
            stage: 'dispose',
            extendBy: { amount: 2, unit: 'working_days' },
            satisfaction: 'dissatisfied',
            method: 'phone',
          },
        }),
      ),
    );
    expect(lines.map((l) => l.value)).toEqual(['催办通知书', '处置时限', '2工作日', '电话', '不满意']);
  });

  test('photos are counted, merge targets named', () => {
    const lines = inLang('en', () =>
      describeDetail(entry({ detail: { photoIds: [4, 5], mergedInto: { id: 9, caseNo: 'HJ-000009' } } })),
    );
    expect(lines).toEqual([
      { key: 'photoIds', label: 'Photos', value: '2' },
      { key: 'mergedInto', label: 'Merged into', value: 'HJ-000009' },
    ]);
  });

  test('machine facts, empty text and values of the wrong shape are left out', () => {
    const lines = describeDetail(
      entry({
        detail: {
          deadlineId: 3,
          location: { lng: 1, lat: 2 },
          reason: '   ',
          step: 'shout',
          extendBy: { amount: '2' },
          photoIds: [],
          satisfaction: null,
        },
      }),
    );
    expect(lines).toEqual([]);
  });
});
