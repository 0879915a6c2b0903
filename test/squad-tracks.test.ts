import { describe, expect, it } from 'vitest';
import pg from 'pg';
import type { CaseDto, PositionFix, Recommendation, SquadDto, SquadTrack } from '@civic/shared';
import { PositionStore } from '../server/src/modules/squads/position-store.ts';
import { fixTime } from '../server/src/modules/squads/service.ts';
import { connected } from './support/app.ts';
import { databaseUrl } from './support/env.ts';
import { CROSSING } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

/** Metres per degree at the fixture's latitude (see fixtures.ts). */
const M_PER_DEG_LNG = 91_480;
const M_PER_DEG_LAT = 110_950;
const east = (from: { lng: number; lat: number }, metres: number) => ({
  lng: from.lng + metres / M_PER_DEG_LNG,
  lat: from.lat,
});
const north = (from: { lng: number; lat: number }, metres: number) => ({
  lng: from.lng,
  lat: from.lat + metres / M_PER_DEG_LAT,
});
const iso = (ms: number) => new Date(ms).toISOString();

async function report(squadId: number, fix: PositionFix, token = world.tokens.admin): Promise<number> {
  const { status } = await world.server.request('POST', `/api/squads/${squadId}/position`, { token, body: fix });
  return status;
}

/**
 * Sets the squad's position by hand a day back (as a seed would), so that
 * fixes timed in the last minutes are newer than the fixture's own.
 */
async function setBack(squadId: number): Promise<void> {
  await world.db.pool.query(`UPDATE squads SET position_at = now() - interval '1 day' WHERE id = $1`, [squadId]);
}

async function squad(squadId: number): Promise<SquadDto> {
  const { body } = await world.server.request<SquadDto[]>('GET', '/api/squads', { token: world.tokens.dispatcher });
  const found = body.find((s) => s.id === squadId);
  if (!found) throw new Error(`squad ${squadId} not listed`);
  return found;
}

async function track(squadId: number, query: string, token = world.tokens.supervisor) {
  return world.server.request<SquadTrack>('GET', `/api/squads/${squadId}/track${query}`, { token });
}

const rounded = (p: { lng: number; lat: number } | null | undefined) =>
  p ? { lng: Number(p.lng.toFixed(6)), lat: Number(p.lat.toFixed(6)) } : p;

async function recommendedIds(point: { lng: number; lat: number }): Promise<number[]> {
  const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
    token: world.tokens.clerk,
    body: { channel: 'web', description: '推荐测试', location: point },
  });
  expect(filed.status).toBe(201);
  const { status, body } = await world.server.request<Recommendation[]>(
    'GET',
    `/api/cases/${filed.body.id}/recommendations?limit=10`,
    { token: world.tokens.dispatcher },
  );
  expect(status).toBe(200);
  return body.map((r) => r.squad.id);
}

describe('fix time on the server clock', () => {
  const received = Date.parse('2026-05-01T08:00:10.000Z');
  it('takes the age measured on the phone, so a wrong phone clock does not matter', () => {
    // The phone is an hour behind; its fix was 4 s old when sent.
    expect(fixTime({ at: '2026-05-01T07:00:02.000Z', sentAt: '2026-05-01T07:00:06.000Z' }, received)).toEqual(
      new Date('2026-05-01T08:00:06.000Z'),
    );
  });
  it('without sentAt uses the fix time, never later than the arrival; without at, the arrival', () => {
    expect(fixTime({ at: '2026-05-01T08:00:01.000Z' }, received)).toEqual(new Date('2026-05-01T08:00:01.000Z'));
    expect(fixTime({ at: '2026-05-01T09:00:00.000Z' }, received)).toEqual(new Date(received));
    expect(fixTime({}, received)).toEqual(new Date(received));
  });
});

describe('squad positions and tracks', () => {
  it('ignores a fix older than the current one, over HTTP and over the socket', async () => {
    const id = world.fixture.squadIds.middle;
    await setBack(id);
    const base = Date.now() - 30_000;
    const first = north(CROSSING, 500);
    expect(await report(id, { ...first, at: iso(base), accuracyM: 8 }, world.tokens.middle_member)).toBe(204);
    // Delivered late: taken before the current fix. Acknowledged, not applied.
    expect(
      await report(id, { ...north(CROSSING, 900), at: iso(base - 10_000), accuracyM: 8 }, world.tokens.middle_member),
    ).toBe(204);
    expect(rounded((await squad(id)).position)).toEqual(rounded(first));
    expect((await squad(id)).positionAt).toBe(iso(base));

    const phone = world.server.connect(world.tokens.middle_member);
    await connected(phone);
    const send = (fix: PositionFix) => new Promise((resolve) => phone.emit('squad:position', fix, resolve));
    expect(await send({ ...north(CROSSING, 950), at: iso(base - 5_000) })).toEqual({ data: null });
    expect(rounded((await squad(id)).position)).toEqual(rounded(first));

    const newer = north(CROSSING, 600);
    expect(await send({ ...newer, at: iso(base + 5_000), accuracyM: 12 })).toEqual({ data: null });
    expect(rounded((await squad(id)).position)).toEqual(rounded(newer));
    expect((await squad(id)).positionAt).toBe(iso(base + 5_000));
    // Unknown fields and out-of-range values are refused.
    expect(await send({ ...newer, speed: 3 } as PositionFix)).toMatchObject({ error: { statusCode: 400 } });
    expect(await send({ ...newer, accuracyM: -1 })).toMatchObject({ error: { statusCode: 400 } });
    expect(await send({ ...newer, at: 'yesterday' })).toMatchObject({ error: { statusCode: 400 } });
    phone.disconnect();

    // The late fixes are not in the track either.
    const { body } = await track(id, `?from=${iso(base - 60_000)}&to=${iso(Date.now())}`);
    expect(body.properties.times).toEqual([iso(base), iso(base + 5_000)]);
  });

  it('keeps a fix in the track when it moved more than the distance (and its accuracy) or a minute passed', async () => {
    const id = world.fixture.squadIds.far;
    await setBack(id);
    const t0 = Date.now() - 20 * 60_000;
    const a = { lng: 113.62, lat: 34.85 };
    const fixes: [number, { lng: number; lat: number }, number, boolean][] = [
      [0, a, 5, true], // the first fix
      [10, east(a, 5), 5, false], // jitter
      [20, east(a, 30), 5, true], // moved 30 m > 25 m
      [30, east(a, 40), 5, false], // 10 m from the last kept point, 10 s later
      [95, east(a, 40), 5, true], // 75 s since the last kept point
      [100, east(a, 240), 500, false], // 200 m, but the fix is only good to 500 m
      [110, east(a, 340), 10, true], // 300 m with a good fix
    ];
    for (const [seconds, point, accuracyM] of fixes) {
      expect(await report(id, { ...point, at: iso(t0 + seconds * 1000), accuracyM })).toBe(204);
    }
    const kept = fixes.filter((f) => f[3]);

    const { status, body } = await track(id, `?from=${iso(t0 - 1000)}&to=${iso(t0 + 3600_000)}`);
    expect(status).toBe(200);
    expect(body.type).toBe('Feature');
    expect(body.geometry?.type).toBe('LineString');
    expect(body.properties.times).toEqual(kept.map(([s]) => iso(t0 + s * 1000)));
    expect(body.properties.accuracyM).toEqual(kept.map(([, , accuracy]) => accuracy));
    expect((body.geometry?.coordinates as [number, number][]).map(([lng, lat]) => rounded({ lng, lat }))).toEqual(
      kept.map(([, p]) => rounded(p)),
    );
    expect(body.properties).toMatchObject({ squadId: id, truncated: false });
    // The latest position is the last fix, kept in the track or not.
    expect(rounded((await squad(id)).position)).toEqual(rounded(east(a, 340)));
  });

  it('considers every fix of a squad that arrives in one batch, oldest first', async () => {
    const id = world.fixture.squadIds.far;
    await setBack(id);
    const store = new PositionStore(world.db.pool, { writeMs: 50, trackMinDistanceM: 25, trackMinIntervalSeconds: 60 });
    const t0 = Date.now() - 10 * 60_000;
    const a = { lng: 113.64, lat: 34.81 };
    // Submitted together and out of order: one batch, three rounds.
    const outcomes = await Promise.all(
      [2, 0, 1].map((k) =>
        store.submit({ squadId: id, ...east(a, k * 100), at: new Date(t0 + k * 5000), accuracyM: 5 }),
      ),
    );
    await store.close();
    expect(outcomes).toEqual(['stored', 'stored', 'stored']);
    const { body } = await track(id, `?from=${iso(t0 - 1)}&to=${iso(t0 + 60_000)}`);
    expect(body.properties.times).toEqual([0, 1, 2].map((k) => iso(t0 + k * 5000)));
    expect(
      await new PositionStore(world.db.pool, { writeMs: 0, trackMinDistanceM: 25, trackMinIntervalSeconds: 60 }).submit(
        { squadId: 999_999, ...a, at: new Date(), accuracyM: null },
      ),
    ).toBe('unknown_squad');
  });

  it('answers the track as GeoJSON to supervisors, dispatchers and admins only, for a valid period', async () => {
    const id = world.fixture.squadIds.far;
    const now = Date.now();
    for (const token of [world.tokens.supervisor, world.tokens.dispatcher, world.tokens.admin]) {
      expect((await track(id, '', token)).status).toBe(200);
    }
    expect((await track(id, '', world.tokens.clerk)).status).toBe(403);
    expect((await track(id, '', world.tokens.near_member)).status).toBe(403);
    expect((await world.server.request('GET', `/api/squads/${id}/track`)).status).toBe(401);
    expect((await track(987_654, '')).status).toBe(404);
    expect((await track(id, `?from=${iso(now)}&to=${iso(now - 1000)}`)).status).toBe(400);
    expect((await track(id, `?from=${iso(now - 8 * 86_400_000)}&to=${iso(now)}`)).status).toBe(400);
    expect((await track(id, '?from=yesterday')).status).toBe(400);
    expect((await track(id, `?from=${iso(now - 1000)}&bbox=1`)).status).toBe(400);

    // A period with no point, and one with a single point.
    const empty = await track(id, `?from=${iso(now - 86_400_000)}&to=${iso(now - 80_000_000)}`);
    expect(empty.body).toEqual({
      type: 'Feature',
      geometry: null,
      properties: {
        squadId: id,
        from: iso(now - 86_400_000),
        to: iso(now - 80_000_000),
        times: [],
        accuracyM: [],
        truncated: false,
      },
    });
    const { body: all } = await track(id, `?from=${iso(now - 3600_000)}&to=${iso(now)}`);
    const first = all.properties.times[0]!;
    const single = await track(id, `?from=${first}&to=${iso(Date.parse(first) + 1)}`);
    expect(single.body.geometry?.type).toBe('Point');
    expect(single.body.properties.times).toEqual([first]);
    // Without a period: the last hour.
    const recent = await track(id, '');
    expect(Date.parse(recent.body.properties.to) - Date.parse(recent.body.properties.from)).toBe(3600_000);
  });

  it('recommends only available squads with a fresh fix; a fix that was already old when it arrived is stale', async () => {
    const { near, middle, far, stale, offDuty } = world.fixture.squadIds;
    // Back to their places near the crossing, fresh.
    for (const [id, metres] of [
      [near, 300],
      [middle, 900],
      [far, 2500],
    ] as const) {
      expect(await report(id, east(CROSSING, metres))).toBe(204);
    }
    expect(await recommendedIds(CROSSING)).toEqual([near, middle, far]);
    expect((await squad(stale)).positionFresh).toBe(false);

    // Off duty: the squad is neither tracked nor recommended.
    const offBefore = await squad(offDuty);
    expect(await report(offDuty, east(CROSSING, 10))).toBe(204);
    expect((await squad(offDuty)).positionAt).toBe(offBefore.positionAt);

    // A fix that waited ten minutes on the phone before it was sent (and is
    // newer than what the server has, set back a day here): stored, but stale.
    await setBack(middle);
    const sentAt = Date.now();
    expect(
      await report(
        middle,
        { ...east(CROSSING, 100), at: iso(sentAt - 10 * 60_000), sentAt: iso(sentAt) },
        world.tokens.middle_member,
      ),
    ).toBe(204);
    const middleNow = await squad(middle);
    expect(rounded(middleNow.position)).toEqual(rounded(east(CROSSING, 100)));
    expect(middleNow.positionFresh).toBe(false);
    expect(await recommendedIds(CROSSING)).toEqual([near, far]);

    // The stale squad reports again and is back.
    expect(await report(stale, east(CROSSING, 50))).toBe(204);
    expect(await recommendedIds(CROSSING)).toEqual([stale, near, far]);
  });

  // Needs a second connection with its own transaction: real PostgreSQL only
  // (the embedded database has one backend for every connection).
  it.skipIf(!databaseUrl)(
    'stores positions while a case transition holds the squad row, and assigns while a position write holds its fix',
    async () => {
      const { near } = world.fixture.squadIds;
      const holder = new pg.Client({ connectionString: world.db.url });
      await holder.connect();
      try {
        // As an assignment does (claimForCase), until its commit.
        await holder.query('BEGIN');
        await holder.query('SELECT id FROM squads WHERE id = $1 FOR UPDATE', [near]);
        const started = Date.now();
        expect(await report(near, east(CROSSING, 310), world.tokens.near_member)).toBe(204);
        expect(Date.now() - started).toBeLessThan(2000);
        await holder.query('ROLLBACK');

        // And the other way round: a fix being written does not hold up an assignment.
        await holder.query('BEGIN');
        await holder.query('SELECT squad_id FROM squad_positions WHERE squad_id = $1 FOR UPDATE', [near]);
        const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
          token: world.tokens.clerk,
          body: { channel: 'web', description: '加锁时派单', location: CROSSING },
        });
        const assigned = await world.server.request<CaseDto>('POST', `/api/cases/${filed.body.id}/assignments`, {
          token: world.tokens.dispatcher,
          body: { squadId: near },
        });
        expect(assigned.status).toBe(201);
        await holder.query('ROLLBACK');
      } finally {
        await holder.end();
      }
    },
  );
});
