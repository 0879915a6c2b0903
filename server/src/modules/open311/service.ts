import type { CreateCaseBody } from '@civic/shared';
import { withTransaction, type Pool } from '../../db/pool.ts';
import { HttpError } from '../../http/errors.ts';
import type { CaseService } from '../cases/service.ts';
import { STANDARD_CATEGORIES } from '../categories/standard-catalogue.ts';
import { loadCalendar } from '../clocks/settings.ts';
import { inDistrict } from '../public/repository.ts';
import type { KeyRow } from './keys.ts';
import {
  caseStatusesFor,
  expectedDatetime,
  open311Status,
  parseW3Datetime,
  serviceNotice,
  statusNotes,
  w3Datetime,
  type Open311Status,
} from './mapping.ts';
import {
  activeServices,
  findActiveService,
  findRequest,
  findRequests,
  recordRequest,
  type RequestRow,
  type ServiceRow,
} from './repository.ts';
import type {
  CreatedRequestJson,
  CreateRequestBody,
  RequestJson,
  RequestListQuery,
  ServiceDefinitionJson,
  ServiceJson,
} from './schemas.ts';

/** "Default query limit is a span of 90 days or first 1000 requests returned, whichever is smallest." */
export const MAX_SPAN_DAYS = 90;
export const MAX_RESULTS = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The district bureau as citizens know it; the squad that works a case is internal. */
export const DEFAULT_AGENCY_NAME = '区城市管理执法局';

/** Case numbers and service codes are short and plain; anything else cannot name one. */
const CASE_NO = /^[A-Za-z0-9-]{1,32}$/;
const SERVICE_CODE = /^[0-9A-Za-z]{1,16}$/;

const KEYWORDS = new Map(STANDARD_CATEGORIES.map((c) => [c.code, c.keywords ?? []]));

export interface Open311Options {
  /** agency_responsible on every request. */
  agencyName?: string;
}

const badRequest = (field: string, description: string) => new HttpError(400, description, { field, code: 'invalid' });
const notFound = (field: string, description: string) => new HttpError(404, description, { field, code: 'not_found' });

/**
 * GeoReport v2 over the bureau's catalogue and cases. Services are the
 * active 小类; a request is a case, its service_request_id the case number.
 * Filing goes through the same intake as the hotline and the web form.
 */
export class Open311Service {
  private readonly agencyName: string;

  constructor(
    private readonly pool: Pool,
    private readonly cases: CaseService,
    options: Open311Options = {},
  ) {
    this.agencyName = options.agencyName ?? DEFAULT_AGENCY_NAME;
  }

  async services(): Promise<ServiceJson[]> {
    return (await activeServices(this.pool)).map(toServiceJson);
  }

  /**
   * No service asks for extra fields, so a definition is the spec's answer
   * for such a service: its code and an empty list of attributes.
   */
  async definition(code: string): Promise<ServiceDefinitionJson> {
    const service = await this.requireService(code);
    return { service_code: service.code, attributes: [] };
  }

  async file(key: KeyRow, body: CreateRequestBody): Promise<CreatedRequestJson[]> {
    const service = await this.requireService(body.service_code);
    const location = await this.locationOf(body);
    const complainantName = fullName(body.first_name, body.last_name);
    const input: CreateCaseBody = {
      channel: 'web',
      categoryCode: service.code,
      // The spec makes the description optional; a case needs one.
      description: body.description?.trim() || service.name,
      ...(location ? { location } : {}),
      ...(body.address_string ? { address: body.address_string } : {}),
      ...(complainantName ? { complainantName } : {}),
      ...(body.phone ? { complainantPhone: body.phone } : {}),
    };
    const origin = `Open311 · ${key.name}`;
    const filed = await withTransaction(this.pool, async (db) => {
      const filed = await this.cases.intake(input, origin, db);
      await recordRequest(db, {
        caseId: filed.row.id,
        keyId: key.id,
        email: body.email ?? null,
        deviceId: body.device_id ?? null,
        accountId: body.account_id ?? null,
        mediaUrl: body.media_url ?? null,
      });
      return filed;
    });
    this.cases.publishIntake(filed, origin);

    const notice = [`已受理，案件编号 ${filed.row.case_no}。`];
    const limit = serviceNotice(service.limits);
    if (limit) notice.push(`${service.name}：${limit}。`);
    if (filed.row.lng === null) notice.push('地址未能自动定位，将由工作人员确认位置。');
    // Token-less ("realtime"): the id is in this answer. account_id is the
    // server's account for the submitter, and this server keeps none.
    return [{ service_request_id: filed.row.case_no, service_notice: notice.join(''), account_id: null }];
  }

  async requests(query: RequestListQuery): Promise<RequestJson[]> {
    const ids = commaList(query.service_request_id);
    if (ids) {
      // "This overrides all other arguments."
      for (const id of ids) {
        if (!CASE_NO.test(id))
          throw badRequest('service_request_id', `service_request_id: "${id}" is not a request id`);
      }
      if (ids.length > MAX_RESULTS) {
        throw badRequest('service_request_id', `service_request_id: at most ${MAX_RESULTS} ids at once`);
      }
      return this.toRequests(await findRequests(this.pool, { caseNos: ids, limit: MAX_RESULTS }));
    }

    const codes = commaList(query.service_code);
    for (const code of codes ?? []) {
      if (!SERVICE_CODE.test(code)) throw badRequest('service_code', `service_code: "${code}" is not a service code`);
    }
    const statuses = commaList(query.status)?.map((status): Open311Status => {
      if (status !== 'open' && status !== 'closed') {
        throw badRequest('status', `status: "${status}" is not a status; use open or closed`);
      }
      return status;
    });
    const { from, to } = dateWindow(query.start_date, query.end_date);
    const rows = await findRequests(this.pool, {
      categoryCodes: codes,
      statuses: statuses && [...new Set(statuses.flatMap(caseStatusesFor))],
      from,
      to,
      limit: MAX_RESULTS,
    });
    return this.toRequests(rows);
  }

  async request(id: string): Promise<RequestJson[]> {
    const row = CASE_NO.test(id) ? await findRequest(this.pool, id) : undefined;
    if (!row) throw notFound('service_request_id', `service_request_id ${id} not found`);
    return this.toRequests([row]);
  }

  private async requireService(code: string): Promise<ServiceRow> {
    const service = SERVICE_CODE.test(code) ? await findActiveService(this.pool, code) : undefined;
    if (!service) throw notFound('service_code', `service_code ${code} not found`);
    return service;
  }

  /**
   * "A full location parameter must be submitted": lat & long (WGS-84, as the
   * spec defines them, stored as given), or an address_string the gazetteer
   * places. address_id needs a master address repository the bureau does not
   * have, so on its own it is refused.
   */
  private async locationOf(body: CreateRequestBody): Promise<{ lng: number; lat: number } | undefined> {
    const hasLat = body.lat !== undefined;
    const hasLong = body.long !== undefined;
    if (hasLat !== hasLong) {
      const missing = hasLat ? 'long' : 'lat';
      throw badRequest(missing, `${missing}: lat and long must be sent together`);
    }
    if (hasLat) {
      const point = { lng: body.long!, lat: body.lat! };
      if (!(await inDistrict(this.pool, point))) {
        throw badRequest('lat', 'lat/long: the point is outside the district this bureau serves');
      }
      return point;
    }
    if (body.address_string) return undefined;
    if (body.address_id) {
      throw badRequest(
        'address_id',
        'address_id: not supported here (no master address repository); send lat & long or address_string',
      );
    }
    throw badRequest('lat', 'lat & long or address_string is required');
  }

  private async toRequests(rows: RequestRow[]): Promise<RequestJson[]> {
    if (rows.length === 0) return [];
    const calendar = await loadCalendar(this.pool);
    return rows.map((row) => {
      const status = open311Status(row.status);
      const expected = expectedDatetime(
        {
          status: row.status,
          createdAt: row.created_at,
          timeLimits: row.time_limits,
          ticketDueAt: row.ticket_due_at,
          disposeDueAt: row.dispose_due_at,
          registeredAt: row.registered_at,
        },
        calendar,
      );
      return {
        service_request_id: row.case_no,
        status,
        status_notes: statusNotes(row.status, row.merged_into_no),
        service_name: row.category_name,
        service_code: row.category_code,
        description: row.via_open311 ? row.description : null,
        agency_responsible: this.agencyName,
        service_notice: serviceNotice(row.time_limits),
        requested_datetime: w3Datetime(row.created_at),
        // "For requests with status=closed, this will be the date the request was closed."
        updated_datetime: w3Datetime(status === 'closed' ? (row.status_at ?? row.updated_at) : row.updated_at),
        expected_datetime: expected ? w3Datetime(expected) : null,
        address: row.address,
        address_id: null,
        zipcode: null,
        lat: row.lat,
        long: row.lng,
        media_url: null,
      };
    });
  }
}

function toServiceJson(service: ServiceRow): ServiceJson {
  const notice = serviceNotice(service.limits);
  const keywords = KEYWORDS.get(service.code) ?? [];
  return {
    service_code: service.code,
    service_name: service.name,
    description: notice ? `${service.name_en}. 处置时限：${notice}` : service.name_en,
    metadata: false,
    type: 'realtime',
    keywords: keywords.length > 0 ? keywords.join(', ') : null,
    group: service.group_name,
  };
}

/**
 * 张 + 三丰 → 张三丰 (family name first, no space, as Chinese names are
 * written); John + Smith → John Smith.
 */
export function fullName(first: string | undefined, last: string | undefined): string | undefined {
  const given = first?.trim() ?? '';
  const family = last?.trim() ?? '';
  if (!given && !family) return undefined;
  if (!given || !family) return given || family;
  const han = /^[\p{Script=Han}·]+$/u;
  return han.test(given) && han.test(family) ? `${family}${given}` : `${given} ${family}`;
}

/** "comma delimited" and "can be declared multiple times": both at once, blanks dropped. */
function commaList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((part) => part.split(','))
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return items.length > 0 ? items : undefined;
}

/**
 * The requested_datetime window: the most recent 90 days by default; from a
 * start_date or up to an end_date alone, 90 days on that side; both given,
 * no more than 90 days apart. No upper end by default, so that a request
 * filed a moment ago is never cut off by a clock a little behind the database's.
 */
export function dateWindow(
  startDate: string | undefined,
  endDate: string | undefined,
  now = new Date(),
): { from: Date; to?: Date } {
  const from = startDate === undefined ? undefined : parseW3Datetime(startDate);
  if (startDate !== undefined && !from) {
    throw badRequest('start_date', 'start_date: must be a w3 datetime with its zone, e.g. 2026-05-01T00:00:00+08:00');
  }
  const to = endDate === undefined ? undefined : parseW3Datetime(endDate);
  if (endDate !== undefined && !to) {
    throw badRequest('end_date', 'end_date: must be a w3 datetime with its zone, e.g. 2026-05-31T23:59:59+08:00');
  }
  const span = MAX_SPAN_DAYS * DAY_MS;
  if (from && to) {
    if (to < from) throw badRequest('end_date', 'end_date: must not be before start_date');
    if (to.getTime() - from.getTime() > span) {
      throw badRequest('end_date', `end_date: the range may not span more than ${MAX_SPAN_DAYS} days`);
    }
    return { from, to };
  }
  if (from) return { from, to: new Date(from.getTime() + span) };
  if (to) return { from: new Date(to.getTime() - span), to };
  return { from: new Date(now.getTime() - span) };
}
