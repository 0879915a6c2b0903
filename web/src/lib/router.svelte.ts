/** Hash routing: `#/login`, `#/dispatch`, `#/squad`. Enough for a handful of role pages. */
function currentPath(): string {
  const path = location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
}

class HashRouter {
  path = $state(currentPath());

  constructor() {
    window.addEventListener('hashchange', () => {
      this.path = currentPath();
    });
  }

  /** Navigates without adding a history entry when only redirecting. */
  go(path: string, { replace = false } = {}): void {
    if (this.path === path) return;
    if (replace) history.replaceState(null, '', `#${path}`);
    else location.hash = path;
    this.path = path;
  }
}

export const router = new HashRouter();
