import { describe, expect, test } from 'vitest';
import type { MerchantGrade, MerchantGradedEvent, MerchantSummary } from '@civic/shared';
import { MerchantGradeFeed, overlaySnapshot } from './merchant-live.svelte.ts';

const summary = (id: number, grade: MerchantGrade = 'blue'): MerchantSummary => ({
  id,
  name: `商户${id}`,
  kind: 'shop',
  grade,
  location: { lng: 113.63, lat: 34.83 },
  address: null,
});

function graded(id: number, seq: number, toGrade: MerchantGrade): MerchantGradedEvent {
  return {
    event: {
      seq,
      merchantId: id,
      fromGrade: null,
      toGrade,
      reason: 'first_violation',
      at: '2025-05-01T09:00:00.000Z',
      actor: null,
      caseId: null,
      caseNo: null,
      violationType: null,
      detail: {},
    },
    merchant: summary(id, toGrade),
  };
}

describe('MerchantGradeFeed', () => {
  test('keeps the change with the highest seq per merchant, whatever order they arrive in', () => {
    const feed = new MerchantGradeFeed();
    expect(feed.apply(graded(1, 11, 'orange'))).toBe(true);
    // Pushed by another node, committed earlier, arriving later: ignored.
    expect(feed.apply(graded(1, 10, 'yellow'))).toBe(false);
    expect(feed.gradeOf(1, 'blue')).toBe('orange');
    expect(feed.seqOf(1)).toBe(11);
    expect(feed.apply(graded(1, 12, 'red'))).toBe(true);
    expect(feed.gradeOf(1, 'blue')).toBe('red');
  });

  test('a repeated push changes nothing; merchants are kept apart', () => {
    const feed = new MerchantGradeFeed();
    feed.apply(graded(1, 5, 'yellow'));
    const before = feed.latest;
    expect(feed.apply(graded(1, 5, 'yellow'))).toBe(false);
    expect(feed.latest).toBe(before);
    feed.apply(graded(2, 3, 'red'));
    expect(feed.gradeOf(1, 'blue')).toBe('yellow');
    expect(feed.gradeOf(2, 'blue')).toBe('red');
  });

  test('answers what it was told for a merchant it has no push for', () => {
    const feed = new MerchantGradeFeed();
    expect(feed.gradeOf(9, 'orange')).toBe('orange');
    expect(feed.seqOf(9)).toBe(0);
  });

  test('counts the changes it took, not the ones it ignored', () => {
    const feed = new MerchantGradeFeed();
    feed.apply(graded(1, 2, 'yellow'));
    feed.apply(graded(1, 1, 'blue'));
    expect(feed.arrivals).toBe(1);
  });
});

describe('overlaySnapshot', () => {
  test('changes that came after the snapshot was asked for win over it', () => {
    const feed = new MerchantGradeFeed();
    feed.apply(graded(1, 4, 'yellow'));
    const askedAt = feed.arrivals;
    feed.apply(graded(2, 5, 'yellow'));
    // The snapshot was read after seq 4 committed: it already has merchant 1 as yellow (or later).
    const snapshot = [summary(1, 'orange'), summary(2, 'blue'), summary(3, 'blue')];
    const merged = overlaySnapshot(snapshot, askedAt, feed.latest);
    expect(merged.map((m) => [m.id, m.grade])).toEqual([
      [1, 'orange'],
      [2, 'yellow'],
      [3, 'blue'],
    ]);
  });

  test('a merchant pushed but not yet in the snapshot is added', () => {
    const feed = new MerchantGradeFeed();
    feed.apply(graded(4, 8, 'yellow'));
    expect(overlaySnapshot([summary(1)], 0, feed.latest).map((m) => m.id)).toEqual([1, 4]);
  });

  test('without later changes the snapshot is the answer', () => {
    const snapshot = [summary(1, 'red')];
    expect(overlaySnapshot(snapshot, 0, new Map())).toEqual(snapshot);
  });
});
