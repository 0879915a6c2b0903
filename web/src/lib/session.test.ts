import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DISTRICT_WIDE_ROLES, ROLES, type UserDto } from '@civic/shared';
import { json, memoryStorage } from '../test/fixtures.ts';

/** The bits of a browser the router reads, installed before the modules under test load. */
const browser = vi.hoisted(() => {
  const events = new EventTarget();
  const location = { hash: '#/squad' };
  const history = { replaceState: vi.fn((_data: unknown, _unused: string, url: string) => (location.hash = url)) };
  vi.stubGlobal('window', { addEventListener: events.addEventListener.bind(events) });
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', history);
  return {
    location,
    history,
    /** The user pressed Back, or typed a hash. */
    navigate(hash: string) {
      location.hash = hash;
      events.dispatchEvent(new Event('hashchange'));
    },
  };
});

import { api, getToken, setToken } from './api.ts';
import { router } from './router.svelte.ts';
import { homeRoute, session } from './session.svelte.ts';

const fetchMock = vi.fn<typeof fetch>();
const dispatcher: UserDto = { id: 1, username: 'd1', displayName: 'Dispatcher', role: 'dispatcher', squadId: null };
const member: UserDto = { id: 2, username: 's1', displayName: 'Member', role: 'squad_member', squadId: 4 };
const unauthorized = () => json({ statusCode: 401, error: 'Unauthorized', message: 'expired' }, 401);

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
  vi.stubGlobal('fetch', fetchMock);
  session.user = null;
  browser.navigate('#/dispatch');
  browser.history.replaceState.mockClear();
});

afterEach(() => {
  fetchMock.mockReset();
});

describe('router', () => {
  test('the path comes from the hash and follows it', () => {
    browser.navigate('#/squad');
    expect(router.path).toBe('/squad');
    browser.navigate('');
    expect(router.path).toBe('/');
    browser.navigate('#junk');
    expect(router.path).toBe('/');
  });

  test('go adds a history entry; a redirect replaces the current one', () => {
    router.go('/squad');
    expect(browser.location.hash).toBe('/squad');
    expect(browser.history.replaceState).not.toHaveBeenCalled();

    router.go('/login', { replace: true });
    expect(browser.history.replaceState).toHaveBeenCalledWith(null, '', '#/login');
    expect(router.path).toBe('/login');
  });
});

describe('home routes', () => {
  test('every role lands on a page it may open', () => {
    // The route table of App.svelte: the wall screen for district-wide roles, the board for supervisors
    // and administrators, the intake desk for clerks (and those covering for them), the phone view for squad members.
    const routes: Record<string, readonly string[]> = {
      '/dispatch': DISTRICT_WIDE_ROLES,
      '/desk': ['intake_clerk', 'supervisor', 'admin'],
      '/board': ['supervisor', 'admin'],
      '/squad': ['squad_member'],
    };

    for (const role of ROLES) expect(routes[homeRoute(role)] ?? [], role).toContain(role);
  });

  test('supervisors land on the board, dispatchers on the wall screen, clerks on the desk, squad members on the phone view', () => {
    expect(homeRoute('supervisor')).toBe('/board');
    expect(homeRoute('dispatcher')).toBe('/dispatch');
    expect(homeRoute('intake_clerk')).toBe('/desk');
    expect(homeRoute('admin')).toBe('/dispatch');
    expect(homeRoute('squad_member')).toBe('/squad');
  });
});

describe('session', () => {
  test('login keeps the token and goes to the home of the role', async () => {
    fetchMock.mockResolvedValueOnce(json({ token: 'tok-9', expiresAt: '2099-01-01T00:00:00Z', user: member }));

    await session.login('s1', 'secret');

    expect(getToken()).toBe('tok-9');
    expect(session.user).toEqual(member);
    expect(router.path).toBe('/squad');
  });

  test('a stored token still accepted restores the user', async () => {
    setToken('tok-1');
    fetchMock.mockResolvedValueOnce(json(dispatcher));

    await session.restore();

    expect(session).toMatchObject({ ready: true, user: dispatcher });
  });

  test('a stored token the server refuses is dropped and login shown', async () => {
    setToken('tok-old');
    fetchMock.mockResolvedValueOnce(unauthorized());

    await session.restore();

    expect(session).toMatchObject({ ready: true, user: null });
    expect(getToken()).toBeNull();
    expect(router.path).toBe('/login');
  });

  test('with the server down the token is kept for a later reload', async () => {
    setToken('tok-1');
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    await session.restore();

    expect(session).toMatchObject({ ready: true, user: null });
    expect(getToken()).toBe('tok-1');
  });

  test('a 401 on any later call ends the session', async () => {
    setToken('tok-1');
    session.user = dispatcher;
    fetchMock.mockResolvedValueOnce(unauthorized());

    await expect(api.openCases()).rejects.toMatchObject({ status: 401 });

    expect(session.user).toBeNull();
    expect(getToken()).toBeNull();
    expect(router.path).toBe('/login');
  });

  test('logout forgets the session even when the server cannot be told', async () => {
    setToken('tok-1');
    session.user = dispatcher;
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    await session.logout();

    expect(session.user).toBeNull();
    expect(getToken()).toBeNull();
    expect(router.path).toBe('/login');
  });
});
