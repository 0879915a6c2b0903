import type pg from 'pg';
import type { Crs } from '@civic/shared';
import { withTransaction, type DbClient } from '../../db/pool.ts';
import { HttpError } from '../../http/errors.ts';
import { toWgs84 } from '../geo/crs.ts';
import { localDate } from '../kpis/period.ts';
import type { ImportColumnKey } from './import-columns.ts';
import { DuplicateIndex, type DuplicateMatch } from './import-duplicates.ts';
import { MerchantFileError, readSheet, type ImportFileFormat } from './import-read.ts';
import { locateHeader, parseRow, type HeaderMap, type ParsedRow, type RowError } from './import-rows.ts';
import { registerMerchant } from './registry.ts';

/**
 * Bulk registration from the bureau's survey spreadsheet
 * (docs/merchants.md#import-and-export). The file is read and every row
 * checked when it arrives (a file that cannot be read at all is refused
 * then); the rows are then registered in the background on the node that
 * received it, in batches of BATCH_SIZE rows per transaction, each row under
 * its own savepoint, so a bad row costs only itself. Progress and every
 * failed row are written to merchant_imports with each batch, so any node
 * can answer for the job, and a job whose node died shows as interrupted.
 */

export { MerchantFileError };
export type { ImportFileFormat, RowError };

export const BATCH_SIZE = 200;
/** The report keeps this many errors; a file with more is almost certainly the wrong file. */
export const MAX_REPORTED_ERRORS = 10_000;
/** How many errors a progress answer carries; the full report is errors.csv. */
export const ERRORS_IN_PROGRESS = 100;
/** A running job whose node has not written for this long died with its node. */
const STALE_AFTER = '5 minutes';
/** Import batches take this lock, so two imports (on any node) never both register the same merchant. */
const IMPORT_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('civic.merchant_import'))`;

export interface MerchantFile {
  rows: ParsedRow[];
  header: HeaderMap;
  /** Data rows (non-empty rows below the header). */
  total: number;
}

/** Reads and checks every row; throws MerchantFileError when the file as a whole is unusable. */
export async function readMerchantFile(
  bytes: Buffer,
  format: ImportFileFormat,
  options: { crs?: Crs | undefined; today?: string } = {},
): Promise<MerchantFile> {
  const sheet = await readSheet(bytes, format);
  const header = locateHeader(sheet);
  const data = sheet.filter((row) => row.row > header.row);
  if (data.length === 0) throw new MerchantFileError('表头下面没有数据行 (no data rows below the header)');
  const defaults = { crs: options.crs ?? 'wgs84', today: options.today ?? localDate(new Date()) };
  return { rows: data.map((row) => parseRow(row, header, defaults)), header, total: data.length };
}

export type ImportJobStatus = 'running' | 'done' | 'failed' | 'interrupted';

export interface MerchantImportJob {
  id: number;
  format: ImportFileFormat;
  status: ImportJobStatus;
  /** Data rows in the file. */
  total: number;
  /** Rows dealt with so far, registered or failed: done / total is the progress. */
  done: number;
  /** Rows not registered. */
  failed: number;
  /** The first ERRORS_IN_PROGRESS errors (a row can have several). */
  errors: RowError[];
  /** Every error kept (at most MAX_REPORTED_ERRORS); errors.csv has them all. */
  errorCount: number;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

interface Progress {
  done: number;
  failed: number;
  errorCount: number;
  /** Errors found beyond MAX_REPORTED_ERRORS, not kept. */
  dropped: number;
}

export class MerchantImportJobs {
  private readonly running = new Set<Promise<void>>();
  /** Set at shutdown: running jobs stop after their current batch instead of holding the node up. */
  private closing = false;

  /**
   * `publish` hears the merchants each batch registered, once per batch
   * after its commit, so the new pins appear on every map as the import
   * goes. One call per batch, not per row: a file of tens of thousands of
   * rows must not send every screen tens of thousands of messages.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly reportError: (error: unknown) => void = () => undefined,
    private readonly publish: (merchantIds: number[]) => void = () => undefined,
  ) {}

  /**
   * Reads the file now (MerchantFileError when it cannot be imported at
   * all), records the job, and registers the rows in the background.
   */
  async start(
    file: { bytes: Buffer; format: ImportFileFormat; crs?: Crs | undefined },
    actorId: number | null,
  ): Promise<{ job: MerchantImportJob; ignoredColumns: string[] }> {
    const read = await readMerchantFile(file.bytes, file.format, { crs: file.crs });
    const note = ignoredNote(read.header.ignored);
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO merchant_imports (format, total, created_by, message) VALUES ($1, $2, $3, $4) RETURNING id`,
      [file.format, read.total, actorId, note],
    );
    const id = rows[0]!.id;
    const work = this.run(id, read, actorId, note)
      .catch(async (error: unknown) => {
        if (!(error instanceof ShutdownError)) this.reportError(withoutRowData(error));
        await this.pool
          .query(
            `UPDATE merchant_imports SET status = 'failed', message = $2, finished_at = now(), updated_at = now()
              WHERE id = $1`,
            [id, `导入中断，已完成的行保留：${(error as Error).message}`],
          )
          .catch((failure: unknown) => this.reportError(withoutRowData(failure)));
      })
      .finally(() => this.running.delete(work));
    this.running.add(work);
    return { job: (await this.get(id))!, ignoredColumns: read.header.ignored };
  }

  async get(id: number): Promise<MerchantImportJob | undefined> {
    const { rows } = await this.pool.query<{
      id: number;
      format: ImportFileFormat;
      status: ImportJobStatus;
      total: number;
      done: number;
      failed: number;
      first_errors: RowError[];
      error_count: number;
      message: string | null;
      created_at: Date;
      finished_at: Date | null;
    }>(
      `SELECT id, format, total, done, failed, message, created_at, finished_at,
              CASE WHEN status = 'running' AND updated_at < now() - $2::interval THEN 'interrupted'
                   ELSE status END AS status,
              jsonb_array_length(errors) AS error_count,
              (SELECT coalesce(jsonb_agg(e ORDER BY n), '[]'::jsonb)
                 FROM jsonb_array_elements(errors) WITH ORDINALITY AS x(e, n) WHERE n <= $3) AS first_errors
         FROM merchant_imports WHERE id = $1`,
      [id, STALE_AFTER, ERRORS_IN_PROGRESS],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      format: row.format,
      status: row.status,
      total: row.total,
      done: row.done,
      failed: row.failed,
      errors: row.first_errors,
      errorCount: row.error_count,
      message: row.message,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }

  /** Every kept error of a job, in row order; undefined when there is no such job. */
  async allErrors(id: number): Promise<RowError[] | undefined> {
    const { rows } = await this.pool.query<{ errors: RowError[] }>(
      'SELECT errors FROM merchant_imports WHERE id = $1',
      [id],
    );
    return rows[0]?.errors;
  }

  /**
   * At shutdown: each running job finishes its current batch and is marked
   * failed with what it registered so far (a file of 100,000 rows must not
   * hold the node up for minutes).
   */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.running]);
  }

  /** The batch is committed whatever becomes of the push: a failed one is reported, the job goes on. */
  private announce(merchantIds: number[]): void {
    try {
      this.publish(merchantIds);
    } catch (error) {
      this.reportError(error);
    }
  }

  private async run(id: number, read: MerchantFile, actorId: number | null, note: string | null): Promise<void> {
    const progress: Progress = { done: 0, failed: 0, errorCount: 0, dropped: 0 };
    /** Merchants this job registered, with their file row, for "the same as row N" messages. */
    const rowOfMerchant = new Map<number, number>();
    for (let start = 0; start < read.rows.length; start += BATCH_SIZE) {
      if (this.closing) throw new ShutdownError('服务器停止 (the server stopped)');
      const batch = read.rows.slice(start, start + BATCH_SIZE);
      const registered = await withTransaction(this.pool, async (client) => {
        await client.query(IMPORT_LOCK_SQL);
        const outcome = await writeBatch(client, batch, read.header, {
          importId: id,
          actorId,
          rowOfMerchant,
          reportError: this.reportError,
        });
        const room = Math.max(0, MAX_REPORTED_ERRORS - progress.errorCount);
        const kept = outcome.errors.slice(0, room);
        // Written in the batch's transaction: `done` never counts a row that was rolled back.
        await client.query(
          `UPDATE merchant_imports
              SET done = done + $2, failed = failed + $3, errors = errors || $4::jsonb, updated_at = now()
            WHERE id = $1`,
          [id, batch.length, outcome.failedRows, JSON.stringify(kept)],
        );
        progress.done += batch.length;
        progress.failed += outcome.failedRows;
        progress.errorCount += kept.length;
        progress.dropped += outcome.errors.length - kept.length;
        return outcome.registered;
      });
      for (const { merchantId, row } of registered) rowOfMerchant.set(merchantId, row);
      // A batch of nothing but bad rows changed nothing a map shows.
      if (registered.length > 0) this.announce(registered.map((r) => r.merchantId));
    }
    await this.pool.query(
      `UPDATE merchant_imports SET status = 'done', message = $2, finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, summary(read.total, progress, note)],
    );
  }
}

interface BatchOutcome {
  failedRows: number;
  errors: RowError[];
  /** The rows this batch registered: the merchant and its file row. */
  registered: { merchantId: number; row: number }[];
}

async function writeBatch(
  client: DbClient,
  batch: ParsedRow[],
  header: HeaderMap,
  context: {
    importId: number;
    actorId: number | null;
    rowOfMerchant: ReadonlyMap<number, number>;
    reportError: (error: unknown) => void;
  },
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { failedRows: 0, errors: [], registered: [] };
  const names = batch.flatMap((row) => (row.input ? [row.input.name] : []));
  const index = await DuplicateIndex.load(client, names, context.rowOfMerchant);
  for (const row of batch) {
    const input = row.input;
    if (!input) {
      outcome.failedRows++;
      outcome.errors.push(...row.errors);
      continue;
    }
    const candidate = {
      name: input.name,
      address: input.address ?? null,
      phone: input.operatorPhone ?? null,
      point: toWgs84(input.location, input.crs),
    };
    const duplicate = index.find(candidate);
    if (duplicate) {
      outcome.failedRows++;
      outcome.errors.push(duplicateError(row.row, duplicate, header));
      continue;
    }
    await client.query('SAVEPOINT merchant_import_row');
    try {
      const { merchantId } = await registerMerchant(client, input, {
        actorId: context.actorId,
        importId: context.importId,
      });
      await client.query('RELEASE SAVEPOINT merchant_import_row');
      index.remember(merchantId, candidate, row.row);
      outcome.registered.push({ merchantId, row: row.row });
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT merchant_import_row');
      await client.query('RELEASE SAVEPOINT merchant_import_row');
      outcome.failedRows++;
      if (error instanceof HttpError) outcome.errors.push(registryError(row.row, error, header));
      else {
        // A fault of ours, not of the row: logged, and the row reported without the internals.
        context.reportError(withoutRowData(error));
        outcome.errors.push({ row: row.row, field: '', code: 'invalid', message: '未能登记：服务器内部错误，已记录' });
      }
    }
  }
  return outcome;
}

function duplicateError(row: number, match: DuplicateMatch, header: HeaderMap): RowError {
  const by = { address: '店名和地址', phone: '店名和电话', place: '店名相同且位置相距不到 20 米' }[match.by];
  const whom =
    match.fileRow === undefined
      ? `登记册中的编号 ${match.merchantId}`
      : `本文件第 ${match.fileRow} 行（编号 ${match.merchantId}）`;
  const field = { address: 'address', phone: 'operatorPhone', place: 'lng' } as const;
  return {
    row,
    field: header.headers[field[match.by]] ?? header.headers.name ?? '',
    code: 'duplicate',
    message: `已登记，未重复导入：${by}与${whom}相同`,
  };
}

/** The registry's refusal (a 422 naming a MerchantInput field) as a row of the report. */
function registryError(row: number, error: HttpError, header: HeaderMap): RowError {
  const field = error.details.field ?? '';
  if (field === 'location') {
    return {
      row,
      field: header.headers.lng ?? '',
      code: 'outside_district',
      message: `位置不在本辖区任何街道内，请检查经纬度和坐标系（${error.message}）`,
    };
  }
  return {
    row,
    field: header.headers[field as ImportColumnKey] ?? field,
    code: 'invalid',
    message: `未能登记：${error.message}`,
  };
}

class ShutdownError extends Error {}

/**
 * A database error carries the failing row in `detail` (operator name and
 * phone included), which must not reach the log: only its message, code and
 * stack do.
 */
function withoutRowData(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const clean = new Error(error.message);
  clean.name = error.name;
  if (error.stack) clean.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? Object.assign(clean, { code }) : clean;
}

function ignoredNote(ignored: readonly string[]): string | null {
  return ignored.length > 0 ? `已忽略未识别的列：${ignored.join('、')}` : null;
}

function summary(total: number, progress: Progress, note: string | null): string {
  const parts = [`共 ${total} 行，登记 ${progress.done - progress.failed} 行，失败 ${progress.failed} 行`];
  if (progress.dropped > 0) parts.push(`错误过多，报告只保留前 ${MAX_REPORTED_ERRORS} 条`);
  if (note) parts.push(note);
  return parts.join('；');
}
