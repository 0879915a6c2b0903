import {
  cleanSince,
  gradeAfterViolation,
  isCounting,
  nextStepBack,
  violationKind,
  type GradeChangeReason,
  type GradeRules,
  type MerchantGrade,
} from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { notFound, unprocessable } from '../../http/errors.ts';
import { loadGradeRules } from './grade-settings.ts';

/**
 * Writes grade changes (docs/merchants.md#grades): a confirmed violation, an
 * admin's manual change, a step back after a clean period. Each runs inside
 * the caller's transaction with the merchant row locked, and every change is
 * a merchant_grade_events row; the caller pushes the returned change after
 * its commit (grade-publisher.ts), so a rolled-back change is never announced.
 */

/** A committed grade change, by its event's seq: what the publisher pushes. */
export interface GradeChange {
  seq: number;
  merchantId: number;
}

interface LockedMerchant {
  id: number;
  name: string;
  grade: MerchantGrade;
  active: boolean;
}

/** Locks the merchant row; every grade write goes through here, so two writers queue instead of racing. */
export async function lockMerchant(db: Queryable, merchantId: number): Promise<LockedMerchant | undefined> {
  const { rows } = await db.query<LockedMerchant>(
    'SELECT id, name, grade, active FROM merchants WHERE id = $1 FOR UPDATE',
    [merchantId],
  );
  return rows[0];
}

interface GradeWrite {
  merchantId: number;
  from: MerchantGrade;
  to: MerchantGrade;
  reason: GradeChangeReason;
  /** The new grade_since: the transaction's time, or when a clean period was complete. */
  since: Date;
  violationId?: number | null;
  caseId?: number | null;
  actorId?: number | null;
  detail: Record<string, unknown>;
}

/** Moves the cached grade and appends the event that explains it, in one go. */
async function writeGrade(db: Queryable, write: GradeWrite): Promise<GradeChange> {
  await db.query('UPDATE merchants SET grade = $2, grade_since = $3, updated_at = now() WHERE id = $1', [
    write.merchantId,
    write.to,
    write.since,
  ]);
  const { rows } = await db.query<{ seq: number }>(
    `INSERT INTO merchant_grade_events (merchant_id, from_grade, to_grade, reason, violation_id, case_id, actor_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     RETURNING seq`,
    [
      write.merchantId,
      write.from,
      write.to,
      write.reason,
      write.violationId ?? null,
      write.caseId ?? null,
      write.actorId ?? null,
      JSON.stringify(write.detail),
    ],
  );
  return { seq: rows[0]!.seq, merchantId: write.merchantId };
}

/** Each category's parent, to resolve a subcategory to the configured violation type above it. */
async function loadCategoryParents(db: Queryable): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ code: string; parent_code: string | null }>(
    'SELECT code, parent_code FROM categories',
  );
  return new Map(rows.map((r) => [r.code, r.parent_code]));
}

function ancestorsOf(code: string, parents: Map<string, string | null>): string[] {
  const chain: string[] = [];
  for (let p = parents.get(code) ?? null; p !== null && !chain.includes(p); p = parents.get(p) ?? null) chain.push(p);
  return chain;
}

/** The configured violation type a category code falls under, or null when it is no merchant violation. */
export async function resolveViolationKind(db: Queryable, code: string, rules: GradeRules): Promise<string | null> {
  return violationKind(code, ancestorsOf(code, await loadCategoryParents(db)), rules);
}

export interface ViolationInput {
  merchantId: number;
  caseId: number | null;
  /** A category code: one of the rules' violation types or a subcategory of one. */
  violationType: string;
  /** Photo ids (case_photos) that prove it. */
  evidence: number[];
  actorId: number | null;
  /** The transaction's time. */
  at: Date;
  note?: string | null;
  /** The request field to name when the type is not a merchant violation. */
  field?: string;
}

export interface RecordedViolation {
  /** Null when this case's violation was already on record (a case closed again after a reopening). */
  violationId: number | null;
  violationType: string;
  fromGrade: MerchantGrade;
  toGrade: MerchantGrade;
  /** The "same" violations counting now, this one included. */
  count: number;
  change: GradeChange | null;
}

/**
 * Records a confirmed violation and applies the grade rules to it. A case's
 * violation is recorded once: closing the same case again after a reopening
 * neither adds a record nor moves the grade.
 */
export async function recordViolation(db: Queryable, input: ViolationInput): Promise<RecordedViolation> {
  const field = input.field ?? 'violationType';
  const merchant = await lockMerchant(db, input.merchantId);
  if (!merchant) throw notFound('Merchant');
  // A deactivated entry is off every map: its record is closed.
  if (!merchant.active) throw unprocessable(field, `${merchant.name} is no longer active in the registry`);
  const rules = await loadGradeRules(db);
  const parents = await loadCategoryParents(db);
  const kindOf = (code: string) => violationKind(code, ancestorsOf(code, parents), rules);
  const kind = kindOf(input.violationType);
  if (kind === null) {
    throw unprocessable(
      field,
      `${input.violationType} is not a merchant violation under the grade rules (${rules.violationTypes.join(', ')})`,
    );
  }

  const { rows: earlier } = await db.query<{ violation_type: string; occurred_at: Date }>(
    `SELECT violation_type, occurred_at FROM merchant_violations
      WHERE merchant_id = $1 AND occurred_at > $2::timestamptz - make_interval(secs => $3::float8 * 86400)`,
    [input.merchantId, input.at, rules.recordWindowDays],
  );
  // A type no longer configured still counts as itself (and under 'any').
  const records = earlier.map((r) => ({
    kind: kindOf(r.violation_type) ?? r.violation_type,
    occurredAt: r.occurred_at,
  }));

  const { rows: inserted } = await db.query<{ id: number }>(
    `INSERT INTO merchant_violations (merchant_id, case_id, violation_type, evidence, note, occurred_at, recorded_by)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
     ON CONFLICT (case_id) WHERE case_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      input.merchantId,
      input.caseId,
      input.violationType,
      JSON.stringify(input.evidence),
      input.note ?? null,
      input.at,
      input.actorId,
    ],
  );
  const violationId = inserted[0]?.id ?? null;
  const base = { violationId, violationType: input.violationType, fromGrade: merchant.grade };
  if (violationId === null) {
    const count = records.filter(
      (r) => isCounting(r.occurredAt, input.at, rules) && (rules.sameViolation === 'any' || r.kind === kind),
    ).length;
    return { ...base, toGrade: merchant.grade, count, change: null };
  }

  const outcome = gradeAfterViolation({
    current: merchant.grade,
    records,
    violation: { kind, occurredAt: input.at },
    rules,
  });
  if (outcome.reason === null) return { ...base, toGrade: merchant.grade, count: outcome.count, change: null };
  const change = await writeGrade(db, {
    merchantId: input.merchantId,
    from: merchant.grade,
    to: outcome.grade,
    reason: outcome.reason,
    since: input.at,
    violationId,
    caseId: input.caseId,
    actorId: input.actorId,
    detail: { violationType: input.violationType, count: outcome.count },
  });
  return { ...base, toGrade: outcome.grade, count: outcome.count, change };
}

/** An admin sets the grade by hand, with a note saying why. */
export async function setGradeManually(
  db: Queryable,
  input: { merchantId: number; grade: MerchantGrade; note: string; actorId: number },
): Promise<GradeChange> {
  const merchant = await lockMerchant(db, input.merchantId);
  if (!merchant) throw notFound('Merchant');
  if (!merchant.active) throw unprocessable('body.grade', `${merchant.name} is no longer active in the registry`);
  if (merchant.grade === input.grade) throw unprocessable('body.grade', `The merchant is already ${input.grade}`);
  const { rows } = await db.query<{ now: Date }>('SELECT now() AS now');
  return writeGrade(db, {
    merchantId: input.merchantId,
    from: merchant.grade,
    to: input.grade,
    reason: 'manual',
    since: rows[0]!.now,
    actorId: input.actorId,
    detail: { note: input.note },
  });
}

/**
 * Takes the next merchant due for a step back that no other node holds
 * (SKIP LOCKED) and steps it back, once per clean period complete by `now`
 * (a period missed while no node ran is caught up, each step its own event).
 * Null when nothing is due. Days are 24-hour days, as in the pure rules.
 */
export async function stepBackNext(db: Queryable, rules: GradeRules): Promise<GradeChange[] | null> {
  if (!rules.stepBack.enabled) return null;
  // The SQL only narrows the candidates; nextStepBack decides.
  const { rows } = await db.query<{
    id: number;
    grade: MerchantGrade;
    grade_since: Date;
    last_violation_at: Date | null;
    now: Date;
  }>(
    `SELECT m.id, m.grade, m.grade_since, now() AS now,
            (SELECT max(v.occurred_at) FROM merchant_violations v WHERE v.merchant_id = m.id) AS last_violation_at
       FROM merchants m
      WHERE m.active AND m.grade <> 'blue'
        AND m.grade_since <= now() - make_interval(secs => $1::float8 * 86400)
        AND NOT EXISTS (SELECT 1 FROM merchant_violations v
                         WHERE v.merchant_id = m.id AND v.occurred_at > now() - make_interval(secs => $1::float8 * 86400))
      ORDER BY m.grade_since
      LIMIT 1
      FOR UPDATE OF m SKIP LOCKED`,
    [rules.stepBack.cleanDays],
  );
  const candidate = rows[0];
  if (!candidate) return null;
  // Read again under the lock: a close that recorded a violation (without moving
  // the grade, so without touching this row) may have committed after the
  // first statement's snapshot was taken.
  const { rows: locked } = await db.query<{ grade: MerchantGrade; grade_since: Date; last_violation_at: Date | null }>(
    `SELECT m.grade, m.grade_since,
            (SELECT max(v.occurred_at) FROM merchant_violations v WHERE v.merchant_id = m.id) AS last_violation_at
       FROM merchants m WHERE m.id = $1`,
    [candidate.id],
  );
  const found = { ...candidate, ...locked[0]! };
  const changes: GradeChange[] = [];
  let state = { grade: found.grade, gradeSince: found.grade_since, lastViolationAt: found.last_violation_at };
  for (let step = nextStepBack(state, rules, found.now); step; step = nextStepBack(state, rules, found.now)) {
    changes.push(
      await writeGrade(db, {
        merchantId: found.id,
        from: state.grade,
        to: step.grade,
        reason: 'clean_period',
        since: step.dueAt,
        detail: { cleanDays: rules.stepBack.cleanDays, cleanSince: cleanSince(state).toISOString() },
      }),
    );
    state = { grade: step.grade, gradeSince: step.dueAt, lastViolationAt: state.lastViolationAt };
  }
  // The SQL and the rule agree on who is due; should they ever not, the sweep ends rather than spin.
  return changes.length ? changes : null;
}
