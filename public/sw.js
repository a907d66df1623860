// Drempel's service worker. `cargo xtask build` puts the line
//   const BUILD = {"version": "...", "shell": [...], "pages": {"/coordinator.html": [...], ...}};
// above this text: the file lists are generated from the build output,
// never kept by hand. `shell` is the field app a volunteer needs, installed
// with this worker; each page in `pages` (the coordinator's app, the report
// page) is cached the first time it is opened.
'use strict';

const CACHE_PREFIX = 'drempel-shell-';
const CACHE = CACHE_PREFIX + BUILD.version;
const COORDINATOR = '/coordinator.html';

// A content-hashed file never changes under its name: the copy the page
// just loaded (the browser's HTTP cache) is the right one, so installing
// does not fetch it a second time. Other files are checked with the server.
const HASHED = /-[0-9a-f]{16}\.[a-z]+$/;
const request = (url) => new Request(url, { cache: HASHED.test(url) ? 'default' : 'no-cache' });

// Every file of a page, in one go: a page is cached whole or not at all, so
// an old page never meets new files or the reverse.
async function cachePage(cache, page) {
  const files = BUILD.pages[page];
  if (files) await cache.addAll(files.map(request));
}

// Install: the field app. A coordinator who had the coordinator's app gets
// its new version now too, so it still opens offline after the update.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(BUILD.shell.map(request));
      if (await caches.match(COORDINATOR)) await cachePage(cache, COORDINATOR);
    })(),
  );
});

// Activate: drop every older cache, then control open pages.
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

// Messages from the app: "update" (the person tapped it; never under a
// form in progress), and "keep the coordinator's app" (a coordinator
// signed in, so the dashboard opens offline even before its first visit).
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  if (event.data === 'cache-coordinator') {
    event.waitUntil(caches.open(CACHE).then((cache) => cachePage(cache, COORDINATOR)));
  }
});

// The page a navigation opens: the coordinator's and report pages by their
// own name, anything else is the field app.
function pageOf(url) {
  return BUILD.pages[url.pathname] ? url.pathname : '/index.html';
}

const NOT_HERE = `<!doctype html><html lang="nl"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Drempel</title>
<body style="font-family: system-ui, sans-serif; padding: 1rem; max-width: 36rem">
<h1>Dit scherm staat nog niet op deze telefoon</h1>
<p>Maak verbinding met internet en probeer het opnieuw.</p>
<p lang="en">This screen is not on this phone yet. Connect to the internet and try again.</p>
<p><a href="/">Terug naar Drempel</a></p></body></html>`;

async function openPage(event, page) {
  const cached = await caches.match(page, { cacheName: CACHE });
  if (cached) return cached;
  try {
    return await fetch(event.request);
  } catch (err) {
    return new Response(NOT_HERE, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  }
}

// The page (in `pages`) a file belongs to, if any.
function ownerOf(path) {
  return Object.keys(BUILD.pages).find((page) => BUILD.pages[page].includes(path));
}

// A page's file fetched on its first visit is kept as it passes (fetched
// once); the page itself is kept once every one of its files is, so it never
// opens offline without them.
async function keep(path, response) {
  const page = ownerOf(path);
  if (!page || !response.ok) return;
  const cache = await caches.open(CACHE);
  await cache.put(path, response);
  const files = BUILD.pages[page].filter((file) => file !== page);
  const kept = await Promise.all(files.map((file) => cache.match(file)));
  if (kept.every(Boolean)) await cache.add(request(page));
}

// Fetch: the app's files come from the cache first; the API is never
// cached and never touched here; anything else goes to the network.
self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (req.mode === 'navigate') {
    event.respondWith(openPage(event, pageOf(url)));
    return;
  }
  event.respondWith(
    (async () => {
      const cached = await caches.match(req, { cacheName: CACHE, ignoreSearch: true });
      if (cached) return cached;
      const response = await fetch(req);
      event.waitUntil(keep(url.pathname, response.clone()).catch(() => {}));
      return response;
    })(),
  );
});
