import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDto } from '@civic/shared';
import { connected, nextEvent } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { databaseUrl, hasRedis, redisUrl } from './support/env.ts';
import { CROSSING, seedFixture, type Fixture } from './support/fixtures.ts';
import { callNode, loginOnNode, startServerProcess, type ServerProcess } from './support/process.ts';
import { useTestWorld } from './support/world.ts';
import type { Queryable } from '../server/src/db/pool.ts';

/** Makes steps of a case's ladder due now, as if the time had passed. */
function makeDue(db: Queryable, caseId: number, steps: string[]) {
  return db.query(
    `UPDATE escalation_steps SET due_at = now() - interval '1 second'
      WHERE case_id = $1 AND step = ANY($2::text[]) AND cancelled_at IS NULL`,
    [caseId, steps],
  );
}

function escalations(db: Queryable, caseIds: number[]) {
  return db
    .query<{ case_id: number; step: string; stage: string }>(
      `SELECT case_id, detail->>'step' AS step, detail->>'stage' AS stage FROM case_events
        WHERE type = 'case:escalated' AND case_id = ANY($1::bigint[]) ORDER BY seq`,
      [caseIds],
    )
    .then((r) => r.rows);
}

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the 督办 ladder on one node', () => {
  const world = useTestWorld();

  const dispatchCase = async (): Promise<CaseDto> => {
    const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.dispatcher,
      body: { channel: 'hotline', description: '暴露垃圾', categoryCode: '0101', location: CROSSING },
    });
    const { rows } = await world.db.pool.query<{ id: number }>(
      `INSERT INTO squads (code, name, kind, status, position, position_at)
       VALUES ('E' || $1, '督办测试' || $1, 'sanitation', 'available', ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, now())
       RETURNING id`,
      [filed.body.id, CROSSING.lng, CROSSING.lat],
    );
    const assigned = await world.server.request<CaseDto>('POST', `/api/cases/${filed.body.id}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: rows[0]!.id },
    });
    expect(assigned.status).toBe(201);
    return assigned.body;
  };

  it('fires each step once, pushes it live, and shows it on the case', async () => {
    const dispatcher = world.server.connect(world.tokens.dispatcher);
    await connected(dispatcher);
    const assigned = await dispatchCase();

    const warned = nextEvent(dispatcher, 'case:escalated', (e) => e.case.id === assigned.id);
    await makeDue(world.db.pool, assigned.id, ['warning']);
    const warning = await warned;
    expect(warning.actor).toBeNull();
    expect(warning.case.escalation).toBe('warning');

    const reminded = nextEvent(
      dispatcher,
      'case:escalated',
      (e) => e.case.id === assigned.id && e.case.escalation === 'reminder',
    );
    await world.db.pool.query(
      `UPDATE escalation_steps es SET due_at = now() - interval '1 second'
         FROM case_deadlines d
        WHERE d.id = es.deadline_id AND es.case_id = $1 AND es.step = 'reminder' AND d.stage = 'dispose'`,
      [assigned.id],
    );
    await reminded;

    // Several sweeps later, still exactly one event per fired step.
    await new Promise((r) => setTimeout(r, 800));
    const fired = await escalations(world.db.pool, [assigned.id]);
    expect(fired.filter((e) => e.step === 'reminder')).toEqual([
      { case_id: assigned.id, step: 'reminder', stage: 'dispose' },
    ]);
    expect(fired.filter((e) => e.step === 'warning').length).toBe(2); // one per running clock: arrive and dispose
    const listed = await world.server.request<CaseDto[]>('GET', '/api/cases?supervised=true&open=true', {
      token: world.tokens.supervisor,
    });
    expect(listed.body.map((c) => c.id)).toContain(assigned.id);
    dispatcher.disconnect();
  });

  it('after a gap, fires only the highest due step of a deadline, and nothing once the clock is met', async () => {
    const assigned = await dispatchCase();
    // Everything due at once: as if no node ran for days.
    await world.db.pool.query(
      `UPDATE escalation_steps es SET due_at = now() - interval '1 second'
         FROM case_deadlines d WHERE d.id = es.deadline_id AND es.case_id = $1 AND d.stage = 'dispose'`,
      [assigned.id],
    );
    const fired = await until(async () => {
      const rows = await escalations(world.db.pool, [assigned.id]);
      return rows.length > 0 && rows;
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(await escalations(world.db.pool, [assigned.id])).toEqual(fired);
    expect(fired).toEqual([{ case_id: assigned.id, step: 'reprimand', stage: 'dispose' }]);

    // Arriving meets the arrival clock: its pending steps are withdrawn and never fire.
    const member = await world.db.pool.query<{ squad_id: number }>('SELECT squad_id FROM cases WHERE id = $1', [
      assigned.id,
    ]);
    await world.db.pool.query(
      `INSERT INTO users (username, display_name, password_hash, role, squad_id)
       SELECT 'esc-member', 'esc', password_hash, 'squad_member', $1 FROM users WHERE username = 'near_member'`,
      [member.rows[0]!.squad_id],
    );
    const token = (await world.server.login('esc-member')).token;
    for (const step of ['accept', 'on-scene']) {
      expect((await world.server.request('POST', `/api/cases/${assigned.id}/${step}`, { token })).status).toBe(200);
    }
    const { rowCount } = await makeDue(world.db.pool, assigned.id, ['warning', 'reminder', 'notice', 'reprimand']);
    expect(rowCount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 800));
    expect((await escalations(world.db.pool, [assigned.id])).filter((e) => e.stage === 'arrive')).toEqual([]);
  });
});

// Separate processes need a database they can all reach: real PostgreSQL.
describe.skipIf(!databaseUrl)('the 督办 ladder across restarts and nodes', () => {
  let db: TestDatabase;
  let fixture: Fixture;
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = await seedFixture(db.pool);
  });
  afterAll(async () => {
    await Promise.all(running.map((node) => node.stop()));
    await db?.drop();
  });

  const start = async (extra: Record<string, string> = {}) => {
    const node = await startServerProcess({
      DATABASE_URL: db.url,
      ESCALATION_SWEEP_MS: '100',
      ...(hasRedis ? { REDIS_URL: redisUrl } : {}),
      ...extra,
    });
    running.push(node);
    return node;
  };
  const stop = async (node: ServerProcess) => {
    await node.stop();
    running.splice(running.indexOf(node), 1);
  };
  const call = callNode;
  const login = (node: ServerProcess) => loginOnNode(node, 'dispatcher');
  /** Files and dispatches one case per fresh squad, so no case waits on a busy squad. */
  const dispatchCases = async (node: ServerProcess, token: string, count: number) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const filed = await call<CaseDto>(node, 'POST', '/api/cases', token, {
        channel: 'hotline',
        description: `乱堆乱放 ${i}`,
        categoryCode: '0102',
        location: CROSSING,
      });
      const { rows } = await db.pool.query<{ id: number }>(
        `INSERT INTO squads (code, name, kind, status, position, position_at)
         VALUES ('N' || $1, '节点测试' || $1, 'enforcement', 'available', ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, now())
         RETURNING id`,
        [filed.body.id, CROSSING.lng, CROSSING.lat],
      );
      const assigned = await call(node, 'POST', `/api/cases/${filed.body.id}/assignments`, token, {
        squadId: rows[0]!.id,
      });
      expect(assigned.status).toBe(201);
      ids.push(filed.body.id);
    }
    return ids;
  };
  /** The breach of the disposal deadline, as if it had passed. */
  const breachDisposal = (ids: number[]) =>
    db.pool.query(
      `UPDATE escalation_steps es SET due_at = now() - interval '1 second'
         FROM case_deadlines d
        WHERE d.id = es.deadline_id AND es.case_id = ANY($1::bigint[]) AND es.step = 'reminder' AND d.stage = 'dispose'`,
      [ids],
    );

  it('a deadline that passes while the server is stopped escalates exactly once after restart', async () => {
    expect(fixture.squadIds.near).toBeGreaterThan(0);
    const first = await start();
    const [caseId] = await dispatchCases(first, await login(first), 1);
    await stop(first);

    await breachDisposal([caseId!]);
    expect(await escalations(db.pool, [caseId!])).toEqual([]);

    await start();
    await until(async () => (await escalations(db.pool, [caseId!])).length > 0);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await escalations(db.pool, [caseId!])).toEqual([{ case_id: caseId, step: 'reminder', stage: 'dispose' }]);
  });

  it('two nodes sweeping the same queue escalate each due case once', async () => {
    const [a] = await Promise.all([start(), start()]);
    const ids = await dispatchCases(a, await login(a), 20);
    await breachDisposal(ids);
    await until(async () => new Set((await escalations(db.pool, ids)).map((e) => e.case_id)).size === ids.length);
    await new Promise((r) => setTimeout(r, 1_000));
    const fired = await escalations(db.pool, ids);
    expect(fired.length).toBe(ids.length);
    expect(new Set(fired.map((e) => e.case_id)).size).toBe(ids.length);
    expect(fired.every((e) => e.step === 'reminder' && e.stage === 'dispose')).toBe(true);
  });
});
