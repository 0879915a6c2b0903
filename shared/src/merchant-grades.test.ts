import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DEFAULT_GRADE_RULES,
  gradeAfterViolation,
  gradeForCount,
  gradeRank,
  gradeRulesProblem,
  isCounting,
  nextStepBack,
  violationKind,
  type GradeState,
  type ViolationRecord,
} from './merchant-grades.ts';
import { MERCHANT_GRADES, type GradeRules, type MerchantGrade } from './merchants.ts';

const rules = DEFAULT_GRADE_RULES;
const NOW = new Date('2026-06-01T08:00:00Z');
const daysAgo = (days: number, from = NOW) => new Date(from.getTime() - days * DAY_MS);
const record = (kind: string, days: number): ViolationRecord => ({ kind, occurredAt: daysAgo(days) });
const now = (kind: string): ViolationRecord => ({ kind, occurredAt: NOW });

describe('a confirmed violation', () => {
  it.each<
    [string, MerchantGrade, ViolationRecord[], string, Partial<GradeRules>, MerchantGrade, string | null, number]
  >([
    ['first violation: blue → yellow', 'blue', [], '0201', {}, 'yellow', 'first_violation', 1],
    ['the same again: yellow → orange', 'yellow', [record('0201', 10)], '0201', {}, 'orange', 'repeat_violation', 2],
    [
      'the same a third time: orange → red',
      'orange',
      [record('0201', 20), record('0201', 10)],
      '0201',
      {},
      'red',
      'uncorrected',
      3,
    ],
    [
      'red stays red, no event',
      'red',
      [record('0201', 30), record('0201', 20), record('0201', 10)],
      '0201',
      {},
      'red',
      null,
      4,
    ],
    ['another type while yellow stays yellow', 'yellow', [record('0201', 10)], '0202', {}, 'yellow', null, 1],
    [
      'another type counts under "any"',
      'yellow',
      [record('0201', 10)],
      '0202',
      { sameViolation: 'any' },
      'orange',
      'repeat_violation',
      2,
    ],
    ['a record outside the window no longer counts', 'yellow', [record('0201', 365)], '0201', {}, 'yellow', null, 1],
    [
      'a record one day inside the window counts',
      'yellow',
      [record('0201', 364)],
      '0201',
      {},
      'orange',
      'repeat_violation',
      2,
    ],
    [
      'blue after a step back, the record still counting: straight to orange',
      'blue',
      [record('0201', 200)],
      '0201',
      {},
      'orange',
      'repeat_violation',
      2,
    ],
    [
      'orange kept on a first violation of another type',
      'orange',
      [record('0201', 5), record('0201', 4)],
      '0202',
      {},
      'orange',
      null,
      1,
    ],
    [
      'orangeAt 3: the second is still yellow',
      'yellow',
      [record('0201', 10)],
      '0201',
      { orangeAt: 3, redAt: 5 },
      'yellow',
      null,
      2,
    ],
    ['a short window: 30 days', 'yellow', [record('0201', 31)], '0201', { recordWindowDays: 30 }, 'yellow', null, 1],
  ])('%s', (_, current, records, kind, overrides, grade, reason, count) => {
    const outcome = gradeAfterViolation({ current, records, violation: now(kind), rules: { ...rules, ...overrides } });
    expect(outcome).toEqual({ grade, reason, count });
  });
});

describe('violation kinds', () => {
  it.each<[string, string[], string[], string | null]>([
    ['0201', ['02'], ['0201', '0202'], '0201'],
    ['0203', ['02'], ['0201', '0202'], null],
    ['020301', ['0203', '02'], ['02'], '02'],
    ['020301', ['0203', '02'], ['02', '0203'], '0203'],
    ['0101', ['01'], ['0201'], null],
  ])('%s (ancestors %j) under %j is %s', (code, ancestors, types, kind) => {
    expect(violationKind(code, ancestors, { ...rules, violationTypes: types })).toBe(kind);
  });
});

describe('step back after a clean period', () => {
  const state = (grade: MerchantGrade, sinceDays: number, violationDays: number | null = null): GradeState => ({
    grade,
    gradeSince: daysAgo(sinceDays),
    lastViolationAt: violationDays === null ? null : daysAgo(violationDays),
  });

  it.each<[string, GradeState, Partial<GradeRules>, MerchantGrade | null]>([
    ['red → orange after 180 clean days', state('red', 180), {}, 'orange'],
    ['orange → yellow', state('orange', 200), {}, 'yellow'],
    ['yellow → blue', state('yellow', 181), {}, 'blue'],
    ['not before the period is over', state('red', 179), {}, null],
    ['blue never goes lower', state('blue', 1000), {}, null],
    ['a violation since the grade change restarts the clock', state('orange', 300, 100), {}, null],
    ['measured from the violation when it is later', state('orange', 300, 181), {}, 'yellow'],
    ['off when disabled', state('red', 1000), { stepBack: { enabled: false, cleanDays: 180 } }, null],
    ['a short period: 7 days', state('yellow', 7), { stepBack: { enabled: true, cleanDays: 7 } }, 'blue'],
  ])('%s', (_, s, overrides, expected) => {
    const step = nextStepBack(s, { ...rules, ...overrides }, NOW);
    expect(step?.grade ?? null).toBe(expected);
    if (step) expect(step.reason).toBe('clean_period');
  });

  it('dates the step when the period was complete, so two missed periods step twice', () => {
    const first = nextStepBack(state('red', 400), rules, NOW)!;
    expect(first).toEqual({ grade: 'orange', reason: 'clean_period', dueAt: daysAgo(220) });
    const second = nextStepBack({ grade: first.grade, gradeSince: first.dueAt, lastViolationAt: null }, rules, NOW)!;
    expect(second).toEqual({ grade: 'yellow', reason: 'clean_period', dueAt: daysAgo(40) });
    expect(nextStepBack({ grade: second.grade, gradeSince: second.dueAt, lastViolationAt: null }, rules, NOW)).toBe(
      null,
    );
  });
});

describe('rule checks', () => {
  it.each<[Partial<GradeRules>, string | null]>([
    [{}, null],
    [{ orangeAt: 3, redAt: 3 }, 'redAt'],
    [{ orangeAt: 4, redAt: 3 }, 'redAt'],
    [{ violationTypes: ['0201', '0201'] }, 'violationTypes'],
  ])('%j → %s', (overrides, field) => {
    expect(gradeRulesProblem({ ...rules, ...overrides })?.field ?? null).toBe(field);
  });
});

// Properties ---------------------------------------------------------------------

const KINDS = ['0201', '0202', '0203'] as const;
const arbGrade = fc.constantFrom(...MERCHANT_GRADES);
const arbRules: fc.Arbitrary<GradeRules> = fc
  .record({
    orangeAt: fc.integer({ min: 2, max: 6 }),
    extra: fc.integer({ min: 1, max: 6 }),
    recordWindowDays: fc.integer({ min: 1, max: 730 }),
    sameViolation: fc.constantFrom('same_type' as const, 'any' as const),
    enabled: fc.boolean(),
    cleanDays: fc.integer({ min: 1, max: 400 }),
  })
  .map((r) => ({
    violationTypes: [...KINDS],
    sameViolation: r.sameViolation,
    recordWindowDays: r.recordWindowDays,
    orangeAt: r.orangeAt,
    redAt: r.orangeAt + r.extra,
    stepBack: { enabled: r.enabled, cleanDays: r.cleanDays },
  }));
const arbRecord: fc.Arbitrary<ViolationRecord> = fc
  .record({ kind: fc.constantFrom(...KINDS), days: fc.integer({ min: 0, max: 800 }) })
  .map(({ kind, days }) => record(kind, days));

/** Feeds violations one by one, as closing cases would, and returns the grade after each. */
function replay(violations: readonly ViolationRecord[], r: GradeRules, start: MerchantGrade = 'blue') {
  let grade = start;
  const seen: ViolationRecord[] = [];
  const grades: MerchantGrade[] = [];
  for (const violation of violations) {
    grade = gradeAfterViolation({ current: grade, records: seen, violation, rules: r }).grade;
    seen.push(violation);
    grades.push(grade);
  }
  return grades;
}

describe('properties', () => {
  it('a violation never lowers a grade, and a change always comes with a reason', () => {
    fc.assert(
      fc.property(
        arbGrade,
        fc.array(arbRecord, { maxLength: 12 }),
        fc.constantFrom(...KINDS),
        arbRules,
        (current, records, kind, r) => {
          const outcome = gradeAfterViolation({ current, records, violation: now(kind), rules: r });
          expect(gradeRank(outcome.grade)).toBeGreaterThanOrEqual(gradeRank(current));
          expect(outcome.reason === null).toBe(outcome.grade === current);
          // A violation always leaves at least yellow: it is on record.
          expect(outcome.grade).not.toBe('blue');
        },
      ),
    );
  });

  it('after n same-type violations the grade is the step function blue | yellow | orange | red of n', () => {
    fc.assert(
      fc.property(arbRules, fc.integer({ min: 1, max: 60 }), (r, n) => {
        const violations = Array.from({ length: n }, () => now('0201'));
        const grades = replay(violations, r);
        grades.forEach((grade, i) => {
          const count = i + 1;
          const expected = count >= r.redAt ? 'red' : count >= r.orangeAt ? 'orange' : 'yellow';
          expect(grade).toBe(expected);
          if (i > 0) expect(gradeRank(grade)).toBeGreaterThanOrEqual(gradeRank(grades[i - 1]!));
        });
        expect(gradeForCount(0, r).grade).toBe('blue');
      }),
    );
  });

  it('the order of violations within the window does not change the final grade', () => {
    const arbKinds = fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 15 });
    const arbOrders = arbKinds.chain((kinds) =>
      fc.tuple(fc.constant(kinds), fc.shuffledSubarray(kinds, { minLength: kinds.length, maxLength: kinds.length })),
    );
    fc.assert(
      fc.property(arbRules, arbOrders, (r, [kinds, shuffled]) => {
        // All on the same day, so every one counts at every step.
        const final = (order: readonly string[]) =>
          replay(
            order.map((k) => now(k)),
            r,
          ).at(-1);
        expect(final(shuffled)).toBe(final(kinds));
      }),
    );
  });

  it('records outside the window make no difference', () => {
    fc.assert(
      fc.property(
        arbGrade,
        fc.array(arbRecord, { maxLength: 10 }),
        fc.constantFrom(...KINDS),
        arbRules,
        (current, records, kind, r) => {
          const counting = records.filter((x) => isCounting(x.occurredAt, NOW, r));
          const all = gradeAfterViolation({ current, records, violation: now(kind), rules: r });
          const only = gradeAfterViolation({ current, records: counting, violation: now(kind), rules: r });
          expect(all).toEqual(only);
        },
      ),
    );
  });

  it('"any" is never milder than "same_type"', () => {
    fc.assert(
      fc.property(
        arbGrade,
        fc.array(arbRecord, { maxLength: 10 }),
        fc.constantFrom(...KINDS),
        arbRules,
        (current, records, kind, r) => {
          const same = gradeAfterViolation({
            current,
            records,
            violation: now(kind),
            rules: { ...r, sameViolation: 'same_type' },
          });
          const any = gradeAfterViolation({
            current,
            records,
            violation: now(kind),
            rules: { ...r, sameViolation: 'any' },
          });
          expect(gradeRank(any.grade)).toBeGreaterThanOrEqual(gradeRank(same.grade));
        },
      ),
    );
  });

  it('stepping back goes one colour at a time, never below blue, one step per full clean period', () => {
    fc.assert(
      fc.property(
        arbGrade,
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 400 }),
        (grade, elapsedDays, cleanDays) => {
          const r = { ...rules, stepBack: { enabled: true, cleanDays } };
          let state: GradeState = { grade, gradeSince: daysAgo(elapsedDays), lastViolationAt: null };
          let steps = 0;
          for (let step = nextStepBack(state, r, NOW); step; step = nextStepBack(state, r, NOW)) {
            expect(gradeRank(step.grade)).toBe(gradeRank(state.grade) - 1);
            expect(step.dueAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
            state = { grade: step.grade, gradeSince: step.dueAt, lastViolationAt: null };
            steps += 1;
          }
          expect(steps).toBe(Math.min(gradeRank(grade), Math.floor(elapsedDays / cleanDays)));
          expect(MERCHANT_GRADES).toContain(state.grade);
        },
      ),
    );
  });
});
