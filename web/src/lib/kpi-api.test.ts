import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { json, memoryStorage } from '../test/fixtures.ts';
import { ApiRequestError, setToken } from './api.ts';
import { filenameFromDisposition } from './download.ts';
import { kpiApi, kpiSearch, presetPeriod, shanghaiDate } from './kpi-api.ts';

describe('periods on the bureau’s calendar (Asia/Shanghai)', () => {
  test('a late UTC evening is already the next day in Shanghai', () => {
    expect(shanghaiDate(new Date('2025-03-09T15:59:59Z'))).toBe('2025-03-09');
    expect(shanghaiDate(new Date('2025-03-09T16:00:00Z'))).toBe('2025-03-10');
  });

  test('today, this week from Monday, this month from the 1st — each up to today', () => {
    // Wednesday 2025-03-05, 10:00 in Shanghai.
    const wednesday = new Date('2025-03-05T02:00:00Z');
    expect(presetPeriod('today', wednesday)).toEqual({ from: '2025-03-05', to: '2025-03-05' });
    expect(presetPeriod('week', wednesday)).toEqual({ from: '2025-03-03', to: '2025-03-05' });
    expect(presetPeriod('month', wednesday)).toEqual({ from: '2025-03-01', to: '2025-03-05' });
  });

  test('a Sunday belongs to the week that began the Monday before; a Monday starts its own', () => {
    expect(presetPeriod('week', new Date('2025-03-09T04:00:00Z'))).toEqual({ from: '2025-03-03', to: '2025-03-09' });
    // 00:30 on Monday the 10th in Shanghai is still Sunday in UTC.
    expect(presetPeriod('week', new Date('2025-03-09T16:30:00Z'))).toEqual({ from: '2025-03-10', to: '2025-03-10' });
    // This week crossing into a new month and year.
    expect(presetPeriod('week', new Date('2025-01-01T04:00:00Z'))).toEqual({ from: '2024-12-30', to: '2025-01-01' });
  });
});

describe('query strings', () => {
  test('carry the period and only the filters that are set', () => {
    expect(kpiSearch({ from: '2025-03-01', to: '2025-03-31' })).toBe('from=2025-03-01&to=2025-03-31');
    expect(
      kpiSearch(
        {
          from: '2025-03-01',
          to: '2025-03-31',
          subDistrictId: 2,
          categoryCode: '0101',
          channel: 'hotline',
          squadId: 7,
        },
        'xlsx',
      ),
    ).toBe('from=2025-03-01&to=2025-03-31&subDistrictId=2&categoryCode=0101&channel=hotline&squadId=7&format=xlsx');
  });
});

describe('filenameFromDisposition', () => {
  test('prefers the UTF-8 name, then the quoted one, then the fallback', () => {
    expect(
      filenameFromDisposition(
        `attachment; filename="kpis_a.csv"; filename*=UTF-8''${encodeURIComponent('绩效统计_a.csv')}`,
        'x',
      ),
    ).toBe('绩效统计_a.csv');
    expect(filenameFromDisposition('attachment; filename="kpis_a.xlsx"', 'x')).toBe('kpis_a.xlsx');
    expect(filenameFromDisposition('attachment; filename=plain.csv', 'x')).toBe('plain.csv');
    expect(filenameFromDisposition(`attachment; filename="ok.csv"; filename*=UTF-8''%E0%A4%A`, 'x')).toBe('ok.csv');
    expect(filenameFromDisposition(null, 'fallback.csv')).toBe('fallback.csv');
  });
});

describe('kpiApi', () => {
  const fetchMock = vi.fn<typeof fetch>();

  beforeEach(() => {
    vi.stubGlobal('localStorage', memoryStorage());
    vi.stubGlobal('fetch', fetchMock);
    setToken('tok-9');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    vi.useRealTimers();
    fetchMock.mockReset();
  });

  test('asks for the report with the token', async () => {
    fetchMock.mockResolvedValue(json({ totals: { received: 3 } }));
    await kpiApi.report({ from: '2025-03-01', to: '2025-03-02', channel: 'web' });
    const [url, init] = fetchMock.mock.lastCall!;
    expect(url).toBe('/api/kpis?from=2025-03-01&to=2025-03-02&channel=web');
    expect((init!.headers as Record<string, string>).Authorization).toBe('Bearer tok-9');
  });

  test('downloads the file with the token and hands the browser a blob URL under the server’s name', async () => {
    vi.useFakeTimers();
    const link = { href: '', download: '', style: { display: '' }, click: vi.fn(), remove: vi.fn() };
    vi.stubGlobal('document', { createElement: () => link, body: { append: vi.fn() } });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:kpis');
    const revokeObjectURL = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    fetchMock.mockResolvedValue(
      new Response('\uFEFF维度,分组\r\n', {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="kpis.csv"; filename*=UTF-8''${encodeURIComponent('绩效统计.csv')}`,
        },
      }),
    );

    const name = await kpiApi.download('csv', { from: '2025-03-01', to: '2025-03-31' });

    const [url, init] = fetchMock.mock.lastCall!;
    expect(url).toBe('/api/kpis/export?from=2025-03-01&to=2025-03-31&format=csv');
    expect(init!.headers).toEqual({ Authorization: 'Bearer tok-9' });
    expect(name).toBe('绩效统计.csv');
    expect(link).toMatchObject({ href: 'blob:kpis', download: '绩效统计.csv' });
    expect(link.click).toHaveBeenCalledOnce();
    expect(revokeObjectURL).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:kpis');
  });

  test('turns a refused export into an ApiRequestError with the server’s message', async () => {
    fetchMock.mockResolvedValue(
      json({ statusCode: 400, error: 'Bad Request', message: 'querystring.to is before querystring.from' }, 400),
    );
    const failure = kpiApi.download('xlsx', { from: '2025-03-09', to: '2025-03-01' });
    await expect(failure).rejects.toBeInstanceOf(ApiRequestError);
    await expect(failure).rejects.toMatchObject({ status: 400, message: 'querystring.to is before querystring.from' });
  });
});
