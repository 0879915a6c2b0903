import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CategoryCreateBody, CategoryDto, CategoryUpdateBody, type StageLimits } from '@civic/shared';
import type { Pool, Queryable } from '../../db/pool.ts';
import { conflict, notFound, unprocessable } from '../../http/errors.ts';
import { errors } from '../../http/schemas.ts';
import { suggestCategories } from './suggest.ts';

const CodeParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 16, pattern: '^[0-9A-Za-z]+$' }) },
  { additionalProperties: false },
);

interface CategoryRow {
  code: string;
  parent_code: string | null;
  name: string;
  name_en: string;
  priority: number;
  limits: StageLimits;
  active: boolean;
  duplicate_radius_m: number;
  duplicate_window_hours: number;
}

const toDto = (row: CategoryRow): CategoryDto => ({
  code: row.code,
  parentCode: row.parent_code,
  name: row.name,
  nameEn: row.name_en,
  priority: row.priority,
  limits: row.limits,
  active: row.active,
  duplicateRadiusM: row.duplicate_radius_m,
  duplicateWindowHours: row.duplicate_window_hours,
});

const SELECT = `SELECT code, parent_code, name, name_en, priority, limits, active, duplicate_radius_m, duplicate_window_hours
                  FROM categories`;

async function findCategory(db: Queryable, code: string): Promise<CategoryDto> {
  const { rows } = await db.query<CategoryRow>(`${SELECT} WHERE code = $1`, [code]);
  if (!rows[0]) throw notFound('Category');
  return toDto(rows[0]);
}

/**
 * The category catalogue (大类/小类) with each category's time limits.
 * Everyone signed in reads it; administrators change it, and a change applies
 * to cases filed afterwards (each case keeps the limits it was filed under).
 */
export const categoryRoutes =
  (pool: Pool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/categories',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['categories'],
          summary: 'The category catalogue, 大类 before their 小类',
          response: { 200: Type.Array(CategoryDto), ...errors(401) },
        },
      },
      async () => {
        const { rows } = await pool.query<CategoryRow>(
          `${SELECT} ORDER BY coalesce(parent_code, code), parent_code NULLS FIRST, code`,
        );
        return rows.map(toDto);
      },
    );

    app.get(
      '/api/categories/suggest',
      {
        config: { access: ['intake_clerk', 'dispatcher', 'supervisor', 'admin', 'squad_member'] },
        schema: {
          tags: ['categories'],
          summary:
            'Suggest 小类 for a description (keywords and word segmentation), best first, for a person to confirm',
          querystring: Type.Object(
            {
              text: Type.String({ minLength: 1, maxLength: 2000 }),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                confidence: Type.Number(),
                matched: Type.Array(Type.String()),
              }),
            ),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => suggestCategories(pool, request.query.text, request.query.limit ?? 3),
    );

    app.post(
      '/api/categories',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['categories'],
          summary: 'Add a category',
          body: CategoryCreateBody,
          response: { 201: CategoryDto, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (body.parentCode)
          await findCategory(pool, body.parentCode).catch(() => {
            throw unprocessable('body.parentCode', `No category ${body.parentCode}`);
          });
        const { rowCount } = await pool.query(
          `INSERT INTO categories (code, parent_code, name, name_en, priority, limits)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (code) DO NOTHING`,
          [body.code, body.parentCode ?? null, body.name, body.nameEn, body.priority, JSON.stringify(body.limits)],
        );
        if (!rowCount) throw conflict('category_exists', `Category ${body.code} already exists`);
        return reply.status(201).send(await findCategory(pool, body.code));
      },
    );

    app.patch(
      '/api/categories/:code',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['categories'],
          summary: 'Change a category: names, priority, time limits, active; applies to cases filed afterwards',
          params: CodeParams,
          body: CategoryUpdateBody,
          response: { 200: CategoryDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { code } = request.params;
        const body = request.body;
        const { rowCount } = await pool.query(
          `UPDATE categories SET name = coalesce($2, name), name_en = coalesce($3, name_en),
                  priority = coalesce($4, priority), limits = coalesce($5::jsonb, limits), active = coalesce($6, active),
                  duplicate_radius_m = coalesce($7, duplicate_radius_m),
                  duplicate_window_hours = coalesce($8, duplicate_window_hours)
            WHERE code = $1`,
          [
            code,
            body.name ?? null,
            body.nameEn ?? null,
            body.priority ?? null,
            body.limits ? JSON.stringify(body.limits) : null,
            body.active ?? null,
            body.duplicateRadiusM ?? null,
            body.duplicateWindowHours ?? null,
          ],
        );
        if (!rowCount) throw notFound('Category');
        return findCategory(pool, code);
      },
    );
  };
