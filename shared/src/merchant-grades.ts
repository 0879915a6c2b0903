import { Type, type Static } from 'typebox';
import { MERCHANT_GRADES, MerchantGrade, type GradeChangeReason, type GradeRules } from './merchants.ts';

/**
 * "One card, four colours" (一卡四色): how a confirmed violation moves a
 * merchant's grade and how a clean period moves it back. Pure, so the server
 * (grading on close, the step-back sweeper) and the tests share one
 * definition; docs/merchants.md#grades states the same rules in prose.
 */

/** The bureau's rules as the article describes them. */
export const DEFAULT_GRADE_RULES: GradeRules = {
  // 占道经营 and 店外经营 (server/src/modules/categories/standard-catalogue.ts).
  violationTypes: ['0201', '0202'],
  sameViolation: 'same_type',
  recordWindowDays: 365,
  orangeAt: 2,
  redAt: 3,
  stepBack: { enabled: true, cleanDays: 180 },
};

export const DAY_MS = 86_400_000;

/** Blue 0 … red 3: grades compare by their place in MERCHANT_GRADES. */
export function gradeRank(grade: MerchantGrade): number {
  return MERCHANT_GRADES.indexOf(grade);
}

/**
 * The configured violation type a category falls under: the code itself or
 * the nearest of its ancestors (parent first) listed in the rules, so that
 * configuring a main category (02 街面秩序) takes in its subcategories. Null
 * when the category is not a merchant violation under these rules.
 */
export function violationKind(code: string, ancestors: readonly string[], rules: GradeRules): string | null {
  return [code, ...ancestors].find((c) => rules.violationTypes.includes(c)) ?? null;
}

/** Whether a violation that occurred at `occurredAt` still counts at `at`: younger than the record window. */
export function isCounting(occurredAt: Date, at: Date, rules: GradeRules): boolean {
  return at.getTime() - occurredAt.getTime() < rules.recordWindowDays * DAY_MS;
}

/** The grade a number of "same" counting violations earns on its own, with the reason it is earned. */
export function gradeForCount(
  count: number,
  rules: GradeRules,
): { grade: MerchantGrade; reason: GradeChangeReason | null } {
  if (count >= rules.redAt) return { grade: 'red', reason: 'uncorrected' };
  if (count >= rules.orangeAt) return { grade: 'orange', reason: 'repeat_violation' };
  if (count >= 1) return { grade: 'yellow', reason: 'first_violation' };
  return { grade: 'blue', reason: null };
}

/** A violation on record, its type already resolved to the rules' kind (violationKind). */
export interface ViolationRecord {
  kind: string;
  occurredAt: Date;
}

export interface ViolationOutcome {
  /** The grade after the violation: never lower than before. */
  grade: MerchantGrade;
  /** Why, when the grade changed; null when it stayed (the violation is still recorded). */
  reason: GradeChangeReason | null;
  /** The "same" violations counting at the time, the new one included. */
  count: number;
}

/**
 * The grade after a new confirmed violation. `records` are the merchant's
 * earlier violations (those outside the record window are ignored here too).
 * "The same violation" is the same kind under 'same_type', any under 'any';
 * the count of the same ones, the new one included, earns yellow (1), orange
 * (orangeAt) or red (redAt), and the merchant keeps the higher of that and
 * its grade now: a violation never lowers a grade.
 */
export function gradeAfterViolation(input: {
  current: MerchantGrade;
  records: readonly ViolationRecord[];
  violation: ViolationRecord;
  rules: GradeRules;
}): ViolationOutcome {
  const { current, records, violation, rules } = input;
  const same = records.filter(
    (r) =>
      isCounting(r.occurredAt, violation.occurredAt, rules) &&
      (rules.sameViolation === 'any' || r.kind === violation.kind),
  );
  const count = same.length + 1;
  const earned = gradeForCount(count, rules);
  if (gradeRank(earned.grade) <= gradeRank(current)) return { grade: current, reason: null, count };
  return { grade: earned.grade, reason: earned.reason, count };
}

/** What the step-back rule looks at. */
export interface GradeState {
  grade: MerchantGrade;
  /** When the grade last changed (merchants.grade_since). */
  gradeSince: Date;
  /** The latest violation on record, if any. */
  lastViolationAt: Date | null;
}

export interface StepBack {
  grade: MerchantGrade;
  reason: 'clean_period';
  /** When the clean period was complete: the new grade_since, so that a missed period is caught up exactly. */
  dueAt: Date;
}

/** When the clean period started: the later of the last grade change and the last violation. */
export function cleanSince(state: GradeState): Date {
  const since = state.gradeSince.getTime();
  const violation = state.lastViolationAt?.getTime() ?? -Infinity;
  return new Date(Math.max(since, violation));
}

/**
 * One colour back (red → orange → yellow → blue) once `cleanDays` have passed
 * with neither a violation nor a grade change; null when not due, already
 * blue, or step-back is off. Applying it again with gradeSince = dueAt gives
 * the next step, so periods that passed while nothing ran are caught up.
 */
export function nextStepBack(state: GradeState, rules: GradeRules, now: Date): StepBack | null {
  if (!rules.stepBack.enabled) return null;
  const rank = gradeRank(state.grade);
  if (rank <= 0) return null;
  const dueAt = new Date(cleanSince(state).getTime() + rules.stepBack.cleanDays * DAY_MS);
  if (dueAt.getTime() > now.getTime()) return null;
  return { grade: MERCHANT_GRADES[rank - 1]!, reason: 'clean_period', dueAt };
}

/** What the typebox schema cannot say about a set of rules: the field at fault and why, or null. */
export function gradeRulesProblem(rules: GradeRules): { field: string; message: string } | null {
  if (rules.redAt <= rules.orangeAt) {
    return { field: 'redAt', message: `redAt (${rules.redAt}) must be greater than orangeAt (${rules.orangeAt})` };
  }
  const seen = new Set<string>();
  for (const code of rules.violationTypes) {
    if (seen.has(code)) return { field: 'violationTypes', message: `Violation type ${code} is listed twice` };
    seen.add(code);
  }
  return null;
}

/** POST /api/merchants/:id/grade: an admin sets the grade by hand, saying why. */
export const ManualGradeBody = Type.Object(
  { grade: MerchantGrade, note: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type ManualGradeBody = Static<typeof ManualGradeBody>;
