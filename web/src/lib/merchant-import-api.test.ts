import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { json, memoryStorage } from '../test/fixtures.ts';
import { ApiRequestError, setToken } from './api.ts';
import {
  exportSearch,
  fileFormatOf,
  importedRows,
  merchantImportApi,
  progressOf,
  type MerchantImportJob,
} from './merchant-import-api.ts';

const job = (overrides: Partial<MerchantImportJob>): MerchantImportJob => ({
  id: 1,
  format: 'csv',
  status: 'running',
  total: 0,
  done: 0,
  failed: 0,
  errors: [],
  errorCount: 0,
  message: null,
  createdAt: '2026-03-01T00:00:00.000Z',
  finishedAt: null,
  ...overrides,
});

describe('picking a file', () => {
  test('goes by the name’s extension, whatever its case', () => {
    expect(fileFormatOf('商户登记.CSV')).toBe('csv');
    expect(fileFormatOf('商户登记.xlsx')).toBe('xlsx');
    expect(fileFormatOf('旧表.xls')).toBe('xls');
    expect(fileFormatOf('照片.jpg')).toBeUndefined();
  });
});

describe('progress', () => {
  test('counts registered rows apart from failed ones, and never passes 100%', () => {
    expect(importedRows(job({ done: 40, failed: 3 }))).toBe(37);
    expect(progressOf(job({ total: 200, done: 50 }))).toBe(0.25);
    expect(progressOf(job({ total: 0, done: 0 }))).toBe(1);
    expect(progressOf(job({ total: 10, done: 12 }))).toBe(1);
  });
});

describe('export query', () => {
  test('carries the filters and the format, never the page', () => {
    expect(exportSearch({ q: ' 烧饼 ', grade: 'yellow', subDistrictId: 2, limit: 50, offset: 100 }, 'csv')).toBe(
      `q=${encodeURIComponent('烧饼')}&grade=yellow&subDistrictId=2&format=csv`,
    );
    expect(exportSearch({}, 'xlsx')).toBe('format=xlsx');
  });
});

describe('merchantImportApi', () => {
  const fetchMock = vi.fn<typeof fetch>();

  beforeEach(() => {
    vi.stubGlobal('localStorage', memoryStorage());
    vi.stubGlobal('fetch', fetchMock);
    setToken('tok-3');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    vi.useRealTimers();
    fetchMock.mockReset();
  });

  test('sends the file itself as the body, typed by its format, with the default crs', async () => {
    fetchMock.mockResolvedValue(json({ ...job({ id: 9 }), ignoredColumns: [] }, 202));
    const started = await merchantImportApi.start(new Blob(['店名,类型\n']), 'xlsx', 'gcj02');
    expect(started.id).toBe(9);
    const [url, init] = fetchMock.mock.lastCall!;
    expect(url).toBe('/api/merchants/imports?crs=gcj02');
    const headers = init!.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers.Authorization).toBe('Bearer tok-3');
    expect(await (init!.body as Blob).text()).toBe('店名,类型\n');
  });

  test('downloads the error report with the token under the server’s name', async () => {
    vi.useFakeTimers();
    const link = { href: '', download: '', style: { display: '' }, click: vi.fn(), remove: vi.fn() };
    vi.stubGlobal('document', { createElement: () => link, body: { append: vi.fn() } });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:report');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    fetchMock.mockResolvedValue(
      new Response('\uFEFF行号,列,错误说明,错误代码\r\n', {
        headers: {
          'content-disposition': `attachment; filename="r.csv"; filename*=UTF-8''${encodeURIComponent('错误报告.csv')}`,
        },
      }),
    );
    expect(await merchantImportApi.downloadErrors(4)).toBe('错误报告.csv');
    const [url, init] = fetchMock.mock.lastCall!;
    expect(url).toBe('/api/merchants/imports/4/errors.csv');
    expect(init!.headers).toEqual({ Authorization: 'Bearer tok-3' });
    expect(link).toMatchObject({ href: 'blob:report', download: '错误报告.csv' });
    expect(link.click).toHaveBeenCalledOnce();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:report');
  });

  test('turns a refused export into an ApiRequestError with the server’s message', async () => {
    fetchMock.mockResolvedValue(
      json({ statusCode: 403, error: 'Forbidden', message: 'This action needs one of the roles: admin' }, 403),
    );
    const failure = merchantImportApi.downloadExport('csv', { kind: 'shop' });
    await expect(failure).rejects.toBeInstanceOf(ApiRequestError);
    await expect(failure).rejects.toMatchObject({ status: 403 });
    expect(fetchMock.mock.lastCall![0]).toBe('/api/merchants/export?kind=shop&format=csv');
  });
});
