import pg from 'pg';
import { withTransaction, type Queryable } from '../../db/pool.ts';
import { hashPassword } from '../auth/passwords.ts';
import { importGazetteer } from '../geocode/import.ts';
import {
  DEMO_PASSWORD,
  DEMO_ROADS,
  DEMO_SQUADS,
  DEMO_SUB_DISTRICTS,
  DEMO_USERS,
  DEMO_ZONES,
  subDistrictGeoJson,
  demoZonePeriod,
  zoneGeoJson,
} from './data/index.ts';
import { demoGazetteer } from './data/gazetteer.ts';
import { seedDemoMerchants } from '../merchants/registry-demo-seed.ts';

export { DEMO_LOGINS, DEMO_PASSWORD, type DemoLogin } from './data/users.ts';

export interface SeedDemoResult {
  /**
   * False when the database already had a district and nothing was written,
   * except demo merchants for a demo district seeded before the registry
   * existed (counts.merchants says how many).
   */
  seeded: boolean;
  counts: {
    subDistricts: number;
    roads: number;
    zones: number;
    gazetteerEntries: number;
    squads: number;
    users: number;
    merchants: number;
  };
}

/**
 * Writes the approximate demo district (sub-districts, roads, zones, gazetteer,
 * squads and demo users; the category catalogue is not demo data, see
 * categories/seed-catalogue.ts) in one transaction.
 *
 * Idempotent: when `sub_districts` already has rows it writes nothing. Given
 * a pool it opens its own transaction; given a client it runs on that client
 * and the caller owns the transaction. Plain parameterised SQL that runs on
 * PostgreSQL 15 + PostGIS 3.3 and on PGlite (PG 18 + PostGIS 3.6).
 */
export async function seedDemo(
  db: pg.Pool | Queryable,
  options: { log?: (message: string) => void } = {},
): Promise<SeedDemoResult> {
  const log = options.log ?? (() => undefined);
  const empty: SeedDemoResult = {
    seeded: false,
    counts: { subDistricts: 0, roads: 0, zones: 0, gazetteerEntries: 0, squads: 0, users: 0, merchants: 0 },
  };
  // A district already there may predate the merchant registry: its demo merchants are added on their own.
  const withMerchants = (merchants: number): SeedDemoResult => ({ ...empty, counts: { ...empty.counts, merchants } });

  // Cheap check first so that an already seeded database costs no password hashing.
  if ((await countSubDistricts(db)) > 0) {
    log('demo seed: sub_districts already has rows; nothing to do');
    const merchants =
      db instanceof pg.Pool
        ? await withTransaction(db, (client) => seedDemoMerchants(client, log))
        : await seedDemoMerchants(db, log);
    return withMerchants(merchants);
  }
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));

  const work = async (client: Queryable): Promise<SeedDemoResult> => {
    // Two seeders started together (several nodes booting) must not both write:
    // this lock mode conflicts with itself, so the second waits and then sees rows.
    await client.query('LOCK TABLE sub_districts IN SHARE ROW EXCLUSIVE MODE');
    const existing = await countSubDistricts(client);
    if (existing > 0) {
      log(`demo seed: sub_districts already has ${existing} rows; nothing to do`);
      return withMerchants(await seedDemoMerchants(client, log));
    }
    return insertAll(client, passwordHashes);
  };

  const result = db instanceof pg.Pool ? await withTransaction(db, work) : await work(db);
  if (result.seeded) {
    const c = result.counts;
    log(
      `demo seed: ${c.subDistricts} sub-districts, ${c.roads} roads, ${c.zones} zones, ${c.gazetteerEntries} gazetteer entries, ` +
        `${c.squads} squads, ${c.users} users (password ${DEMO_PASSWORD}), ${c.merchants} merchants`,
    );
  }
  return result;
}

async function countSubDistricts(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sub_districts');
  return rows[0]?.n ?? 0;
}

async function insertAll(db: Queryable, passwordHashes: string[]): Promise<SeedDemoResult> {
  const subDistrictIds = new Map<string, number>();
  for (const sub of DEMO_SUB_DISTRICTS) {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO sub_districts (code, name, geom)
       VALUES ($1, $2, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)))
       RETURNING id`,
      [sub.code, sub.name, JSON.stringify(subDistrictGeoJson(sub))],
    );
    subDistrictIds.set(sub.code, rows[0]!.id);
  }
  const invalid = await db.query<{ code: string; reason: string }>(
    `SELECT code, ST_IsValidReason(geom) AS reason FROM sub_districts WHERE code = ANY($1::text[]) AND NOT ST_IsValid(geom)`,
    [DEMO_SUB_DISTRICTS.map((s) => s.code)],
  );
  if (invalid.rows.length > 0) {
    throw new Error(
      `demo seed: invalid sub-district polygon ${invalid.rows.map((r) => `${r.code}: ${r.reason}`).join('; ')}`,
    );
  }

  const seededAt = new Date();
  for (const zone of DEMO_ZONES) {
    const period = demoZonePeriod(zone, seededAt);
    await db.query(
      `INSERT INTO zones (kind, name, geom, opening_hours, starts_at, ends_at, notice)
       VALUES ($1, $2, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)), $4::jsonb, $5, $6, $7)`,
      [
        zone.kind,
        zone.name,
        JSON.stringify(zoneGeoJson(zone)),
        JSON.stringify(zone.openingHours ?? []),
        period?.startsAt ?? null,
        period?.endsAt ?? null,
        zone.notice ?? null,
      ],
    );
  }

  // Roads, landmarks, communities, sub-district names, aliases and house
  // numbers go in the way a bureau loads its own gazetteer; intersections
  // are derived from the road lines.
  const gazetteer = await importGazetteer(db, { text: JSON.stringify(demoGazetteer()), format: 'geojson' });
  if (gazetteer.failed > 0) {
    throw new Error(`demo seed: gazetteer rows failed: ${JSON.stringify(gazetteer.errors.slice(0, 5))}`);
  }
  const { rows: entryRows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM gazetteer_entries');
  const gazetteerEntries = entryRows[0]?.n ?? 0;

  let squadCount = 0;
  for (const squad of DEMO_SQUADS) {
    const subDistrictId = subDistrictIds.get(squad.subDistrictCode);
    if (subDistrictId === undefined) {
      throw new Error(`demo seed: squad ${squad.code} names unknown sub-district ${squad.subDistrictCode}`);
    }
    const { rowCount } = await db.query(
      `INSERT INTO squads (code, name, kind, status, position, position_at, sub_district_id)
       VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326)::geography, now(), $7)
       ON CONFLICT (code) DO NOTHING`,
      [squad.code, squad.name, squad.kind, squad.status, squad.position[0], squad.position[1], subDistrictId],
    );
    squadCount += rowCount ?? 0;
  }
  // Grids name their owners by code, so they get them once the squads are in.
  for (const zone of DEMO_ZONES) {
    if (!zone.ownerSquadCode) continue;
    await db.query(
      `UPDATE zones SET owner_squad_id = (SELECT id FROM squads WHERE code = $3) WHERE kind = $1 AND name = $2`,
      [zone.kind, zone.name, zone.ownerSquadCode],
    );
  }

  let userCount = 0;
  for (const [index, user] of DEMO_USERS.entries()) {
    // A squad member's squad is looked up by code; a missing squad leaves NULL
    // and the users_squad_member_has_squad constraint rejects the row loudly.
    const { rowCount } = await db.query(
      `INSERT INTO users (username, display_name, password_hash, role, squad_id)
       VALUES ($1, $2, $3, $4, (SELECT id FROM squads WHERE code = $5::text))
       ON CONFLICT (username) DO NOTHING`,
      [user.username, user.displayName, passwordHashes[index], user.role, user.squadCode],
    );
    userCount += rowCount ?? 0;
  }

  // Last, so that any grids are already there to place the merchants in.
  const merchants = await seedDemoMerchants(db);

  return {
    seeded: true,
    counts: {
      subDistricts: DEMO_SUB_DISTRICTS.length,
      roads: DEMO_ROADS.length,
      zones: DEMO_ZONES.length,
      gazetteerEntries,
      squads: squadCount,
      users: userCount,
      merchants,
    },
  };
}
