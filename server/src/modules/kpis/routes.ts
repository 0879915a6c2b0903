import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { KPI_ROLES, KpiExportQuery, KpiQuery, KpiReport } from '@civic/shared';
import { errors } from '../../http/schemas.ts';
import { contentDisposition, toCsv, toXlsx } from './export.ts';
import type { Queryable } from '../../db/pool.ts';
import { KpiService } from './service.ts';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const kpiRoutes =
  (db: Queryable, kpis = new KpiService(db)): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/kpis',
      {
        config: { access: KPI_ROLES },
        schema: {
          tags: ['kpis'],
          summary: 'The supervisors’ figures for the cases received in a period, with breakdowns (docs/kpis.md)',
          querystring: KpiQuery,
          response: { 200: KpiReport, ...errors(400, 401, 403) },
        },
      },
      async (request) => kpis.report(request.query),
    );

    app.get(
      '/api/kpis/export',
      {
        config: { access: KPI_ROLES },
        schema: {
          tags: ['kpis'],
          summary: 'The same report as a download: CSV (UTF-8 with BOM) or an Excel workbook, one sheet per breakdown',
          querystring: KpiExportQuery,
          produces: [CONTENT_TYPES.csv, CONTENT_TYPES.xlsx],
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The file' }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const { format, ...query } = request.query;
        const report = await kpis.report(query);
        const body = format === 'csv' ? toCsv(report) : await toXlsx(report);
        return reply
          .header('content-type', CONTENT_TYPES[format])
          .header('content-disposition', contentDisposition(report, format))
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  };
