/** The citizen pages' hash routes: `#/report` and `#/track/<token>`; they need no login. */
export type PublicRoute = { page: 'report' } | { page: 'track'; token: string };

const TRACK = /^\/track\/(.*)$/;

export function publicRoute(path: string): PublicRoute | null {
  if (path === '/report') return { page: 'report' };
  // Any /track/… is the tracking page, which says so if a mangled link holds no valid token.
  const match = TRACK.exec(path);
  return match ? { page: 'track', token: match[1]! } : null;
}

/** The full link a citizen keeps: this page's address with the tracking route in its hash. */
export function trackingUrl(trackingPath: string): string {
  return `${location.origin}${location.pathname}#${trackingPath}`;
}
