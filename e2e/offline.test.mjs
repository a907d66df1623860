// The walking skeleton: the optimised release build, served by the real
// server binary, keeps working when the server is gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServerProcess, freePort, launchBrowser, scratchDir, waitForServiceWorker } from './harness.mjs';
import { App } from './pages.mjs';

/** A real server and a phone-sized page of the app on it, both closed when `t` ends. */
async function openApp(t) {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(server.url);
  return { server, context, page, errors };
}

test('the app shell and saved data survive a server outage, and the app notices the server return', async (t) => {
  const { server, page, errors } = await openApp(t);
  await waitForServiceWorker(page);
  await page.getByTestId('connection').and(page.locator('[data-state="online"]')).waitFor();

  // Write a record through the app's storage module.
  const app = new App(page);
  const site = 'Voedselbank Noord – uitgifte dinsdag';
  await app.recordContact({ site, channel: 'food_bank', findings: { huurtoeslag: ['not_used', 'unaware'] } });

  // The server goes away entirely.
  const exit = await server.stop();
  assert.equal(exit.code, 0, 'the server stops gracefully on SIGTERM');

  const response = await page.reload();
  assert.ok(response, 'the reload got a response');
  assert.ok(response.fromServiceWorker(), 'the app shell came from the service worker');
  assert.equal(await page.getByTestId('site-input').inputValue(), site, 'the next form is preset from the stored record');
  await app.openContacts();
  await app.expectContactCount(1);
  assert.match(await app.contactItems().first().textContent(), /Voedselbank Noord – uitgifte dinsdag/);
  await page.getByTestId('connection').and(page.locator('[data-state="offline"]')).waitFor({ timeout: 15_000 });

  // The server comes back on the same port: the app finds it by itself.
  await server.start();
  await page.getByTestId('connection').and(page.locator('[data-state="online"]')).waitFor({ timeout: 45_000 });
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});

test('without a network the line says so within two seconds, plainly, and comes back by itself', async (t) => {
  const { context, page } = await openApp(t);
  const line = page.getByTestId('connection');
  await line.and(page.locator('[data-state="online"]')).waitFor();

  await context.setOffline(true);
  await line.and(page.locator('[data-state="no-network"]')).waitFor({ timeout: 2_000 });
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /Verbonden met de server/, 'nothing says connected');
  assert.match(await line.innerText(), /Geen internet/);

  await context.setOffline(false);
  await line.and(page.locator('[data-state="online"]')).waitFor({ timeout: 10_000 });
});
