// One file to deploy: the release binary, copied alone into an empty
// folder, serves the whole app from inside itself, and a phone that loaded
// it once keeps working offline.
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, launchBrowser, scratchDir, ServerProcess, waitForServiceWorker } from './harness.mjs';
import { App } from './pages.mjs';

test('the release binary alone in an empty folder serves the app, which then works offline', async (t) => {
  const folder = scratchDir(t);
  const bin = join(folder, 'drempel-server');
  copyFileSync(process.env.DREMPEL_SERVER_BIN, bin);
  assert.deepEqual(readdirSync(folder), ['drempel-server'], 'nothing beside the binary');

  const server = new ServerProcess({
    port: await freePort(),
    databaseUrl: `sqlite://${join(folder, 'data', 'drempel.db')}`,
    staticDir: null,
    bin,
    cwd: folder,
  });
  const { joinUrl } = await server.setUpTeam();
  await server.start();
  t.after(() => server.stop());
  assert.match(server.log, /inside the binary/, 'the log says where the app comes from');

  // The files as a browser asks for them: compressed, cached by their kind.
  const start = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(start.status, 200);
  assert.equal(start.headers.get('content-encoding'), 'br');
  assert.equal(start.headers.get('cache-control'), 'no-cache');
  const html = await start.text();
  const wasm = html.match(/href="\/?([^"]+\.wasm)"/)?.[1] ?? html.match(/"\/?([^"]+_bg-[0-9a-f]{16}\.wasm)"/)?.[1];
  assert.ok(wasm, 'the start page names its wasm');
  const file = await fetch(`${server.url}/${wasm}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/wasm');
  assert.equal(file.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const tag = file.headers.get('etag');
  const again = await fetch(`${server.url}/${wasm}`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': tag } });
  assert.equal(again.status, 304, 'a file the browser holds is not sent again');
  assert.equal((await fetch(`${server.url}/nothing-here.js`)).status, 404);

  const browser = await launchBrowser(t);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const app = new App(page);
  await page.goto(server.url);
  await app.join(joinUrl, 'telefoon');
  await waitForServiceWorker(page);

  await server.stop();
  await context.setOffline(true);
  const response = await page.reload();
  assert.ok(response.fromServiceWorker(), 'offline, the app comes from the phone');
  await app.recordContact({ site: 'Buurthuis', channel: 'walk_in', findings: { huurtoeslag: ['not_used', 'unaware'] } });
  await app.openContacts();
  await app.expectContactCount(1);
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});
