/**
 * Bulk import and export of the merchant registry against a real database
 * (docs/merchants.md#import-and-export): files as the bureau's staff make
 * them (UTF-8 and GBK CSV from Excel, .xlsx), a per-row error report, jobs
 * that run in the background, duplicates, and export → import round trips.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { MerchantDto } from '@civic/shared';
import { convertPoint } from '../server/src/modules/geo/crs.ts';
import { connected, nextEvent, startTestServer } from './support/app.ts';
import { CROSSING } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
}

interface ImportJob {
  id: number;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  total: number;
  done: number;
  failed: number;
  errors: RowError[];
  errorCount: number;
  message: string | null;
  ignoredColumns?: string[];
  field?: string;
}

async function upload(
  body: string | Buffer,
  contentType: string,
  { token = world.tokens.admin, query = '' }: { token?: string; query?: string } = {},
) {
  const response = await fetch(`${world.server.baseUrl}/api/merchants/imports${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as ImportJob & { message: string } };
}

async function get(path: string, token = world.tokens.admin) {
  const response = await fetch(`${world.server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Polls until the job leaves 'running'; every observation in `seen`. */
async function finished(id: number, seen: ImportJob[] = []): Promise<ImportJob> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    const { status, bytes } = await get(`/api/merchants/imports/${id}`);
    expect(status).toBe(200);
    const job = JSON.parse(bytes.toString('utf8')) as ImportJob;
    seen.push(job);
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

async function importAndWait(body: string | Buffer, contentType: string, query = ''): Promise<ImportJob> {
  const started = await upload(body, contentType, { query });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return { ...(await finished(started.body.id)), ignoredColumns: started.body.ignoredColumns };
}

const csv = (rows: (string | number)[][]) => rows.map((cells) => cells.join(',')).join('\r\n') + '\r\n';

const HEADER = ['店名', '类型', '经营者', '联系电话', '地址', '经度', '纬度', '坐标系', '发卡日期', '发卡人', '备注'];

const countMerchants = async () =>
  (await world.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM merchants')).rows[0]!.n;

/** A point in the fixture's sub-district, `n` steps north-east of the crossing. */
const inside = (n: number) => ({ lng: +(113.61 + n * 0.0001).toFixed(6), lat: +(34.81 + n * 0.00005).toFixed(6) });

/**
 * An encoder for GB18030's two-byte range, made from Node's own decoder
 * (Node has no GBK encoder): every lead and trail byte pair decoded once.
 */
function gbkEncoder(): (text: string) => Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== '\uFFFD' && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  return (text) =>
    Buffer.from(
      [...text].flatMap((char) => {
        if (char.charCodeAt(0) < 0x80) return [char.charCodeAt(0)];
        const bytes = table.get(char);
        if (!bytes) throw new Error(`no GBK bytes for ${char}`);
        return bytes;
      }),
    );
}

describe('importing a CSV', () => {
  it('registers the good rows and reports every bad one with its spreadsheet row and column', async () => {
    // Already registered by hand: the file's row 11 is the same shop.
    const existing = await world.server.request<MerchantDto>('POST', '/api/merchants', {
      token: world.tokens.admin,
      body: { name: '张记水果', kind: 'shop', address: '英才街6号', location: inside(1) },
    });
    expect(existing.status).toBe(201);
    const gcj = convertPoint(inside(3), 'wgs84', 'gcj02');

    const dispatcher = world.server.connect(world.tokens.dispatcher);
    await connected(dispatcher);
    // The hand registration above may still be announcing itself: only the imported merchants count.
    const graded: number[] = [];
    dispatcher.on('merchant:graded', ({ merchant }) => graded.push(merchant.id));
    const pushed = nextEvent(dispatcher, 'merchants:changed');

    const file = csv([
      HEADER,
      [
        '老街烧烤',
        '门店',
        '李四',
        '138-0013-8000',
        '天河路20号',
        inside(2).lng,
        inside(2).lat,
        '',
        '2026-03-01',
        '王队员',
        '东侧',
      ],
      ['刘姐煎饼', '流动摊贩', '刘芳', '13900139000', '', gcj.lng, gcj.lat, 'GCJ02', '2026/3/1', '', ''],
      ['', '门店', '', '', '天河路22号', inside(4).lng, inside(4).lat, '', '', '', ''],
      ['错类型', '小卖部', '', '', '天河路24号', inside(5).lng, inside(5).lat, '', '', '', ''],
      ['坐标错', '门店', '', '', '天河路26号', 'abc', 'xyz', '', '', '', ''],
      ['在北京', '门店', '', '', '长安街1号', 116.397, 39.909, '', '', '', ''],
      ['电话错', '门店', '', '138OO138000', '天河路28号', inside(6).lng, inside(6).lat, '', '', '', ''],
      ['日期错', '门店', '', '', '天河路30号', inside(7).lng, inside(7).lat, '', '2026-13-45', '', ''],
      ['张记 水果', 'shop', '', '', '英才街６号', inside(8).lng, inside(8).lat, '', '', '', ''],
      ['老街烧烤', '门店', '', '13800138000', '别处', inside(9).lng, inside(9).lat, '', '', '', ''],
      ['全角坐标', '门店', '', '', '天河路32号', '１１３.６１１', '３４.８１１', 'WGS84', '', '', ''],
    ]);
    const job = await importAndWait(file, 'text/csv; charset=utf-8');

    expect(job).toMatchObject({ status: 'done', total: 11, done: 11, failed: 8 });
    expect(job.ignoredColumns).toEqual(['备注']);
    expect(job.message).toContain('备注');
    expect(job.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [4, '店名', 'required'],
      [5, '类型', 'invalid_kind'],
      [6, '经度', 'not_a_number'],
      [6, '纬度', 'not_a_number'],
      [7, '经度', 'outside_district'],
      [8, '联系电话', 'invalid_phone'],
      [9, '发卡日期', 'invalid_date'],
      [10, '地址', 'duplicate'],
      [11, '联系电话', 'duplicate'],
    ]);
    expect(job.errors[7]!.message).toContain(`编号 ${existing.body.id}`);
    expect(job.errors[8]!.message).toContain('本文件第 2 行');
    expect(job.errorCount).toBe(9);

    const { rows } = await world.db.pool.query<{
      id: number;
      name: string;
      kind: string;
      operator_phone: string | null;
      lng: number;
      lat: number;
      sub_district: string | null;
      card_issued_on: string | null;
      created_by: string;
      events: { reason: string; to_grade: string; detail: { importId?: number } }[];
    }>(
      `SELECT m.id, m.name, m.kind, m.operator_phone, ST_X(m.location) AS lng, ST_Y(m.location) AS lat,
              sd.name AS sub_district, to_char(m.card_issued_on, 'YYYY-MM-DD') AS card_issued_on,
              u.username AS created_by,
              (SELECT jsonb_agg(jsonb_build_object('reason', e.reason, 'to_grade', e.to_grade, 'detail', e.detail))
                 FROM merchant_grade_events e WHERE e.merchant_id = m.id) AS events
         FROM merchants m LEFT JOIN sub_districts sd ON sd.id = m.sub_district_id JOIN users u ON u.id = m.created_by
        WHERE m.import_id = $1 ORDER BY m.id`,
      [job.id],
    );
    expect(rows.map((r) => r.name)).toEqual(['老街烧烤', '刘姐煎饼', '全角坐标']);
    expect(rows[0]).toMatchObject({
      kind: 'shop',
      operator_phone: '13800138000',
      sub_district: '刘寨街道',
      card_issued_on: '2026-03-01',
      created_by: 'admin',
    });
    // Given in GCJ-02, stored in WGS-84.
    expect(rows[1]!.kind).toBe('street_vendor');
    expect(Math.abs(rows[1]!.lng - inside(3).lng)).toBeLessThan(1e-5);
    expect(Math.abs(rows[1]!.lat - inside(3).lat)).toBeLessThan(1e-5);
    expect(rows[2]).toMatchObject({ lng: 113.611, lat: 34.811 });
    // Each registration is an event on the merchant's history, naming the import.
    for (const row of rows) {
      expect(row.events).toEqual([{ reason: 'registered', to_grade: 'blue', detail: { importId: job.id } }]);
    }
    // …and reaches the dispatchers' maps live: one message for the batch, no grade event per row.
    expect(await pushed).toEqual({ merchantIds: rows.map((r) => r.id) });
    expect(graded.filter((id) => rows.some((r) => r.id === id))).toEqual([]);

    // The full report, for Excel.
    const report = await get(`/api/merchants/imports/${job.id}/errors.csv`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(report.headers.get('content-disposition')).toContain(encodeURIComponent('错误报告'));
    expect([...report.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = report.bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('行号,列,错误说明,错误代码');
    expect(lines).toHaveLength(10);
    expect(lines[1]).toMatch(/^4,店名,.+,required$/);

    // The same file again: every row is a duplicate or as bad as before; the registry does not grow.
    const before = await countMerchants();
    const again = await importAndWait(file, 'text/csv');
    expect(again).toMatchObject({ status: 'done', total: 11, failed: 11 });
    expect(again.errors.filter((e) => e.code === 'duplicate').map((e) => e.row)).toEqual([2, 3, 10, 11, 12]);
    expect(await countMerchants()).toBe(before);
  });

  it('reads a GBK file as Excel on a Chinese Windows saves it', async () => {
    const encode = gbkEncoder();
    const file = encode(
      csv([
        ['店名', '类型', '经营者', '地址', '经度', '纬度'],
        ['惠济烩面馆', '门店', '赵师傅', '天河路40号', inside(20).lng, inside(20).lat],
        ['糖葫芦', '流动摊贩', '钱大爷', '', inside(21).lng, inside(21).lat],
      ]),
    );
    // Not valid UTF-8: the decoder has to fall back to GB18030.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow();
    const job = await importAndWait(file, 'text/csv');
    expect(job).toMatchObject({ status: 'done', total: 2, failed: 0 });
    const { rows } = await world.db.pool.query<{ name: string; operator_name: string }>(
      'SELECT name, operator_name FROM merchants WHERE import_id = $1 ORDER BY id',
      [job.id],
    );
    expect(rows).toEqual([
      { name: '惠济烩面馆', operator_name: '赵师傅' },
      { name: '糖葫芦', operator_name: '钱大爷' },
    ]);
  });

  it('follows a large file to the end, its progress only ever growing, telling the maps once a batch', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const at = inside(100 + (i % 400));
      // Every 500th row is bad, the rest register.
      return [`批量商户${i}`, i % 500 === 7 ? '未知' : '门店', `天河路${i}号`, at.lng, at.lat];
    });
    const before = await countMerchants();
    const wall = world.server.connect(world.tokens.dispatcher);
    await connected(wall);
    const changed: number[][] = [];
    let graded = 0;
    wall.on('merchants:changed', ({ merchantIds }) => changed.push(merchantIds));
    wall.on('merchant:graded', () => graded++);
    const started = await upload(csv([['店名', '类型', '地址', '经度', '纬度'], ...rows]), 'text/csv');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', total: 2000 });
    const seen: ImportJob[] = [];
    const job = await finished(started.body.id, seen);
    expect(job).toMatchObject({ status: 'done', total: 2000, done: 2000, failed: 4 });
    expect(job.errors.map((e) => e.row)).toEqual([9, 509, 1009, 1509]);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
      expect(seen[i]!.done).toBeLessThanOrEqual(2000);
    }
    expect(await countMerchants()).toBe(before + 1996);

    // A one-row import after it: its message reaches this socket after every message of the first.
    const marker = inside(99);
    const barrier = nextEvent(wall, 'merchants:changed', ({ merchantIds }) => merchantIds.length === 1);
    const extra = await importAndWait(
      csv([
        ['店名', '类型', '经度', '纬度'],
        ['批量之后', '门店', marker.lng, marker.lat],
      ]),
      'text/csv',
    );
    expect(extra).toMatchObject({ status: 'done', failed: 0 });
    expect(changed.pop()).toEqual((await barrier).merchantIds);

    // One message per batch of 200 rows, carrying exactly the merchants that batch registered.
    const { rows: registered } = await world.db.pool.query<{ id: number; name: string }>(
      'SELECT id, name FROM merchants WHERE import_id = $1 ORDER BY id',
      [job.id],
    );
    const batches = Array.from({ length: 10 }, (_, b) =>
      registered.filter((m) => Math.floor(Number(m.name.slice('批量商户'.length)) / 200) === b).map((m) => m.id),
    );
    expect(batches.map((ids) => ids.length)).toEqual([199, 200, 199, 200, 200, 199, 200, 199, 200, 200]);
    expect(changed).toEqual(batches);
    expect(graded).toBe(0);
  }, 120_000);
});

describe('a file full of errors', () => {
  it('keeps the first 10,000 errors and says that it dropped the rest', async () => {
    const rows = Array.from({ length: 10_050 }, (_, i) => [`错行${i}`, '小卖部', CROSSING.lng, CROSSING.lat]);
    const job = await importAndWait(csv([['店名', '类型', '经度', '纬度'], ...rows]), 'text/csv');
    expect(job).toMatchObject({ status: 'done', total: 10_050, done: 10_050, failed: 10_050, errorCount: 10_000 });
    expect(job.errors).toHaveLength(100);
    expect(job.message).toContain('只保留前 10000 条');
    const report = await get(`/api/merchants/imports/${job.id}/errors.csv`);
    const lines = report.bytes.toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(10_001);
    expect(lines.at(-1)).toMatch(/^10001,类型,/);
  }, 60_000);
});

describe('jobs across nodes', () => {
  it('lets any node answer for a job, and a node that stops ends its jobs after the current batch', async () => {
    const other = await startTestServer(world.db);
    let stopped = false;
    try {
      const rows = Array.from({ length: 1000 }, (_, i) => {
        const at = inside(200 + (i % 200));
        return [`停机商户${i}`, '门店', at.lng, at.lat];
      });
      const response = await fetch(`${other.baseUrl}/api/merchants/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.tokens.admin}`, 'content-type': 'text/csv' },
        body: csv([['店名', '类型', '经度', '纬度'], ...rows]),
      });
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as ImportJob;
      // This node answers for the other's job from the database.
      expect((await get(`/api/merchants/imports/${id}`)).status).toBe(200);

      await other.close();
      stopped = true;
      const job = await finished(id);
      expect(job.status).toBe('failed');
      expect(job.message).toContain('服务器停止');
      expect(job.done).toBeLessThan(1000);
      // Progress is written with each batch's rows: it counts exactly the committed ones.
      expect(job.done % 200).toBe(0);
      const { rows: registered } = await world.db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM merchants WHERE import_id = $1',
        [id],
      );
      expect(registered[0]!.n).toBe(job.done - job.failed);
    } finally {
      if (!stopped) await other.close();
    }
  });
});

describe('importing a workbook', () => {
  it('reads text, number, date and rich-text cells under a title line', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('商户');
    sheet.addRow(['刘寨街道一卡四色商户登记表']);
    sheet.addRow([
      '店名',
      '类型',
      '经营者',
      '联系电话',
      '经营类型',
      '门头描述',
      '经营工具',
      '地址',
      '经度',
      '纬度',
      '发卡日期',
      '发卡人',
      '状态',
    ]);
    const at = inside(30);
    sheet.addRow([
      { richText: [{ text: '王婆' }, { text: '瓜子', font: { bold: true } }] },
      '门店',
      '王婆',
      13712345678,
      '炒货',
      '黄色灯箱',
      '炒锅',
      '英才街9号',
      at.lng,
      at.lat,
      new Date(Date.UTC(2026, 1, 14)),
      '孙队员',
      '停业',
    ]);
    sheet.addRow(['无坐标', '门店']);
    const job = await importAndWait(Buffer.from(await workbook.xlsx.writeBuffer()), XLSX);
    expect(job).toMatchObject({ status: 'done', total: 2, failed: 1 });
    expect(job.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [4, '经度', 'required'],
      [4, '纬度', 'required'],
    ]);
    const { rows } = await world.db.pool.query(
      `SELECT name, operator_phone, business_type, storefront_description, business_tools,
              to_char(card_issued_on, 'YYYY-MM-DD') AS card_issued_on, card_issued_by, active
         FROM merchants WHERE import_id = $1`,
      [job.id],
    );
    expect(rows).toEqual([
      {
        name: '王婆瓜子',
        operator_phone: '13712345678',
        business_type: '炒货',
        storefront_description: '黄色灯箱',
        business_tools: '炒锅',
        card_issued_on: '2026-02-14',
        card_issued_by: '孙队员',
        active: false,
      },
    ]);
  });

  it('hands out templates that import as they are', async () => {
    const template = await get('/api/merchants/import-template?format=xlsx');
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toBe(XLSX);
    const job = await importAndWait(template.bytes, XLSX);
    expect(job).toMatchObject({ status: 'done', total: 1, failed: 0 });
    // The CSV template is the same example: already registered now.
    const csvTemplate = await get('/api/merchants/import-template?format=csv');
    expect(csvTemplate.bytes.toString('utf8')).toMatch(/^\uFEFF店名,类型,经营者,联系电话/);
    const again = await importAndWait(csvTemplate.bytes, 'text/csv');
    expect(again).toMatchObject({ total: 1, failed: 1, errors: [{ row: 2, code: 'duplicate' }] });
  });
});

describe('exporting', () => {
  it('writes the import’s columns and the registry’s own, honouring the search filters', async () => {
    const at = inside(50);
    const created = await world.server.request<MerchantDto>('POST', '/api/merchants', {
      token: world.tokens.admin,
      body: {
        name: '导出测试面馆',
        kind: 'shop',
        operatorName: '周老板',
        operatorPhone: '13611112222',
        address: '天河路50号, 东侧',
        businessType: '餐饮',
        storefrontDescription: '=SUM(A1) 样的门头',
        location: at,
        cardIssuedOn: '2026-04-02',
        cardIssuedBy: '吴队员',
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await world.db.pool.query(`UPDATE merchants SET grade = 'yellow' WHERE id = $1`, [id]);
    await world.db.pool.query(
      `INSERT INTO merchant_violations (merchant_id, violation_type, occurred_at) VALUES ($1, '0201', now())`,
      [id],
    );

    const exported = await get('/api/merchants/export?format=csv&grade=yellow');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(
      /attachment; filename="merchants_\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect([...exported.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = exported.bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      '编号,店名,类型,经营者,联系电话,经营类型,门头描述,经营工具,地址,经度,纬度,坐标系,发卡日期,发卡人,状态,街道,网格,等级,定级时间,计入违规次数',
    );
    expect(lines).toHaveLength(2);
    // The quoted address holds a comma: the grade's date is the 20th comma-separated piece.
    const gradeSince = lines[1]!.split(',')[19]!;
    expect(gradeSince).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(lines[1]).toBe(
      `${id},导出测试面馆,门店,周老板,13611112222,餐饮,'=SUM(A1) 样的门头,,"天河路50号, 东侧",${at.lng},${at.lat},WGS84,2026-04-02,吴队员,在营,刘寨街道,,黄色,${gradeSince},1`,
    );

    // A dispatcher's copy masks the operator.
    const masked = await get('/api/merchants/export?format=csv&q=导出测试', world.tokens.dispatcher);
    expect(masked.status).toBe(200);
    expect(masked.bytes.toString('utf8')).toContain(',周**,136****2222,');
    expect(masked.bytes.toString('utf8')).not.toContain('13611112222');
  });

  it('round-trips: an exported file, CSV or Excel, registers the same entries again', async () => {
    const at = inside(60);
    await world.server.request('POST', '/api/merchants', {
      token: world.tokens.admin,
      body: {
        name: '往返测试摊',
        kind: 'street_vendor',
        operatorName: '郑大姐',
        operatorPhone: '+86 137-0000-1111',
        businessTools: '三轮车',
        location: at,
        cardIssuedOn: '2026-05-05',
        cardIssuedBy: '冯队员',
      },
    });
    const snapshot = async () =>
      (
        await world.db.pool.query<Record<string, unknown>>(
          `SELECT name, kind, operator_name, operator_phone, business_type, storefront_description, business_tools,
                  address, ST_X(location) AS lng, ST_Y(location) AS lat, sub_district_id,
                  to_char(card_issued_on, 'YYYY-MM-DD') AS card, card_issued_by, active
             FROM merchants WHERE name IN ('往返测试摊', '导出测试面馆') ORDER BY name`,
        )
      ).rows;
    const original = await snapshot();
    expect(original).toHaveLength(2);
    const remove = () =>
      world.db.pool.query(
        `WITH gone AS (SELECT id FROM merchants WHERE name IN ('往返测试摊', '导出测试面馆')),
              v AS (DELETE FROM merchant_violations WHERE merchant_id IN (SELECT id FROM gone)),
              e AS (DELETE FROM merchant_grade_events WHERE merchant_id IN (SELECT id FROM gone))
         DELETE FROM merchants WHERE id IN (SELECT id FROM gone)`,
      );

    for (const format of ['csv', 'xlsx'] as const) {
      const exported = await get(`/api/merchants/export?format=${format}&q=测试`);
      expect(exported.status).toBe(200);
      // While they are registered, the export imports as nothing but duplicates.
      const duplicates = await importAndWait(exported.bytes, format === 'csv' ? 'text/csv' : XLSX);
      expect(duplicates).toMatchObject({ total: 2, failed: 2 });
      expect(duplicates.errors.every((e) => e.code === 'duplicate')).toBe(true);
      expect(duplicates.ignoredColumns).toEqual([]);

      await remove();
      const job = await importAndWait(exported.bytes, format === 'csv' ? 'text/csv' : XLSX);
      expect(job, format).toMatchObject({ status: 'done', total: 2, failed: 0 });
      expect(await snapshot(), format).toEqual(original);
    }
  });

  it('is for admins, supervisors and dispatchers, in CSV or Excel only', async () => {
    expect((await get('/api/merchants/export?format=xlsx', world.tokens.supervisor)).status).toBe(200);
    expect((await get('/api/merchants/export?format=csv', world.tokens.clerk)).status).toBe(403);
    expect((await get('/api/merchants/export?format=csv', world.tokens.near_member)).status).toBe(403);
    const pdf = await get('/api/merchants/export?format=pdf');
    expect(pdf.status).toBe(400);
    expect(JSON.parse(pdf.bytes.toString('utf8'))).toMatchObject({ field: 'querystring.format' });
    expect((await get('/api/merchants/export?format=csv&limit=10')).status).toBe(400);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await get('/api/merchants/export?format=xlsx&kind=street_vendor')).bytes as unknown as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('店名');
    const kinds = new Set<unknown>();
    sheet.eachRow((row, n) => n > 1 && kinds.add(row.getCell(3).value));
    expect([...kinds]).toEqual(['流动摊贩']);
  });
});

describe('refusals', () => {
  it('lets only admins and supervisors import, see jobs and fetch templates', async () => {
    const file = csv([
      ['店名', '类型', '经度', '纬度'],
      ['权限测试', '门店', CROSSING.lng, CROSSING.lat],
    ]);
    expect((await upload(file, 'text/csv', { token: world.tokens.dispatcher })).status).toBe(403);
    expect((await upload(file, 'text/csv', { token: world.tokens.near_member })).status).toBe(403);
    const started = await upload(file, 'text/csv', { token: world.tokens.supervisor });
    expect(started.status).toBe(202);
    expect((await get(`/api/merchants/imports/${started.body.id}`, world.tokens.clerk)).status).toBe(403);
    expect((await get(`/api/merchants/imports/${started.body.id}/errors.csv`, world.tokens.dispatcher)).status).toBe(
      403,
    );
    expect((await get('/api/merchants/import-template?format=csv', world.tokens.dispatcher)).status).toBe(403);
    const anonymous = await fetch(`${world.server.baseUrl}/api/merchants/imports`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: file,
    });
    expect(anonymous.status).toBe(401);
    await finished(started.body.id);
  });

  it('answers malformed files with a 4xx naming the problem, never a 500, and imports nothing', async () => {
    const before = await countMerchants();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('商户').addRow(['店名', '类型', '经度', '纬度']);
    workbook.getWorksheet('商户')!.addRow(['截断', '门店', CROSSING.lng, CROSSING.lat]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const cases: [string, string | Buffer, string, RegExp][] = [
      ['empty', '', 'text/csv', /空/],
      ['header only', '店名,类型,经度,纬度\r\n', 'text/csv', /没有数据行/],
      ['missing columns', '店名,地址\r\n某店,某路\r\n', 'text/csv', /缺少必需的列：类型、经度、纬度/],
      ['binary garbage as CSV', garbage, 'text/csv', /不是文本文件|编码/],
      ['binary garbage as xlsx', garbage, XLSX, /不是 Excel/],
      ['truncated xlsx', xlsx.subarray(0, xlsx.length - 200), XLSX, /损坏|不完整/],
      ['old xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), garbage]), 'application/vnd.ms-excel', /\.xls/],
      ['unclosed quote', '店名,类型,经度,纬度\r\n"坏,门店,1,2\r\n', 'text/csv', /CSV 无法读取/],
    ];
    for (const [name, body, type, message] of cases) {
      const { status, body: answer } = await upload(body, type);
      expect(status, name).toBe(400);
      expect(answer.field, name).toBe('body');
      expect(answer.message, name).toMatch(message);
    }
    for (const type of ['application/json', 'application/xml', 'multipart/form-data; boundary=x']) {
      const { status } = await upload('{"a":1}', type);
      expect(status, type).toBe(415);
    }
    expect((await upload('店名\n', 'text/csv', { query: '?format=pdf' })).body.field).toBe('querystring.format');
    expect((await upload('店名\n', 'text/csv', { query: '?crs=mars' })).status).toBe(400);
    expect((await get('/api/merchants/import-template?format=doc')).status).toBe(400);
    expect((await get('/api/merchants/imports/999999')).status).toBe(404);
    expect((await get('/api/merchants/imports/999999/errors.csv')).status).toBe(404);
    expect(await countMerchants()).toBe(before);
  });

  it('takes a CSV sent as text/plain or octet-stream, and an xlsx as octet-stream, by ?format= or its bytes', async () => {
    const at = inside(70);
    const plain = await importAndWait(
      csv([
        ['店名', '类型', '经度', '纬度'],
        ['纯文本', '门店', at.lng, at.lat],
      ]),
      'text/plain',
      '?format=csv',
    );
    expect(plain).toMatchObject({ status: 'done', failed: 0 });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('商户').addRows([
      ['店名', '类型', '经度', '纬度'],
      ['八位字节', '门店', at.lng, at.lat + 0.001],
    ]);
    const octet = await importAndWait(Buffer.from(await workbook.xlsx.writeBuffer()), 'application/octet-stream');
    expect(octet).toMatchObject({ status: 'done', failed: 0 });
  });
});
