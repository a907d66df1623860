// App updates: a new version waits until the person taps "update", and a
// form in progress and unsynced records survive the switch.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ServerProcess, freePort, launchBrowser, scratchDir, waitForServiceWorker } from './harness.mjs';
import { App } from './pages.mjs';

test('a waiting update is offered, not forced, and keeps the draft and records', async (t) => {
  // A copy of the build, so the test can publish a "new version" of it.
  const staticDir = join(scratchDir(t), 'dist');
  cpSync(process.env.DREMPEL_STATIC_DIR, staticDir, { recursive: true });
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t), staticDir });
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await page.goto(server.url);
  await waitForServiceWorker(page);
  const app = new App(page);

  await app.recordContact({ site: 'Inloop Oost', channel: 'walk_in', findings: { zorgtoeslag: ['not_used', 'shame'] } });
  await app.fill('notes-input', 'nog niet opgeslagen');

  // Publish a new service worker (any byte change is a new version).
  appendFileSync(join(staticDir, 'sw.js'), '\n// next release\n');
  rmSync(join(staticDir, 'sw.js.gz'), { force: true });
  rmSync(join(staticDir, 'sw.js.br'), { force: true });
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await app.testid('update-banner').waitFor({ timeout: 20_000 });
  assert.equal(await app.testid('notes-input').inputValue(), 'nog niet opgeslagen', 'nothing was swapped under the form');

  const reloaded = page.waitForEvent('load');
  await app.testid('update-banner').getByRole('button').click();
  await reloaded;
  await app.testid('notes-input').waitFor();
  assert.equal(await app.testid('notes-input').inputValue(), 'nog niet opgeslagen', 'the draft survived the update');
  const state = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => ({
    waiting: r.waiting !== null,
    activeIsController: r.active !== null && r.active === navigator.serviceWorker.controller,
  })));
  assert.deepEqual(state, { waiting: false, activeIsController: true }, 'the new version took over');
  assert.equal(await app.testid('update-banner').count(), 0);
  await app.openContacts();
  await app.expectContactCount(1);
  assert.equal(await app.testid('contact-state').textContent(), 'Opgeslagen op deze telefoon');
});
