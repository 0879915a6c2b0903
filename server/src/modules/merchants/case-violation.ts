import type { MerchantGrade, ViolationFinding } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { unprocessable } from '../../http/errors.ts';
import { recordViolation, type GradeChange } from './grading.ts';
import { MAX_CANDIDATE_RADIUS_M } from './registry-view.ts';

/** What closing a case says about its merchant, for the case:closed event's detail. */
export type ViolationDetail =
  | { confirmed: false; merchantId: number | null }
  | {
      confirmed: true;
      merchantId: number;
      violationType: string;
      fromGrade: MerchantGrade;
      toGrade: MerchantGrade;
      /** False when this case's violation was already on record (closed again after a reopening). */
      recorded: boolean;
    };

/**
 * 核查结案 with a finding: a confirmed violation by the case's merchant goes
 * on the merchant's record, with the case's photos as evidence, and moves its
 * grade, in the closing transaction. Fields named are CloseBody's.
 */
export async function confirmCaseViolation(
  db: Queryable,
  current: { id: number; merchant_id: number | null; category_code: string | null },
  finding: ViolationFinding,
  actorId: number,
  at: Date,
): Promise<{ detail: ViolationDetail; change: GradeChange | null }> {
  if (!finding.confirmed) return { detail: { confirmed: false, merchantId: current.merchant_id }, change: null };
  if (current.merchant_id === null) {
    throw unprocessable('body.violation', 'Link the case to a registered merchant before confirming a violation');
  }
  const violationType = finding.violationType ?? current.category_code;
  if (violationType === null) {
    throw unprocessable('body.violation.violationType', 'The case has no category: name the violation type');
  }
  const { rows: photos } = await db.query<{ id: number }>('SELECT id FROM case_photos WHERE case_id = $1 ORDER BY id', [
    current.id,
  ]);
  const recorded = await recordViolation(db, {
    merchantId: current.merchant_id,
    caseId: current.id,
    violationType,
    evidence: photos.map((p) => p.id),
    actorId,
    at,
    field: 'body.violation.violationType',
  });
  return {
    detail: {
      confirmed: true,
      merchantId: current.merchant_id,
      violationType,
      fromGrade: recorded.fromGrade,
      toGrade: recorded.toGrade,
      recorded: recorded.violationId !== null,
    },
    change: recorded.change,
  };
}

/**
 * The merchant a case may be linked to: registered and active, else a 422
 * naming the field. A squad links only a merchant it could be offered: near
 * the case (the candidates' widest radius) or in a grid the squad owns. A
 * linked merchant's record opens to the squad, so linking must not be a way
 * to read any entry of the registry.
 */
export async function linkableMerchant(
  db: Queryable,
  merchantId: number,
  bySquad: { squadId: number; caseId: number } | null,
): Promise<{ id: number; name: string }> {
  const { rows } = await db.query<{ id: number; name: string; active: boolean; reachable: boolean }>(
    `SELECT m.id, m.name, m.active,
            ($2::int IS NULL
             OR EXISTS (SELECT 1 FROM zones g WHERE g.id = m.grid_zone_id AND g.owner_squad_id = $2)
             OR EXISTS (SELECT 1 FROM cases c
                         WHERE c.id = $3 AND c.location IS NOT NULL
                           AND ST_DWithin(c.location::geography, m.location::geography, $4))) AS reachable
       FROM merchants m WHERE m.id = $1`,
    [merchantId, bySquad?.squadId ?? null, bySquad?.caseId ?? null, MAX_CANDIDATE_RADIUS_M],
  );
  const merchant = rows[0];
  if (!merchant || !merchant.reachable)
    throw unprocessable('body.merchantId', `No registered merchant ${merchantId} near this case`);
  if (!merchant.active) throw unprocessable('body.merchantId', `${merchant.name} is no longer active in the registry`);
  return { id: merchant.id, name: merchant.name };
}

/** Whether the case's close already put a violation on a merchant's record. */
export async function violationRecordedFor(db: Queryable, caseId: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM merchant_violations WHERE case_id = $1', [caseId]);
  return rows.length > 0;
}
