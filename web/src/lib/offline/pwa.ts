/**
 * The squad phone as an installable app: the manifest and the service worker
 * (web/public/sw.js, which caches the app shell and never the API). Only the
 * phone view turns them on; the wall screen is a desk browser tab.
 */
const MANIFEST = '/manifest.webmanifest';
const ICON = '/icons/icon-192.png';

function addLink(rel: string, href: string): void {
  if (document.head.querySelector(`link[rel="${rel}"]`)) return;
  const link = document.createElement('link');
  link.rel = rel;
  link.href = href;
  document.head.append(link);
}

/** Links the manifest and registers the service worker; answers whether the worker was registered. */
export async function enablePhoneApp(): Promise<boolean> {
  addLink('manifest', MANIFEST);
  addLink('apple-touch-icon', ICON);
  // Service workers need a secure context (https, or localhost); plain http on a LAN goes without.
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return false;
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    return true;
  } catch {
    return false;
  }
}
