import { describe, expect, it } from 'vitest';
import {
  actionRoles,
  CASE_ACTION_NAMES,
  CASE_ACTION_PATHS,
  ROLES,
  type CaseActionName,
  type CaseDto,
  type CaseTimeline,
  type CategoryDto,
  type Role,
} from '@civic/shared';
import { CROSSING, USERS } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

type Token = keyof typeof USERS;

async function call<T = CaseDto>(token: Token, method: string, path: string, body?: unknown) {
  return world.server.request<T>(method, path, { token: world.tokens[token], body });
}

/** Takes an action and insists it worked. */
async function act(token: Token, caseId: number, action: CaseActionName, body?: unknown): Promise<CaseDto> {
  const response = await call(token, 'POST', `/api/cases/${caseId}/${CASE_ACTION_PATHS[action]}`, body ?? {});
  expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

async function file(extra: Record<string, unknown> = {}): Promise<CaseDto> {
  const response = await call('clerk', 'POST', '/api/cases', {
    channel: 'hotline',
    description: '英才街占道经营',
    categoryCode: '0201',
    location: CROSSING,
    complainantName: '张三丰',
    complainantPhone: '13812345678',
    ...extra,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A fresh squad of its own at the crossing, with a member logged in, so tests do not queue behind each other. */
async function freshSquad(code: string): Promise<{ id: number; token: string }> {
  const { rows } = await world.db.pool.query<{ id: number }>(
    `INSERT INTO squads (code, name, kind, status, position, position_at)
     VALUES ($1, $1 || '中队', 'enforcement', 'available', ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, now())
     RETURNING id`,
    [code, CROSSING.lng, CROSSING.lat],
  );
  const id = rows[0]!.id;
  await world.db.pool.query(
    `INSERT INTO users (username, display_name, password_hash, role, squad_id)
     SELECT $1, $1, password_hash, 'squad_member', $2 FROM users WHERE username = 'near_member'`,
    [`m-${code}`, id],
  );
  return { id, token: (await world.server.login(`m-${code}`)).token };
}

async function squadAct(token: string, caseId: number, action: CaseActionName, body?: unknown) {
  return world.server.request<CaseDto>('POST', `/api/cases/${caseId}/${CASE_ACTION_PATHS[action]}`, {
    token,
    body: body ?? {},
  });
}

async function timeline(caseId: number): Promise<CaseTimeline> {
  return (await call<CaseTimeline>('supervisor', 'GET', `/api/cases/${caseId}/timeline`)).body;
}

describe('the closed loop', () => {
  it('runs received → registered → dispatched → accepted → en route → on scene → disposed → closed, each an event with its clocks', async () => {
    const squad = await freshSquad('LOOP');
    const filed = await file();
    expect(filed.status).toBe('received');
    expect(filed.deadlines.map((d) => d.stage)).toEqual(['register']);

    expect((await act('dispatcher', filed.id, 'register')).status).toBe('registered');
    const dispatched = await act('dispatcher', filed.id, 'assign', { squadId: squad.id });
    expect(dispatched.status).toBe('dispatched');
    expect(dispatched.deadlines.map((d) => d.stage).sort()).toEqual(['arrive', 'dispose']);
    // Limits from the category the case was filed under (占道经营: arrive 60 min on the wall clock).
    const arrive = dispatched.deadlines.find((d) => d.stage === 'arrive')!;
    expect(Date.parse(arrive.dueAt) - Date.parse(arrive.startedAt)).toBe(60 * 60_000);
    expect(Date.parse(arrive.warnAt) - Date.parse(arrive.startedAt)).toBe(48 * 60_000);

    for (const [action, status] of [
      ['accept', 'accepted'],
      ['en_route', 'en_route'],
      ['on_scene', 'on_scene'],
    ] as const) {
      const moved = await squadAct(squad.token, filed.id, action);
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.status).toBe(status);
    }

    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = () =>
      fetch(`${world.server.baseUrl}/api/cases/${filed.id}/photos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${squad.token}`, 'content-type': 'image/png' },
        body: png,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: number } }));
    const photo = await upload();
    expect(photo.status).toBe(201);
    // A retried upload of the same bytes is the same photo, not a second one.
    expect((await upload()).body.id).toBe(photo.body.id);

    const disposed = await squadAct(squad.token, filed.id, 'dispose', { note: '已劝离', photoIds: [photo.body.id] });
    expect(disposed.body.status).toBe('disposed');
    expect(disposed.body.deadlines.map((d) => d.stage)).toEqual(['close']);
    const squadNow = await call<{ id: number; status: string }[]>('dispatcher', 'GET', '/api/squads');
    expect(squadNow.body.find((s) => s.id === squad.id)!.status).toBe('available');

    const closed = await act('supervisor', filed.id, 'close', { comment: '现场核查已整改' });
    expect(closed.status).toBe('closed');
    expect(closed.deadlines).toEqual([]);

    const history = await timeline(filed.id);
    expect(history.events.map((e) => e.type)).toEqual([
      'case:created',
      'case:registered',
      'case:assigned',
      'case:accepted',
      'case:en_route',
      'case:on_scene',
      'case:disposed',
      'case:closed',
    ]);
    expect(history.events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, 'received'],
      ['received', 'registered'],
      ['registered', 'dispatched'],
      ['dispatched', 'accepted'],
      ['accepted', 'en_route'],
      ['en_route', 'on_scene'],
      ['on_scene', 'disposed'],
      ['disposed', 'closed'],
    ]);
    expect(history.events[6]!.detail).toMatchObject({ note: '已劝离', photoIds: [photo.body.id] });
    expect(history.events[6]!.detail.deadline).toMatchObject({ stage: 'dispose', onTime: true });
    expect(history.events[7]!.actor).toBe('测试-supervisor');
    // Every clock ran and was met, each with its duration both ways.
    expect(history.deadlines.map((d) => d.stage)).toEqual(['register', 'arrive', 'dispose', 'close']);
    for (const d of history.deadlines) {
      expect(d.metAt).not.toBeNull();
      expect(d.elapsed.wallMinutes).toBeGreaterThanOrEqual(0);
      expect(d.elapsed.workingMinutes).toBeLessThanOrEqual(d.elapsed.wallMinutes + 1e-9);
    }

    // The photo is evidence the case's readers can open; another squad cannot.
    const image = await fetch(`${world.server.baseUrl}/api/photos/${photo.body.id}`, {
      headers: { authorization: `Bearer ${world.tokens.supervisor}` },
    });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    const other = await fetch(`${world.server.baseUrl}/api/photos/${photo.body.id}`, {
      headers: { authorization: `Bearer ${world.tokens.middle_member}` },
    });
    expect(other.status).toBe(404);
  });

  it('declines to register with a reason, and then refuses dispatch with what is allowed', async () => {
    const filed = await file();
    const missing = await call('dispatcher', 'POST', `/api/cases/${filed.id}/reject`, {});
    expect(missing.status).toBe(400);
    expect((missing.body as unknown as { field: string }).field).toContain('reason');

    const rejected = await act('dispatcher', filed.id, 'reject', { reason: '属物业管理范围' });
    expect(rejected.status).toBe('not_registered');
    expect(rejected.deadlines).toEqual([]);

    const refused = await call<{ code: string; message: string; details: { allowed: string[]; status: string } }>(
      'dispatcher',
      'POST',
      `/api/cases/${filed.id}/assignments`,
      { squadId: world.fixture.squadIds.near },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('invalid_transition');
    expect(refused.body.details.status).toBe('not_registered');
    expect(refused.body.details.allowed).toEqual(['feedback']);
    expect(refused.body.message).toContain('Allowed now: feedback');
  });

  it('a squad returns a case (退单): back to the dispatcher, squad freed, clocks still running; another squad takes it', async () => {
    const first = await freshSquad('RET1');
    const second = await freshSquad('RET2');
    const filed = await file();
    const dispatched = await act('dispatcher', filed.id, 'assign', { squadId: first.id });
    const dueBefore = dispatched.deadlines.find((d) => d.stage === 'dispose')!.dueAt;

    const returned = await squadAct(first.token, filed.id, 'return', { reason: '非本中队辖区' });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    expect(returned.body.squadId).toBeNull();
    // The returning squad no longer sees the case.
    const mine = await world.server.request<CaseDto[]>('GET', '/api/cases', { token: first.token });
    expect(mine.body.map((c) => c.id)).not.toContain(filed.id);

    const again = await act('dispatcher', filed.id, 'assign', { squadId: second.id });
    expect(again.squadId).toBe(second.id);
    expect(again.deadlines.find((d) => d.stage === 'dispose')!.dueAt).toBe(dueBefore);
    expect((await timeline(filed.id)).events.find((e) => e.type === 'case:returned')!.detail).toEqual({
      reason: '非本中队辖区',
    });
  });

  it('reassigns (改派) to another squad: the first is freed and hears of it', async () => {
    const first = await freshSquad('RA1');
    const second = await freshSquad('RA2');
    const filed = await file();
    await act('dispatcher', filed.id, 'assign', { squadId: first.id });
    await squadAct(first.token, filed.id, 'accept');

    const same = await call('supervisor', 'POST', `/api/cases/${filed.id}/reassign`, { squadId: first.id });
    expect(same.status).toBe(409);
    const moved = await act('supervisor', filed.id, 'reassign', { squadId: second.id, reason: '就近调整' });
    expect(moved.status).toBe('dispatched');
    expect(moved.squadId).toBe(second.id);

    const squads = await call<{ id: number; status: string }[]>('dispatcher', 'GET', '/api/squads');
    expect(squads.body.find((s) => s.id === first.id)!.status).toBe('available');
    expect(squads.body.find((s) => s.id === second.id)!.status).toBe('busy');
    // The first squad's replay carries the reassignment, so an offline phone drops the case too.
    const replay = await world.server.request<{ events: { type: string; case: CaseDto }[] }>(
      'GET',
      '/api/events?after=0&limit=1000',
      { token: first.token },
    );
    expect(replay.body.events.filter((e) => e.case.id === filed.id).map((e) => e.type)).toContain('case:reassigned');
  });

  it('sends a disposal back for rework (返工) to the same squad with fresh clocks, then closes it', async () => {
    const squad = await freshSquad('RW');
    const filed = await file();
    await act('dispatcher', filed.id, 'assign', { squadId: squad.id });
    await squadAct(squad.token, filed.id, 'accept');
    await squadAct(squad.token, filed.id, 'dispose', { note: '已处理' });

    const reworked = await act('supervisor', filed.id, 'rework', { reason: '现场仍有摊位' });
    expect(reworked.status).toBe('dispatched');
    expect(reworked.squadId).toBe(squad.id);
    expect(reworked.reworkCount).toBe(1);
    expect(reworked.deadlines.map((d) => d.stage).sort()).toEqual(['arrive', 'dispose']);

    await squadAct(squad.token, filed.id, 'accept');
    await squadAct(squad.token, filed.id, 'dispose', { note: '已清理' });
    expect((await act('supervisor', filed.id, 'close')).status).toBe('closed');
  });

  it('records the reply and the follow-up; a dissatisfied follow-up reopens the case to its squad', async () => {
    const squad = await freshSquad('FU');
    const filed = await file();
    await act('dispatcher', filed.id, 'assign', { squadId: squad.id });
    await squadAct(squad.token, filed.id, 'accept');
    await squadAct(squad.token, filed.id, 'dispose', { note: '已处理' });
    await act('supervisor', filed.id, 'close');

    const told = await act('clerk', filed.id, 'feedback', { method: 'phone', content: '已电话告知处理结果' });
    expect(told.feedbackGiven).toBe(true);
    // The clerk calls back, so sees the number; a dispatcher does not.
    expect(told.complainantPhone).toBe('13812345678');
    expect((await call('dispatcher', 'GET', `/api/cases/${filed.id}`)).body.complainantPhone).toBe('138****5678');

    const reopened = await act('clerk', filed.id, 'follow_up', {
      satisfaction: 'dissatisfied',
      comment: '摊位又回来了',
    });
    expect(reopened.satisfaction).toBe('dissatisfied');
    expect(reopened.status).toBe('dispatched');
    expect(reopened.squadId).toBe(squad.id);
    expect(reopened.reworkCount).toBe(1);
    const types = (await timeline(filed.id)).events.map((e) => e.type);
    expect(types.slice(-3)).toEqual(['case:feedback', 'case:followed_up', 'case:reopened']);
  });

  it('merges a duplicate into an open case: its squad is freed and its clocks stop', async () => {
    const squad = await freshSquad('MG');
    const original = await file();
    const duplicate = await file({ description: '同一处占道经营' });
    await act('dispatcher', duplicate.id, 'assign', { squadId: squad.id });

    const self = await call('dispatcher', 'POST', `/api/cases/${duplicate.id}/merge`, { intoCaseId: duplicate.id });
    expect(self.status).toBe(422);
    const merged = await act('dispatcher', duplicate.id, 'merge', { intoCaseId: original.id });
    expect(merged.status).toBe('merged');
    expect(merged.mergedInto).toEqual({ id: original.id, caseNo: original.caseNo });
    expect(merged.deadlines).toEqual([]);
    const squads = await call<{ id: number; status: string }[]>('dispatcher', 'GET', '/api/squads');
    expect(squads.body.find((s) => s.id === squad.id)!.status).toBe('available');

    // Nothing merges into a case that is no longer open.
    const third = await file();
    await act('dispatcher', original.id, 'reject', { reason: '重复' });
    const late = await call('dispatcher', 'POST', `/api/cases/${third.id}/merge`, { intoCaseId: original.id });
    expect(late.status).toBe(409);
  });
});

describe('extensions and supervision', () => {
  it('approves an extension requested before the deadline, moving the due time; refuses another', async () => {
    const squad = await freshSquad('EXT');
    const filed = await file();
    const dispatched = await act('dispatcher', filed.id, 'assign', { squadId: squad.id });
    const due = dispatched.deadlines.find((d) => d.stage === 'dispose')!.dueAt;

    const asked = await squadAct(squad.token, filed.id, 'request_extension', {
      extendBy: { amount: 30, unit: 'minutes' },
      reason: '需协调市场监管部门',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.extensionRequest).toMatchObject({ stage: 'dispose', reason: '需协调市场监管部门' });
    const twice = await squadAct(squad.token, filed.id, 'request_extension', {
      extendBy: { amount: 30, unit: 'minutes' },
      reason: '再次',
    });
    expect(twice.status).toBe(409);
    // A squad cannot decide its own request.
    expect((await squadAct(squad.token, filed.id, 'approve_extension')).status).toBe(403);

    const approved = await act('supervisor', filed.id, 'approve_extension', { comment: '同意' });
    expect(approved.extensionRequest).toBeNull();
    const moved = approved.deadlines.find((d) => d.stage === 'dispose')!;
    expect(Date.parse(moved.dueAt) - Date.parse(due)).toBe(30 * 60_000);
    expect(moved.source).toBe('extension');

    await squadAct(squad.token, filed.id, 'request_extension', {
      extendBy: { amount: 1, unit: 'working_days' },
      reason: '再延一天',
    });
    const refused = await act('supervisor', filed.id, 'refuse_extension', { comment: '不同意' });
    expect(refused.extensionRequest).toBeNull();
    expect(refused.deadlines.find((d) => d.stage === 'dispose')!.dueAt).toBe(moved.dueAt);
  });

  it('refuses an extension asked for after the deadline', async () => {
    const squad = await freshSquad('LATE');
    const filed = await file();
    await act('dispatcher', filed.id, 'assign', { squadId: squad.id });
    await world.db.pool.query(
      `UPDATE case_deadlines SET due_at = now() - interval '1 minute' WHERE case_id = $1 AND stage = 'dispose'`,
      [filed.id],
    );
    const late = await squadAct(squad.token, filed.id, 'request_extension', {
      extendBy: { amount: 30, unit: 'minutes' },
      reason: '来不及',
    });
    expect(late.status).toBe(409);
    expect((late.body as unknown as { code: string }).code).toBe('deadline_passed');
  });

  it('puts a case under supervision with a comment and lifts it; twice is a 409', async () => {
    const filed = await file();
    const supervised = await act('supervisor', filed.id, 'supervise', { comment: '媒体关注，重点督办' });
    expect(supervised).toMatchObject({ supervised: true, supervisionComment: '媒体关注，重点督办' });
    expect((await call('supervisor', 'POST', `/api/cases/${filed.id}/supervise`, {})).status).toBe(409);
    const listed = await call<CaseDto[]>('supervisor', 'GET', '/api/cases?supervised=true&open=true');
    expect(listed.body.map((c) => c.id)).toContain(filed.id);
    const lifted = await act('supervisor', filed.id, 'lift_supervision', { comment: '已整改' });
    expect(lifted.supervised).toBe(false);
  });
});

describe('roles on every transition', () => {
  // A body that passes each route's schema, so what is checked is the role.
  const BODIES: Partial<Record<CaseActionName, unknown>> = {
    assign: { squadId: 1 },
    reassign: { squadId: 1 },
    reject: { reason: 'x' },
    return: { reason: 'x' },
    rework: { reason: 'x' },
    dispose: { note: 'x' },
    merge: { intoCaseId: 1 },
    request_extension: { extendBy: { amount: 1, unit: 'minutes' }, reason: 'x' },
    feedback: { method: 'phone', content: 'x' },
    follow_up: { satisfaction: 'satisfied' },
  };
  const TOKEN_OF: Record<Exclude<Role, 'squad_member'>, Token> = {
    dispatcher: 'dispatcher',
    supervisor: 'supervisor',
    intake_clerk: 'clerk',
    admin: 'admin',
  };

  it('answers 403 to every role the action table does not name, and never 403 to one it does', async () => {
    const filed = await file();
    for (const action of CASE_ACTION_NAMES) {
      const allowed = actionRoles(action);
      for (const role of ROLES.filter((r): r is Exclude<Role, 'squad_member'> => r !== 'squad_member')) {
        const response = await call(
          TOKEN_OF[role],
          'POST',
          `/api/cases/${filed.id}/${CASE_ACTION_PATHS[action]}`,
          BODIES[action] ?? {},
        );
        if (allowed.includes(role)) expect(response.status, `${role} ${action}`).not.toBe(403);
        else expect(response.status, `${role} ${action}`).toBe(403);
      }
    }
  });

  it('lets a squad member act only on its own squad’s case: another squad gets 404', async () => {
    const squad = await freshSquad('OWN');
    const filed = await file();
    await act('dispatcher', filed.id, 'assign', { squadId: squad.id });
    for (const action of ['accept', 'return', 'en_route', 'on_scene', 'dispose', 'request_extension'] as const) {
      const response = await world.server.request('POST', `/api/cases/${filed.id}/${CASE_ACTION_PATHS[action]}`, {
        token: world.tokens.middle_member,
        body: BODIES[action] ?? {},
      });
      expect(response.status, action).toBe(404);
    }
    // Squad members never register, close or supervise, even their own cases.
    for (const action of ['register', 'close', 'supervise', 'approve_extension'] as const) {
      expect((await squadAct(squad.token, filed.id, action, BODIES[action])).status, action).toBe(403);
    }
  });
});

describe('clocks', () => {
  it('keeps the limits a case was filed under when an administrator changes the category', async () => {
    const before = await file();
    const patched = await call<CategoryDto>('admin', 'PATCH', '/api/categories/0201', {
      limits: {
        register: { amount: 30, unit: 'minutes' },
        arrive: { amount: 20, unit: 'minutes' },
        dispose: { amount: 4, unit: 'working_hours' },
        close: { amount: 1, unit: 'working_days' },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.limits.arrive).toEqual({ amount: 20, unit: 'minutes' });
    expect((await call('dispatcher', 'PATCH', '/api/categories/0201', { priority: 1 })).status).toBe(403);

    const after = await file();
    const squadA = await freshSquad('CAT1');
    const squadB = await freshSquad('CAT2');
    const oldRules = await act('dispatcher', before.id, 'assign', { squadId: squadA.id });
    const newRules = await act('dispatcher', after.id, 'assign', { squadId: squadB.id });
    const minutes = (c: CaseDto) => {
      const d = c.deadlines.find((x) => x.stage === 'arrive')!;
      return (Date.parse(d.dueAt) - Date.parse(d.startedAt)) / 60_000;
    };
    expect(minutes(oldRules)).toBe(60);
    expect(minutes(newRules)).toBe(20);
  });

  it('takes a hotline ticket’s own deadline over the category’s', async () => {
    const ticketDueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const filed = await file({ ticketDueAt });
    const squad = await freshSquad('TKT');
    const dispatched = await act('dispatcher', filed.id, 'assign', { squadId: squad.id });
    const dispose = dispatched.deadlines.find((d) => d.stage === 'dispose')!;
    expect(dispose).toMatchObject({ source: 'ticket', dueAt: ticketDueAt, limit: null });
  });

  it('serves the catalogue with limits to everyone signed in', async () => {
    const catalogue = await call<CategoryDto[]>('near_member', 'GET', '/api/categories');
    expect(catalogue.status).toBe(200);
    const names = catalogue.body.map((c) => c.name);
    for (const name of [
      '占道经营',
      '店外经营',
      '乱堆乱放',
      '暴露垃圾',
      '违法建设',
      '户外广告',
      '渣土撒漏',
      '噪音扰民',
      '餐饮油烟',
    ]) {
      expect(names).toContain(name);
    }
    expect(catalogue.body.find((c) => c.code === '0101')!.limits.dispose).toEqual({ amount: 2, unit: 'working_hours' });
  });
});

describe('possible duplicates', () => {
  it('flags a new case near an open one of the same category, and one click merges it', async () => {
    // A spot of their own, away from the other tests' cases at the crossing.
    const spot = { lng: CROSSING.lng, lat: CROSSING.lat + 0.003 };
    const first = await file({ description: '英才街路口占道经营', location: spot });
    // 40 m away, same category: flagged. Another category at the same spot: not.
    const near = { lng: spot.lng + 0.0004, lat: spot.lat };
    const second = await file({ description: '英才街口又有人摆摊', location: near });
    const other = await file({ description: '路口垃圾满溢', categoryCode: '0101', location: near });
    expect(second.possibleDuplicates.map((d) => d.id)).toContain(first.id);
    const flagged = second.possibleDuplicates.find((d) => d.id === first.id)!;
    expect(flagged.caseNo).toBe(first.caseNo);
    expect(flagged.distanceM).toBeGreaterThan(30);
    expect(flagged.distanceM).toBeLessThan(50);
    expect(other.possibleDuplicates).toEqual([]);

    // Far beyond the category's radius: not flagged.
    const far = await file({ location: { lng: spot.lng + 0.01, lat: spot.lat } });
    expect(far.possibleDuplicates.map((d) => d.id)).not.toContain(first.id);

    const merged = await act('dispatcher', second.id, 'merge', { intoCaseId: first.id });
    expect(merged.possibleDuplicates).toEqual([]);
    expect(merged.mergedInto!.id).toBe(first.id);
  });

  it('lets an administrator set a category’s radius and window', async () => {
    const patched = await call<CategoryDto>('admin', 'PATCH', '/api/categories/0101', {
      duplicateRadiusM: 300,
      duplicateWindowHours: 24,
    });
    expect(patched.body).toMatchObject({ duplicateRadiusM: 300, duplicateWindowHours: 24 });
    const bad = await call('admin', 'PATCH', '/api/categories/0101', { duplicateRadiusM: 99999 });
    expect(bad.status).toBe(400);
  });
});
