import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../server/src/modules/demo/seed.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';

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
    const second = await seedDemo(db.pool);
    expect(second.seeded).toBe(false);
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
});
