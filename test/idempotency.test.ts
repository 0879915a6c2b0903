import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CASE_ACTION_PATHS, type CaseActionName, type CaseDto, type CaseEventEnvelope } from '@civic/shared';
import { connected, nextEvent } from './support/app.ts';
import { CROSSING, USERS } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

interface Answer<T = CaseDto> {
  status: number;
  body: T;
  replayed: boolean;
  text: string;
}

/** A POST with an Idempotency-Key, as the phone's outbox sends it. */
async function post<T = CaseDto>(path: string, token: string, body: unknown, key?: string): Promise<Answer<T>> {
  const response = await fetch(`${world.server.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
    replayed: response.headers.get('idempotent-replayed') === 'true',
    text,
  };
}

/** The fixture user's bearer token. */
function token(username: keyof typeof USERS): string {
  const value = world.tokens[username];
  if (!value) throw new Error(`${username} is not logged in`);
  return value;
}

const actionPath = (caseId: number, action: CaseActionName) => `/api/cases/${caseId}/${CASE_ACTION_PATHS[action]}`;

async function events(caseId: number, type?: string): Promise<{ seq: number; type: string }[]> {
  const { rows } = await world.db.pool.query<{ seq: number; type: string }>(
    'SELECT seq, type FROM case_events WHERE case_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY seq',
    [caseId, type ?? null],
  );
  return rows;
}

/** A case filed and dispatched to the near squad (freed again first, so tests do not queue behind each other). */
async function dispatchedToNear(): Promise<CaseDto> {
  await world.db.pool.query(
    `UPDATE assignments SET status = 'withdrawn', finished_at = now() WHERE squad_id = $1 AND status IN ('assigned', 'accepted')`,
    [world.fixture.squadIds.near],
  );
  await world.db.pool.query(`UPDATE squads SET status = 'available' WHERE id = $1`, [world.fixture.squadIds.near]);
  const filed = await post('/api/cases', token('clerk'), {
    channel: 'hotline',
    description: '英才街占道经营',
    location: CROSSING,
  });
  expect(filed.status, filed.text).toBe(201);
  const assigned = await post(`/api/cases/${filed.body.id}/assignments`, token('dispatcher'), {
    squadId: world.fixture.squadIds.near,
  });
  expect(assigned.status, assigned.text).toBe(201);
  return assigned.body;
}

describe('Idempotency-Key on case actions', () => {
  it('applies a repeated action once and answers the first answer again', async () => {
    const item = await dispatchedToNear();
    const key = randomUUID();
    const first = await post(actionPath(item.id, 'accept'), token('near_member'), {}, key);
    expect(first.status, first.text).toBe(200);
    expect(first.replayed).toBe(false);
    expect(first.body.status).toBe('accepted');

    const again = await post(actionPath(item.id, 'accept'), token('near_member'), {}, key);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe(true);
    expect(again.text).toBe(first.text);
    expect(await events(item.id, 'case:accepted')).toHaveLength(1);

    // Without a key the same step is simply a step from the wrong status.
    const unkeyed = await post(actionPath(item.id, 'accept'), token('near_member'), {});
    expect(unkeyed.status).toBe(409);
  });

  it('stores refusals too: a repeat of a 409 is the same 409, not a second attempt', async () => {
    const item = await dispatchedToNear();
    const key = randomUUID();
    const refused = await post(actionPath(item.id, 'on_scene'), token('near_member'), {}, key);
    expect(refused.status).toBe(409);
    await post(actionPath(item.id, 'accept'), token('near_member'), {}, randomUUID());
    // Now on_scene would be allowed, but this key already has its answer.
    const again = await post(actionPath(item.id, 'on_scene'), token('near_member'), {}, key);
    expect(again.status).toBe(409);
    expect(again.replayed).toBe(true);
    expect(await events(item.id, 'case:on_scene')).toHaveLength(0);
  });

  it('refuses the same key with another body (422) or another action (422)', async () => {
    const item = await dispatchedToNear();
    await post(actionPath(item.id, 'accept'), token('near_member'), {}, randomUUID());
    const key = randomUUID();
    const first = await post(actionPath(item.id, 'dispose'), token('near_member'), { note: '已清理' }, key);
    expect(first.status, first.text).toBe(200);
    const otherBody = await post(actionPath(item.id, 'dispose'), token('near_member'), { note: '另一说明' }, key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toMatchObject({ field: 'headers.idempotency-key' });
    const otherAction = await post(actionPath(item.id, 'on_scene'), token('near_member'), {}, key);
    expect(otherAction.status).toBe(422);
    // Key order in the JSON does not make it another request.
    const reordered = await post(actionPath(item.id, 'dispose'), token('near_member'), { note: '已清理' }, key);
    expect(reordered.replayed).toBe(true);
    expect(await events(item.id, 'case:disposed')).toHaveLength(1);
  });

  it('lets concurrent repeats through once: the others get 409 idempotency_in_progress or the same answer', async () => {
    const item = await dispatchedToNear();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post(actionPath(item.id, 'accept'), token('near_member'), {}, key)),
    );
    const applied = answers.filter((a) => a.status === 200 && !a.replayed);
    expect(applied).toHaveLength(1);
    for (const answer of answers) {
      if (answer.status === 409) expect(answer.body).toMatchObject({ code: 'idempotency_in_progress' });
      else expect(answer.text).toBe(applied[0]!.text);
    }
    expect(await events(item.id, 'case:accepted')).toHaveLength(1);
  });

  it('files a patrol finding once however often the phone retries it', async () => {
    const key = randomUUID();
    const finding = { channel: 'patrol', description: '巡查发现：夜市油烟扰民', location: CROSSING };
    const first = await post('/api/cases', token('near_member'), finding, key);
    expect(first.status, first.text).toBe(201);
    const again = await post('/api/cases', token('near_member'), finding, key);
    expect(again.status).toBe(201);
    expect(again.replayed).toBe(true);
    expect(again.body.id).toBe(first.body.id);
    const { rows } = await world.db.pool.query('SELECT id FROM cases WHERE description = $1', [finding.description]);
    expect(rows).toHaveLength(1);
  });

  it('keeps keys per user, refuses a key that is not a UUID, and forgets expired keys', async () => {
    const item = await dispatchedToNear();
    const key = randomUUID();
    // Another squad's member with the same key: their own request, their own answer (404: not their case).
    const other = await post(actionPath(item.id, 'accept'), token('middle_member'), {}, key);
    expect(other.status).toBe(404);
    const mine = await post(actionPath(item.id, 'accept'), token('near_member'), {}, key);
    expect(mine.status).toBe(200);

    const bad = await post(actionPath(item.id, 'en_route'), token('near_member'), {}, 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'headers.idempotency-key' });

    await world.db.pool.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      key,
    ]);
    const afterExpiry = await post(actionPath(item.id, 'accept'), token('near_member'), {}, key);
    expect(afterExpiry.replayed).toBe(false);
    expect(afterExpiry.status).toBe(409);
  });

  it('answers 409 while a claim is running, and lets a retry take over a claim abandoned past its lease', async () => {
    const item = await dispatchedToNear();
    const key = randomUUID();
    await post(actionPath(item.id, 'accept'), token('near_member'), {}, key);
    // As if the node had died after the change committed and before its answer was stored.
    const abandon = (lease: string) =>
      world.db.pool.query(
        `UPDATE idempotency_keys SET status = 'running', response_status = NULL, response_type = NULL,
                response_body = NULL, locked_until = now() + $2::interval
          WHERE key = $1`,
        [key, lease],
      );
    await abandon('1 minute');
    const running = await post(actionPath(item.id, 'accept'), token('near_member'), {}, key);
    expect(running.status).toBe(409);
    expect(running.body).toMatchObject({ code: 'idempotency_in_progress' });

    await abandon('-1 second');
    const takenOver = await post(actionPath(item.id, 'accept'), token('near_member'), {}, key);
    // Run again: the lifecycle refuses a second acceptance, so it is still applied once.
    expect(takenOver.replayed).toBe(false);
    expect(takenOver.status).toBe(409);
    expect(takenOver.body).toMatchObject({ code: 'invalid_transition' });
    expect(await events(item.id, 'case:accepted')).toHaveLength(1);
  });

  it('documents the header on the action routes', async () => {
    const { body } = await world.server.request<{
      paths: Record<string, { post?: { parameters?: { name: string; in: string }[] } }>;
    }>('GET', '/api/docs/json');
    const accept = body.paths['/api/cases/{id}/accept']?.post?.parameters ?? [];
    expect(accept).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header' }));
  });
});

describe('delivery and acknowledgement of an assignment', () => {
  it('stamps delivered then acknowledged on the live assignment, each once, and pushes both to dispatchers', async () => {
    const wall = world.server.connect(token('dispatcher'));
    await connected(wall);
    const item = await dispatchedToNear();
    expect(item.assignment).toMatchObject({
      squadId: world.fixture.squadIds.near,
      deliveredAt: null,
      acknowledgedAt: null,
      ackOverdue: false,
    });
    const assignmentId = item.assignment!.id;

    const seenDelivered = nextEvent(wall, 'case:delivered', (e) => e.case.id === item.id);
    const delivered = await post(`/api/cases/${item.id}/delivered`, token('near_member'), { assignmentId });
    expect(delivered.status, delivered.text).toBe(200);
    expect(delivered.body.assignment?.deliveredAt).not.toBeNull();
    const pushed: CaseEventEnvelope = await seenDelivered;
    expect(pushed.case.assignment?.deliveredAt).toBe(delivered.body.assignment?.deliveredAt);
    expect(pushed.case.assignment?.acknowledgedAt).toBeNull();

    // The phone reports delivery again after a resync: nothing changes.
    const again = await post(`/api/cases/${item.id}/delivered`, token('near_member'), { assignmentId });
    expect(again.body.assignment?.deliveredAt).toBe(delivered.body.assignment?.deliveredAt);

    const seenAcknowledged = nextEvent(wall, 'case:acknowledged', (e) => e.case.id === item.id);
    const acknowledged = await post(`/api/cases/${item.id}/acknowledge`, token('near_member'), { assignmentId });
    expect(acknowledged.status).toBe(200);
    expect((await seenAcknowledged).case.assignment?.acknowledgedAt).not.toBeNull();
    expect(acknowledged.body.status).toBe('dispatched');

    expect((await events(item.id)).map((e) => e.type)).toEqual([
      'case:created',
      'case:registered',
      'case:assigned',
      'case:delivered',
      'case:acknowledged',
    ]);
    wall.disconnect();
  });

  it('acknowledging implies delivery; a stale assignment is a 409 and another squad’s case a 404', async () => {
    const item = await dispatchedToNear();
    const assignmentId = item.assignment!.id;
    const other = await post(`/api/cases/${item.id}/acknowledge`, token('middle_member'), { assignmentId });
    expect(other.status).toBe(404);
    const dispatcher = await post(`/api/cases/${item.id}/acknowledge`, token('dispatcher'), { assignmentId });
    expect(dispatcher.status).toBe(403);

    const stale = await post(`/api/cases/${item.id}/acknowledge`, token('near_member'), {
      assignmentId: assignmentId + 1000,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'assignment_not_live' });

    const acknowledged = await post(`/api/cases/${item.id}/acknowledge`, token('near_member'), { assignmentId });
    expect(acknowledged.body.assignment?.deliveredAt).not.toBeNull();
    expect(acknowledged.body.assignment?.acknowledgedAt).not.toBeNull();
    expect((await events(item.id)).slice(-2).map((e) => e.type)).toEqual(['case:delivered', 'case:acknowledged']);
  });

  it('flags an assignment nobody acknowledged within the timeout, until it is acknowledged', async () => {
    const item = await dispatchedToNear();
    await world.db.pool.query(`UPDATE assignments SET created_at = now() - interval '10 minutes' WHERE id = $1`, [
      item.assignment!.id,
    ]);
    const overdue = await world.server.request<CaseDto>('GET', `/api/cases/${item.id}`, {
      token: token('dispatcher'),
    });
    expect(overdue.body.assignment).toMatchObject({ ackOverdue: true, acknowledgedAt: null });
    expect(Date.parse(overdue.body.assignment!.ackDueAt)).toBeLessThan(Date.now());

    await post(`/api/cases/${item.id}/acknowledge`, token('near_member'), { assignmentId: item.assignment!.id });
    const acknowledged = await world.server.request<CaseDto>('GET', `/api/cases/${item.id}`, {
      token: token('dispatcher'),
    });
    expect(acknowledged.body.assignment?.ackOverdue).toBe(false);
  });

  it('replays delivery and acknowledgement to the squad and drops the assignment once the case leaves it', async () => {
    const item = await dispatchedToNear();
    const assignmentId = item.assignment!.id;
    await post(`/api/cases/${item.id}/acknowledge`, token('near_member'), { assignmentId });
    const page = await world.server.request<{ events: CaseEventEnvelope[] }>(
      'GET',
      `/api/events?after=${item.lastSeq - 1}`,
      { token: token('near_member') },
    );
    expect(page.body.events.filter((e) => e.case.id === item.id).map((e) => e.type)).toEqual([
      'case:assigned',
      'case:delivered',
      'case:acknowledged',
    ]);
    const returned = await post(actionPath(item.id, 'return'), token('near_member'), { reason: '不属本中队辖区' });
    expect(returned.body.assignment).toBeNull();
  });
});

describe('a filing whose answer was never stored', () => {
  it('answers the case filed the first time when its node died between the commit and storing the answer', async () => {
    const key = randomUUID();
    const body = { channel: 'patrol', description: '巡查发现：节点宕机重试', location: CROSSING };
    const first = await post('/api/cases', token('near_member'), body, key);
    expect(first.status, first.text).toBe(201);
    // What a node that died right after the commit leaves: a claim still running, its lease over.
    await world.db.pool.query(
      `UPDATE idempotency_keys
          SET status = 'running', response_status = NULL, response_type = NULL, response_body = NULL,
              locked_until = now() - interval '1 second'
        WHERE key = $1`,
      [key],
    );
    const retry = await post('/api/cases', token('near_member'), body, key);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const { rows } = await world.db.pool.query<{ id: number }>('SELECT id FROM cases WHERE description = $1', [
      body.description,
    ]);
    expect(rows).toHaveLength(1);
    expect(await events(first.body.id, 'case:created')).toHaveLength(1);
  });
});

describe('Idempotency-Key on the squad status', () => {
  /** A PUT as the phone's outbox sends a queued status change. */
  async function putStatus(status: string, key: string) {
    const response = await fetch(`${world.server.baseUrl}/api/squads/${world.fixture.squadIds.middle}/status`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token('middle_member')}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ status }),
    });
    return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true' };
  }

  it('applies a repeated status change once, so a late retry cannot undo a newer change', async () => {
    const squadId = world.fixture.squadIds.middle;
    await world.db.pool.query(`UPDATE squads SET status = 'available' WHERE id = $1`, [squadId]);
    const changes = async () =>
      (
        await world.db.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM squad_status_events WHERE squad_id = $1',
          [squadId],
        )
      ).rows[0]!.n;
    const before = await changes();
    const breakKey = randomUUID();
    expect(await putStatus('on_break', breakKey)).toEqual({ status: 200, replayed: false });
    expect(await putStatus('available', randomUUID())).toEqual({ status: 200, replayed: false });
    // The first change sent again (its answer was lost): answered from the store, not applied again.
    expect(await putStatus('on_break', breakKey)).toEqual({ status: 200, replayed: true });
    const { rows } = await world.db.pool.query<{ status: string }>('SELECT status FROM squads WHERE id = $1', [
      squadId,
    ]);
    expect(rows[0]!.status).toBe('available');
    expect((await changes()) - before).toBe(2);
  });
});
