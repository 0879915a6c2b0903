import { DAY_MS, type MerchantInput } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { DEMO_MERCHANTS, DEMO_SURVEY_DAYS_AGO, PILOT_SUB_DISTRICT_CODES } from '../demo/data/merchants.ts';
import { DEMO_SUB_DISTRICTS } from '../demo/data/subDistricts.ts';
import { loadGradeRules } from './grade-settings.ts';
import { recordViolation, resolveViolationKind } from './grading.ts';
import { insertMerchant } from './registry.ts';
import { localDate } from '../kpis/period.ts';

/**
 * Registers the demo merchants of the pilot area (demo/data/merchants.ts)
 * through the same code as a real registration, and grades their violations
 * by the configured rules, each row dated back to when it happened.
 *
 * Runs when the demo district is there and the registry is empty, so that a
 * demo database made before the registry existed gets its merchants on the
 * next start, and a registry someone has filled is never touched. Call it
 * inside a transaction: the lock makes a second node starting at the same
 * time wait, then find the rows and write nothing. Answers how many it wrote.
 */
export async function seedDemoMerchants(db: Queryable, log: (message: string) => void = () => undefined) {
  // Every demo start comes here: a registry with rows costs one cheap read and takes no lock.
  const { rows: present } = await db.query('SELECT 1 FROM merchants LIMIT 1');
  if (present.length > 0) return 0;
  await db.query('LOCK TABLE merchants IN SHARE ROW EXCLUSIVE MODE');
  const { rows } = await db.query<{ merchants: number; pilot: number; now: Date }>(
    `SELECT (SELECT count(*)::int FROM merchants) AS merchants,
            (SELECT count(*)::int FROM sub_districts WHERE (code, name) IN (SELECT * FROM unnest($1::text[], $2::text[])))
              AS pilot,
            now() AS now`,
    [PILOT_SUB_DISTRICT_CODES, PILOT_SUB_DISTRICT_CODES.map(pilotName)],
  );
  const state = rows[0]!;
  if (state.merchants > 0) return 0;
  if (state.pilot < PILOT_SUB_DISTRICT_CODES.length) {
    log('demo seed: not the demo district (no 刘寨/长兴路 pilot sub-districts); no demo merchants');
    return 0;
  }
  const rules = await loadGradeRules(db);
  const daysAgo = (days: number) => new Date(state.now.getTime() - days * DAY_MS);
  const surveyedAt = daysAgo(DEMO_SURVEY_DAYS_AGO);
  let skipped = 0;
  const ids: number[] = [];

  for (const merchant of DEMO_MERCHANTS) {
    const input: MerchantInput = {
      name: merchant.name,
      kind: merchant.kind,
      operatorName: merchant.operatorName,
      operatorPhone: merchant.operatorPhone,
      businessType: merchant.businessType,
      storefrontDescription: merchant.storefrontDescription,
      businessTools: merchant.businessTools,
      address: merchant.address,
      location: { lng: merchant.point[0], lat: merchant.point[1] },
      cardIssuedOn: merchant.card ? localDate(daysAgo(merchant.card.daysAgo)) : null,
      cardIssuedBy: merchant.card?.by ?? null,
    };
    const id = await insertMerchant(db, input, { actorId: null });
    ids.push(id);
    // Registered when the pilot survey was done, not when this seed ran.
    await db.query('UPDATE merchants SET created_at = $2, updated_at = $2, grade_since = $2 WHERE id = $1', [
      id,
      surveyedAt,
    ]);
    await db.query('UPDATE merchant_grade_events SET created_at = $2 WHERE merchant_id = $1', [id, surveyedAt]);

    for (const violation of merchant.violations ?? []) {
      // Rules an admin changed may no longer count this type: the record would only confuse.
      if ((await resolveViolationKind(db, violation.type, rules)) === null) {
        skipped++;
        continue;
      }
      const at = daysAgo(violation.daysAgo);
      const recorded = await recordViolation(db, {
        merchantId: id,
        caseId: null,
        violationType: violation.type,
        evidence: [],
        actorId: null,
        at,
        note: violation.note,
      });
      if (recorded.change) {
        await db.query('UPDATE merchant_grade_events SET created_at = $2 WHERE seq = $1', [recorded.change.seq, at]);
      }
    }
  }
  // Grading stamped them with this moment; the entries were last touched by their latest grade change.
  await db.query('UPDATE merchants SET updated_at = grade_since WHERE id = ANY($1::int[])', [ids]);
  log(
    `demo seed: ${DEMO_MERCHANTS.length} merchants in the 刘寨/长兴路 pilot area` +
      (skipped ? ` (${skipped} violations skipped: their types do not count under the grade rules)` : ''),
  );
  return DEMO_MERCHANTS.length;
}

function pilotName(code: string): string {
  const found = DEMO_SUB_DISTRICTS.find((s) => s.code === code);
  if (!found) throw new Error(`demo merchants: no demo sub-district ${code}`);
  return found.name;
}
