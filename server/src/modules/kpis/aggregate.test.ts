import { describe, expect, it } from 'vitest';
import { computeBreakdowns, computeMetrics, measure, type DurationCalendar } from './aggregate.ts';
import type { CaseFacts } from './repository.ts';

/** A calendar where working time is exactly half the wall time: enough to tell the two apart. */
const halfCalendar: DurationCalendar = {
  duration: (from, to) => {
    const wallMinutes = Math.max(0, to.getTime() - from.getTime()) / 60_000;
    return { wallMinutes, workingMinutes: wallMinutes / 2 };
  },
};

const t = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 1, 0) + minutes * 60_000);

function facts(overrides: Partial<CaseFacts>): CaseFacts {
  return {
    caseId: 1,
    channel: 'hotline',
    categoryCode: '0101',
    subDistrictId: 1,
    squadId: null,
    receivedAt: t(0),
    merged: false,
    registered: false,
    notRegistered: false,
    firstAssignedAt: null,
    firstOnSceneAt: null,
    everDisposed: false,
    disposedAt: null,
    disposedOnTime: null,
    closed: false,
    reworked: false,
    extended: false,
    feedbackGiven: false,
    satisfaction: null,
    supervised: false,
    ...overrides,
  };
}

describe('measure', () => {
  it('times arrival and disposal from the first dispatch', () => {
    const measured = measure(
      facts({ firstAssignedAt: t(10), firstOnSceneAt: t(40), disposedAt: t(70), everDisposed: true }),
      halfCalendar,
    );
    expect(measured.arrive).toEqual({ wallMinutes: 30, workingMinutes: 15 });
    expect(measured.dispose).toEqual({ wallMinutes: 60, workingMinutes: 30 });
  });

  it('measures nothing without a dispatch, for a merged case, or when the end comes before the start', () => {
    expect(measure(facts({ firstOnSceneAt: t(40), disposedAt: t(70) }), halfCalendar)).toMatchObject({
      arrive: null,
      dispose: null,
    });
    expect(
      measure(facts({ merged: true, firstAssignedAt: t(10), firstOnSceneAt: t(40) }), halfCalendar).arrive,
    ).toBeNull();
    expect(measure(facts({ firstAssignedAt: t(50), firstOnSceneAt: t(40) }), halfCalendar).arrive).toBeNull();
  });
});

describe('computeMetrics', () => {
  it('counts a merged case as received and merged only', () => {
    const m = computeMetrics([
      measure(
        facts({ merged: true, registered: true, firstAssignedAt: t(1), supervised: true, feedbackGiven: true }),
        halfCalendar,
      ),
    ]);
    expect(m).toMatchObject({ received: 1, merged: 1, registered: 0, dispatched: 0, supervised: 0 });
    expect(m.registrationRate).toBeNull();
  });

  it('owes feedback on non-patrol cases with an outcome, and counts basically satisfied as satisfied', () => {
    const cases = [
      facts({ channel: 'patrol', everDisposed: true, feedbackGiven: true }),
      facts({ channel: 'web', everDisposed: true }),
      facts({ channel: 'hotline', notRegistered: true, feedbackGiven: true }),
      facts({ channel: 'hotline', feedbackGiven: true }),
      facts({ satisfaction: 'basically_satisfied' }),
      facts({ satisfaction: 'dissatisfied' }),
    ].map((f) => measure(f, halfCalendar));
    expect(computeMetrics(cases)).toMatchObject({
      feedbackDue: 2,
      feedbackGiven: 1,
      feedbackRate: 0.5,
      followedUp: 2,
      satisfied: 1,
      satisfactionRate: 0.5,
    });
  });

  it('rates on-time disposal over the disposals that had a deadline', () => {
    const cases = [
      facts({ firstAssignedAt: t(0), disposedAt: t(10), disposedOnTime: true }),
      facts({ firstAssignedAt: t(0), disposedAt: t(10), disposedOnTime: false }),
      facts({ firstAssignedAt: t(0), disposedAt: t(10), disposedOnTime: null }),
      facts({ firstAssignedAt: t(0) }),
    ].map((f) => measure(f, halfCalendar));
    expect(computeMetrics(cases)).toMatchObject({
      dispatched: 4,
      disposed: 3,
      disposalRate: 0.75,
      disposedWithDeadline: 2,
      disposedOnTime: 1,
      onTimeDisposalRate: 0.5,
    });
  });
});

describe('computeBreakdowns', () => {
  it('lists groups in order with nulls last, every channel present, and every day of the period', () => {
    const options = {
      subDistricts: [{ id: 1, name: '甲街道' }],
      categories: [{ code: '0101', parentCode: '01', name: '暴露垃圾', nameEn: 'Exposed garbage' }],
      squads: [
        { id: 2, name: '二中队' },
        { id: 7, name: '七中队' },
      ],
    };
    const cases = [
      facts({ caseId: 1, squadId: 7, channel: 'patrol', categoryCode: null }),
      facts({ caseId: 2, squadId: null, subDistrictId: null }),
      facts({ caseId: 3, squadId: 2, channel: 'web', receivedAt: new Date('2025-03-04T15:59:00Z') }),
    ].map((f) => measure(f, halfCalendar));
    const result = computeBreakdowns(cases, options, ['2025-03-03', '2025-03-04', '2025-03-05']);
    expect(result.bySquad.map((r) => [r.squadId, r.name, r.metrics.received])).toEqual([
      [2, '二中队', 1],
      [7, '七中队', 1],
      [null, null, 1],
    ]);
    expect(result.byChannel.map((r) => r.channel)).toEqual(['hotline', 'web', 'patrol']);
    expect(result.byCategory.map((r) => [r.code, r.name, r.nameEn])).toEqual([
      ['0101', '暴露垃圾', 'Exposed garbage'],
      [null, null, null],
    ]);
    expect(result.bySubDistrict.map((r) => r.subDistrictId)).toEqual([1, null]);
    // 2025-03-04T15:59Z is 23:59 on the 4th in Shanghai.
    expect(result.byDay.map((r) => [r.date, r.metrics.received])).toEqual([
      ['2025-03-03', 2],
      ['2025-03-04', 1],
      ['2025-03-05', 0],
    ]);
  });
});
