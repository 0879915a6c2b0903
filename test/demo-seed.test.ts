import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MERCHANTS } from '../server/src/modules/demo/data/merchants.ts';
import { seedDemo } from '../server/src/modules/demo/seed.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { seedFixture } from './support/fixtures.ts';

describe('the demo seed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('writes a valid district once, and nothing the second time', async () => {
    const first = await seedDemo(db.pool);
    expect(first.seeded).toBe(true);
    expect(first.counts.squads).toBe(12);
    expect(first.counts.merchants).toBe(DEMO_MERCHANTS.length);
    const second = await seedDemo(db.pool);
    expect(second.seeded).toBe(false);
    expect(second.counts.merchants).toBe(0);
    const { rows } = await db.pool.query<{ squads: number; invalid: number; outside: number; roads: string[] }>(
      `SELECT (SELECT count(*)::int FROM squads) AS squads,
              (SELECT count(*)::int FROM sub_districts WHERE NOT ST_IsValid(geom)) AS invalid,
              (SELECT count(*)::int FROM squads s JOIN sub_districts d ON d.id = s.sub_district_id
                WHERE NOT ST_Covers(d.geom, s.position::geometry)) AS outside,
              (SELECT array_agg(name) FROM roads) AS roads`,
    );
    expect(rows[0]).toMatchObject({ squads: 12, invalid: 0, outside: 0 });
    expect(rows[0]!.roads).toEqual(expect.arrayContaining(['天河路', '英才街', '长兴路']));
  });

  it('registers the pilot-area merchants beside their roads, in their sub-districts', async () => {
    expect(DEMO_MERCHANTS.length).toBeGreaterThanOrEqual(55);
    expect(new Set(DEMO_MERCHANTS.map((m) => m.name)).size).toBe(DEMO_MERCHANTS.length);
    const { rows } = await db.pool.query<{ name: string; code: string; road_m: number; events: number }>(
      `SELECT m.name, sd.code,
              (SELECT min(ST_Distance(r.geom::geography, m.location::geography)) FROM roads r WHERE r.name = d.road)
                AS road_m,
              (SELECT count(*)::int FROM merchant_grade_events e WHERE e.merchant_id = m.id AND e.reason = 'registered')
                AS events
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS d (name, road, n)
         LEFT JOIN merchants m ON m.name = d.name
         LEFT JOIN sub_districts sd ON sd.id = m.sub_district_id
        ORDER BY d.n`,
      [DEMO_MERCHANTS.map((m) => m.name), DEMO_MERCHANTS.map((m) => m.road)],
    );
    expect(rows.map((r) => r.name)).toEqual(DEMO_MERCHANTS.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.code, row.name).toBe(DEMO_MERCHANTS[i]!.subDistrictCode);
      expect(row.road_m, row.name).toBeLessThan(30);
      expect(row.events, row.name).toBe(1);
    }
    const { rows: stalls } = await db.pool.query<{ outside: number; inside: number }>(
      `SELECT count(*) FILTER (WHERE NOT ST_Covers(z.geom, m.location))::int AS outside, count(*)::int AS inside
         FROM merchants m JOIN zones z ON z.name = '英才街夜市疏导点' WHERE m.address LIKE '英才街夜市疏导点%'`,
    );
    expect(stalls[0]).toEqual({ outside: 0, inside: 6 });
  });

  it('grades the demo violations by the rules, with a history dated when they happened', async () => {
    const { rows } = await db.pool.query<{ name: string; grade: string; latest: string; dated: boolean }>(
      `SELECT m.name, m.grade,
              (SELECT e.to_grade FROM merchant_grade_events e WHERE e.merchant_id = m.id ORDER BY e.seq DESC LIMIT 1) AS latest,
              NOT EXISTS (SELECT 1 FROM merchant_grade_events e JOIN merchant_violations v ON v.id = e.violation_id
                           WHERE e.merchant_id = m.id AND e.created_at <> v.occurred_at) AS dated
         FROM merchants m WHERE m.grade <> 'blue' ORDER BY m.id`,
    );
    const byGrade = (grade: string) => rows.filter((r) => r.grade === grade).map((r) => r.name);
    expect(byGrade('orange')).toEqual(['鲜果时光水果店', '校门口煎饼果子', '地铁口煎饼']);
    // 天河洗车 has two violations of different types: not "the same again", so still yellow.
    expect(byGrade('yellow')).toEqual(['刘寨胡辣汤', '烤红薯', '天河洗车', '早市菜摊', '流动西瓜车']);
    for (const row of rows) expect(row, row.name).toMatchObject({ latest: row.grade, dated: true });
    const { rows: history } = await db.pool.query<{ reasons: string[]; registered_days: number }>(
      `SELECT array_agg(e.reason ORDER BY e.seq) AS reasons,
              round(extract(epoch FROM now() - min(e.created_at)) / 86400)::int AS registered_days
         FROM merchant_grade_events e JOIN merchants m ON m.id = e.merchant_id WHERE m.name = '地铁口煎饼'`,
    );
    expect(history[0]).toEqual({
      reasons: ['registered', 'first_violation', 'repeat_violation'],
      registered_days: 150,
    });
    const { rows: cards } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM merchants WHERE card_issued_on IS NOT NULL AND card_issued_by IS NOT NULL',
    );
    expect(cards[0]!.n).toBe(DEMO_MERCHANTS.filter((m) => m.card).length);
  });

  it('adds the merchants to a demo district seeded before the registry, once', async () => {
    // What a demo database made before the registry looks like: the district, no merchants.
    await db.pool.query('DELETE FROM merchant_grade_events');
    await db.pool.query('DELETE FROM merchant_violations');
    await db.pool.query('DELETE FROM merchants');
    const backfilled = await seedDemo(db.pool);
    expect(backfilled).toMatchObject({ seeded: false, counts: { merchants: DEMO_MERCHANTS.length, squads: 0 } });
    expect((await seedDemo(db.pool)).counts.merchants).toBe(0);
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM merchants');
    expect(rows[0]!.n).toBe(DEMO_MERCHANTS.length);
  });

  it('adds no demo merchants to a district that is not the demo one', async () => {
    const other = await createTestDatabase();
    try {
      await seedFixture(other.pool);
      expect((await seedDemo(other.pool)).counts.merchants).toBe(0);
      const { rows } = await other.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM merchants');
      expect(rows[0]!.n).toBe(0);
    } finally {
      await other.drop();
    }
  });
});
