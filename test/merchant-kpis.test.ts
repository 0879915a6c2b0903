/**
 * The 一卡四色 figures against a real database. Merchants, their violations
 * and grade events are written straight into the tables (the registry and
 * grading write them the same way), so every figure below can be worked out
 * by hand from the table of merchants.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MerchantGrade, MerchantKpiReport } from '@civic/shared';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

/** A Shanghai wall-clock time as an instant: at('2025-03-03 09:00'). */
const at = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;

const MARCH = 'from=2025-03-01&to=2025-03-31';

const ids = {
  merchant: {} as Record<string, number>,
  sub: {} as Record<'T01' | 'K02', number>,
  pilot: 0,
  grid: 0,
};

async function merchant(
  key: string,
  fields: {
    at: [number, number];
    /** merchants.grade: the grade now, which a report for a past period must not use. */
    grade: MerchantGrade;
    created: string;
    active?: boolean;
    card?: string;
  },
): Promise<void> {
  // sub_district_id is left empty: the report places a merchant by its location.
  const { rows } = await world.db.pool.query<{ id: number }>(
    `INSERT INTO merchants (name, kind, location, grade, card_issued_on, active, created_at)
     VALUES ($1, 'shop', ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, $5, $6, $7) RETURNING id`,
    [
      `商户${key}`,
      fields.at[0],
      fields.at[1],
      fields.grade,
      fields.card ?? null,
      fields.active ?? true,
      at(fields.created),
    ],
  );
  ids.merchant[key] = rows[0]!.id;
}

async function graded(key: string, from: MerchantGrade | null, to: MerchantGrade, when: string): Promise<void> {
  const reason = from === null ? 'registered' : 'manual';
  await world.db.pool.query(
    `INSERT INTO merchant_grade_events (merchant_id, from_grade, to_grade, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
    [ids.merchant[key], from, to, reason, at(when)],
  );
}

async function violation(key: string, type: string, when: string): Promise<void> {
  await world.db.pool.query(
    `INSERT INTO merchant_violations (merchant_id, violation_type, occurred_at) VALUES ($1, $2, $3)`,
    [ids.merchant[key], type, at(when)],
  );
}

/**
 * Two sub-districts side by side — 刘寨街道 (T01, lng 113.60–113.66, from the
 * fixture) and 长兴路街道 (K02, 113.70–113.76) — and the pilot area 先行区
 * (113.64–113.72, lat 34.82–34.84) across both, as in the article.
 *
 *      where                 created  grade then → now                events (Shanghai time)
 * M1   T01, in pilot         02-01    yellow → orange (after March)   reg blue 02-01; yellow 03-03 10:00; orange 04-05
 * M2   T01                   02-01    blue → yellow                   reg blue 02-01; yellow 04-01 00:00 (just after March); card 02-10
 * M3   K02, in pilot         02-01    orange                          reg blue 02-01; yellow 03-05; orange 03-20; card 03-31
 * M4   K02                   02-01    blue                            reg blue 02-01; yellow 02-15; blue 03-31 23:30 (a step back); card 04-02
 * M5   T01, in pilot         04-10    (registered after March)        reg blue 04-10
 * M6   T01, in pilot, inactive                                        a violation in March, never counted
 * M7   outside both          01-01    red                             reg orange 01-01; red 03-01 00:05 (16:05 UTC on 02-28)
 * M8   T01                   01-01    yellow                          none: its grade has always been merchants.grade
 * M9   T01                   03-15    blue                            reg blue 03-15; blue → blue 03-16 (no change)
 * M10  K02                   02-01    yellow → orange                 no registration event; yellow → orange 04-03
 *
 * Violations: M7 K901 03-01 00:10; M1 K901 03-03, K901 04-05; M3 K901 03-05, K901 03-20, K902 03-21;
 * M2 K902 04-01 00:00; M4 K902 02-15; M6 K901 03-10; M8 ZZ01 03-10, K902 03-11.
 */
beforeAll(async () => {
  const pool = world.db.pool;
  await pool.query(
    `INSERT INTO sub_districts (code, name, geom)
     VALUES ('K02', '长兴路街道', ST_Multi(ST_MakeEnvelope(113.70, 34.80, 113.76, 34.86, 4326)))`,
  );
  const subs = await pool.query<{ id: number; code: 'T01' | 'K02' }>(`SELECT id, code FROM sub_districts`);
  for (const row of subs.rows) ids.sub[row.code] = row.id;
  const zones = await pool.query<{ id: number; kind: string }>(
    `INSERT INTO zones (kind, name, geom) VALUES
       ('pilot', '先行区', ST_Multi(ST_MakeEnvelope(113.64, 34.82, 113.72, 34.84, 4326))),
       ('grid', '网格一', ST_Multi(ST_MakeEnvelope(113.600, 34.800, 113.605, 34.805, 4326)))
     RETURNING id, kind`,
  );
  ids.pilot = zones.rows.find((z) => z.kind === 'pilot')!.id;
  ids.grid = zones.rows.find((z) => z.kind === 'grid')!.id;
  await pool.query(
    `INSERT INTO categories (code, parent_code, name, name_en, priority) VALUES
       ('K9', NULL, '测试大类', 'Test group', 3),
       ('K901', 'K9', '测试占道', 'Test occupation', 2),
       ('K902', 'K9', '测试店外', 'Test outside the shop', 2)`,
  );

  await merchant('M1', { at: [113.65, 34.83], grade: 'orange', created: '2025-02-01 09:00' });
  await graded('M1', null, 'blue', '2025-02-01 09:00');
  await graded('M1', 'blue', 'yellow', '2025-03-03 10:00');
  await graded('M1', 'yellow', 'orange', '2025-04-05 10:00');
  await violation('M1', 'K901', '2025-03-03 10:00');
  await violation('M1', 'K901', '2025-04-05 10:00');

  await merchant('M2', { at: [113.61, 34.81], grade: 'yellow', created: '2025-02-01 09:00', card: '2025-02-10' });
  await graded('M2', null, 'blue', '2025-02-01 09:00');
  await graded('M2', 'blue', 'yellow', '2025-04-01 00:00');
  await violation('M2', 'K902', '2025-04-01 00:00');

  await merchant('M3', { at: [113.71, 34.83], grade: 'orange', created: '2025-02-01 09:00', card: '2025-03-31' });
  await graded('M3', null, 'blue', '2025-02-01 09:00');
  await graded('M3', 'blue', 'yellow', '2025-03-05 15:00');
  await graded('M3', 'yellow', 'orange', '2025-03-20 15:00');
  await violation('M3', 'K901', '2025-03-05 15:00');
  await violation('M3', 'K901', '2025-03-20 15:00');
  await violation('M3', 'K902', '2025-03-21 15:00');

  await merchant('M4', { at: [113.75, 34.85], grade: 'blue', created: '2025-02-01 09:00', card: '2025-04-02' });
  await graded('M4', null, 'blue', '2025-02-01 09:00');
  await graded('M4', 'blue', 'yellow', '2025-02-15 11:00');
  await graded('M4', 'yellow', 'blue', '2025-03-31 23:30');
  await violation('M4', 'K902', '2025-02-15 11:00');

  await merchant('M5', { at: [113.645, 34.825], grade: 'blue', created: '2025-04-10 09:00' });
  await graded('M5', null, 'blue', '2025-04-10 09:00');

  await merchant('M6', { at: [113.65, 34.835], grade: 'red', created: '2025-01-01 09:00', active: false });
  await graded('M6', null, 'red', '2025-01-01 09:00');
  await violation('M6', 'K901', '2025-03-10 09:00');

  await merchant('M7', { at: [113.8, 34.83], grade: 'red', created: '2025-01-01 09:00' });
  await graded('M7', null, 'orange', '2025-01-01 09:00');
  await graded('M7', 'orange', 'red', '2025-03-01 00:05');
  await violation('M7', 'K901', '2025-03-01 00:10');

  await merchant('M8', { at: [113.62, 34.85], grade: 'yellow', created: '2025-01-01 09:00' });
  await violation('M8', 'ZZ01', '2025-03-10 09:00');
  await violation('M8', 'K902', '2025-03-11 09:00');

  await merchant('M9', { at: [113.61, 34.85], grade: 'blue', created: '2025-03-15 10:00' });
  await graded('M9', null, 'blue', '2025-03-15 10:00');
  await graded('M9', 'blue', 'blue', '2025-03-16 10:00');

  await merchant('M10', { at: [113.73, 34.81], grade: 'orange', created: '2025-02-01 09:00' });
  await graded('M10', 'yellow', 'orange', '2025-04-03 10:00');
});

async function report(query: string, user = 'supervisor'): Promise<MerchantKpiReport> {
  const response = await world.server.request<MerchantKpiReport>('GET', `/api/kpis/merchants?${query}`, {
    token: world.tokens[user],
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const grades = (blue: number, yellow: number, orange: number, red: number) => ({
  blue,
  yellow,
  orange,
  red,
  total: blue + yellow + orange + red,
});

describe('GET /api/kpis/merchants', () => {
  it('counts the merchants by their grade at the end of the period, not their grade now', async () => {
    const march = await report(MARCH);
    expect(march.area).toBeNull();
    expect(march.period).toMatchObject({
      from: '2025-03-01',
      to: '2025-03-31',
      days: 31,
      timeZone: 'Asia/Shanghai',
      start: '2025-02-28T16:00:00.000Z',
      end: '2025-03-31T16:00:00.000Z',
    });
    // M1 yellow (orange only in April), M2 blue (yellow at 04-01 00:00, after the end), M3 orange,
    // M4 blue (stepped back at 23:30 on the last day), M7 red, M8 yellow (never changed), M9 blue,
    // M10 yellow (its log starts after March, from yellow). Not M5 (registered later) nor M6 (inactive).
    expect(march.byGrade).toEqual(grades(3, 3, 1, 1));
    expect(march.bySubDistrict).toEqual([
      { subDistrictId: ids.sub.T01, name: '刘寨街道', ...grades(2, 2, 0, 0) },
      { subDistrictId: ids.sub.K02, name: '长兴路街道', ...grades(1, 1, 1, 0) },
      { subDistrictId: null, name: null, ...grades(0, 0, 0, 1) },
    ]);
    // Cards issued by 03-31: M2 and M3 (M4's came on 04-02).
    expect(march.cardCoverage).toEqual({ withCard: 2, merchants: 8, rate: 0.25 });

    // The same merchants a month later, by their April grades: a later change moves only later reports.
    const april = await report('from=2025-04-01&to=2025-04-30');
    expect(april.byGrade).toEqual(grades(3, 2, 3, 1));
    expect(april.cardCoverage).toEqual({ withCard: 3, merchants: 9, rate: 3 / 9 });
  });

  it('counts grade changes per Shanghai day, up and down, by the grade reached', async () => {
    const { gradeChanges } = await report(MARCH);
    expect(gradeChanges.unit).toBe('day');
    expect(gradeChanges.buckets).toHaveLength(31);
    expect(gradeChanges.buckets.map((b) => b.key)).toEqual(
      Array.from({ length: 31 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`),
    );
    const changed = gradeChanges.buckets.filter((b) => b.total > 0);
    const counts = (toGrade: Partial<Record<MerchantGrade, number>>, up: number, down: number) => ({
      toGrade: { blue: 0, yellow: 0, orange: 0, red: 0, ...toGrade },
      up,
      down,
      total: up + down,
    });
    expect(changed).toEqual([
      // M7 at 00:05 Shanghai time on 03-01, still 02-28 in UTC.
      { key: '2025-03-01', from: '2025-03-01', to: '2025-03-01', ...counts({ red: 1 }, 1, 0) },
      { key: '2025-03-03', from: '2025-03-03', to: '2025-03-03', ...counts({ yellow: 1 }, 1, 0) },
      { key: '2025-03-05', from: '2025-03-05', to: '2025-03-05', ...counts({ yellow: 1 }, 1, 0) },
      { key: '2025-03-20', from: '2025-03-20', to: '2025-03-20', ...counts({ orange: 1 }, 1, 0) },
      // M4's step back at 23:30 on the last day is still inside the period.
      { key: '2025-03-31', from: '2025-03-31', to: '2025-03-31', ...counts({ blue: 1 }, 0, 1) },
    ]);
    expect(gradeChanges.totals).toEqual(counts({ blue: 1, yellow: 2, orange: 1, red: 1 }, 4, 1));
    // M9's registration is not a change, nor is its blue → blue.
    expect(gradeChanges.registered).toBe(1);
  });

  it('counts a long period per month, the months clipped to the period', async () => {
    const { gradeChanges, period } = await report('from=2025-01-10&to=2025-06-30');
    expect(period.days).toBe(172);
    expect(gradeChanges.unit).toBe('month');
    expect(gradeChanges.buckets.map((b) => [b.key, b.from, b.to, b.up, b.down])).toEqual([
      ['2025-01', '2025-01-10', '2025-01-31', 0, 0],
      // M4's first violation.
      ['2025-02', '2025-02-01', '2025-02-28', 1, 0],
      // M7's 00:05 on 03-01 is March, though February in UTC.
      ['2025-03', '2025-03-01', '2025-03-31', 4, 1],
      // M2 at 04-01 00:00, M10 and M1.
      ['2025-04', '2025-04-01', '2025-04-30', 3, 0],
      ['2025-05', '2025-05-01', '2025-05-31', 0, 0],
      ['2025-06', '2025-06-01', '2025-06-30', 0, 0],
    ]);
    // M1–M4 in February, M9 in March, M5 in April (M7's came before 01-10; M6 is inactive).
    expect(gradeChanges.registered).toBe(6);
  });

  it('counts violations by type and the repeat-violation rate with its numerator and denominator', async () => {
    const march = await report(MARCH);
    // M7's at 00:10 on 03-01 counts, M2's at 00:00 on 04-01 does not; M6 is inactive.
    expect(march.violations).toEqual({
      total: 7,
      byType: [
        { violationType: 'K901', name: '测试占道', nameEn: 'Test occupation', violations: 4, merchants: 3 },
        { violationType: 'K902', name: '测试店外', nameEn: 'Test outside the shop', violations: 2, merchants: 2 },
        { violationType: 'ZZ01', name: null, nameEn: null, violations: 1, merchants: 1 },
      ],
    });
    // Violating: M1, M3, M7, M8. Repeating: M3 (K901 twice); M8's two are of different types.
    expect(march.repeatViolationRate).toEqual({ repeatMerchants: 1, violatingMerchants: 4, rate: 0.25 });

    // M1's second K901 came in April: over March and April together it repeats too.
    const spring = await report('from=2025-03-01&to=2025-04-30');
    expect(spring.repeatViolationRate).toEqual({ repeatMerchants: 2, violatingMerchants: 5, rate: 0.4 });

    const quiet = await report('from=2025-06-01&to=2025-06-30');
    expect(quiet.violations).toEqual({ total: 0, byType: [] });
    expect(quiet.repeatViolationRate).toEqual({ repeatMerchants: 0, violatingMerchants: 0, rate: null });
  });

  it('reports on a pilot area or a sub-district: the merchants standing inside its polygon', async () => {
    const pilot = await report(`${MARCH}&areaZoneId=${ids.pilot}`);
    expect(pilot.area).toEqual({ kind: 'zone', id: ids.pilot, name: '先行区', zoneKind: 'pilot' });
    // M1 and M3 (M5 came later, M6 is inactive).
    expect(pilot.byGrade).toEqual(grades(0, 1, 1, 0));
    expect(pilot.bySubDistrict).toEqual([
      { subDistrictId: ids.sub.T01, name: '刘寨街道', ...grades(0, 1, 0, 0) },
      { subDistrictId: ids.sub.K02, name: '长兴路街道', ...grades(0, 0, 1, 0) },
    ]);
    expect(pilot.cardCoverage).toEqual({ withCard: 1, merchants: 2, rate: 0.5 });
    expect(pilot.gradeChanges.totals).toMatchObject({ up: 3, down: 0, total: 3 });
    expect(pilot.violations.total).toBe(4);
    expect(pilot.repeatViolationRate).toEqual({ repeatMerchants: 1, violatingMerchants: 2, rate: 0.5 });

    const k02 = await report(`${MARCH}&subDistrictId=${ids.sub.K02}`);
    expect(k02.area).toEqual({ kind: 'sub_district', id: ids.sub.K02, name: '长兴路街道', zoneKind: null });
    expect(k02.byGrade).toEqual(grades(1, 1, 1, 0));
    expect(k02.bySubDistrict).toEqual([{ subDistrictId: ids.sub.K02, name: '长兴路街道', ...grades(1, 1, 1, 0) }]);
    expect(k02.gradeChanges.totals).toMatchObject({ up: 2, down: 1 });
    expect(k02.repeatViolationRate).toEqual({ repeatMerchants: 1, violatingMerchants: 1, rate: 1 });

    // An area with no merchant is an empty report, not an error.
    const grid = await report(`${MARCH}&areaZoneId=${ids.grid}`);
    expect(grid.byGrade).toEqual(grades(0, 0, 0, 0));
    expect(grid.bySubDistrict).toEqual([]);
    expect(grid.cardCoverage.rate).toBeNull();
  });

  it('lists the areas it can report on, pilot areas first', async () => {
    const { options } = await report(MARCH);
    expect(options.subDistricts).toEqual([
      { id: ids.sub.T01, name: '刘寨街道' },
      { id: ids.sub.K02, name: '长兴路街道' },
    ]);
    expect(options.zones.map((z) => [z.name, z.kind])).toEqual([
      ['先行区', 'pilot'],
      ['网格一', 'grid'],
      ['英才街夜市疏导点', 'night_market'],
    ]);
  });

  it('answers 400 naming the field for a bad period or area', async () => {
    const bad: [string, string][] = [
      ['from=2025-03-09&to=2025-03-03', 'querystring.to'],
      ['from=2024-01-01&to=2025-01-01', 'querystring.to'],
      ['from=2025-02-30&to=2025-03-03', 'querystring.from'],
      ['from=yesterday&to=2025-03-03', 'querystring.from'],
      ['from=2025-03-01', 'querystring.to'],
      [`${MARCH}&areaZoneId=999999`, 'querystring.areaZoneId'],
      [`${MARCH}&areaZoneId=abc`, 'querystring.areaZoneId'],
      [`${MARCH}&subDistrictId=999999`, 'querystring.subDistrictId'],
      [`${MARCH}&subDistrictId=1&areaZoneId=1`, 'querystring.areaZoneId'],
      [`${MARCH}&surprise=1`, 'querystring.surprise'],
    ];
    for (const [query, field] of bad) {
      const response = await world.server.request<{ field: string }>('GET', `/api/kpis/merchants?${query}`, {
        token: world.tokens.supervisor,
      });
      expect(response.status, query).toBe(400);
      expect(response.body.field, query).toBe(field);
    }
    const exportBad = await world.server.request<{ field: string }>(
      'GET',
      `/api/kpis/merchants/export?${MARCH}&format=pdf`,
      { token: world.tokens.supervisor },
    );
    expect(exportBad.status).toBe(400);
    expect(exportBad.body.field).toBe('querystring.format');
  });

  it('is for supervisors, administrators and dispatchers only', async () => {
    for (const user of ['supervisor', 'admin', 'dispatcher'] as const) await report(MARCH, user);
    for (const user of ['near_member', 'clerk'] as const) {
      const read = await world.server.request('GET', `/api/kpis/merchants?${MARCH}`, { token: world.tokens[user] });
      expect(read.status).toBe(403);
      const exported = await fetch(`${world.server.baseUrl}/api/kpis/merchants/export?${MARCH}&format=csv`, {
        headers: { authorization: `Bearer ${world.tokens[user]}` },
      });
      expect(exported.status).toBe(403);
    }
    expect((await world.server.request('GET', `/api/kpis/merchants?${MARCH}`)).status).toBe(401);
  });
});

async function download(query: string): Promise<Response> {
  const response = await fetch(`${world.server.baseUrl}/api/kpis/merchants/export?${query}`, {
    headers: { authorization: `Bearer ${world.tokens.dispatcher}` },
  });
  expect(response.status).toBe(200);
  return response;
}

/** The CSV has no quoted cells here (no name holds a comma or quote): split on CRLF and commas. */
function csvRows(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

describe('GET /api/kpis/merchants/export', () => {
  it('downloads a UTF-8 CSV with a BOM, one row per figure', async () => {
    const response = await download(`${MARCH}&format=csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="merchant-kpis_2025-03-01_2025-03-31\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('一卡四色统计_2025-03-01_2025-03-31.csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
    expect(rows[0]).toEqual(['维度', '分组', '指标', '数值']);
    expect(rows.every((r) => r.length === 4)).toBe(true);

    const value = (dimension: string, group: string, figure: string) => {
      const matches = rows.filter((r) => r[0] === dimension && r[1] === group && r[2] === figure);
      expect(matches, `${dimension} ${group} ${figure}`).toHaveLength(1);
      return matches[0]![3];
    };
    expect(value('概况', '合计', '商户数')).toBe('8');
    expect(value('概况', '合计', '红色')).toBe('1');
    expect(value('概况', '合计', '发卡率')).toBe('25.0%');
    expect(value('概况', '合计', '有违章商户数')).toBe('4');
    expect(value('概况', '合计', '重复违章商户数')).toBe('1');
    expect(value('概况', '合计', '重复违章率')).toBe('25.0%');
    expect(value('按街道', '刘寨街道', '黄色')).toBe('2');
    expect(value('按街道', '辖区外', '红色')).toBe('1');
    expect(value('等级变化', '2025-03-01', '变为红色')).toBe('1');
    expect(value('等级变化', '2025-03-31', '降级(好转)')).toBe('1');
    expect(value('等级变化', '2025-03-02', '合计')).toBe('0');
    expect(value('违章类型', 'K901 测试占道', '违章数')).toBe('4');
    expect(value('违章类型', 'ZZ01', '违章商户数')).toBe('1');
    // 15 summary figures, 3 sub-districts × 5, 31 days × 7, 3 types × 2.
    expect(rows.length - 1).toBe(15 + 15 + 217 + 6);
  });

  it('downloads an Excel workbook of the pilot area with a sheet per table', async () => {
    const response = await download(`${MARCH}&format=xlsx&areaZoneId=${ids.pilot}`);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain(
      'filename="merchant-kpis_2025-03-01_2025-03-31.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['说明', '概况', '按街道', '等级变化', '违章类型']);

    const pairs = (name: string) => {
      const found = new Map<string, ExcelJS.Cell>();
      workbook.getWorksheet(name)!.eachRow((row, n) => {
        if (n > 1) found.set(row.getCell(1).text, row.getCell(2));
      });
      return found;
    };
    const about = pairs('说明');
    expect(about.get('统计周期')?.text).toContain('2025-03-01 至 2025-03-31');
    expect(about.get('统计范围')?.text).toBe('区域：先行区（试点区域）');

    const summary = pairs('概况');
    expect(summary.get('商户数')?.value).toBe(2);
    expect(summary.get('重复违章率')?.value).toBe(0.5);
    expect(summary.get('重复违章率')?.numFmt).toBe('0.0%');

    const bySub = workbook.getWorksheet('按街道')!;
    expect(bySub.getRow(1).values).toEqual([undefined, '街道/镇', '蓝色', '黄色', '橙色', '红色', '合计']);
    expect(bySub.getRow(3).values).toEqual([undefined, '长兴路街道', 0, 0, 1, 0, 1]);

    const changes = workbook.getWorksheet('等级变化')!;
    expect(changes.getRow(1).getCell(1).text).toBe('日期');
    expect(changes.rowCount).toBe(1 + 31);
  });
});
