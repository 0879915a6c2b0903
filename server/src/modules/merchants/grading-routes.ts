import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DISTRICT_WIDE_ROLES,
  GradeRules,
  gradeRulesProblem,
  ManualGradeBody,
  MerchantGradeEventDto,
  MerchantHistory,
  type Role,
} from '@civic/shared';
import { withTransaction } from '../../db/pool.ts';
import { notFound, unprocessable } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { gradeEventsBySeq, merchantExists, merchantHistory } from './grade-history.ts';
import { realtimeGradePublisher } from './grade-publisher.ts';
import { loadGradeRules, saveGradeRules } from './grade-settings.ts';
import { setGradeManually } from './grading.ts';
import type { MerchantModuleDeps } from './index.ts';
import { squadMayReadMerchant } from './registry-view.ts';

/** Dispatchers read the rules to explain a grade; only an admin changes them. */
const RULE_READERS: readonly Role[] = ['dispatcher', 'supervisor', 'admin'];
/** A squad on scene needs the merchant's record as much as the dispatcher does. */
const HISTORY_READERS: readonly Role[] = [...DISTRICT_WIDE_ROLES, 'squad_member'];

/**
 * The grade rules (docs/merchants.md#grades), a merchant's violations and
 * grade changes, and an admin's manual change. Grading itself happens when a
 * case is closed (cases/service.ts) and in the step-back sweeper.
 */
export const gradingRoutes =
  ({ pool, realtime, reportError }: MerchantModuleDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const publisher = realtimeGradePublisher(pool, realtime, reportError);

    app.get(
      '/api/settings/merchant-grades',
      {
        config: { access: RULE_READERS },
        schema: {
          tags: ['merchants', 'settings'],
          summary: 'The 一卡四色 grade rules',
          response: { 200: GradeRules, ...errors(401, 403) },
        },
      },
      async () => loadGradeRules(pool),
    );

    app.put(
      '/api/settings/merchant-grades',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['merchants', 'settings'],
          summary:
            'Change the grade rules; they apply to violations confirmed and clean periods checked from now on, grades already given stay',
          body: GradeRules,
          response: { 200: GradeRules, ...errors(400, 401, 403, 422) },
        },
      },
      async (request) => {
        const rules = request.body;
        const problem = gradeRulesProblem(rules);
        if (problem) throw unprocessable(`body.${problem.field}`, problem.message);
        const { rows } = await pool.query<{ code: string }>(
          'SELECT code FROM unnest($1::text[]) AS t(code) WHERE code NOT IN (SELECT code FROM categories)',
          [rules.violationTypes],
        );
        if (rows.length) {
          throw unprocessable('body.violationTypes', `Unknown category codes: ${rows.map((r) => r.code).join(', ')}`);
        }
        await saveGradeRules(pool, rules);
        return rules;
      },
    );

    app.get(
      '/api/merchants/:id/history',
      {
        config: { access: HISTORY_READERS },
        schema: {
          tags: ['merchants'],
          summary: 'The merchant’s violations (each saying whether it still counts) and grade changes, newest first',
          params: IdParams,
          response: { 200: MerchantHistory, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const viewer = currentUser(request);
        // A squad reads the records it may read the merchant of (registry-view.ts): near its cases or in its grids.
        const hidden =
          viewer.role === 'squad_member' && !(await squadMayReadMerchant(pool, request.params.id, viewer.squadId));
        if (hidden || !(await merchantExists(pool, request.params.id))) throw notFound('Merchant');
        return merchantHistory(pool, request.params.id, await loadGradeRules(pool));
      },
    );

    app.post(
      '/api/merchants/:id/grade',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['merchants'],
          summary: 'Set the grade by hand (reason "manual"), with a note; pushed live as merchant:graded',
          params: IdParams,
          body: ManualGradeBody,
          response: { 200: MerchantGradeEventDto, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => {
        const change = await withTransaction(pool, (db) =>
          setGradeManually(db, {
            merchantId: request.params.id,
            grade: request.body.grade,
            note: request.body.note,
            actorId: currentUser(request).id,
          }),
        );
        publisher.publish([change]);
        return (await gradeEventsBySeq(pool, [change.seq]))[0]!;
      },
    );
  };
