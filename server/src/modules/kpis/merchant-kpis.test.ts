import { describe, expect, it } from 'vitest';
import { foldGradeChanges, foldSnapshot, type GradeEventRow, type SnapshotRow } from './merchant-kpis.ts';

describe('foldSnapshot', () => {
  it('adds the groups up by grade and by sub-district, merchants outside every sub-district last', () => {
    const rows: SnapshotRow[] = [
      { subDistrictId: null, name: null, grade: 'red', merchants: 1, withCard: 0 },
      { subDistrictId: 7, name: '长兴路街道', grade: 'blue', merchants: 4, withCard: 3 },
      { subDistrictId: 2, name: '刘寨街道', grade: 'yellow', merchants: 2, withCard: 1 },
      { subDistrictId: 7, name: '长兴路街道', grade: 'orange', merchants: 1, withCard: 0 },
    ];
    expect(foldSnapshot(rows)).toEqual({
      byGrade: { blue: 4, yellow: 2, orange: 1, red: 1, total: 8 },
      bySubDistrict: [
        { subDistrictId: 2, name: '刘寨街道', blue: 0, yellow: 2, orange: 0, red: 0, total: 2 },
        { subDistrictId: 7, name: '长兴路街道', blue: 4, yellow: 0, orange: 1, red: 0, total: 5 },
        { subDistrictId: null, name: null, blue: 0, yellow: 0, orange: 0, red: 1, total: 1 },
      ],
      cardCoverage: { withCard: 4, merchants: 8, rate: 0.5 },
    });
  });

  it('has no card coverage rate without merchants', () => {
    expect(foldSnapshot([]).cardCoverage).toEqual({ withCard: 0, merchants: 0, rate: null });
  });
});

describe('foldGradeChanges', () => {
  const january = Array.from({ length: 31 }, (_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`);

  it('counts changes per day by grade reached and direction; registrations apart; no change is no change', () => {
    const rows: GradeEventRow[] = [
      { date: '2025-01-03', fromGrade: 'blue', toGrade: 'yellow', events: 2 },
      { date: '2025-01-03', fromGrade: 'red', toGrade: 'orange', events: 1 },
      { date: '2025-01-09', fromGrade: null, toGrade: 'blue', events: 5 },
      { date: '2025-01-09', fromGrade: 'yellow', toGrade: 'yellow', events: 1 },
      { date: '2025-01-31', fromGrade: 'yellow', toGrade: 'red', events: 1 },
    ];
    const changes = foldGradeChanges(rows, january);
    expect(changes.unit).toBe('day');
    expect(changes.buckets).toHaveLength(31);
    expect(changes.buckets[2]).toEqual({
      key: '2025-01-03',
      from: '2025-01-03',
      to: '2025-01-03',
      toGrade: { blue: 0, yellow: 2, orange: 1, red: 0 },
      up: 2,
      down: 1,
      total: 3,
    });
    expect(changes.buckets[8]!.total).toBe(0);
    expect(changes.buckets[30]).toMatchObject({ toGrade: { red: 1 }, up: 1, total: 1 });
    expect(changes.totals).toEqual({ toGrade: { blue: 0, yellow: 2, orange: 1, red: 1 }, up: 3, down: 1, total: 4 });
    expect(changes.registered).toBe(5);
  });

  it('folds the days of a long period into its months', () => {
    const days = Array.from({ length: 90 }, (_, i) =>
      new Date(Date.parse('2025-01-15T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10),
    );
    const changes = foldGradeChanges(
      [
        { date: '2025-01-31', fromGrade: 'blue', toGrade: 'yellow', events: 1 },
        { date: '2025-02-01', fromGrade: 'orange', toGrade: 'yellow', events: 3 },
        { date: '2025-02-28', fromGrade: 'yellow', toGrade: 'orange', events: 1 },
      ],
      days,
    );
    expect(changes.unit).toBe('month');
    expect(changes.buckets.map((b) => [b.key, b.from, b.to, b.up, b.down])).toEqual([
      ['2025-01', '2025-01-15', '2025-01-31', 1, 0],
      ['2025-02', '2025-02-01', '2025-02-28', 1, 3],
      ['2025-03', '2025-03-01', '2025-03-31', 0, 0],
      ['2025-04', '2025-04-01', '2025-04-14', 0, 0],
    ]);
  });
});
