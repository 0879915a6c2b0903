import type { Role } from '@civic/shared';
import { hashPassword } from '../../server/src/modules/auth/passwords.ts';
import type { Queryable } from '../../server/src/db/pool.ts';

/**
 * A small, exact world for integration tests (the demo district is for
 * people; tests need distances they can reason about).
 *
 * 天河路 runs east–west along lat 34.83 and 英才街 north–south along
 * lng 113.63; they cross at CROSSING. Squads sit due east of it at known
 * distances.
 */
export const CROSSING = { lng: 113.63, lat: 34.83 } as const;
export const PASSWORD = 'test-pass-123';

/** Metres per degree of longitude at lat 34.83 on the WGS-84 ellipsoid ≈ 91 480. */
const eastOf = (metres: number) => ({ lng: CROSSING.lng + metres / 91_480, lat: CROSSING.lat });

export const SQUADS = {
  near: { code: 'T-NEAR', name: '近处执法中队', kind: 'enforcement', status: 'available', at: eastOf(300) },
  middle: { code: 'T-MID', name: '中距环卫组', kind: 'sanitation', status: 'available', at: eastOf(900) },
  far: { code: 'T-FAR', name: '远处协管组', kind: 'street_assistant', status: 'available', at: eastOf(2500) },
  offDuty: { code: 'T-OFF', name: '下班中队', kind: 'enforcement', status: 'off_duty', at: eastOf(100) },
  stale: {
    code: 'T-STALE',
    name: '失联中队',
    kind: 'enforcement',
    status: 'available',
    at: eastOf(50),
    staleMinutes: 60,
  },
} as const;
export type SquadKey = keyof typeof SQUADS;

export const USERS: Record<string, { role: Role; squad?: SquadKey }> = {
  dispatcher: { role: 'dispatcher' },
  dispatcher2: { role: 'dispatcher' },
  supervisor: { role: 'supervisor' },
  clerk: { role: 'intake_clerk' },
  admin: { role: 'admin' },
  near_member: { role: 'squad_member', squad: 'near' },
  middle_member: { role: 'squad_member', squad: 'middle' },
};

export interface Fixture {
  squadIds: Record<SquadKey, number>;
}

let cachedHash: Promise<string> | undefined;

export async function seedFixture(db: Queryable): Promise<Fixture> {
  await db.query(
    `INSERT INTO sub_districts (code, name, geom) VALUES
       ('T01', '刘寨街道', ST_Multi(ST_MakeEnvelope(113.60, 34.80, 113.66, 34.86, 4326)))`,
  );
  await db.query(
    `INSERT INTO roads (name, class, geom) VALUES
       ('天河路', 'main', ST_Multi(ST_GeomFromText('LINESTRING(113.60 34.83, 113.66 34.83)', 4326))),
       ('英才街', 'main', ST_Multi(ST_GeomFromText('LINESTRING(113.63 34.80, 113.63 34.86)', 4326)))`,
  );
  await db.query(
    `INSERT INTO zones (kind, name, geom) VALUES
       ('night_market', '英才街夜市疏导点', ST_Multi(ST_MakeEnvelope(113.6305, 34.8345, 113.6315, 34.8355, 4326)))`,
  );
  await db.query(
    `INSERT INTO gazetteer_entries (name, kind, point)
       SELECT name, 'road', ST_LineInterpolatePoint(ST_LineMerge(geom), 0.5) FROM roads
     UNION ALL
       SELECT '英才街夜市疏导点', 'landmark', ST_SetSRID(ST_MakePoint(113.631, 34.835), 4326)`,
  );
  const squadIds = {} as Record<SquadKey, number>;
  for (const [key, squad] of Object.entries(SQUADS) as [SquadKey, (typeof SQUADS)[SquadKey]][]) {
    const staleMinutes = 'staleMinutes' in squad ? squad.staleMinutes : 0;
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO squads (code, name, kind, status, position, position_at, sub_district_id)
       VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326)::geography,
               now() - make_interval(mins => $7), (SELECT id FROM sub_districts WHERE code = 'T01'))
       RETURNING id`,
      [squad.code, squad.name, squad.kind, squad.status, squad.at.lng, squad.at.lat, staleMinutes],
    );
    squadIds[key] = rows[0]!.id;
  }
  cachedHash ??= hashPassword(PASSWORD);
  const passwordHash = await cachedHash;
  for (const [username, user] of Object.entries(USERS)) {
    await db.query(
      `INSERT INTO users (username, display_name, password_hash, role, squad_id) VALUES ($1, $2, $3, $4, $5)`,
      [username, `测试-${username}`, passwordHash, user.role, user.squad ? squadIds[user.squad] : null],
    );
  }
  return { squadIds };
}
