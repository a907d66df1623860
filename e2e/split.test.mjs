// The app is three pages, each its own wasm: a volunteer's phone fetches the
// field app alone; a coordinator's page is kept for offline use once
// opened; an update moves a page and its files together.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { PASSWORD, ServerProcess, freePort, launchBrowser, scratchDir, startTeam, waitForCached, waitForServiceWorker } from './harness.mjs';
import { App } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };

/** Every URL a context asks for, from pages and from the service worker. */
function requestLog(context) {
  const urls = [];
  context.on('request', (request) => urls.push(new URL(request.url()).pathname));
  return urls;
}

/** The paths in every Cache Storage cache of `page`'s origin. */
async function cachedPaths(page) {
  return page.evaluate(async () => {
    const paths = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    }
    return paths.sort();
  });
}

test('a volunteer who opens a join link and records offline never fetches the coordinator or report page', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const context = await browser.newContext(PHONE);
  const urls = requestLog(context);
  const page = await context.newPage();
  const app = new App(page);

  await app.join(joinUrl, 'telefoon Ans');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await app.recordContact({ site: 'Kerk West', channel: 'walk_in', findings: { huurtoeslag: ['not_used', 'too_complex'] } });
  await app.openContacts();
  await app.expectContactCount(1);

  const foreign = urls.filter((path) => /^\/(coordinator|report)[-_.]/.test(path));
  assert.deepEqual(foreign, [], 'no coordinator or report file was fetched');
  assert.ok(urls.some((path) => /^\/drempel_bg-[0-9a-f]{16}\.wasm$/.test(path)), 'the field app was fetched');
  const cached = await cachedPaths(page);
  assert.ok(cached.includes('/index.html'), 'the field app is installed');
  assert.deepEqual(cached.filter((path) => /coordinator|report/.test(path)), [], 'nothing of the other pages is kept');
});

/**
 * Turns the build in `dir` into a next release of it: the coordinator's
 * page gets new file names (as a new build's hashes would be), the service
 * worker a new version and the new names. Returns the old and new names.
 */
function nextRelease(dir) {
  const swPath = join(dir, 'sw.js');
  const [first, ...rest] = readFileSync(swPath, 'utf8').split('\n');
  const build = JSON.parse(first.replace(/^const BUILD = /, '').replace(/;$/, ''));
  const renamed = new Map();
  const fresh = (name) => name.replace(/-([0-9a-f]{16})\./, (_, hash) => `-${[...hash].reverse().join('')}.`);
  const page = build.pages['/coordinator.html'];
  for (const path of page.filter((p) => /-[0-9a-f]{16}\./.test(p))) renamed.set(path, fresh(path));
  const rewrite = (text) => [...renamed].reduce((out, [from, to]) => out.split(from.slice(1)).join(to.slice(1)), text);
  for (const [from, to] of renamed) {
    const bytes = readFileSync(join(dir, from));
    const text = from.endsWith('.js') ? Buffer.from(rewrite(bytes.toString('utf8'))) : bytes;
    writeFileSync(join(dir, to), text);
  }
  writeFileSync(join(dir, 'coordinator.html'), rewrite(readFileSync(join(dir, 'coordinator.html'), 'utf8')));
  build.version = [...build.version].reverse().join('');
  build.pages['/coordinator.html'] = page.map((p) => renamed.get(p) ?? p);
  writeFileSync(swPath, [`const BUILD = ${JSON.stringify(build)};`, ...rest].join('\n'));
  // Compressed copies of what changed, as the build makes them.
  for (const name of ['sw.js', 'coordinator.html', ...[...renamed.values()].map((p) => p.slice(1))]) {
    const bytes = readFileSync(join(dir, name));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes));
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(bytes));
  }
  return { old: [...renamed.keys()], fresh: [...renamed.values()] };
}

test('a coordinator\'s dashboard opens offline after its first visit, and an update moves the page and its files together', async (t) => {
  const staticDir = join(scratchDir(t), 'dist');
  cpSync(process.env.DREMPEL_STATIC_DIR, staticDir, { recursive: true });
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t), staticDir });
  await server.setUpTeam();
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const app = new App(page);
  await page.goto(server.url);
  await waitForServiceWorker(page);
  await app.signIn(PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/coordinator.html', 'the team screen is the coordinator\'s page');
  await app.tap(app.testid('nav-dashboard'));
  await app.testid('dash-contacts').waitFor();

  // Kept whole once every file of the page passed.
  await waitForCached(page, '/coordinator.html', 10_000);
  await context.setOffline(true);
  await page.reload();
  await app.testid('dash-contacts').waitFor();
  await app.tap(app.testid('nav-new'));
  await app.testid('save-contact').waitFor();
  assert.equal(new URL(page.url()).pathname, '/coordinator.html', 'a coordinator stays in one app');
  await context.setOffline(false);

  // A new release: its service worker installs the coordinator's new files
  // too, since this phone had them, and the page moves as a whole.
  const { old, fresh } = nextRelease(staticDir);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await app.testid('update-banner').waitFor({ timeout: 20_000 });
  const reloaded = page.waitForEvent('load');
  await app.testid('update-banner').getByRole('button').click();
  await reloaded;
  await app.testid('save-contact').waitFor();
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  for (const path of fresh.filter((p) => p.endsWith('.wasm') || p.includes('-boot-'))) {
    assert.ok(loaded.includes(path), `the new page loaded its new ${path}`);
  }
  assert.deepEqual(loaded.filter((path) => old.includes(path)), [], 'no old file under the new page');
  const cached = await cachedPaths(page);
  for (const path of fresh) assert.ok(cached.includes(path), `${path} is kept`);
  assert.deepEqual(cached.filter((path) => old.includes(path)), [], 'the old release is gone from the caches');

  // Offline right after the update, the new coordinator's page still opens.
  await context.setOffline(true);
  await page.goto(`${server.url}/coordinator.html#/dashboard`);
  await app.testid('dash-contacts').waitFor();
  assert.deepEqual(errors, []);
});

test('a phone that joins as coordinator keeps the coordinator\'s app before ever opening it', async (t) => {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  await server.setUpTeam();
  const coordinatorLink = await server.joinLink('coordinator');
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const app = new App(page);
  await app.join(coordinatorLink, 'telefoon coördinator');
  await waitForServiceWorker(page);
  assert.equal(new URL(page.url()).pathname, '/', 'joined in the field app');
  await waitForCached(page, '/coordinator.html');
  await context.setOffline(true);
  await page.goto(`${server.url}/coordinator.html#/dashboard`);
  await app.testid('dash-contacts').waitFor();
});

test('a report link opens its own small page, with no service worker', async (t) => {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  const context = await browser.newContext(PHONE);
  const urls = requestLog(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/#/report/${'ab'.repeat(32)}`);
  await page.getByTestId('report-error').waitFor();
  assert.equal(new URL(page.url()).pathname, '/report.html', 'the field app sent the link to the report page');
  assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r === undefined)), true);
  const wasm = urls.filter((path) => path.endsWith('.wasm'));
  assert.ok(wasm.every((path) => /^\/(drempel|report)_bg-/.test(path)), `only the field app's and the report's wasm: ${wasm}`);
  // Straight to the report page: the field app is not fetched at all.
  const direct = await browser.newContext(PHONE);
  const directUrls = requestLog(direct);
  const directPage = await direct.newPage();
  await directPage.goto(`${server.url}/report.html#/report/${'cd'.repeat(32)}`);
  await directPage.getByTestId('report-error').waitFor();
  assert.deepEqual(directUrls.filter((path) => path.endsWith('.wasm')).map((p) => p.split('-')[0]), ['/report_bg']);
});
