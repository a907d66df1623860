// Drempel's service worker. `cargo xtask build` puts the line
//   const BUILD = { version: "...", files: [...] };
// above this text: the precache list is generated from the build output,
// never kept by hand.
'use strict';

const CACHE_PREFIX = 'drempel-shell-';
const CACHE = CACHE_PREFIX + BUILD.version;

// Install: fetch the whole app shell, bypassing the HTTP cache, so a new
// version is complete before it can take over.
self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(BUILD.files.map((url) => new Request(url, { cache: 'reload' }))),
    ),
  );
});

// Activate: drop every older shell cache, then control open pages.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// A waiting version takes over only when the app asks (the person tapped
// "update"), never under a form in progress.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

// Fetch: the app shell comes from the cache first; the API is never cached
// and never touched here; anything else goes to the network.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      caches.match('/index.html', { cacheName: CACHE }).then((cached) => cached || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreSearch: true }).then((cached) => cached || fetch(request)),
  );
});
