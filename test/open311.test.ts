import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_ACTION_PATHS, type CaseActionName, type CaseDto, type CaseTimeline, type TimeLimit } from '@civic/shared';
import { loadCalendar } from '../server/src/modules/clocks/settings.ts';
import { CROSSING } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

// The spec's example responses (https://wiki.open311.org/GeoReport_v2/), verbatim --------------

const SPEC_SERVICES_XML = `<?xml version="1.0" encoding="utf-8"?>
<services>
    <service>
        <service_code>001</service_code>
        <service_name>Cans left out 24x7</service_name>
        <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>
        <metadata>true</metadata>
        <type>realtime</type>
        <keywords>lorem, ipsum, dolor</keywords>
        <group>sanitation</group>
    </service>
</services>`;

const SPEC_DEFINITION_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_definition>
    <service_code>DMV66</service_code>
    <attributes>
        <attribute>
            <variable>true</variable>
            <code>WHISHETN</code>
            <datatype>singlevaluelist</datatype>
            <required>true</required>
            <datatype_description></datatype_description>
            <order>1</order>
            <description>What is the ticket/tag/DL number?</description>
            <values>
                <value>
                    <key>123</key>
                    <name>Ford</name>
                </value>
            </values>
        </attribute>
    </attributes>
</service_definition>`;

const SPEC_POST_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>293944</service_request_id>
        <service_notice>
            The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code
        </service_notice>
        <account_id/>
    </request>
</service_requests>`;

const SPEC_REQUESTS_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>638344</service_request_id>
        <status>closed</status>
        <status_notes>Duplicate request.</status_notes>
        <service_name>Sidewalk and Curb Issues</service_name>
        <service_code>006</service_code>
        <description></description>
        <agency_responsible></agency_responsible>
        <service_notice></service_notice>
        <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
        <updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
        <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime>
        <address>8TH AVE and JUDAH ST</address>
        <address_id>545483</address_id>
        <zipcode>94122</zipcode>
        <lat>37.762221815</lat>
        <long>-122.4651145</long>
        <media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg </media_url>
    </request>
</service_requests>`;

const SPEC_ERRORS_XML = `<?xml version="1.0" encoding="utf-8"?>
<errors>
    <error>
        <code>403</code>
        <description>Invalid api_key received -- can't proceed with create_request.</description>
    </error>
</errors>`;

/** Item elements are lists even with one entry, as the Spark convention reads them. */
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error', 'attribute', 'value'].includes(name),
});

type XmlDoc = Record<string, Record<string, unknown>>;
const parseXml = (text: string) => xml.parse(text) as XmlDoc;
const itemsOf = (doc: XmlDoc, root: string, item: string) => doc[root]![item] as Record<string, unknown>[];

const SPEC = {
  service: Object.keys(itemsOf(parseXml(SPEC_SERVICES_XML), 'services', 'service')[0]!),
  definition: Object.keys(parseXml(SPEC_DEFINITION_XML).service_definition!),
  created: Object.keys(itemsOf(parseXml(SPEC_POST_XML), 'service_requests', 'request')[0]!),
  request: Object.keys(itemsOf(parseXml(SPEC_REQUESTS_XML), 'service_requests', 'request')[0]!),
  error: Object.keys(itemsOf(parseXml(SPEC_ERRORS_XML), 'errors', 'error')[0]!),
};

// Helpers ------------------------------------------------------------------------------

interface Answer {
  status: number;
  type: string;
  text: string;
  headers: Headers;
}

async function o311(
  method: string,
  path: string,
  options: { form?: Record<string, string>; json?: unknown; raw?: { body: string; type: string } } = {},
): Promise<Answer> {
  const body = options.form
    ? { body: new URLSearchParams(options.form).toString(), type: 'application/x-www-form-urlencoded; charset=utf-8' }
    : options.json !== undefined
      ? { body: JSON.stringify(options.json), type: 'application/json' }
      : options.raw;
  const response = await fetch(`${world.server.baseUrl}/open311/v2/${path}`, {
    method,
    headers: body ? { 'content-type': body.type } : {},
    body: body?.body,
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
    headers: response.headers,
  };
}

const json = <T>(answer: Answer): T => JSON.parse(answer.text) as T;

interface RequestJson {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string | null;
  description: string | null;
  agency_responsible: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  lat: number | null;
  long: number | null;
  media_url: null;
}
type ErrorsJson = { code: number; description: string }[];

/** An error answer in the spec's format, JSON or XML; its single description. */
function expectError(answer: Answer, status: number, mentions?: string): string {
  expect(answer.status, answer.text).toBe(status);
  let description: string;
  if (answer.type.startsWith('text/xml')) {
    const errors = itemsOf(parseXml(answer.text), 'errors', 'error');
    expect(errors).toHaveLength(1);
    expect(Object.keys(errors[0]!)).toEqual(SPEC.error);
    expect(errors[0]!.code).toBe(String(status));
    description = errors[0]!.description as string;
  } else {
    expect(answer.type).toBe('application/json; charset=utf-8');
    const errors = json<ErrorsJson>(answer);
    expect(errors).toHaveLength(1);
    expect(Object.keys(errors[0]!)).toEqual(SPEC.error);
    expect(errors[0]!.code).toBe(status);
    description = errors[0]!.description;
  }
  if (mentions) expect(description).toContain(mentions);
  return description;
}

async function createKey(name: string, rateLimitPerMinute?: number): Promise<{ id: number; key: string }> {
  const created = await world.server.request<{ id: number; key: string }>('POST', '/api/open311/keys', {
    token: world.tokens.admin,
    body: { name, ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

let apiKey = '';

/** Files a request in JSON and insists it worked; its case number. */
async function file(fields: Record<string, string> = {}, key = apiKey): Promise<string> {
  const answer = await o311('POST', 'requests.json', {
    form: {
      api_key: key,
      service_code: '0101',
      lat: String(CROSSING.lat),
      long: String(CROSSING.lng),
      description: '英才街路口垃圾桶满溢',
      ...fields,
    },
  });
  expect(answer.status, answer.text).toBe(200);
  return json<{ service_request_id: string }[]>(answer)[0]!.service_request_id;
}

async function get(id: string): Promise<RequestJson> {
  const answer = await o311('GET', `requests/${id}.json`);
  expect(answer.status, answer.text).toBe(200);
  const list = json<RequestJson[]>(answer);
  expect(list).toHaveLength(1);
  return list[0]!;
}

async function caseIdOf(caseNo: string): Promise<number> {
  const { rows } = await world.db.pool.query<{ id: number }>('SELECT id FROM cases WHERE case_no = $1', [caseNo]);
  return rows[0]!.id;
}

async function act(
  token: string | undefined,
  caseId: number,
  action: CaseActionName,
  body: unknown = {},
): Promise<CaseDto> {
  const response = await world.server.request<CaseDto>('POST', `/api/cases/${caseId}/${CASE_ACTION_PATHS[action]}`, {
    token,
    body,
  });
  expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

/** A squad of its own at the crossing with a member logged in (as in lifecycle.test.ts). */
async function freshSquad(code: string): Promise<{ id: number; name: string; token: string }> {
  const name = `${code}执法中队`;
  const { rows } = await world.db.pool.query<{ id: number }>(
    `INSERT INTO squads (code, name, kind, status, position, position_at)
     VALUES ($1, $2, 'enforcement', 'available', ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography, now())
     RETURNING id`,
    [code, name, CROSSING.lng, CROSSING.lat],
  );
  const id = rows[0]!.id;
  await world.db.pool.query(
    `INSERT INTO users (username, display_name, password_hash, role, squad_id)
     SELECT $1, $1, password_hash, 'squad_member', $2 FROM users WHERE username = 'near_member'`,
    [`m-${code}`, id],
  );
  return { id, name, token: (await world.server.login(`m-${code}`)).token };
}

async function timeline(caseId: number): Promise<CaseTimeline> {
  return (
    await world.server.request<CaseTimeline>('GET', `/api/cases/${caseId}/timeline`, { token: world.tokens.supervisor })
  ).body;
}

/** The answers carry whole seconds. */
const second = (at: string | Date) => Math.floor(new Date(at).getTime() / 1000);

beforeAll(async () => {
  apiKey = (await createKey('测试客户端')).key;
});

// Services --------------------------------------------------------------------------------

describe('GET services', () => {
  it('lists the active 小类 as services, shaped like the spec’s example, in JSON and XML', async () => {
    const answer = await o311('GET', 'services.json');
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/json; charset=utf-8');
    const services = json<Record<string, unknown>[]>(answer);
    expect(services.length).toBeGreaterThan(10);
    for (const service of services) expect(Object.keys(service).sort()).toEqual([...SPEC.service].sort());
    const garbage = services.find((s) => s.service_code === '0101')!;
    expect(garbage).toMatchObject({
      service_name: '暴露垃圾',
      metadata: false,
      type: 'realtime',
      group: '市容环境',
    });
    expect(garbage.keywords).toContain('生活垃圾, ');
    expect(garbage.description).toContain('派遣后 2 个工作小时内处置完毕');
    // 大类 are groups, not services.
    expect(services.some((s) => s.service_code === '01')).toBe(false);

    const asXml = await o311('GET', 'services.xml');
    expect(asXml.status).toBe(200);
    expect(asXml.type).toBe('text/xml; charset=utf-8');
    expect(asXml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const items = itemsOf(parseXml(asXml.text), 'services', 'service');
    expect(items).toHaveLength(services.length);
    for (const item of items) expect(Object.keys(item)).toEqual(Object.keys(services[0]!));
    expect(items.find((s) => s.service_code === '0101')).toEqual({ ...garbage, metadata: 'false' });
  });

  it('leaves out a deactivated category, and describes one without a disposal limit without a deadline', async () => {
    const created = await world.server.request('POST', '/api/categories', {
      token: world.tokens.admin,
      body: { code: '0199', parentCode: '01', name: '测试无时限', nameEn: 'No time limit', priority: 3, limits: {} },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const listed = json<Record<string, unknown>[]>(await o311('GET', 'services.json'));
    expect(listed.find((s) => s.service_code === '0199')).toMatchObject({
      description: 'No time limit',
      keywords: null,
    });

    const id = await file({ service_code: '0199' });
    expect((await get(id)).expected_datetime).toBeNull();

    await world.server.request('PATCH', '/api/categories/0199', { token: world.tokens.admin, body: { active: false } });
    const after = json<Record<string, unknown>[]>(await o311('GET', 'services.json'));
    expect(after.some((s) => s.service_code === '0199')).toBe(false);
    expectError(await o311('GET', 'services/0199.json'), 404, '0199');
    // Its requests are still there to follow.
    expect((await get(id)).service_code).toBe('0199');
  });
});

describe('documentation', () => {
  it('lists the GeoReport routes and the key administration in the OpenAPI document', async () => {
    const { body } = await world.server.request<{ paths: Record<string, unknown> }>('GET', '/api/docs/json');
    const paths = Object.keys(body.paths).filter((path) => path.includes('open311'));
    expect(paths.sort()).toEqual(
      [
        '/api/open311/keys',
        '/api/open311/keys/{id}/revoke',
        '/open311/v2/requests.{format}',
        '/open311/v2/requests/{service_request_id}.{format}',
        '/open311/v2/services.{format}',
        '/open311/v2/services/{service_code}.{format}',
      ].sort(),
    );
  });
});

describe('GET service definition', () => {
  it('answers a service without attributes with its code and an empty attribute list', async () => {
    const answer = await o311('GET', 'services/0101.json');
    expect(answer.status).toBe(200);
    const definition = json<Record<string, unknown>>(answer);
    expect(Object.keys(definition)).toEqual(SPEC.definition);
    expect(definition).toEqual({ service_code: '0101', attributes: [] });

    const asXml = await o311('GET', 'services/0101.xml?jurisdiction_id=example.gov.cn');
    expect(asXml.status).toBe(200);
    const doc = parseXml(asXml.text);
    expect(Object.keys(doc.service_definition!)).toEqual(SPEC.definition);
    expect(doc.service_definition).toEqual({ service_code: '0101', attributes: '' });
  });

  it('answers 404 in the spec’s format for an unknown service, a 大类 and a malformed code', async () => {
    expectError(await o311('GET', 'services/9999.json'), 404, 'service_code 9999');
    expectError(await o311('GET', 'services/9999.xml'), 404, 'service_code 9999');
    expectError(await o311('GET', 'services/01.json'), 404);
    expectError(await o311('GET', `services/${encodeURIComponent("0101' OR 1=1")}.json`), 404);
  });
});

// Filing -----------------------------------------------------------------------------------

describe('POST requests', () => {
  it('files the spec’s example request as a web case and answers its case number directly', async () => {
    const answer = await o311('POST', 'requests.json', {
      form: {
        api_key: apiKey,
        jurisdiction_id: 'example.gov.cn',
        service_code: '0101',
        lat: String(CROSSING.lat),
        long: String(CROSSING.lng),
        address_string: '天河路与英才街交叉口',
        email: 'zhang@example.cn',
        device_id: 'tt222111',
        account_id: '123456',
        first_name: '三丰',
        last_name: '张',
        phone: '13812345678',
        description: '路口垃圾堆了两天没人清运',
        media_url: 'https://example.cn/photos/1.jpg',
      },
    });
    expect(answer.status, answer.text).toBe(200);
    const created = json<Record<string, unknown>[]>(answer);
    expect(created).toHaveLength(1);
    expect(Object.keys(created[0]!)).toEqual(SPEC.created);
    const caseNo = created[0]!.service_request_id as string;
    expect(caseNo).toMatch(/^HJ\d{14}$/);
    expect(created[0]!.account_id).toBeNull();
    expect(created[0]!.service_notice).toContain(caseNo);
    expect(created[0]!.service_notice).toContain('派遣后 2 个工作小时内处置完毕');

    const caseId = await caseIdOf(caseNo);
    const filed = (
      await world.server.request<CaseDto>('GET', `/api/cases/${caseId}`, { token: world.tokens.supervisor })
    ).body;
    expect(filed).toMatchObject({
      channel: 'web',
      categoryCode: '0101',
      status: 'received',
      description: '路口垃圾堆了两天没人清运',
      address: '天河路与英才街交叉口',
      location: CROSSING,
      complainantName: '张三丰',
      complainantPhone: '13812345678',
    });
    const created_ = (await timeline(caseId)).events[0]!;
    expect(created_.type).toBe('case:created');
    expect(created_.detail.origin).toBe('Open311 · 测试客户端');
    const { rows } = await world.db.pool.query(
      `SELECT o.email, o.device_id, o.account_id, o.media_url, k.name
         FROM open311_requests o JOIN open311_keys k ON k.id = o.key_id WHERE o.case_id = $1`,
      [caseId],
    );
    expect(rows).toEqual([
      {
        email: 'zhang@example.cn',
        device_id: 'tt222111',
        account_id: '123456',
        media_url: 'https://example.cn/photos/1.jpg',
        name: '测试客户端',
      },
    ]);
  });

  it('answers in XML, takes JSON bodies and the key in the query string, and places an address_string', async () => {
    const asXml = await o311('POST', 'requests.xml', {
      form: { api_key: apiKey, service_code: '0102', address_string: '天河路', description: '天河路边堆放建材' },
    });
    expect(asXml.status, asXml.text).toBe(200);
    expect(asXml.type).toBe('text/xml; charset=utf-8');
    const items = itemsOf(parseXml(asXml.text), 'service_requests', 'request');
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!)).toEqual(SPEC.created);
    expect(items[0]!.account_id).toBe('');
    const placed = await get(items[0]!.service_request_id as string);
    expect(placed).toMatchObject({ service_code: '0102', address: '天河路', description: '天河路边堆放建材' });
    expect(placed.lat).not.toBeNull();

    const asJson = await o311('POST', `requests.json?api_key=${encodeURIComponent(apiKey)}`, {
      json: { service_code: '0101', lat: CROSSING.lat, long: CROSSING.lng },
    });
    expect(asJson.status, asJson.text).toBe(200);
    // No description: the service's name stands in for it.
    expect((await get(json<{ service_request_id: string }[]>(asJson)[0]!.service_request_id)).description).toBe(
      '暴露垃圾',
    );
  });
});

// Following a request through the lifecycle ------------------------------------------------

describe('status mapping through the lifecycle', () => {
  it('is open from receipt to disposal and through rework, closed once verified; expected_datetime follows the disposal clock', async () => {
    const calendar = await loadCalendar(world.db.pool);
    const squad = await freshSquad('O311');
    const caseNo = await file({ first_name: '三丰', last_name: '张', phone: '13912345678' });
    const caseId = await caseIdOf(caseNo);
    const { rows } = await world.db.pool.query<{ time_limits: { register: TimeLimit; dispose: TimeLimit } }>(
      'SELECT time_limits FROM cases WHERE id = $1',
      [caseId],
    );
    const limits = rows[0]!.time_limits;
    expect(limits.dispose).toEqual({ amount: 2, unit: 'working_hours' });

    // Received: registered within its limit, then disposed within its limit.
    const received = await get(caseNo);
    const filed = (await timeline(caseId)).deadlines.find((d) => d.stage === 'register')!;
    expect(received).toMatchObject({ status: 'open', status_notes: '已受理，待立案 (received)' });
    expect(received.agency_responsible).toBe('区城市管理执法局');
    expect(second(received.expected_datetime!)).toBe(second(calendar.deadline(new Date(filed.dueAt), limits.dispose)));
    expect(received.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

    // Registered: from when it was.
    await act(world.tokens.dispatcher, caseId, 'register');
    const registered = await get(caseNo);
    const metAt = (await timeline(caseId)).deadlines.find((d) => d.stage === 'register')!.metAt!;
    expect(registered).toMatchObject({ status: 'open', status_notes: '处理中 (in progress)' });
    expect(second(registered.expected_datetime!)).toBe(second(calendar.deadline(new Date(metAt), limits.dispose)));

    // Dispatched: the stored disposal deadline.
    const dispatched = await act(world.tokens.dispatcher, caseId, 'assign', { squadId: squad.id });
    const disposeDue = dispatched.deadlines.find((d) => d.stage === 'dispose')!.dueAt;
    for (const action of ['accept', 'en_route', 'on_scene'] as const) {
      const moved = await act(squad.token, caseId, action);
      const now = await get(caseNo);
      expect(now).toMatchObject({ status: 'open', status_notes: '处理中 (in progress)' });
      expect(second(now.expected_datetime!)).toBe(second(disposeDue));
      expect(second(now.updated_datetime)).toBe(second(moved.updatedAt));
    }

    // Evidence photos stay behind the staff login: media_url stays empty.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const photo = await fetch(`${world.server.baseUrl}/api/cases/${caseId}/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${squad.token}`, 'content-type': 'image/png' },
      body: png,
    });
    expect(photo.status).toBe(201);
    const { id: photoId } = (await photo.json()) as { id: number };
    await act(squad.token, caseId, 'dispose', { note: '已清运', photoIds: [photoId] });
    const disposed = await get(caseNo);
    expect(disposed.media_url).toBeNull();
    expect(disposed.status).toBe('open');
    expect(disposed.status_notes).toContain('disposed');
    expect(second(disposed.expected_datetime!)).toBe(second(disposeDue));

    // Rework starts a fresh disposal clock: the request is open again, expected later.
    const reworked = await act(world.tokens.supervisor, caseId, 'rework', { reason: '仍有残留' });
    const reworkClock = reworked.deadlines.find((d) => d.stage === 'dispose')!;
    const reworkDue = reworkClock.dueAt;
    // A new clock from the moment of the rework. (Its due time may equal the first one's: outside
    // office hours both run from the next working morning.)
    expect(reworkClock.id).not.toBe(dispatched.deadlines.find((d) => d.stage === 'dispose')!.id);
    const reworkedAt = (await timeline(caseId)).events.find((e) => e.type === 'case:reworked')!.at;
    expect(second(reworkDue)).toBe(second(calendar.deadline(new Date(reworkedAt), limits.dispose)));
    const again = await get(caseNo);
    expect(again.status).toBe('open');
    expect(second(again.expected_datetime!)).toBe(second(reworkDue));

    await act(squad.token, caseId, 'accept');
    await act(squad.token, caseId, 'dispose', { note: '已彻底清理' });
    await act(world.tokens.supervisor, caseId, 'close', { comment: '核查通过' });
    const closedAt = (await timeline(caseId)).events.find((e) => e.type === 'case:closed')!.at;
    // A later event (the reply to the complainant) does not move "the date the request was closed".
    await act(world.tokens.clerk, caseId, 'feedback', { method: 'phone', content: '已处理完毕' });
    const closed = await get(caseNo);
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已核查结案 (closed: resolved and verified)' });
    expect(second(closed.updated_datetime)).toBe(second(closedAt));
    expect(second(closed.expected_datetime!)).toBe(second(reworkDue));

    // Nothing about the squad or the staff, and nothing of the complainant, in any answer about it.
    for (const path of [
      `requests/${caseNo}.json`,
      `requests/${caseNo}.xml`,
      `requests.xml?service_request_id=${caseNo}`,
    ]) {
      const text = (await o311('GET', path)).text;
      for (const secret of [
        squad.name,
        'O311',
        '测试-',
        'm-O311',
        '三丰',
        '13912345678',
        '已清运',
        '仍有残留',
        '核查通过',
      ]) {
        expect(text, `${path} shows ${secret}`).not.toContain(secret);
      }
    }
  });

  it('closes a request the bureau does not register, and one merged into another, saying which', async () => {
    const rejected = await file();
    await act(world.tokens.dispatcher, await caseIdOf(rejected), 'reject', { reason: '属物业管理范围，张先生家门口' });
    const notRegistered = await get(rejected);
    expect(notRegistered).toMatchObject({
      status: 'closed',
      status_notes: '不予立案 (not_registered: not a matter for the bureau)',
      expected_datetime: null,
    });
    expect(JSON.stringify(notRegistered)).not.toContain('物业');

    const duplicate = await file();
    const original = await file();
    await act(world.tokens.dispatcher, await caseIdOf(duplicate), 'merge', { intoCaseId: await caseIdOf(original) });
    const merged = await get(duplicate);
    expect(merged).toMatchObject({ status: 'closed', expected_datetime: null });
    expect(merged.status_notes).toContain(original);
    expect(merged.status_notes).toContain('merged');
    expect((await get(original)).status).toBe('open');
  });
});

// Listing -----------------------------------------------------------------------------------

describe('GET requests', () => {
  it('answers the spec’s example shape in JSON and XML, with no personal data', async () => {
    const caseNo = await file({
      first_name: '小明',
      last_name: '李',
      phone: '13700001111',
      email: 'li@example.cn',
      device_id: 'device-li-42',
      account_id: 'acct-li-7',
      media_url: 'https://example.cn/li.jpg',
      address_string: '英才街夜市疏导点',
    });
    const list = await o311('GET', `requests.json?service_request_id=${caseNo}`);
    expect(list.status).toBe(200);
    const [request] = json<Record<string, unknown>[]>(list);
    expect(Object.keys(request!)).toEqual(SPEC.request);
    expect(request).toMatchObject({
      service_request_id: caseNo,
      status: 'open',
      service_name: '暴露垃圾',
      service_code: '0101',
      description: '英才街路口垃圾桶满溢',
      address: '英才街夜市疏导点',
      address_id: null,
      zipcode: null,
      lat: CROSSING.lat,
      long: CROSSING.lng,
      media_url: null,
    });

    const asXml = await o311('GET', `requests.xml?service_request_id=${caseNo}`);
    expect(asXml.type).toBe('text/xml; charset=utf-8');
    const items = itemsOf(parseXml(asXml.text), 'service_requests', 'request');
    expect(items.map((item) => Object.keys(item))).toEqual([SPEC.request]);
    expect(items[0]).toMatchObject({
      service_request_id: caseNo,
      status: 'open',
      lat: String(CROSSING.lat),
      media_url: '',
    });

    const single = await o311('GET', `requests/${caseNo}.xml`);
    expect(itemsOf(parseXml(single.text), 'service_requests', 'request').map((item) => Object.keys(item))).toEqual([
      SPEC.request,
    ]);
    for (const text of [list.text, asXml.text, single.text, (await o311('GET', 'requests.json')).text]) {
      for (const secret of ['李小明', '小明', '13700001111', 'li@example.cn', 'device-li-42', 'acct-li-7', 'li.jpg']) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('withholds the description of cases that came in through other channels', async () => {
    const clerkCase = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.clerk,
      body: {
        channel: 'hotline',
        description: '王女士来电反映楼下烧烤扰民，电话13600002222',
        categoryCode: '0101',
        location: CROSSING,
        complainantName: '王女士',
        complainantPhone: '13600002222',
      },
    });
    expect(clerkCase.status).toBe(201);
    const seen = await get(clerkCase.body.caseNo);
    expect(seen).toMatchObject({ service_code: '0101', status: 'open', description: null });
    expect(JSON.stringify(seen)).not.toMatch(/王|13600002222/);
  });

  it('filters by service_request_id (overriding the rest), service_code, status and dates', async () => {
    const a = await file({ service_code: '0102' });
    const b = await file();
    await act(world.tokens.dispatcher, await caseIdOf(b), 'reject', { reason: '重复' });

    const byIds = json<RequestJson[]>(
      await o311('GET', `requests.json?service_request_id=${a},${b}&status=closed&service_code=0199`),
    );
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([a, b].sort());
    const repeated = json<RequestJson[]>(
      await o311('GET', `requests.json?service_request_id=${a}&service_request_id=${b}`),
    );
    expect(repeated).toHaveLength(2);
    expect(json<RequestJson[]>(await o311('GET', 'requests.json?service_request_id=HJ00000000000000'))).toEqual([]);

    const garbage = json<RequestJson[]>(await o311('GET', 'requests.json?service_code=0102'));
    expect(garbage.length).toBeGreaterThan(0);
    expect(garbage.every((r) => r.service_code === '0102')).toBe(true);
    expect(garbage.some((r) => r.service_request_id === a)).toBe(true);
    const two = json<RequestJson[]>(await o311('GET', 'requests.json?service_code=0102,0199'));
    expect(new Set(two.map((r) => r.service_code))).toEqual(new Set(['0102', '0199']));

    const closed = json<RequestJson[]>(await o311('GET', 'requests.json?status=closed'));
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    expect(closed.some((r) => r.service_request_id === b)).toBe(true);
    const open = json<RequestJson[]>(await o311('GET', 'requests.json?status=open'));
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect(open.some((r) => r.service_request_id === b)).toBe(false);
    const both = json<RequestJson[]>(await o311('GET', 'requests.json?status=open,closed'));
    expect(both.length).toBe(open.length + closed.length);
    // "Optional": an empty parameter is no parameter.
    expect(json<RequestJson[]>(await o311('GET', 'requests.json?status=&start_date=&service_code='))).toHaveLength(
      both.length,
    );

    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    const recent = json<RequestJson[]>(
      await o311('GET', `requests.json?start_date=${hourAgo}&end_date=${encodeURIComponent(inAnHour)}`),
    );
    expect(recent.some((r) => r.service_request_id === a)).toBe(true);
    const future = json<RequestJson[]>(await o311('GET', `requests.json?start_date=${encodeURIComponent(inAnHour)}`));
    expect(future).toEqual([]);
    // Newest first.
    const times = recent.map((r) => Date.parse(r.requested_datetime));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('defaults to the last 90 days and refuses a wider or inverted range, naming the field', async () => {
    const old = await file();
    await world.db.pool.query(`UPDATE cases SET created_at = now() - interval '100 days' WHERE case_no = $1`, [old]);
    const ids = (answer: Answer) => json<RequestJson[]>(answer).map((r) => r.service_request_id);
    expect(ids(await o311('GET', 'requests.json'))).not.toContain(old);
    const from = new Date(Date.now() - 110 * 86_400_000).toISOString();
    const to = new Date(Date.now() - 95 * 86_400_000).toISOString();
    expect(ids(await o311('GET', `requests.json?start_date=${from}&end_date=${to}`))).toContain(old);
    expect(ids(await o311('GET', `requests.json?end_date=${to}`))).toContain(old);
    expect(ids(await o311('GET', `requests.json?service_request_id=${old}`))).toEqual([old]);

    const wide = new Date(Date.now() - 91 * 86_400_000).toISOString();
    expectError(
      await o311('GET', `requests.json?start_date=${wide}&end_date=${new Date().toISOString()}`),
      400,
      'end_date',
    );
    expectError(await o311('GET', `requests.xml?start_date=${to}&end_date=${from}`), 400, 'end_date');
    expectError(await o311('GET', 'requests.json?start_date=yesterday'), 400, 'start_date');
    expectError(await o311('GET', 'requests.json?start_date=2026-02-30T00:00:00Z'), 400, 'start_date');
    expectError(await o311('GET', 'requests.json?end_date=2026-05-01T00:00:00'), 400, 'end_date');
    expectError(await o311('GET', 'requests.json?status=pending'), 400, 'status');
    expectError(await o311('GET', `requests.json?service_request_id=${encodeURIComponent("x' OR 1=1")}`), 400);
    expectError(await o311('GET', 'requests.json?page=2'), 400, 'page');
  });

  it('answers at most 1000 requests, newest first', async () => {
    await world.db.pool.query(
      `INSERT INTO cases (case_no, channel, description, category_code, created_at, updated_at)
       SELECT 'BULK' || lpad(g::text, 6, '0'), 'hotline', '批量', '0103', now() - make_interval(secs => g),
              now() - make_interval(secs => g)
         FROM generate_series(1, 1005) g`,
    );
    const all = json<RequestJson[]>(await o311('GET', 'requests.json'));
    expect(all).toHaveLength(1000);
    const times = all.map((r) => Date.parse(r.requested_datetime));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(all.filter((r) => r.service_request_id.startsWith('BULK'))[0]!.service_request_id).toBe('BULK000001');
    const bulk = json<RequestJson[]>(await o311('GET', 'requests.json?service_code=0103'));
    expect(bulk).toHaveLength(1000);
    expect(
      itemsOf(parseXml((await o311('GET', 'requests.xml?service_code=0103')).text), 'service_requests', 'request'),
    ).toHaveLength(1000);
  });
});

// Errors and keys -----------------------------------------------------------------------------

describe('errors in the spec’s format', () => {
  it('answers 403 to a missing, wrong or revoked api_key, in JSON and XML', async () => {
    const fields = { service_code: '0101', lat: String(CROSSING.lat), long: String(CROSSING.lng) };
    expectError(await o311('POST', 'requests.json', { form: fields }), 403, 'api_key');
    expectError(await o311('POST', 'requests.xml', { form: fields }), 403, 'api_key');
    expectError(await o311('POST', 'requests.json', { form: { ...fields, api_key: 'o311_guess' } }), 403, 'api_key');
    // The key is checked before the body: an invalid body without a key is still a 403.
    expectError(await o311('POST', 'requests.json', { form: { lat: 'north' } }), 403);

    const partner = await createKey('合作平台');
    await file({}, partner.key);
    const revoked = await world.server.request<{ active: boolean; revokedAt: string }>(
      'POST',
      `/api/open311/keys/${partner.id}/revoke`,
      { token: world.tokens.admin },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.active).toBe(false);
    expectError(await o311('POST', 'requests.json', { form: { ...fields, api_key: partner.key } }), 403, 'api_key');
    const keys = await world.server.request<Record<string, unknown>[]>('GET', '/api/open311/keys', {
      token: world.tokens.admin,
    });
    const listed = keys.body.find((k) => k.id === partner.id)!;
    expect(listed).toMatchObject({ name: '合作平台', active: false });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(keys.body)).not.toContain(partner.key);
    expect(JSON.stringify(keys.body)).not.toMatch(/hash/i);
  });

  it('lets only an administrator manage keys', async () => {
    expect((await world.server.request('GET', '/api/open311/keys')).status).toBe(401);
    const asDispatcher = await world.server.request('POST', '/api/open311/keys', {
      token: world.tokens.dispatcher,
      body: { name: 'x' },
    });
    expect(asDispatcher.status).toBe(403);
    const unknown = await world.server.request('POST', '/api/open311/keys/999999/revoke', {
      token: world.tokens.admin,
    });
    expect(unknown.status).toBe(404);
  });

  it('answers 400 naming the field, and 404 for what does not exist, never 500', async () => {
    const base = { api_key: apiKey, service_code: '0101', lat: String(CROSSING.lat), long: String(CROSSING.lng) };
    const post = (form: Record<string, string>, format = 'json') => o311('POST', `requests.${format}`, { form });
    const without = (name: keyof typeof base) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== name));

    expectError(await post(without('service_code')), 400, 'service_code');
    expectError(await post({ ...base, service_code: '9999' }), 404, 'service_code');
    expectError(await post({ ...base, service_code: '9999' }, 'xml'), 404, 'service_code');
    expectError(await post(without('long')), 400, 'long');
    expectError(await post({ ...base, lat: 'north' }), 400, 'lat');
    expectError(await post({ ...base, lat: '95' }), 400, 'lat');
    expectError(await post({ ...base, lat: '39.9', long: '116.4' }), 400, 'outside the district');
    expectError(await post({ api_key: apiKey, service_code: '0101' }), 400, 'address_string');
    expectError(await post({ api_key: apiKey, service_code: '0101', address_id: '545483' }), 400, 'address_id');
    expectError(await post({ ...base, 'attribute[WHISPAWN]': '123456' }), 400, 'attribute[WHISPAWN]');
    expectError(await post({ ...base, ticket: 'x' }), 400, 'ticket');
    expectError(await post({ ...base, email: 'not-an-address' }), 400, 'email');
    expectError(await post({ ...base, phone: 'call me' }), 400, 'phone');
    expectError(await post({ ...base, media_url: 'javascript:alert(1)' }), 400, 'media_url');
    expectError(await post({ ...base, description: 'x'.repeat(4001) }), 400, 'description');
    expectError(
      await o311('POST', `requests.json?api_key=${apiKey}`, {
        raw: { body: '{"service_code":', type: 'application/json' },
      }),
      400,
    );
    expectError(
      await o311('POST', `requests.xml?api_key=${apiKey}`, {
        raw: { body: '--x\r\n', type: 'multipart/form-data; boundary=x' },
      }),
      400,
    );
    expectError(await o311('POST', `requests.json?api_key=${apiKey}`, { json: [base] }), 400);

    expectError(await o311('GET', 'services.html'), 404, 'html');
    expectError(await o311('GET', 'services.json?foo=1'), 400, 'foo');
    expectError(await o311('GET', 'nothing-here.json'), 404);
    expectError(await o311('GET', 'nothing-here.xml'), 404);
    expectError(await o311('DELETE', 'requests.json'), 404);
    expectError(await o311('GET', 'requests/HJ00000000000000.json'), 404, 'HJ00000000000000');
    expectError(await o311('GET', 'requests/HJ00000000000000.xml'), 404);
    expectError(await o311('GET', `requests/${encodeURIComponent('%00;DROP')}.json`), 404);

    // A description with characters XML cannot carry still gives a well-formed document.
    const odd = await file({ description: 'bell\u0007 and <tags> & "quotes"' });
    const doc = parseXml((await o311('GET', `requests/${odd}.xml`)).text);
    expect(itemsOf(doc, 'service_requests', 'request')[0]!.description).toBe('bell and <tags> & "quotes"');
  });

  it('limits each key to its own rate, with 429 and Retry-After in the spec’s format', async () => {
    const limited = await createKey('限流客户端', 2);
    await file({}, limited.key);
    await file({}, limited.key);
    const refused = await o311('POST', 'requests.xml', {
      form: { api_key: limited.key, service_code: '0101', lat: String(CROSSING.lat), long: String(CROSSING.lng) },
    });
    expectError(refused, 429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not held back by it.
    await file();
  });
});
