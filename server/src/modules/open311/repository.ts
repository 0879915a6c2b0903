import type { CaseStatus, StageLimits } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/** A 小类 as an Open311 service, with its 大类 as the group. */
export interface ServiceRow {
  code: string;
  name: string;
  name_en: string;
  group_name: string;
  limits: StageLimits;
}

const SERVICE_SELECT = `
  SELECT c.code, c.name, c.name_en, p.name AS group_name, c.limits
    FROM categories c JOIN categories p ON p.code = c.parent_code
   WHERE c.active AND p.active`;

/** Active 小类 under an active 大类: what a citizen may report, as on the web form. */
export async function activeServices(db: Queryable): Promise<ServiceRow[]> {
  const { rows } = await db.query<ServiceRow>(`${SERVICE_SELECT} ORDER BY p.code, c.code`);
  return rows;
}

export async function findActiveService(db: Queryable, code: string): Promise<ServiceRow | undefined> {
  const { rows } = await db.query<ServiceRow>(`${SERVICE_SELECT} AND c.code = $1`, [code]);
  return rows[0];
}

/**
 * A case as an Open311 request: an allow-list of columns. The complainant,
 * the squad, the staff and their notes are not selected at all, so no later
 * change to the answer can leak them.
 */
export interface RequestRow {
  case_no: string;
  status: CaseStatus;
  category_code: string | null;
  category_name: string | null;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  created_at: Date;
  updated_at: Date;
  /** When the case entered its current status. */
  status_at: Date | null;
  time_limits: StageLimits;
  ticket_due_at: Date | null;
  merged_into_no: string | null;
  /** The latest disposal deadline not cancelled (running, or met at disposal). */
  dispose_due_at: Date | null;
  /** The registration clock: met_at once registered, due_at while it runs. */
  registered_at: Date | null;
  /** Filed through Open311: its description was sent to a public API. */
  via_open311: boolean;
}

const REQUEST_SELECT = `
  SELECT c.case_no, c.status, c.category_code, cat.name AS category_name,
         c.description, c.address, ST_X(c.location) AS lng, ST_Y(c.location) AS lat,
         c.created_at, c.updated_at, c.time_limits, c.ticket_due_at, mc.case_no AS merged_into_no,
         (SELECT max(e.created_at) FROM case_events e
           WHERE e.case_id = c.id AND e.to_status = c.status AND e.from_status IS DISTINCT FROM e.to_status) AS status_at,
         (SELECT d.due_at FROM case_deadlines d
           WHERE d.case_id = c.id AND d.stage = 'dispose' AND d.cancelled_at IS NULL
           ORDER BY d.id DESC LIMIT 1) AS dispose_due_at,
         (SELECT coalesce(d.met_at, d.due_at) FROM case_deadlines d
           WHERE d.case_id = c.id AND d.stage = 'register' AND d.cancelled_at IS NULL
           ORDER BY d.id DESC LIMIT 1) AS registered_at,
         EXISTS (SELECT 1 FROM open311_requests o WHERE o.case_id = c.id) AS via_open311
    FROM cases c
    LEFT JOIN categories cat ON cat.code = c.category_code
    LEFT JOIN cases mc ON mc.id = c.merged_into`;

export interface RequestFilter {
  /** Case numbers; when given, the other filters are not applied. */
  caseNos?: string[];
  categoryCodes?: string[];
  statuses?: CaseStatus[];
  /** requested_datetime window, both ends included. */
  from?: Date;
  to?: Date;
  limit: number;
}

/** Newest first (by requested_datetime), at most `limit`. */
export async function findRequests(db: Queryable, filter: RequestFilter): Promise<RequestRow[]> {
  const byNumber = filter.caseNos !== undefined;
  const { rows } = await db.query<RequestRow>(
    `${REQUEST_SELECT}
      WHERE ($1::text[] IS NULL OR c.case_no = ANY($1::text[]))
        AND ($2::text[] IS NULL OR c.category_code = ANY($2::text[]))
        AND ($3::text[] IS NULL OR c.status = ANY($3::text[]))
        AND ($4::timestamptz IS NULL OR c.created_at >= $4)
        AND ($5::timestamptz IS NULL OR c.created_at <= $5)
      ORDER BY c.created_at DESC, c.id DESC
      LIMIT $6`,
    [
      filter.caseNos ?? null,
      byNumber ? null : (filter.categoryCodes ?? null),
      byNumber ? null : (filter.statuses ?? null),
      byNumber ? null : (filter.from ?? null),
      byNumber ? null : (filter.to ?? null),
      filter.limit,
    ],
  );
  return rows;
}

export async function findRequest(db: Queryable, caseNo: string): Promise<RequestRow | undefined> {
  const { rows } = await db.query<RequestRow>(`${REQUEST_SELECT} WHERE c.case_no = $1`, [caseNo]);
  return rows[0];
}

/** What the request carried beyond the case, in the transaction that filed the case. */
export async function recordRequest(
  db: Queryable,
  request: {
    caseId: number;
    keyId: number;
    email: string | null;
    deviceId: string | null;
    accountId: string | null;
    mediaUrl: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO open311_requests (case_id, key_id, email, device_id, account_id, media_url)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [request.caseId, request.keyId, request.email, request.deviceId, request.accountId, request.mediaUrl],
  );
}
