/**
 * The supervisors' report against a real database. The cases and their
 * histories are written straight into `cases` and `case_events`, as the
 * lifecycle service writes them (docs/kpis.md), so every figure below can be
 * worked out by hand from the table of cases.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KPI_COUNT_KEYS, type KpiCountKey, type KpiDuration, type KpiMetrics, type KpiReport } from '@civic/shared';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

/** A Shanghai wall-clock time as an instant: at('2025-03-03 09:00'). */
const at = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;

const ids = { case: {} as Record<string, number>, sub: {} as Record<'T01' | 'K02', number> };

async function createCase(
  key: string,
  fields: {
    channel: 'hotline' | 'web' | 'letter_visit' | 'patrol';
    category: string | null;
    sub: 'T01' | 'K02' | null;
    at: string;
    status?: string;
  },
): Promise<number> {
  const { rows } = await world.db.pool.query<{ id: number }>(
    `INSERT INTO cases (case_no, channel, category_code, description, sub_district_id, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
    [
      `KPI-${key}`,
      fields.channel,
      fields.category,
      `测试案件 ${key}`,
      fields.sub === null ? null : ids.sub[fields.sub],
      fields.status ?? 'received',
      at(fields.at),
    ],
  );
  const id = rows[0]!.id;
  ids.case[key] = id;
  await event(key, 'case:created', fields.at, { detail: { channel: fields.channel, placed: fields.sub !== null } });
  return id;
}

async function event(
  key: string,
  type: string,
  when: string,
  options: { squad?: 'near' | 'middle' | 'far'; detail?: Record<string, unknown> } = {},
): Promise<void> {
  await world.db.pool.query(
    `INSERT INTO case_events (case_id, type, squad_id, detail, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)`,
    [
      ids.case[key],
      type,
      options.squad ? world.fixture.squadIds[options.squad] : null,
      JSON.stringify(options.detail ?? {}),
      at(when),
    ],
  );
}

const deadline = (stage: 'arrive' | 'dispose' | 'close', dueAt: string, onTime: boolean) => ({
  deadline: { stage, dueAt: at(dueAt), onTime },
});

/**
 * The week of Monday 2025-03-03 (no holiday; working hours 08:30–12:00 and
 * 14:00–17:30). Times are Shanghai local.
 *
 * C1 hotline K901 T01  Mon 09:00  registered, near 09:10, on scene 09:40, disposed on time 10:10,
 *                                   feedback, closed, follow-up satisfied
 * C2 web     K901 T01  Mon 11:00  implicit registration, near 11:00, on scene 11:50, disposed late 15:00,
 *                                   reworked, disposed Tue 09:00 on time, closed, feedback,
 *                                   follow-up dissatisfied → reopened (so neither disposed nor closed now)
 * C3 patrol  K902 T01  Tue 16:00  middle 16:10, extension approved, warning only, on scene Wed 08:40,
 *                                   disposed Wed 09:10 with no deadline, closed
 * C4 hotline K902 K02  Wed 10:00  not registered, feedback
 * C5 hotline K901 K02  Thu 09:00  near 09:02, reassigned to far 09:20, supervised by hand
 * C6 letter  K901 T01  Thu 14:00  registered, then merged into C1 (a duplicate)
 * C7 web     —    —    Sun 23:30  (last evening of the period) near Mon 03-10 08:00: middle, reminder
 *                                   escalation, disposed late 13:00, no feedback
 * C8 hotline K901 T01  Sun 03-02 23:59   just before the period
 * C9 hotline K901 T01  Mon 03-10 00:00   just after it
 */
beforeAll(async () => {
  const pool = world.db.pool;
  await pool.query(
    `INSERT INTO sub_districts (code, name, geom)
     VALUES ('K02', '测试第二街道', ST_Multi(ST_MakeEnvelope(113.70, 34.80, 113.76, 34.86, 4326)))`,
  );
  const subs = await pool.query<{ id: number; code: 'T01' | 'K02' }>(
    `SELECT id, code FROM sub_districts WHERE code IN ('T01', 'K02')`,
  );
  for (const row of subs.rows) ids.sub[row.code] = row.id;
  await pool.query(
    `INSERT INTO categories (code, parent_code, name, name_en, priority) VALUES
       ('K9', NULL, '测试大类', 'Test group', 3),
       ('K901', 'K9', '测试占道', 'Test occupation', 2),
       ('K902', 'K9', '测试垃圾', 'Test garbage', 2)`,
  );

  await createCase('C1', {
    channel: 'hotline',
    category: 'K901',
    sub: 'T01',
    at: '2025-03-03 09:00',
    status: 'closed',
  });
  await event('C1', 'case:registered', '2025-03-03 09:05');
  await event('C1', 'case:assigned', '2025-03-03 09:10', { squad: 'near', detail: { distanceM: 300, deadlines: {} } });
  await event('C1', 'case:accepted', '2025-03-03 09:15', { squad: 'near' });
  await event('C1', 'case:on_scene', '2025-03-03 09:40', { squad: 'near' });
  await event('C1', 'case:disposed', '2025-03-03 10:10', {
    squad: 'near',
    detail: { note: '已清理', photoIds: [], ...deadline('dispose', '2025-03-03 11:10', true) },
  });
  await event('C1', 'case:feedback', '2025-03-03 10:30', { detail: { method: 'phone', content: '已处理' } });
  await event('C1', 'case:closed', '2025-03-03 11:00');
  await event('C1', 'case:followed_up', '2025-03-03 11:30', { detail: { satisfaction: 'satisfied' } });

  await createCase('C2', {
    channel: 'web',
    category: 'K901',
    sub: 'T01',
    at: '2025-03-03 11:00',
    status: 'dispatched',
  });
  await event('C2', 'case:registered', '2025-03-03 11:00', { detail: { implicit: true } });
  await event('C2', 'case:assigned', '2025-03-03 11:00', { squad: 'near', detail: { distanceM: 300, deadlines: {} } });
  await event('C2', 'case:accepted', '2025-03-03 11:10', { squad: 'near' });
  await event('C2', 'case:on_scene', '2025-03-03 11:50', { squad: 'near' });
  await event('C2', 'case:disposed', '2025-03-03 15:00', {
    squad: 'near',
    detail: { note: '劝离', photoIds: [], ...deadline('dispose', '2025-03-03 14:30', false) },
  });
  await event('C2', 'case:reworked', '2025-03-03 16:00', { detail: { reason: '未清理干净', deadlines: {} } });
  await event('C2', 'case:disposed', '2025-03-04 09:00', {
    squad: 'near',
    detail: { note: '再次清理', photoIds: [], ...deadline('dispose', '2025-03-04 10:00', true) },
  });
  await event('C2', 'case:closed', '2025-03-04 10:00');
  await event('C2', 'case:feedback', '2025-03-04 10:05', { detail: { method: 'web', content: '已处理' } });
  await event('C2', 'case:followed_up', '2025-03-04 11:00', { detail: { satisfaction: 'dissatisfied' } });
  await event('C2', 'case:reopened', '2025-03-04 11:05', { detail: { deadlines: {} } });

  await createCase('C3', { channel: 'patrol', category: 'K902', sub: 'T01', at: '2025-03-04 16:00', status: 'closed' });
  await event('C3', 'case:registered', '2025-03-04 16:05');
  await event('C3', 'case:assigned', '2025-03-04 16:10', {
    squad: 'middle',
    detail: { distanceM: 900, deadlines: {} },
  });
  await event('C3', 'case:extension_requested', '2025-03-04 16:30', {
    detail: { stage: 'dispose', extendBy: { amount: 1, unit: 'working_days' }, reason: '需协调' },
  });
  await event('C3', 'case:extension_approved', '2025-03-04 16:40', {
    detail: { stage: 'dispose', dueAt: at('2025-03-05 17:00'), previousDueAt: at('2025-03-04 17:00') },
  });
  await event('C3', 'case:escalated', '2025-03-04 17:00', {
    detail: { step: 'warning', stage: 'arrive', deadlineId: 1, dueAt: at('2025-03-04 17:30') },
  });
  await event('C3', 'case:on_scene', '2025-03-05 08:40', { squad: 'middle' });
  await event('C3', 'case:disposed', '2025-03-05 09:10', { squad: 'middle', detail: { note: '已清运', photoIds: [] } });
  await event('C3', 'case:closed', '2025-03-05 10:00');

  await createCase('C4', {
    channel: 'hotline',
    category: 'K902',
    sub: 'K02',
    at: '2025-03-05 10:00',
    status: 'not_registered',
  });
  await event('C4', 'case:not_registered', '2025-03-05 10:30', { detail: { reason: '不属于城管职责' } });
  await event('C4', 'case:feedback', '2025-03-05 10:40', { detail: { method: 'phone', content: '已转交' } });

  await createCase('C5', {
    channel: 'hotline',
    category: 'K901',
    sub: 'K02',
    at: '2025-03-06 09:00',
    status: 'dispatched',
  });
  await event('C5', 'case:registered', '2025-03-06 09:01');
  await event('C5', 'case:assigned', '2025-03-06 09:02', { squad: 'near', detail: { distanceM: 300, deadlines: {} } });
  await event('C5', 'case:reassigned', '2025-03-06 09:20', {
    squad: 'far',
    detail: { fromSquadId: world.fixture.squadIds.near, reason: '就近' },
  });
  await event('C5', 'case:supervised', '2025-03-06 10:00', { detail: { comment: '媒体关注' } });

  await createCase('C6', { channel: 'letter_visit', category: 'K901', sub: 'T01', at: '2025-03-06 14:00' });
  await event('C6', 'case:registered', '2025-03-06 14:10');
  await event('C6', 'case:merged', '2025-03-06 14:30', { detail: { intoCaseId: ids.case.C1, intoCaseNo: 'KPI-C1' } });
  await world.db.pool.query(`UPDATE cases SET status = 'merged', merged_into = $1 WHERE id = $2`, [
    ids.case.C1,
    ids.case.C6,
  ]);

  await createCase('C7', { channel: 'web', category: null, sub: null, at: '2025-03-09 23:30', status: 'disposed' });
  await event('C7', 'case:registered', '2025-03-10 08:00', { detail: { implicit: true } });
  await event('C7', 'case:assigned', '2025-03-10 08:00', {
    squad: 'middle',
    detail: { distanceM: 900, deadlines: {} },
  });
  await event('C7', 'case:accepted', '2025-03-10 08:05', { squad: 'middle' });
  await event('C7', 'case:escalated', '2025-03-10 12:00', {
    detail: { step: 'reminder', stage: 'dispose', deadlineId: 2, dueAt: at('2025-03-10 12:00') },
  });
  await event('C7', 'case:disposed', '2025-03-10 13:00', {
    squad: 'middle',
    detail: { note: '处理完毕', photoIds: [], ...deadline('dispose', '2025-03-10 12:00', false) },
  });

  await createCase('C8', { channel: 'hotline', category: 'K901', sub: 'T01', at: '2025-03-02 23:59' });
  await createCase('C9', { channel: 'hotline', category: 'K901', sub: 'T01', at: '2025-03-10 00:00' });
});

/** Each case's counts, as docs/kpis.md defines them; a group's counts are the sums. */
type Counts = Record<KpiCountKey, number>;
const zero = (): Counts => Object.fromEntries(KPI_COUNT_KEYS.map((k) => [k, 0])) as Counts;
const caseCounts: Record<string, Partial<Counts>> = {
  C1: {
    received: 1,
    registered: 1,
    dispatched: 1,
    disposed: 1,
    disposedWithDeadline: 1,
    disposedOnTime: 1,
    closed: 1,
    feedbackDue: 1,
    feedbackGiven: 1,
    followedUp: 1,
    satisfied: 1,
  },
  C2: { received: 1, registered: 1, dispatched: 1, reworked: 1, feedbackDue: 1, feedbackGiven: 1, followedUp: 1 },
  C3: { received: 1, registered: 1, dispatched: 1, disposed: 1, closed: 1, extended: 1 },
  C4: { received: 1, notRegistered: 1, feedbackDue: 1, feedbackGiven: 1 },
  C5: { received: 1, registered: 1, dispatched: 1, supervised: 1 },
  C6: { received: 1, merged: 1 },
  C7: {
    received: 1,
    registered: 1,
    dispatched: 1,
    disposed: 1,
    disposedWithDeadline: 1,
    supervised: 1,
    feedbackDue: 1,
  },
};
const sumOf = (keys: string[]): Counts => {
  const total = zero();
  for (const key of keys) for (const [k, v] of Object.entries(caseCounts[key]!)) total[k as KpiCountKey] += v;
  return total;
};
const countsOf = (m: KpiMetrics): Counts => Object.fromEntries(KPI_COUNT_KEYS.map((k) => [k, m[k]])) as Counts;

/** The rate formulas of docs/kpis.md, applied to a row's own counts. */
function expectRatesConsistent(m: KpiMetrics): void {
  const r = (n: number, d: number) => (d === 0 ? null : n / d);
  expect(m.registrationRate).toBe(r(m.registered, m.received - m.merged));
  expect(m.disposalRate).toBe(r(m.disposed, m.dispatched));
  expect(m.onTimeDisposalRate).toBe(r(m.disposedOnTime, m.disposedWithDeadline));
  expect(m.closureRate).toBe(r(m.closed, m.registered));
  expect(m.reworkRate).toBe(r(m.reworked, m.dispatched));
  expect(m.extensionRate).toBe(r(m.extended, m.dispatched));
  expect(m.feedbackRate).toBe(r(m.feedbackGiven, m.feedbackDue));
  expect(m.satisfactionRate).toBe(r(m.satisfied, m.followedUp));
}

const none: KpiDuration = { count: 0, meanWall: null, p90Wall: null, meanWorking: null, p90Working: null };

const WEEK = 'from=2025-03-03&to=2025-03-09';

async function report(query: string, token = world.tokens.supervisor) {
  const response = await world.server.request<KpiReport>('GET', `/api/kpis?${query}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

describe('GET /api/kpis', () => {
  it('computes every total exactly for the cases received in the period', async () => {
    const body = await report(WEEK);
    expect(body.period).toEqual({
      from: '2025-03-03',
      to: '2025-03-09',
      days: 7,
      timeZone: 'Asia/Shanghai',
      start: '2025-03-02T16:00:00.000Z',
      end: '2025-03-09T16:00:00.000Z',
    });
    expect(body.filters).toEqual({ subDistrictId: null, categoryCode: null, channel: null, squadId: null });
    expect(body.totals).toEqual({
      received: 7,
      merged: 1,
      registered: 5,
      notRegistered: 1,
      registrationRate: 5 / 6,
      dispatched: 5,
      disposed: 3,
      disposalRate: 3 / 5,
      disposedWithDeadline: 2,
      disposedOnTime: 1,
      onTimeDisposalRate: 1 / 2,
      closed: 2,
      closureRate: 2 / 5,
      reworked: 1,
      reworkRate: 1 / 5,
      extended: 1,
      extensionRate: 1 / 5,
      feedbackDue: 4,
      feedbackGiven: 3,
      feedbackRate: 3 / 4,
      followedUp: 2,
      satisfied: 1,
      satisfactionRate: 1 / 2,
      supervised: 2,
      // C1 30 min; C2 50 min; C3 Tue 16:10 → Wed 08:40 = 990 wall, 80 + 10 = 90 working.
      timeToArrive: { count: 3, meanWall: 356.7, p90Wall: 990, meanWorking: 56.7, p90Working: 90 },
      // C1 60/60; C3 1020 wall, 80 + 40 = 120 working; C7 Mon 08:00 → 13:00 = 300 wall, 08:30–12:00 = 210 working.
      // C2's standing disposal was reopened, so C2 has none.
      timeToDispose: { count: 3, meanWall: 460, p90Wall: 1020, meanWorking: 130, p90Working: 210 },
    });
  });

  it('breaks the same figures down by category, channel, squad, sub-district and day', async () => {
    const body = await report(WEEK);
    const squads = world.fixture.squadIds;

    expect(body.byCategory.map((r) => [r.code, r.name, countsOf(r.metrics)])).toEqual([
      ['K901', '测试占道', sumOf(['C1', 'C2', 'C5', 'C6'])],
      ['K902', '测试垃圾', sumOf(['C3', 'C4'])],
      [null, null, sumOf(['C7'])],
    ]);
    expect(body.byChannel.map((r) => [r.channel, countsOf(r.metrics)])).toEqual([
      ['hotline', sumOf(['C1', 'C4', 'C5'])],
      ['web', sumOf(['C2', 'C7'])],
      ['letter_visit', sumOf(['C6'])],
      ['patrol', sumOf(['C3'])],
    ]);
    // The squad is that of the last assignment: C5 went to near, then far.
    expect(body.bySquad.map((r) => [r.squadId, r.name, countsOf(r.metrics)])).toEqual([
      [squads.near, '近处执法中队', sumOf(['C1', 'C2'])],
      [squads.middle, '中距环卫组', sumOf(['C3', 'C7'])],
      [squads.far, '远处协管组', sumOf(['C5'])],
      [null, null, sumOf(['C4', 'C6'])],
    ]);
    expect(body.bySubDistrict.map((r) => [r.subDistrictId, r.name, countsOf(r.metrics)])).toEqual([
      [ids.sub.T01, '刘寨街道', sumOf(['C1', 'C2', 'C3', 'C6'])],
      [ids.sub.K02, '测试第二街道', sumOf(['C4', 'C5'])],
      [null, null, sumOf(['C7'])],
    ]);
    expect(body.byDay.map((r) => [r.date, countsOf(r.metrics)])).toEqual([
      ['2025-03-03', sumOf(['C1', 'C2'])],
      ['2025-03-04', sumOf(['C3'])],
      ['2025-03-05', sumOf(['C4'])],
      ['2025-03-06', sumOf(['C5', 'C6'])],
      ['2025-03-07', zero()],
      ['2025-03-08', zero()],
      ['2025-03-09', sumOf(['C7'])],
    ]);

    const rows = [body.byCategory, body.byChannel, body.bySquad, body.bySubDistrict, body.byDay].flat();
    for (const row of [{ metrics: body.totals }, ...rows]) expectRatesConsistent(row.metrics);

    const near = body.bySquad[0]!.metrics;
    expect(near.timeToArrive).toEqual({ count: 2, meanWall: 40, p90Wall: 50, meanWorking: 40, p90Working: 50 });
    expect(near.timeToDispose).toEqual({ count: 1, meanWall: 60, p90Wall: 60, meanWorking: 60, p90Working: 60 });
    expect(near.disposalRate).toBe(0.5);
    expect(near.satisfactionRate).toBe(0.5);
    const middle = body.bySquad[1]!.metrics;
    expect(middle.timeToDispose).toEqual({
      count: 2,
      meanWall: 660,
      p90Wall: 1020,
      meanWorking: 165,
      p90Working: 210,
    });
    expect(body.bySquad[3]!.metrics.timeToArrive).toEqual(none);
    expect(body.bySquad[3]!.metrics.dispatched).toBe(0);
    expect(body.bySquad[3]!.metrics.disposalRate).toBeNull();
    const quietDay = body.byDay[4]!.metrics;
    expect(quietDay.registrationRate).toBeNull();
    expect(quietDay.timeToDispose).toEqual(none);
  });

  it('lists what the filters can be set to', async () => {
    const body = await report(WEEK);
    expect(body.options.subDistricts).toEqual([
      { id: ids.sub.T01, name: '刘寨街道' },
      { id: ids.sub.K02, name: '测试第二街道' },
    ]);
    expect(body.options.channels).toEqual(['hotline', 'web', 'letter_visit', 'patrol']);
    expect(body.options.categories).toContainEqual({
      code: 'K901',
      parentCode: 'K9',
      name: '测试占道',
      nameEn: 'Test occupation',
    });
    expect(body.options.squads.map((s) => s.id)).toEqual(
      expect.arrayContaining([world.fixture.squadIds.near, world.fixture.squadIds.far]),
    );
  });

  it('takes the period as local dates: a case belongs to the Shanghai day its case:created happened', async () => {
    expect((await report('from=2025-03-04&to=2025-03-04')).totals).toMatchObject({ received: 1, extended: 1 });
    // C8 at 23:59 on the 2nd is in; C9 at 00:00 on the 10th is in; the week's own cases are not.
    expect(countsOf((await report('from=2025-03-02&to=2025-03-02')).totals)).toEqual({ ...zero(), received: 1 });
    const after = await report('from=2025-03-09&to=2025-03-10');
    expect(after.totals.received).toBe(2);
    expect(after.byDay.map((d) => [d.date, d.metrics.received])).toEqual([
      ['2025-03-09', 1],
      ['2025-03-10', 1],
    ]);
    const nothing = await report('from=2024-03-01&to=2024-03-31');
    expect(nothing.totals.received).toBe(0);
    expect(nothing.totals.registrationRate).toBeNull();
    expect(nothing.byDay).toHaveLength(31);
    expect(nothing.byCategory).toEqual([]);
  });

  it('filters by sub-district, category (with its sub-categories), channel and last-assigned squad', async () => {
    const squads = world.fixture.squadIds;
    const cases: [string, string[]][] = [
      [`subDistrictId=${ids.sub.K02}`, ['C4', 'C5']],
      ['categoryCode=K9', ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']],
      ['categoryCode=K902', ['C3', 'C4']],
      ['channel=hotline', ['C1', 'C4', 'C5']],
      [`squadId=${squads.far}`, ['C5']],
      [`squadId=${squads.near}`, ['C1', 'C2']],
      [`channel=hotline&subDistrictId=${ids.sub.T01}`, ['C1']],
      [`categoryCode=K901&squadId=${squads.middle}`, []],
    ];
    for (const [filter, expected] of cases) {
      const body = await report(`${WEEK}&${filter}`);
      expect(countsOf(body.totals), filter).toEqual(sumOf(expected));
    }
    const filtered = await report(`${WEEK}&subDistrictId=${ids.sub.K02}&channel=hotline`);
    expect(filtered.filters).toEqual({
      subDistrictId: ids.sub.K02,
      categoryCode: null,
      channel: 'hotline',
      squadId: null,
    });
    expect(filtered.bySubDistrict.map((r) => r.subDistrictId)).toEqual([ids.sub.K02]);
  });

  it('answers 400 naming the field for a bad period or filter', async () => {
    const bad: [string, string][] = [
      ['from=2025-03-09&to=2025-03-03', 'querystring.to'],
      ['from=2024-01-01&to=2025-01-01', 'querystring.to'],
      ['from=2025-02-30&to=2025-03-03', 'querystring.from'],
      ['from=2025-03-01&to=2025-13-01', 'querystring.to'],
      ['from=yesterday&to=2025-03-03', 'querystring.from'],
      ['from=2025-03-01', 'querystring.to'],
      [`${WEEK}&subDistrictId=999999`, 'querystring.subDistrictId'],
      [`${WEEK}&categoryCode=NOPE`, 'querystring.categoryCode'],
      [`${WEEK}&squadId=999999`, 'querystring.squadId'],
      [`${WEEK}&channel=fax`, 'querystring.channel'],
      [`${WEEK}&surprise=1`, 'querystring.surprise'],
    ];
    for (const [query, field] of bad) {
      const response = await world.server.request<{ field: string }>('GET', `/api/kpis?${query}`, {
        token: world.tokens.supervisor,
      });
      expect(response.status, query).toBe(400);
      expect(response.body.field, query).toBe(field);
    }
    // A leap year's 366 days is the longest period allowed.
    expect((await report('from=2024-01-01&to=2024-12-31')).period.days).toBe(366);
    const exportBad = await world.server.request<{ field: string }>('GET', `/api/kpis/export?${WEEK}&format=pdf`, {
      token: world.tokens.supervisor,
    });
    expect(exportBad.status).toBe(400);
    expect(exportBad.body.field).toBe('querystring.format');
  });

  it('is for supervisors, administrators and dispatchers only', async () => {
    for (const user of ['supervisor', 'admin', 'dispatcher'] as const) {
      expect((await world.server.request('GET', `/api/kpis?${WEEK}`, { token: world.tokens[user] })).status).toBe(200);
    }
    for (const user of ['near_member', 'clerk'] as const) {
      expect((await world.server.request('GET', `/api/kpis?${WEEK}`, { token: world.tokens[user] })).status).toBe(403);
      const exported = await fetch(`${world.server.baseUrl}/api/kpis/export?${WEEK}&format=csv`, {
        headers: { authorization: `Bearer ${world.tokens[user]}` },
      });
      expect(exported.status).toBe(403);
    }
    expect((await world.server.request('GET', `/api/kpis?${WEEK}`)).status).toBe(401);
  });
});

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; rows end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function download(query: string): Promise<Response> {
  const response = await fetch(`${world.server.baseUrl}/api/kpis/export?${query}`, {
    headers: { authorization: `Bearer ${world.tokens.dispatcher}` },
  });
  expect(response.status).toBe(200);
  return response;
}

describe('GET /api/kpis/export', () => {
  it('downloads a UTF-8 CSV with a BOM and Chinese headers, every table in one sheet of rows', async () => {
    const response = await download(`${WEEK}&format=csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="kpis_2025-03-03_2025-03-09\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('绩效统计_2025-03-03_2025-03-09.csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));

    const header = rows[0]!;
    expect(header.slice(0, 7)).toEqual(['维度', '分组', '受理量', '合并(重复)件', '立案数', '不予立案数', '立案率']);
    expect(header).toContain('按期处置率');
    expect(header).toContain('90%处置时长(分钟,工作时间)');
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    // 1 total + 3 categories + 4 channels + 4 squads + 3 sub-districts + 7 days.
    expect(rows.length - 1).toBe(22);

    const record = (dimension: string, group: string) => {
      const row = rows.find((r) => r[0] === dimension && r[1] === group);
      expect(row, `${dimension} ${group}`).toBeDefined();
      return Object.fromEntries(header.map((h, i) => [h, row![i]]));
    };
    expect(record('合计', '合计')).toMatchObject({
      受理量: '7',
      立案数: '5',
      立案率: '83.3%',
      处置率: '60.0%',
      按期处置率: '50.0%',
      结案率: '40.0%',
      返工率: '20.0%',
      延期率: '20.0%',
      反馈率: '75.0%',
      满意率: '50.0%',
      督办件: '2',
      '平均到场时长(分钟,自然时间)': '356.7',
      '90%处置时长(分钟,工作时间)': '210',
    });
    expect(record('按类别', 'K901 测试占道')['受理量']).toBe('4');
    expect(record('按类别', '未分类')['受理量']).toBe('1');
    expect(record('按渠道', '12345热线')['受理量']).toBe('3');
    expect(record('按队伍', '远处协管组')).toMatchObject({ 受理量: '1', 督办件: '1', 处置率: '0.0%' });
    expect(record('按队伍', '未派遣')).toMatchObject({ 受理量: '2', 处置率: '', '平均到场时长(分钟,自然时间)': '' });
    expect(record('按街道', '测试第二街道')['受理量']).toBe('2');
    expect(record('按日期', '2025-03-07')['受理量']).toBe('0');
  });

  it('downloads an Excel workbook that opens with one sheet per breakdown', async () => {
    const response = await download(`${WEEK}&format=xlsx&subDistrictId=${ids.sub.T01}`);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain('filename="kpis_2025-03-03_2025-03-09.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '说明',
      '合计',
      '按类别',
      '按渠道',
      '按队伍',
      '按街道',
      '按日期',
    ]);

    const about = workbook.getWorksheet('说明')!;
    const aboutRows = new Map<string, string>();
    about.eachRow((row, n) => {
      if (n > 1) aboutRows.set(row.getCell(1).text, row.getCell(2).text);
    });
    expect(aboutRows.get('统计周期')).toContain('2025-03-03 至 2025-03-09');
    expect(aboutRows.get('街道/镇')).toBe('刘寨街道');

    const sheetRows = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const header = Array.from({ length: sheet.columnCount }, (_, i) => sheet.getRow(1).getCell(i + 1).text);
      const rows: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
      });
      return { header, rows, sheet };
    };
    // Only T01's cases: C1, C2, C3, C6.
    const total = sheetRows('合计');
    expect(total.header[0]).toBe('范围');
    expect(total.rows).toHaveLength(1);
    expect(total.rows[0]).toMatchObject({ 范围: '合计', 受理量: 4, 立案数: 3, 派遣数: 3, 处置数: 2 });
    expect(total.rows[0]!['立案率']).toBeCloseTo(1, 10);
    expect(total.rows[0]!['处置率']).toBeCloseTo(2 / 3, 10);
    const rateColumn = total.header.indexOf('处置率') + 1;
    expect(total.sheet.getRow(2).getCell(rateColumn).numFmt).toBe('0.0%');

    expect(sheetRows('按类别').rows.map((r) => [r['类别'], r['受理量']])).toEqual([
      ['K901 测试占道', 3],
      ['K902 测试垃圾', 1],
    ]);
    expect(sheetRows('按渠道').rows.map((r) => r['渠道'])).toEqual(['12345热线', '网上举报', '来信来访', '巡查发现']);
    expect(sheetRows('按队伍').rows.map((r) => [r['队伍'], r['受理量']])).toEqual([
      ['近处执法中队', 2],
      ['中距环卫组', 1],
      ['未派遣', 1],
    ]);
    expect(sheetRows('按街道').rows.map((r) => r['街道/镇'])).toEqual(['刘寨街道']);
    const days = sheetRows('按日期').rows;
    expect(days).toHaveLength(7);
    expect(days[0]).toMatchObject({ 日期: '2025-03-03', 受理量: 2 });
    // An empty rate is an empty cell, not 0%.
    expect(days[4]!['立案率']).toBeNull();
  });
});
