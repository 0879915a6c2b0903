import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Crs, MerchantQuery, type Role } from '@civic/shared';
import { badRequest, HttpError, notFound } from '../../http/errors.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { localDate } from '../kpis/period.ts';
import { attachment, CONTENT_TYPES, exportRegistry } from './export.ts';
import { errorReport, importTemplate } from './import-files.ts';
import { MerchantFileError, MerchantImportJobs, type ImportFileFormat } from './import.ts';
import type { MerchantModuleDeps } from './index.ts';
import { REGISTRY_WRITE_ROLES } from './registry.ts';
import { merchantAudienceFor } from './registry-view.ts';

/** Dispatchers export too (their copy masks operators); importing is registry maintenance. */
const EXPORT_ROLES: readonly Role[] = ['admin', 'supervisor', 'dispatcher'];
/** A district's registry of tens of thousands of rows fits many times over. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Windows labels a .csv as application/vnd.ms-excel when Excel is installed: the bytes decide then. */
const AMBIGUOUS_TYPES = ['application/vnd.ms-excel', 'application/octet-stream'];
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

const FileFormat = Type.Enum(['csv', 'xlsx']);

const ImportQuery = Type.Object(
  {
    /** For a content type that does not say (application/octet-stream, text/plain). */
    format: Type.Optional(FileFormat),
    /** The system of rows whose 坐标系 cell is empty; wgs84 when absent. */
    crs: Type.Optional(Crs),
  },
  { additionalProperties: false },
);

const RowErrorDto = Type.Object({
  /** The spreadsheet row, 1-based, header included. */
  row: Type.Integer(),
  /** The column header as the file spells it. */
  field: Type.String(),
  /** required, too_long, invalid_kind, not_a_number, out_of_range, invalid_crs, invalid_phone, invalid_date, future_date, card_date_missing, invalid_active, outside_district, duplicate, invalid. */
  code: Type.String(),
  message: Type.String(),
});

export const MerchantImportJobDto = Type.Object({
  id: Type.Integer(),
  format: FileFormat,
  /** interrupted: the node running it stopped before it finished. */
  status: Type.Enum(['running', 'done', 'failed', 'interrupted']),
  total: Type.Integer(),
  /** Rows dealt with, registered or failed: done / total is the progress. */
  done: Type.Integer(),
  failed: Type.Integer(),
  /** The first 100 errors; errors.csv has every one. */
  errors: Type.Array(RowErrorDto),
  errorCount: Type.Integer(),
  message: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const StartedImportDto = Type.Object({
  ...MerchantImportJobDto.properties,
  /** Headers the import did not recognise and skipped. */
  ignoredColumns: Type.Array(Type.String()),
});

const FormatQuery = Type.Object({ format: FileFormat }, { additionalProperties: false });

/** GET /api/merchants's filters; not its paging: an export has every match. */
const { q, grade, kind, subDistrictId, gridId } = MerchantQuery.properties;
const ExportQuery = Type.Object(
  { q, grade, kind, subDistrictId, gridId, format: FileFormat },
  { additionalProperties: false },
);

const FileResponse = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The file' });

/**
 * Bulk import and export of the registry (docs/merchants.md#import-and-export).
 * The upload is the file itself as the body, as for the gazetteer.
 */
export const importRoutes =
  (deps: MerchantModuleDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // One message per committed batch, not a merchant:graded per row: the maps reload the registry on it.
    const jobs = new MerchantImportJobs(deps.pool, deps.reportError, (merchantIds) =>
      deps.realtime.toEveryone('merchants:changed', { merchantIds }),
    );
    app.addHook('onClose', async () => jobs.close());

    // The importer decodes the bytes itself: a GBK file would be mangled as a string.
    app.addContentTypeParser(
      [XLSX_TYPE, ...AMBIGUOUS_TYPES, ...CSV_TYPES],
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/merchants/imports',
      {
        config: { access: REGISTRY_WRITE_ROLES },
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: ['merchants'],
          summary:
            'Import merchants from a CSV (UTF-8 or GBK) or .xlsx file sent as the body (at most 20 MB); answers the job, whose progress GET …/:id reports',
          querystring: ImportQuery,
          response: { 202: StartedImportDto, ...errors(400, 401, 403, 415) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!Buffer.isBuffer(body)) throw unsupported();
        if (body.length === 0) throw badRequest('body', '文件是空的 (send the file as the body)');
        const format = formatOf(type, request.query.format, body);
        try {
          const { job, ignoredColumns } = await jobs.start(
            { bytes: body, format, crs: request.query.crs },
            currentUser(request).id,
          );
          return reply.status(202).send({ ...job, ignoredColumns });
        } catch (error) {
          if (error instanceof MerchantFileError) throw badRequest('body', error.message);
          throw error;
        }
      },
    );

    app.get(
      '/api/merchants/imports/:id',
      {
        config: { access: REGISTRY_WRITE_ROLES },
        schema: {
          tags: ['merchants'],
          summary: 'Progress of a merchant import: total, done, failed, the first 100 errors',
          params: IdParams,
          response: { 200: MerchantImportJobDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const job = await jobs.get(request.params.id);
        if (!job) throw notFound('Import');
        return job;
      },
    );

    app.get(
      '/api/merchants/imports/:id/errors.csv',
      {
        config: { access: REGISTRY_WRITE_ROLES },
        schema: {
          tags: ['merchants'],
          summary: 'Every error of a merchant import as CSV (行号, 列, 错误说明, 错误代码)',
          params: IdParams,
          produces: [CONTENT_TYPES.csv],
          response: { 200: FileResponse, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const found = await jobs.allErrors(request.params.id);
        if (!found) throw notFound('Import');
        const id = request.params.id;
        return reply
          .header('content-type', CONTENT_TYPES.csv)
          .header('content-disposition', attachment(`merchant_import_${id}_errors.csv`, `商户导入_${id}_错误报告.csv`))
          .header('cache-control', 'no-store')
          .send(errorReport(found));
      },
    );

    app.get(
      '/api/merchants/import-template',
      {
        config: { access: REGISTRY_WRITE_ROLES },
        schema: {
          tags: ['merchants'],
          summary: 'An empty import file: the headers and one example row (.xlsx adds a sheet explaining each column)',
          querystring: FormatQuery,
          produces: [CONTENT_TYPES.csv, CONTENT_TYPES.xlsx],
          response: { 200: FileResponse, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        return reply
          .header('content-type', CONTENT_TYPES[format])
          .header('content-disposition', attachment(`merchant_import_template.${format}`, `商户登记导入模板.${format}`))
          .header('cache-control', 'no-store')
          .send(await importTemplate(format));
      },
    );

    app.get(
      '/api/merchants/export',
      {
        config: { access: EXPORT_ROLES },
        // `q` is often an operator's name or phone number: the request line (with its query) is not logged.
        logLevel: 'warn',
        schema: {
          tags: ['merchants'],
          summary:
            'The registry as CSV (UTF-8 with BOM) or .xlsx, with the filters of GET /api/merchants, every match; the columns of the import plus grade, since and counting violations',
          querystring: ExportQuery,
          produces: [CONTENT_TYPES.csv, CONTENT_TYPES.xlsx],
          response: { 200: FileResponse, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { format, ...filters } = request.query;
        const audience = merchantAudienceFor(currentUser(request).role);
        const result = await exportRegistry(deps.pool, filters, audience, format);
        const day = localDate(new Date());
        return reply
          .header('content-type', CONTENT_TYPES[format])
          .header('content-disposition', attachment(`merchants_${day}.${format}`, `商户登记_${day}.${format}`))
          .header('cache-control', 'no-store')
          .header('x-total-count', String(result.total))
          .header('x-export-truncated', String(result.rows < result.total))
          .send(result.body);
      },
    );
  };

const unsupported = () =>
  new HttpError(
    415,
    'Send the file as the body: text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    { field: 'content-type', code: 'unsupported_media_type' },
  );

/** The content type decides; where it cannot (octet-stream, vnd.ms-excel), ?format= or the file's first bytes. */
function formatOf(type: string, asked: ImportFileFormat | undefined, body: Buffer): ImportFileFormat {
  if (type === XLSX_TYPE) return 'xlsx';
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (asked) return asked;
  if (type === 'text/plain') return 'csv';
  if (AMBIGUOUS_TYPES.includes(type)) {
    const zip = body.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const ole = body.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    // An old .xls goes to the xlsx reader, which names the problem.
    return zip || ole ? 'xlsx' : 'csv';
  }
  throw unsupported();
}
