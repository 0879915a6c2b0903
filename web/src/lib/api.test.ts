import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { caseDto, json, memoryStorage } from '../test/fixtures.ts';
import { api, ApiRequestError, getToken, onUnauthorized, setToken } from './api.ts';

const fetchMock = vi.fn<typeof fetch>();
const unauthorized = vi.fn<() => void>();

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
  vi.stubGlobal('fetch', fetchMock);
  onUnauthorized(unauthorized);
});

afterEach(() => {
  vi.unstubAllGlobals();
  fetchMock.mockReset();
  unauthorized.mockReset();
});

function lastRequest(): { url: string; init: RequestInit; headers: Record<string, string> } {
  const [url, init = {}] = fetchMock.mock.lastCall ?? [];
  return { url: String(url), init, headers: init.headers as Record<string, string> };
}

describe('requests', () => {
  test('send the stored token and a JSON body, and return the parsed answer', async () => {
    setToken('tok-1');
    fetchMock.mockResolvedValue(json(caseDto({ id: 4, lastSeq: 9 })));

    const result = await api.locate(4, { lng: 113.6, lat: 34.8 });

    expect(result).toMatchObject({ id: 4, lastSeq: 9 });
    const { url, init, headers } = lastRequest();
    expect(url).toBe('/api/cases/4/location');
    expect(init.method).toBe('PUT');
    expect(headers).toMatchObject({ Authorization: 'Bearer tok-1', 'Content-Type': 'application/json' });
    expect(JSON.parse(String(init.body))).toEqual({ lng: 113.6, lat: 34.8 });
  });

  test('without a token, no Authorization header', async () => {
    fetchMock.mockResolvedValue(json({ demo: false }));

    await api.meta();

    expect(lastRequest().headers).not.toHaveProperty('Authorization');
  });

  test('setToken(null) forgets the token', () => {
    setToken('tok-1');
    expect(getToken()).toBe('tok-1');
    setToken(null);
    expect(getToken()).toBeNull();
  });
});

describe('errors', () => {
  test("an error answer throws with the server's message and code", async () => {
    fetchMock.mockResolvedValue(
      json({ statusCode: 409, code: 'already_assigned', error: 'Conflict', message: 'taken' }, 409),
    );

    const error = await api.assign(1, 2).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 409, message: 'taken', code: 'already_assigned' });
    expect(unauthorized).not.toHaveBeenCalled();
  });

  test('an answer that is not an API error still throws, with the status text', async () => {
    fetchMock.mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));

    await expect(api.meta()).rejects.toMatchObject({ status: 502, message: 'Bad Gateway', body: null });
  });

  test('an unreachable server is status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));

    await expect(api.meta()).rejects.toMatchObject({ status: 0, message: 'Failed to fetch' });
  });

  test('a 401 on an authenticated call ends the session', async () => {
    fetchMock.mockResolvedValue(json({ statusCode: 401, error: 'Unauthorized', message: 'expired' }, 401));

    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toHaveBeenCalledOnce();
  });

  test('a 401 from login is a wrong password, not an ended session', async () => {
    fetchMock.mockResolvedValue(json({ statusCode: 401, error: 'Unauthorized', message: 'bad credentials' }, 401));

    await expect(api.login({ username: 'a', password: 'b' })).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).not.toHaveBeenCalled();
  });
});
