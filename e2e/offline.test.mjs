// The walking skeleton: the optimised release build, served by the real
// server binary, keeps working when the server is gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTeam, waitForServiceWorker } from './harness.mjs';
import { App } from './pages.mjs';

/**
 * A real server with a team, and a phone-sized page of the app on it
 * (joined to the team unless `joined` is false), closed when `t` ends.
 */
async function openApp(t, { joined = true } = {}) {
  const { server, joinUrl, browser } = await startTeam(t);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const app = new App(page);
  await page.goto(server.url);
  if (joined) await app.join(joinUrl, 'telefoon');
  return { server, context, page, app, errors, line: page.getByTestId('connection') };
}

/** Waits until the status line is in `state` (its data-state). */
function lineIs(page, state, timeout = 10_000) {
  return page.getByTestId('connection').and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout });
}

/** Every line of text on the screen that claims a connection. */
async function connectedClaims(page) {
  const text = await page.locator('body').innerText();
  return text.split('\n').filter((l) => /verbonden|connected|alles is verstuurd|everything is sent/i.test(l));
}

test('the app shell and saved data survive a server outage, and the app notices the server return', async (t) => {
  const { server, page, app, errors, line } = await openApp(t);
  await waitForServiceWorker(page);
  await lineIs(page, 'all-sent');

  const site = 'Voedselbank Noord – uitgifte dinsdag';
  await app.recordContact({ site, channel: 'food_bank', findings: { huurtoeslag: ['not_used', 'unaware'] } });
  await lineIs(page, 'all-sent', 15_000);

  // The server goes away entirely: the health check sees it within its interval.
  const exit = await server.stop();
  assert.equal(exit.code, 0, 'the server stops gracefully on SIGTERM');
  await lineIs(page, 'unreachable', 25_000);
  assert.deepEqual(await connectedClaims(page), [], 'nothing claims a connection');

  const response = await page.reload();
  assert.ok(response, 'the reload got a response');
  assert.ok(response.fromServiceWorker(), 'the app shell came from the service worker');
  assert.equal(await page.getByTestId('place-summary').textContent(), `${site} · Voedselbank`, 'the next form is preset from the stored record');
  await app.recordContact({ findings: { zorgtoeslag: ['uses'] } });
  await lineIs(page, 'unreachable', 15_000);
  assert.match(await line.innerText(), /Nog te versturen: 1 gesprek\./);
  await app.openContacts();
  await app.expectContactCount(2);
  assert.match(await app.contactItems().last().textContent(), /Voedselbank Noord – uitgifte dinsdag/);

  // The server comes back on the same port: the app finds it and sends, untouched.
  await server.start();
  await lineIs(page, 'all-sent', 45_000);
  assert.equal((await server.allRecords()).length, 2, 'both contacts reached the server');
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});

test('without a network the line says so within two seconds, plainly, and comes back by itself', async (t) => {
  const { context, page, app, line } = await openApp(t);
  await lineIs(page, 'all-sent');

  await context.setOffline(true);
  await lineIs(page, 'offline', 2_000);
  assert.deepEqual(await connectedClaims(page), [], 'nothing claims a connection');
  assert.match(await line.innerText(), /Geen internet/);
  assert.equal(await line.evaluate((el) => el.classList.contains('connection-problem')), false, 'not shown as a problem');

  // A contact made offline waits, and says so, still plainly.
  await app.recordContact({ site: 'Kerk', channel: 'walk_in', findings: { huurtoeslag: ['uses'] } });
  await lineIs(page, 'offline', 2_000);
  assert.match(await line.innerText(), /Nog te versturen: 1 gesprek\./);

  await context.setOffline(false);
  await lineIs(page, 'all-sent', 15_000);
});

test('a phone not in a team says so on every screen, and how to join', async (t) => {
  const { page, line } = await openApp(t, { joined: false });
  await lineIs(page, 'not-joined');
  assert.match(await line.innerText(), /hoort nog niet bij een team/);
  await line.getByTestId('line-more').click();
  await page.getByTestId('nav-settings').and(page.locator('[aria-current="page"]')).waitFor();
});
