import { DEFAULT_GRADE_RULES, type GradeRules } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

const SETTINGS_KEY = 'merchant_grade_rules';

/** Read from the database on each use, so every node grades by the same rules. */
export async function loadGradeRules(db: Queryable): Promise<GradeRules> {
  const { rows } = await db.query<{ value: GradeRules }>('SELECT value FROM system_state WHERE key = $1', [
    SETTINGS_KEY,
  ]);
  return rows[0]?.value ?? DEFAULT_GRADE_RULES;
}

export async function saveGradeRules(db: Queryable, rules: GradeRules): Promise<void> {
  await db.query(
    `INSERT INTO system_state (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [SETTINGS_KEY, JSON.stringify(rules)],
  );
}
