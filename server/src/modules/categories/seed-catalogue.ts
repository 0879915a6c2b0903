import type { Queryable } from '../../db/pool.ts';
import { STANDARD_CATEGORIES } from './standard-catalogue.ts';

/**
 * Puts the standard catalogue into a database that lacks it. A category that
 * exists is left as the administrators made it, except that one still without
 * limits (filed before limits existed) gets the standard ones once.
 */
export async function seedStandardCatalogue(db: Queryable): Promise<number> {
  // Parents before children, whatever order the catalogue is written in.
  const ordered = [...STANDARD_CATEGORIES].sort(
    (a, b) => Number(a.parentCode !== null) - Number(b.parentCode !== null),
  );
  let changed = 0;
  for (const c of ordered) {
    const { rowCount } = await db.query(
      `INSERT INTO categories (code, parent_code, name, name_en, priority, limits)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (code) DO UPDATE SET limits = EXCLUDED.limits
         WHERE categories.limits = '{}'::jsonb AND EXCLUDED.limits <> '{}'::jsonb`,
      [c.code, c.parentCode, c.name, c.nameEn, c.priority, JSON.stringify(c.limits)],
    );
    changed += rowCount ?? 0;
  }
  return changed;
}
