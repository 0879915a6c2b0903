import { describe, expect, it } from 'vitest';
import {
  CASE_ACTION_PATHS,
  DEFAULT_GRADE_RULES,
  type CaseActionName,
  type CaseDto,
  type CaseTimeline,
  type GradeRules,
  type MerchantGrade,
  type MerchantGradeEventDto,
  type MerchantHistory,
} from '@civic/shared';
import { GradeSweeper } from '../server/src/modules/merchants/grade-sweeper.ts';
import type { GradeChange } from '../server/src/modules/merchants/grading.ts';
import { connected, nextEvent, type ClientSocket } from './support/app.ts';
import { CROSSING, USERS } from './support/fixtures.ts';
import { solidPng } from './support/png.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

type Token = keyof typeof USERS;

/** `token`: a fixture username, or the bearer token of a user made here. */
function call<T = CaseDto>(token: string, method: string, path: string, body?: unknown) {
  const bearer = token in world.tokens ? world.tokens[token] : token;
  return world.server.request<T>(method, path, { token: bearer, body });
}

async function act(token: string, caseId: number, action: CaseActionName, body: unknown = {}) {
  return call(token, 'POST', `/api/cases/${caseId}/${CASE_ACTION_PATHS[action]}`, body);
}

async function must(token: string, caseId: number, action: CaseActionName, body: unknown = {}) {
  const response = await act(token, caseId, action, body);
  expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

let merchantCount = 0;
/** A registered merchant near the crossing, by plain SQL: the registry API is not what is tested here. */
async function merchant(
  options: { grade?: MerchantGrade; sinceDaysAgo?: number; active?: boolean } = {},
): Promise<{ id: number; name: string }> {
  merchantCount += 1;
  const name = `测试商户${merchantCount}`;
  const { rows } = await world.db.pool.query<{ id: number }>(
    `INSERT INTO merchants (name, kind, location, grade, grade_since, active)
     VALUES ($1, 'shop', ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, now() - make_interval(days => $5), $6)
     RETURNING id`,
    [
      name,
      CROSSING.lng,
      CROSSING.lat + 0.0002,
      options.grade ?? 'blue',
      options.sinceDaysAgo ?? 0,
      options.active ?? true,
    ],
  );
  return { id: rows[0]!.id, name };
}

let squadCount = 0;
/** A squad of its own at the crossing, with a member logged in. */
async function freshSquad(): Promise<{ id: number; token: string }> {
  squadCount += 1;
  const code = `GRD${squadCount}`;
  const { rows } = await world.db.pool.query<{ id: number }>(
    `INSERT INTO squads (code, name, kind, status, position, position_at)
     VALUES ($1, $1 || '中队', 'enforcement', 'available', ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, now())
     RETURNING id`,
    [code, CROSSING.lng, CROSSING.lat],
  );
  await world.db.pool.query(
    `INSERT INTO users (username, display_name, password_hash, role, squad_id)
     SELECT $1, $1, password_hash, 'squad_member', $2 FROM users WHERE username = 'near_member'`,
    [`m-${code}`, rows[0]!.id],
  );
  return { id: rows[0]!.id, token: (await world.server.login(`m-${code}`)).token };
}

/** A 占道经营 complaint taken to 处置完毕 by its own squad, with one photo; optionally linked to a merchant. */
async function disposedCase(options: { merchantId?: number; categoryCode?: string } = {}) {
  const squad = await freshSquad();
  const filed = await call('clerk', 'POST', '/api/cases', {
    channel: 'hotline',
    description: '门口占道经营',
    categoryCode: options.categoryCode ?? '0201',
    location: CROSSING,
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  const id = filed.body.id;
  await must('dispatcher', id, 'assign', { squadId: squad.id });
  await must(squad.token, id, 'accept');
  const photo = await fetch(`${world.server.baseUrl}/api/cases/${id}/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${squad.token}`, 'content-type': 'image/png' },
    body: new Uint8Array(solidPng(2, 2)),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: number } }));
  expect(photo.status).toBe(201);
  if (options.merchantId !== undefined)
    await must(squad.token, id, 'link_merchant', { merchantId: options.merchantId });
  await must(squad.token, id, 'dispose', { note: '已劝离', photoIds: [photo.body.id] });
  return { id, squad, photoId: photo.body.id };
}

async function gradeOf(merchantId: number): Promise<MerchantGrade> {
  const { rows } = await world.db.pool.query<{ grade: MerchantGrade }>('SELECT grade FROM merchants WHERE id = $1', [
    merchantId,
  ]);
  return rows[0]!.grade;
}

async function gradeEvents(merchantId: number) {
  const { rows } = await world.db.pool.query<{
    from_grade: string | null;
    to_grade: string;
    reason: string;
    case_id: number | null;
    violation_id: number | null;
    actor_id: number | null;
    detail: Record<string, unknown>;
  }>(
    'SELECT from_grade, to_grade, reason, case_id, violation_id, actor_id, detail FROM merchant_grade_events WHERE merchant_id = $1 ORDER BY seq',
    [merchantId],
  );
  return rows;
}

async function sockets(): Promise<{ dispatcher: ClientSocket; squad: ClientSocket }> {
  const dispatcher = world.server.connect(world.tokens.dispatcher);
  const squad = world.server.connect(world.tokens.near_member);
  await Promise.all([connected(dispatcher), connected(squad)]);
  return { dispatcher, squad };
}

const graded = (socket: ClientSocket, merchantId: number, toGrade: MerchantGrade) =>
  nextEvent(socket, 'merchant:graded', (e) => e.merchant.id === merchantId && e.event.toGrade === toGrade);

async function closedDetail(caseId: number): Promise<Record<string, unknown>> {
  const timeline = (await call<CaseTimeline>('supervisor', 'GET', `/api/cases/${caseId}/timeline`)).body;
  return timeline.events.find((e) => e.type === 'case:closed')!.detail;
}

describe('grading when a case is closed as a confirmed violation', () => {
  it('turns a blue merchant yellow, orange, red on the same violation, each an event pushed to dispatchers and squads', async () => {
    const shop = await merchant();
    const live = await sockets();
    const steps: [MerchantGrade, string, number][] = [
      ['yellow', 'first_violation', 1],
      ['orange', 'repeat_violation', 2],
      ['red', 'uncorrected', 3],
    ];
    const photos: number[] = [];
    for (const [grade, reason, count] of steps) {
      const { id, photoId } = await disposedCase({ merchantId: shop.id });
      photos.push(photoId);
      const pushed = Promise.all([graded(live.dispatcher, shop.id, grade), graded(live.squad, shop.id, grade)]);
      const closed = await must('supervisor', id, 'close', { comment: '核查属实', violation: { confirmed: true } });
      expect(closed.status).toBe('closed');
      expect(closed.merchant).toEqual({ id: shop.id, name: shop.name, grade });

      const [onWall, onPhone] = await pushed;
      // The phone gets the colour, not whose case or whose note moved it.
      expect(onPhone).toEqual({
        merchant: onWall.merchant,
        event: { ...onWall.event, actor: null, caseId: null, caseNo: null, detail: {} },
      });
      expect(onWall.merchant).toMatchObject({ id: shop.id, name: shop.name, kind: 'shop', grade });
      expect(onWall.event).toMatchObject({
        merchantId: shop.id,
        toGrade: grade,
        reason,
        caseId: id,
        caseNo: closed.caseNo,
        violationType: '0201',
        actor: '测试-supervisor',
        detail: { violationType: '0201', count },
      });
      expect(await closedDetail(id)).toMatchObject({
        comment: '核查属实',
        violation: { confirmed: true, merchantId: shop.id, violationType: '0201', toGrade: grade, recorded: true },
      });
    }

    const events = await gradeEvents(shop.id);
    expect(events.map((e) => [e.from_grade, e.to_grade, e.reason])).toEqual([
      ['blue', 'yellow', 'first_violation'],
      ['yellow', 'orange', 'repeat_violation'],
      ['orange', 'red', 'uncorrected'],
    ]);
    expect(events.every((e) => e.violation_id !== null && e.case_id !== null && e.actor_id !== null)).toBe(true);

    // A fourth confirmed violation leaves red red: recorded, no grade event.
    const fourth = await disposedCase({ merchantId: shop.id });
    await must('supervisor', fourth.id, 'close', { violation: { confirmed: true } });
    expect(await gradeOf(shop.id)).toBe('red');
    expect(await gradeEvents(shop.id)).toHaveLength(3);

    const history = await call<MerchantHistory>('dispatcher', 'GET', `/api/merchants/${shop.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.violations).toHaveLength(4);
    expect(history.body.violations.every((v) => v.counting && v.violationType === '0201')).toBe(true);
    expect(history.body.violations.map((v) => v.violationTypeName)).toEqual(Array(4).fill('占道经营'));
    // Newest first; the evidence is the case's photos.
    expect(history.body.violations.slice(1).map((v) => v.evidence)).toEqual(photos.reverse().map((p) => [p]));
    expect(history.body.grades.map((g) => g.toGrade)).toEqual(['red', 'orange', 'yellow']);
    expect(history.body.grades[0]).toMatchObject({ actor: '测试-supervisor', reason: 'uncorrected' });
  });

  it('keeps a yellow merchant yellow on a violation of another type, but records it', async () => {
    const shop = await merchant();
    const first = await disposedCase({ merchantId: shop.id });
    await must('supervisor', first.id, 'close', { violation: { confirmed: true } });
    expect(await gradeOf(shop.id)).toBe('yellow');

    const second = await disposedCase({ merchantId: shop.id, categoryCode: '0202' });
    const closed = await must('supervisor', second.id, 'close', { violation: { confirmed: true } });
    expect(closed.merchant?.grade).toBe('yellow');
    expect(await closedDetail(second.id)).toMatchObject({
      violation: { violationType: '0202', fromGrade: 'yellow', toGrade: 'yellow', recorded: true },
    });
    expect(await gradeEvents(shop.id)).toHaveLength(1);
    const { rows } = await world.db.pool.query<{ violation_type: string }>(
      'SELECT violation_type FROM merchant_violations WHERE merchant_id = $1 ORDER BY id',
      [shop.id],
    );
    expect(rows.map((r) => r.violation_type)).toEqual(['0201', '0202']);

    // The finding may name the type itself: 0201 again makes it the same violation.
    const third = await disposedCase({ merchantId: shop.id, categoryCode: '0202' });
    await must('supervisor', third.id, 'close', { violation: { confirmed: true, violationType: '0201' } });
    expect(await gradeOf(shop.id)).toBe('orange');
  });

  it('changes nothing when the violation is not confirmed, and says so in the close event', async () => {
    const shop = await merchant();
    const { id } = await disposedCase({ merchantId: shop.id });
    const closed = await must('supervisor', id, 'close', { violation: { confirmed: false } });
    expect(closed.merchant?.grade).toBe('blue');
    expect(await closedDetail(id)).toMatchObject({ violation: { confirmed: false, merchantId: shop.id } });
    expect(await gradeEvents(shop.id)).toHaveLength(0);
    const { rows } = await world.db.pool.query('SELECT 1 FROM merchant_violations WHERE merchant_id = $1', [shop.id]);
    expect(rows).toHaveLength(0);
  });

  it('answers 422 naming the field, and leaves the case disposed and the merchant untouched', async () => {
    const unlinked = await disposedCase();
    const noMerchant = await act('supervisor', unlinked.id, 'close', { violation: { confirmed: true } });
    expect(noMerchant.status).toBe(422);
    expect(noMerchant.body).toMatchObject({ field: 'body.violation' });

    const shop = await merchant();
    const linked = await disposedCase({ merchantId: shop.id });
    for (const violationType of ['0301', '9999']) {
      const wrongType = await act('supervisor', linked.id, 'close', { violation: { confirmed: true, violationType } });
      expect(wrongType.status, violationType).toBe(422);
      expect(wrongType.body).toMatchObject({ field: 'body.violation.violationType' });
    }
    const badBody = await act('supervisor', linked.id, 'close', { violation: { confirmed: 'yes' } });
    expect(badBody.status).toBe(400);

    const after = await call('supervisor', 'GET', `/api/cases/${linked.id}`);
    expect(after.body.status).toBe('disposed');
    expect(await gradeOf(shop.id)).toBe('blue');
  });

  it('does not count a case twice when it is closed again after a reopening', async () => {
    const shop = await merchant();
    const { id, squad } = await disposedCase({ merchantId: shop.id });
    await must('supervisor', id, 'close', { violation: { confirmed: true } });
    // 回访不满意: back to the same squad as rework.
    await must('clerk', id, 'follow_up', { satisfaction: 'dissatisfied' });
    await must(squad.token, id, 'accept');
    await must(squad.token, id, 'dispose', { note: '再次处理' });
    await must('supervisor', id, 'close', { violation: { confirmed: true } });
    expect(await gradeOf(shop.id)).toBe('yellow');
    const timeline = (await call<CaseTimeline>('supervisor', 'GET', `/api/cases/${id}/timeline`)).body;
    const closes = timeline.events.filter((e) => e.type === 'case:closed');
    expect(closes.map((e) => (e.detail.violation as { recorded: boolean }).recorded)).toEqual([true, false]);
  });
});

describe('linking a case to a merchant', () => {
  it('links, relinks and unlinks, each a case:merchant_linked event', async () => {
    const [a, b] = [await merchant(), await merchant()];
    const filed = await call('clerk', 'POST', '/api/cases', {
      channel: 'hotline',
      description: '店外经营',
      categoryCode: '0202',
      location: CROSSING,
    });
    const id = filed.body.id;
    const dispatcher = world.server.connect(world.tokens.dispatcher);
    await connected(dispatcher);
    const pushed = nextEvent(dispatcher, 'case:merchant_linked', (e) => e.case.id === id);
    expect((await must('dispatcher', id, 'link_merchant', { merchantId: a.id })).merchant).toEqual({
      id: a.id,
      name: a.name,
      grade: 'blue',
    });
    expect((await pushed).case.merchant?.id).toBe(a.id);
    expect((await must('supervisor', id, 'link_merchant', { merchantId: b.id })).merchant?.id).toBe(b.id);
    expect((await must('admin', id, 'link_merchant', { merchantId: null })).merchant).toBeNull();
    const again = await act('admin', id, 'link_merchant', { merchantId: null });
    expect(again.status).toBe(409);

    const timeline = (await call<CaseTimeline>('dispatcher', 'GET', `/api/cases/${id}/timeline`)).body;
    expect(timeline.events.filter((e) => e.type === 'case:merchant_linked').map((e) => e.detail)).toEqual([
      { merchantId: a.id, merchantName: a.name, previousMerchantId: null },
      { merchantId: b.id, merchantName: b.name, previousMerchantId: a.id },
      { merchantId: null, merchantName: null, previousMerchantId: b.id },
    ]);
  });

  it('answers 422 for an unknown or inactive merchant, 403 to a role that may not, 404 to another squad', async () => {
    const closedShop = await merchant({ active: false });
    const { id } = await disposedCase();
    for (const merchantId of [closedShop.id, 2_000_000_000]) {
      const response = await act('dispatcher', id, 'link_merchant', { merchantId });
      expect(response.status, String(merchantId)).toBe(422);
      expect(response.body).toMatchObject({ field: 'body.merchantId' });
    }
    const shop = await merchant();
    expect((await act('clerk', id, 'link_merchant', { merchantId: shop.id })).status).toBe(403);
    expect((await act('middle_member', id, 'link_merchant', { merchantId: shop.id })).status).toBe(404);
    expect((await act('dispatcher', id, 'link_merchant', { merchantId: 'x' })).status).toBe(400);

    // Closed cases are past linking.
    await must('supervisor', id, 'close');
    expect((await act('dispatcher', id, 'link_merchant', { merchantId: shop.id })).status).toBe(409);
  });
});

describe('what linking may reach', () => {
  it('keeps a squad to merchants it could be offered, and a recorded violation to its merchant', async () => {
    const near = await merchant();
    const { rows } = await world.db.pool.query<{ id: number }>(
      `INSERT INTO merchants (name, kind, location) VALUES ('远处商户', 'shop', ST_SetSRID(ST_MakePoint($1, $2), 4326))
       RETURNING id`,
      [CROSSING.lng + 0.03, CROSSING.lat],
    );
    const far = rows[0]!.id;
    const { id, squad } = await disposedCase();
    // Linking opens the merchant's record to the squad: only one it could have been offered.
    const refused = await act(squad.token, id, 'link_merchant', { merchantId: far });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ field: 'body.merchantId' });
    const history = (merchantId: number) =>
      fetch(`${world.server.baseUrl}/api/merchants/${merchantId}/history`, {
        headers: { authorization: `Bearer ${squad.token}` },
      });
    expect((await history(far)).status).toBe(404);
    await must(squad.token, id, 'link_merchant', { merchantId: near.id });
    expect((await history(near.id)).status).toBe(200);

    // Confirmed and recorded: reopened, the case cannot be moved to another merchant.
    await must('supervisor', id, 'close', { violation: { confirmed: true } });
    await must('clerk', id, 'follow_up', { satisfaction: 'dissatisfied' });
    const other = await merchant();
    const moved = await act('dispatcher', id, 'link_merchant', { merchantId: other.id });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ code: 'violation_recorded' });
  });

  it('records no violation on a merchant deactivated after the case was linked', async () => {
    const shop = await merchant();
    const { id } = await disposedCase({ merchantId: shop.id });
    await world.db.pool.query('UPDATE merchants SET active = false WHERE id = $1', [shop.id]);
    const closing = await act('supervisor', id, 'close', { violation: { confirmed: true } });
    expect(closing.status).toBe(422);
    expect(await gradeOf(shop.id)).toBe('blue');
  });
});

describe('the grade rules', () => {
  const put = (token: Token, body: unknown) => call<GradeRules>(token, 'PUT', '/api/settings/merchant-grades', body);

  it('are read by dispatchers, supervisors and admins, and changed by admins only', async () => {
    for (const token of ['dispatcher', 'supervisor', 'admin'] as const) {
      const response = await call<GradeRules>(token, 'GET', '/api/settings/merchant-grades');
      expect(response.status, token).toBe(200);
      expect(response.body).toEqual(DEFAULT_GRADE_RULES);
    }
    for (const token of ['clerk', 'near_member'] as const) {
      expect((await call(token, 'GET', '/api/settings/merchant-grades')).status, token).toBe(403);
    }
    for (const token of ['dispatcher', 'supervisor', 'clerk', 'near_member'] as const) {
      expect((await put(token, DEFAULT_GRADE_RULES)).status, token).toBe(403);
    }
  });

  it('are checked: red after orange, known categories, nothing extra', async () => {
    const cases: [unknown, number, string][] = [
      [{ ...DEFAULT_GRADE_RULES, orangeAt: 3, redAt: 3 }, 422, 'body.redAt'],
      [{ ...DEFAULT_GRADE_RULES, violationTypes: ['0201', 'NOPE'] }, 422, 'body.violationTypes'],
      [{ ...DEFAULT_GRADE_RULES, violationTypes: ['0201', '0201'] }, 422, 'body.violationTypes'],
      [{ ...DEFAULT_GRADE_RULES, violationTypes: [] }, 400, 'body.violationTypes'],
      [{ ...DEFAULT_GRADE_RULES, sameViolation: 'similar' }, 400, 'body.sameViolation'],
      [{ ...DEFAULT_GRADE_RULES, extra: true }, 400, ''],
    ];
    for (const [body, status, field] of cases) {
      const response = await put('admin', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      if (status === 422) expect(response.body).toMatchObject({ field });
    }
    expect((await call('admin', 'GET', '/api/settings/merchant-grades')).body).toEqual(DEFAULT_GRADE_RULES);
  });

  it('apply to the next violation: a main category takes in its subcategories, "any" counts every type', async () => {
    const rules: GradeRules = { ...DEFAULT_GRADE_RULES, violationTypes: ['02'], sameViolation: 'any' };
    expect((await put('admin', rules)).body).toEqual(rules);
    try {
      const shop = await merchant();
      // 0203 流动摊贩 is not in the default rules, but under 02 街面秩序 it is.
      const first = await disposedCase({ merchantId: shop.id, categoryCode: '0203' });
      await must('supervisor', first.id, 'close', { violation: { confirmed: true } });
      const second = await disposedCase({ merchantId: shop.id, categoryCode: '0201' });
      await must('supervisor', second.id, 'close', { violation: { confirmed: true } });
      expect(await gradeOf(shop.id)).toBe('orange');
    } finally {
      await put('admin', DEFAULT_GRADE_RULES);
    }
  });
});

describe('manual grade changes', () => {
  it('lets an admin set a grade with a note, pushed live; others get 403', async () => {
    const shop = await merchant();
    const live = await sockets();
    const pushed = Promise.all([graded(live.dispatcher, shop.id, 'orange'), graded(live.squad, shop.id, 'orange')]);
    const response = await call<MerchantGradeEventDto>('admin', 'POST', `/api/merchants/${shop.id}/grade`, {
      grade: 'orange',
      note: '复核后调整',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      merchantId: shop.id,
      fromGrade: 'blue',
      toGrade: 'orange',
      reason: 'manual',
      actor: '测试-admin',
      detail: { note: '复核后调整' },
    });
    const [onWall] = await pushed;
    expect(onWall.event.seq).toBe(response.body.seq);
    expect(await gradeOf(shop.id)).toBe('orange');

    const same = await call('admin', 'POST', `/api/merchants/${shop.id}/grade`, { grade: 'orange', note: 'x' });
    expect(same.status).toBe(422);
    expect(same.body).toMatchObject({ field: 'body.grade' });
    expect((await call('admin', 'POST', '/api/merchants/2000000000/grade', { grade: 'red', note: 'x' })).status).toBe(
      404,
    );
    expect((await call('admin', 'POST', `/api/merchants/${shop.id}/grade`, { grade: 'pink', note: 'x' })).status).toBe(
      400,
    );
    for (const token of ['dispatcher', 'supervisor', 'clerk', 'near_member'] as const) {
      const denied = await call(token, 'POST', `/api/merchants/${shop.id}/grade`, { grade: 'red', note: 'x' });
      expect(denied.status, token).toBe(403);
    }
    expect((await call('admin', 'GET', '/api/merchants/2000000000/history')).status).toBe(404);
  });
});

describe('stepping back after a clean period', () => {
  it('steps a grade back one colour per clean period, caught up after downtime, pushed live (the running sweeper)', async () => {
    const live = await sockets();
    const pushed = nextEvent(live.squad, 'merchant:graded', (e) => e.event.toGrade === 'yellow');
    // Red for 400 days with the default 180-day period: two periods complete, red → orange → yellow.
    const shop = await merchant({ grade: 'red', sinceDaysAgo: 400 });
    const event = await pushed;
    expect(event.merchant.id).toBe(shop.id);
    expect(event.event).toMatchObject({ fromGrade: 'orange', toGrade: 'yellow', reason: 'clean_period', actor: null });
    const events = await gradeEvents(shop.id);
    expect(events.map((e) => [e.from_grade, e.to_grade, e.reason])).toEqual([
      ['red', 'orange', 'clean_period'],
      ['orange', 'yellow', 'clean_period'],
    ]);
    // The new grade dates from when its period was complete, so the next step comes 180 days after that.
    const { rows } = await world.db.pool.query<{ days: number }>(
      `SELECT round(extract(epoch FROM now() - grade_since) / 86400)::int AS days FROM merchants WHERE id = $1`,
      [shop.id],
    );
    expect(rows[0]!.days).toBe(40);
  });

  it('waits for a clean period after the last violation, never goes below blue, and is off when disabled', async () => {
    const recent = await merchant({ grade: 'orange', sinceDaysAgo: 400 });
    await world.db.pool.query(
      `INSERT INTO merchant_violations (merchant_id, violation_type, occurred_at) VALUES ($1, '0201', now() - interval '100 days')`,
      [recent.id],
    );
    const blue = await merchant({ grade: 'blue', sinceDaysAgo: 1000 });
    // A sweeper of our own with a recording publisher; the server's runs meanwhile, under the same rules.
    const seen: GradeChange[] = [];
    const sweeper = new GradeSweeper(
      world.db.pool,
      { publish: (changes) => seen.push(...changes) },
      {
        intervalMs: 60_000,
        reportError: (error) => {
          throw error;
        },
      },
    );
    await sweeper.sweep();
    expect(await gradeOf(recent.id)).toBe('orange');
    expect(await gradeOf(blue.id)).toBe('blue');
    expect(seen.filter((c) => c.merchantId === recent.id || c.merchantId === blue.id)).toEqual([]);

    const off: GradeRules = { ...DEFAULT_GRADE_RULES, stepBack: { enabled: false, cleanDays: 180 } };
    expect((await call('admin', 'PUT', '/api/settings/merchant-grades', off)).status).toBe(200);
    try {
      const red = await merchant({ grade: 'red', sinceDaysAgo: 1000 });
      expect(await sweeper.sweep()).toBe(0);
      expect(await gradeOf(red.id)).toBe('red');
    } finally {
      await call('admin', 'PUT', '/api/settings/merchant-grades', DEFAULT_GRADE_RULES);
    }
  });
});
