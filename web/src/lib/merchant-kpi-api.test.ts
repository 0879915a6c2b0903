import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { json, memoryStorage } from '../test/fixtures.ts';
import { ApiRequestError, setToken } from './api.ts';
import { areaQuery, merchantKpiApi, merchantKpiSearch } from './merchant-kpi-api.ts';

describe('areaQuery', () => {
  test('reads a sub-district or a zone from the picker, and anything else as the whole district', () => {
    expect(areaQuery('sd:3')).toEqual({ subDistrictId: 3 });
    expect(areaQuery('zone:12')).toEqual({ areaZoneId: 12 });
    expect(areaQuery('')).toEqual({});
    expect(areaQuery('zone:')).toEqual({});
    expect(areaQuery('grid:4')).toEqual({});
  });
});

describe('merchantKpiSearch', () => {
  test('carries the period and the area only when one is set', () => {
    expect(merchantKpiSearch({ from: '2025-03-01', to: '2025-03-31' })).toBe('from=2025-03-01&to=2025-03-31');
    expect(merchantKpiSearch({ from: '2025-03-01', to: '2025-03-31', areaZoneId: 5 }, 'xlsx')).toBe(
      'from=2025-03-01&to=2025-03-31&areaZoneId=5&format=xlsx',
    );
    expect(merchantKpiSearch({ from: '2025-03-01', to: '2025-03-31', subDistrictId: 2 })).toBe(
      'from=2025-03-01&to=2025-03-31&subDistrictId=2',
    );
  });
});

describe('merchantKpiApi', () => {
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

  test('asks for the report with the token', async () => {
    fetchMock.mockResolvedValue(json({ byGrade: { total: 3 } }));
    await merchantKpiApi.report({ from: '2025-03-01', to: '2025-03-02', areaZoneId: 4 });
    const [url, init] = fetchMock.mock.lastCall!;
    expect(url).toBe('/api/kpis/merchants?from=2025-03-01&to=2025-03-02&areaZoneId=4');
    expect((init!.headers as Record<string, string>).Authorization).toBe('Bearer tok-3');
  });

  test('downloads the file with the token under the server’s name', async () => {
    vi.useFakeTimers();
    const link = { href: '', download: '', style: { display: '' }, click: vi.fn(), remove: vi.fn() };
    vi.stubGlobal('document', { createElement: () => link, body: { append: vi.fn() } });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:m');
    const revokeObjectURL = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const chinese = '一卡四色统计_2025-03-01_2025-03-31.csv';
    fetchMock.mockResolvedValue(
      new Response('\uFEFF维度,分组,指标,数值\r\n', {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="m.csv"; filename*=UTF-8''${encodeURIComponent(chinese)}`,
        },
      }),
    );

    const name = await merchantKpiApi.download('csv', { from: '2025-03-01', to: '2025-03-31', subDistrictId: 1 });

    const [url, init] = fetchMock.mock.lastCall!;
    expect(url).toBe('/api/kpis/merchants/export?from=2025-03-01&to=2025-03-31&subDistrictId=1&format=csv');
    expect(init!.headers).toEqual({ Authorization: 'Bearer tok-3' });
    expect(name).toBe(chinese);
    expect(link).toMatchObject({ href: 'blob:m', download: chinese });
    expect(link.click).toHaveBeenCalledOnce();
    vi.runAllTimers();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:m');
  });

  test('turns a refused export into an ApiRequestError with the server’s message', async () => {
    fetchMock.mockResolvedValue(json({ statusCode: 400, error: 'Bad Request', message: 'No zone has id 9' }, 400));
    const failure = merchantKpiApi.download('xlsx', { from: '2025-03-01', to: '2025-03-31', areaZoneId: 9 });
    await expect(failure).rejects.toBeInstanceOf(ApiRequestError);
    await expect(failure).rejects.toMatchObject({ status: 400, message: 'No zone has id 9' });
  });
});
