/** Who is signed in. The token lives in localStorage (via api.ts); the user lives here. */
import type { Role, UserDto } from '@civic/shared';
import { api, getToken, onUnauthorized, setToken } from './api.ts';
import { router } from './router.svelte.ts';

/** Where each role lands after login. */
export function homeRoute(role: Role): string {
  if (role === 'squad_member') return '/squad';
  // Supervisors watch the clocks first; the wall screen is a link away.
  if (role === 'supervisor') return '/board';
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
      if (getToken()) this.user = await api.me();
    } catch {
      // A 401 has already dropped the token. Anything else (server down) keeps
      // it for a later reload, and shows the login page for now.
      this.user = null;
    } finally {
      this.ready = true;
    }
  }

  async login(username: string, password: string): Promise<UserDto> {
    const result = await api.login({ username, password });
    setToken(result.token);
    this.user = result.user;
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
    this.user = null;
    router.go('/login');
  }
}

export const session = new Session();
