import type {
  GradeChangeReason,
  GradeRules,
  MerchantGrade,
  MerchantGradeEventDto,
  MerchantHistory,
} from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/**
 * Reads a merchant's record for the history and the live push. Its own small
 * queries: the registry (registry.ts) owns the full merchant view, and the
 * pushed summary carries no operator data, so nothing here needs masking.
 */

interface GradeEventRow {
  seq: number;
  merchant_id: number;
  from_grade: MerchantGrade | null;
  to_grade: MerchantGrade;
  reason: GradeChangeReason;
  created_at: Date;
  actor: string | null;
  case_id: number | null;
  case_no: string | null;
  violation_type: string | null;
  detail: Record<string, unknown>;
}

const GRADE_EVENT_SELECT = `
  SELECT e.seq, e.merchant_id, e.from_grade, e.to_grade, e.reason, e.created_at, u.display_name AS actor,
         e.case_id, c.case_no, coalesce(v.violation_type, e.detail->>'violationType') AS violation_type, e.detail
    FROM merchant_grade_events e
    LEFT JOIN users u ON u.id = e.actor_id
    LEFT JOIN cases c ON c.id = e.case_id
    LEFT JOIN merchant_violations v ON v.id = e.violation_id`;

function toGradeEventDto(row: GradeEventRow): MerchantGradeEventDto {
  return {
    seq: row.seq,
    merchantId: row.merchant_id,
    fromGrade: row.from_grade,
    toGrade: row.to_grade,
    reason: row.reason,
    at: row.created_at.toISOString(),
    actor: row.actor,
    caseId: row.case_id,
    caseNo: row.case_no,
    violationType: row.violation_type,
    detail: row.detail,
  };
}

export async function gradeEventsBySeq(db: Queryable, seqs: number[]): Promise<MerchantGradeEventDto[]> {
  const { rows } = await db.query<GradeEventRow>(
    `${GRADE_EVENT_SELECT} WHERE e.seq = ANY($1::bigint[]) ORDER BY e.seq`,
    [seqs],
  );
  return rows.map(toGradeEventDto);
}

export async function merchantExists(db: Queryable, merchantId: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM merchants WHERE id = $1', [merchantId]);
  return rows.length > 0;
}

/** Every violation (newest first, each saying whether it still counts) and every grade change (newest first). */
export async function merchantHistory(db: Queryable, merchantId: number, rules: GradeRules): Promise<MerchantHistory> {
  const violations = await db.query<{
    id: number;
    violation_type: string;
    violation_type_name: string | null;
    case_id: number | null;
    case_no: string | null;
    evidence: number[];
    note: string | null;
    occurred_at: Date;
    counting: boolean;
  }>(
    `SELECT v.id, v.violation_type, cat.name AS violation_type_name, v.case_id, c.case_no, v.evidence, v.note,
              v.occurred_at, v.occurred_at > now() - make_interval(secs => $2::float8 * 86400) AS counting
         FROM merchant_violations v
         LEFT JOIN categories cat ON cat.code = v.violation_type
         LEFT JOIN cases c ON c.id = v.case_id
        WHERE v.merchant_id = $1
        ORDER BY v.occurred_at DESC, v.id DESC`,
    [merchantId, rules.recordWindowDays],
  );
  const grades = await db.query<GradeEventRow>(`${GRADE_EVENT_SELECT} WHERE e.merchant_id = $1 ORDER BY e.seq DESC`, [
    merchantId,
  ]);
  return {
    violations: violations.rows.map((v) => ({
      id: v.id,
      violationType: v.violation_type,
      violationTypeName: v.violation_type_name,
      caseId: v.case_id,
      caseNo: v.case_no,
      evidence: v.evidence,
      note: v.note,
      occurredAt: v.occurred_at.toISOString(),
      counting: v.counting,
    })),
    grades: grades.rows.map(toGradeEventDto),
  };
}
