/*
 * The squad phone's service worker, written by hand (no build plugin): it
 * keeps the app shell — index.html, the hashed bundles it names, the manifest
 * and icons — so that the phone view starts without a network.
 *
 * - Pages (navigations) go to the network first and fall back to the cached
 *   shell; every fresh index.html refreshes the cached bundles it names and
 *   drops the ones no build uses any more.
 * - /assets/* are content-hashed: cache first.
 * - /api/* and /socket.io/* are never touched: the app's outbox and resync own
 *   those, and a cached API answer would be a lie.
 */
const CACHE = 'civic-shell-v1';
const SHELL = '/';
const STATIC = ['/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(STATIC);
      await refreshShell(cache);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(page(request, event));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (STATIC.includes(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});

/** The page from the network (its bundles cached behind it), else the cached shell. */
async function page(request, event) {
  try {
    const response = await fetch(request);
    if (response.ok && new URL(request.url).pathname === SHELL) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => storeShell(cache, copy)));
    }
    return response;
  } catch (error) {
    const cached = await caches.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function refreshShell(cache) {
  const response = await fetch(SHELL, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`shell: ${response.status}`);
  await storeShell(cache, response);
}

/**
 * Caches index.html and the bundles it names. When those changed (a new
 * build), bundles of the old build go; lazily loaded chunks of the new one
 * are cached as they are first fetched.
 */
async function storeShell(cache, response) {
  const assets = assetsOf(await response.clone().text());
  const previous = await cache.match(SHELL);
  const before = previous ? assetsOf(await previous.text()) : [];
  const missing = [];
  for (const asset of assets) if (!(await cache.match(asset))) missing.push(asset);
  await cache.addAll(missing);
  await cache.put(SHELL, response);
  if (before.join() === assets.join()) return;
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !assets.includes(path)) await cache.delete(request);
  }
}

function assetsOf(html) {
  return [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]))].sort();
}
