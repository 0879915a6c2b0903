import { randomBytes } from 'node:crypto';
import type { CaseEventType, CaseStatus, LngLat, PublicCategory, PublicLocatedBy } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import type { CheckedPhoto } from './photos.ts';

/** The form's own key (challenge signatures, counter pseudonyms), shared by every node through the database. */
const KEY_NAME = 'public_form_key';

export async function loadOrCreateKey(db: Queryable): Promise<Buffer> {
  await db.query(`INSERT INTO system_state (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING`, [
    KEY_NAME,
    randomBytes(32).toString('base64'),
  ]);
  const { rows } = await db.query<{ value: string }>('SELECT value FROM system_state WHERE key = $1', [KEY_NAME]);
  return Buffer.from(rows[0]!.value, 'base64');
}

/** Active 小类 under an active 大类, grouped by 大类. */
export async function publicCategories(db: Queryable): Promise<PublicCategory[]> {
  const { rows } = await db.query<PublicCategory>(
    `SELECT c.code, c.name, c.name_en AS "nameEn", p.name AS "groupName", p.name_en AS "groupNameEn"
       FROM categories c JOIN categories p ON p.code = c.parent_code
      WHERE c.active AND p.active
      ORDER BY p.code, c.code`,
  );
  return rows;
}

export async function isPublicCategory(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM categories c JOIN categories p ON p.code = c.parent_code
      WHERE c.code = $1 AND c.active AND p.active`,
    [code],
  );
  return rows.length > 0;
}

/** Whether the point is in the district (any point is, while no boundary has been loaded). */
export async function inDistrict(db: Queryable, point: LngLat): Promise<boolean> {
  const { rows } = await db.query<{ inside: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM sub_districts)
            OR EXISTS (SELECT 1 FROM sub_districts WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)))
            AS inside`,
    [point.lng, point.lat],
  );
  return rows[0]!.inside;
}

/** Records a challenge as spent; false if it already was. Spent challenges past their expiry are dropped. */
export async function spendChallenge(db: Queryable, id: string, expiresAt: Date): Promise<boolean> {
  await db.query('DELETE FROM public_challenges_used WHERE expires_at < now()');
  const { rowCount } = await db.query(
    `INSERT INTO public_challenges_used (challenge_id, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [id, expiresAt],
  );
  return rowCount === 1;
}

/** The tracking token's hash and the citizen's photos, for a case just filed. */
/** In the transaction that files the case: the citizen gets a tracking link for every case filed. */
export async function saveReport(
  db: Queryable,
  report: { caseId: number; tokenHash: Buffer; locatedBy: PublicLocatedBy | null; photos: CheckedPhoto[] },
): Promise<void> {
  await db.query(`INSERT INTO public_reports (case_id, token_hash, located_by) VALUES ($1, $2, $3)`, [
    report.caseId,
    report.tokenHash,
    report.locatedBy,
  ]);
  for (const photo of report.photos) {
    // The same photo twice in one report is stored once.
    await db.query(
      `INSERT INTO case_photos (case_id, content_type, bytes, sha256, uploaded_by) VALUES ($1, $2, $3, $4, NULL)
       ON CONFLICT (case_id, sha256) DO NOTHING`,
      [report.caseId, photo.contentType, photo.bytes, photo.sha256],
    );
  }
}

export interface TrackedCaseRow {
  id: number;
  case_no: string;
  status: CaseStatus;
  category_name: string | null;
  category_name_en: string | null;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  photo_count: number;
  created_at: Date;
}

/** The case behind a tracking token's hash: only the columns a citizen may see. */
export async function findByTokenHash(db: Queryable, tokenHash: Buffer): Promise<TrackedCaseRow | undefined> {
  const { rows } = await db.query<TrackedCaseRow>(
    `SELECT c.id, c.case_no, c.status, cat.name AS category_name, cat.name_en AS category_name_en, c.description,
            c.address, ST_X(c.location) AS lng, ST_Y(c.location) AS lat, c.created_at,
            (SELECT count(*)::int FROM case_photos p WHERE p.case_id = c.id AND p.uploaded_by IS NULL) AS photo_count
       FROM public_reports r
       JOIN cases c ON c.id = r.case_id
       LEFT JOIN categories cat ON cat.code = c.category_code
      WHERE r.token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

export interface PublicEventRow {
  type: CaseEventType;
  from_status: CaseStatus | null;
  to_status: CaseStatus | null;
  created_at: Date;
  /** The reply's text, for a feedback event; nothing else of any event's detail leaves the database. */
  reply: string | null;
}

/** The events that move the public status, and the replies. */
export async function publicEvents(db: Queryable, caseId: number): Promise<PublicEventRow[]> {
  const { rows } = await db.query<PublicEventRow>(
    `SELECT type, from_status, to_status, created_at,
            CASE WHEN type = 'case:feedback' THEN detail->>'content' END AS reply
       FROM case_events
      WHERE case_id = $1
        AND (type IN ('case:created', 'case:feedback') OR to_status IS DISTINCT FROM from_status)
      ORDER BY seq`,
    [caseId],
  );
  return rows;
}

/**
 * The open or finished case a merged duplicate was folded into, following
 * merges of merges: its resolution is the duplicate's too.
 */
export async function mergedTarget(
  db: Queryable,
  caseId: number,
): Promise<{ id: number; status: CaseStatus; merged_at: Date } | undefined> {
  const { rows } = await db.query<{ id: number; status: CaseStatus; merged_at: Date }>(
    `WITH RECURSIVE chain AS (
       SELECT c.merged_into AS id, 1 AS depth FROM cases c WHERE c.id = $1 AND c.merged_into IS NOT NULL
       UNION ALL
       SELECT c.merged_into, chain.depth + 1 FROM cases c JOIN chain ON c.id = chain.id
        WHERE c.merged_into IS NOT NULL AND chain.depth < 10)
     SELECT c.id, c.status,
            (SELECT created_at FROM case_events WHERE case_id = $1 AND type = 'case:merged' ORDER BY seq DESC LIMIT 1)
              AS merged_at
       FROM chain JOIN cases c ON c.id = chain.id
      ORDER BY chain.depth DESC LIMIT 1`,
    [caseId],
  );
  return rows[0];
}

/** For staff: how a citizen's case was placed, and the photos the citizen sent. */
export async function reportInfo(
  db: Queryable,
  caseId: number,
): Promise<{ located_by: PublicLocatedBy | null; created_at: Date; photo_ids: number[] } | undefined> {
  const { rows } = await db.query<{ located_by: PublicLocatedBy | null; created_at: Date; photo_ids: number[] }>(
    `SELECT r.located_by, r.created_at,
            coalesce((SELECT array_agg(p.id::int ORDER BY p.id) FROM case_photos p
                       WHERE p.case_id = r.case_id AND p.uploaded_by IS NULL), '{}') AS photo_ids
       FROM public_reports r WHERE r.case_id = $1`,
    [caseId],
  );
  return rows[0];
}
