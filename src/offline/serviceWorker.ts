// QKV Lab's service worker: after one visit the whole app is in a cache of its own, so it
// loads and runs with the network gone. Built into sw.js (at the app's base folder, so
// its scope is the app) by scripts/vite-plugin-service-worker.ts, which puts the list of
// files and the build's version in front of this code as PRECACHE.
//
// A new build installs beside the old one and waits: the page offers to reload, and the
// new worker takes over when the user accepts or the app's tabs are closed, then deletes
// the old build's cache. Nothing but the app's own files is ever fetched or cached.
/// <reference lib="webworker" />

declare const self: ServiceWorkerGlobalScope;
declare const PRECACHE: { version: string; files: string[] };

const CACHE_PREFIX = 'qkv-lab-';
const CACHE_NAME = `${CACHE_PREFIX}${PRECACHE.version}`;
const scope = self.registration.scope;
const INDEX_URL = new URL('index.html', scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE_NAME).then((cache) =>
      // 'reload' skips the browser's HTTP cache, which may still hold another build's index.html.
      cache.addAll(PRECACHE.files.map((file) => new Request(new URL(file, scope).href, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) await caches.delete(name);
      }
      // The first visit's page is served from the cache from now on (its lessons too).
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  // The page's "reload" on the new-version notice.
  if ((event.data as { type?: string } | null)?.type === 'skip-waiting') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  event.respondWith(fromCache(request));
});

async function fromCache(request: Request): Promise<Response> {
  const url = new URL(request.url);
  // The app is one page: its address with any query (a lesson, a setting) is index.html.
  const isAppPage = request.mode === 'navigate' && (url.href.split(/[?#]/)[0] === scope || url.href.split(/[?#]/)[0] === INDEX_URL);
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(isAppPage ? INDEX_URL : url.origin + url.pathname, { ignoreVary: true });
  return cached ?? fetch(request);
}

export {};
