/** Who is signed in. The token lives in localStorage (via api.ts); the user lives here. */
import type { Role, UserDto } from '@civic/shared';
import { api, ApiRequestError, getToken, onUnauthorized, setToken } from './api.ts';
import { router } from './router.svelte.ts';

/** Where each role lands after login. */
/**
 * The signed-in user as last confirmed by the server, so that the squad phone
 * (a PWA started from its cache) opens offline; the server re-checks the
 * token on every call once the network is back.
 */
const USER_KEY = 'civic.user';

function rememberUser(user: UserDto | null): void {
  try {
    if (user) localStorage.setItem(USER_KEY, JSON.stringify(user));
    else localStorage.removeItem(USER_KEY);
  } catch {
    // Storage disabled: offline start is then not available, nothing else changes.
  }
}

function rememberedUser(): UserDto | null {
  try {
    const raw = localStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as UserDto) : null;
  } catch {
    return null;
  }
}

export function homeRoute(role: Role): string {
  if (role === 'squad_member') return '/squad';
  // Supervisors watch the clocks first; the wall screen is a link away.
  if (role === 'supervisor') return '/board';
  // Clerks type complaints in; the wall screen is a link away.
  if (role === 'intake_clerk') return '/desk';
  return '/dispatch';
}

class Session {
  user = $state.raw<UserDto | null>(null);
  /** False until a stored token has been checked, so the app does not flash the login page. */
  ready = $state(false);

  constructor() {
    onUnauthorized(() => this.#forget());
  }

  /** Picks up a token left by an earlier visit, if the server still accepts it. */
  async restore(): Promise<void> {
    try {
      if (getToken()) {
        this.user = await api.me();
        rememberUser(this.user);
      }
    } catch (error) {
      // A 401 has already dropped the token. No network at all: a squad phone
      // opens as the user it last was (it works offline); anything else (server
      // down) keeps the token for a later reload, and shows the login page for now.
      const offline = error instanceof ApiRequestError && error.status === 0 && getToken() !== null;
      const remembered = offline ? rememberedUser() : null;
      this.user = remembered?.role === 'squad_member' ? remembered : null;
    } finally {
      this.ready = true;
    }
  }

  async login(username: string, password: string): Promise<UserDto> {
    const result = await api.login({ username, password });
    setToken(result.token);
    this.user = result.user;
    rememberUser(result.user);
    router.go(homeRoute(result.user.role));
    return result.user;
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } catch {
      // The token is dropped locally whatever the server says.
    }
    this.#forget();
  }

  #forget(): void {
    setToken(null);
    rememberUser(null);
    this.user = null;
    router.go('/login');
  }
}

export const session = new Session();
