// Sync between two phones and the real server: records made with the
// server down arrive once it is back, the coordinator's phone pulls them,
// an edit made offline follows, and a server killed with SIGKILL in the
// middle of a 500-record sync loses and duplicates nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { PASSWORD, startTeam } from './harness.mjs';
import { axeViolations, openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('two phones sync through outages and a SIGKILL mid-sync without losing or duplicating', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];

  // Phone A: a volunteer joins with the link, then the server goes away.
  const { context: contextA, page: pageA, app: a } = await openApp(browser, server.url, errors, PHONE);
  await a.join(joinUrl, 'telefoon A');
  await server.stop();

  const sites = ['Inloop Noord', 'Inloop Zuid', 'Markt'];
  for (const site of sites) {
    await a.recordContact({ site, channel: 'walk_in', findings: { huurtoeslag: ['not_used', 'unaware'] } });
  }
  await a.openContacts();
  assert.deepEqual(await a.contactStates(), { local: 3 });

  // The server returns; "retry now" syncs them.
  await server.start();
  await a.syncNow();
  await a.waitSynced();
  assert.deepEqual(await a.contactStates(), { synced: 3 });
  const onServer = await server.allRecords();
  assert.deepEqual(onServer.map((r) => r.fields.site).sort(), [...sites].sort());

  // Phone B: the coordinator signs in; the team's records stay on the server.
  // bypassCSP lets the test inject axe-core; the app runs under the real CSP elsewhere.
  const { context: contextB, page: pageB, app: b } = await openApp(browser, server.url, errors, { ...PHONE, bypassCSP: true });
  await b.signIn(PASSWORD);
  await b.syncNow();
  await b.waitSynced();
  assert.deepEqual(await b.storedRecords(), [], "the team's records are not pulled onto the coordinator's phone");

  // The coordinator's dashboard: counted by the server, and kept, dated,
  // for when the phone is offline.
  await b.tap(b.testid('nav-dashboard'));
  await b.testid('dash-contacts').filter({ hasText: /^3 / }).waitFor();
  assert.match(await b.testid('dash-as-of').textContent(), /^Cijfers van \d\d:\d\d$/);
  const nonUse = await pageB.evaluate(() => [...document.querySelectorAll('[data-testid="nonuse-table"] tbody tr')]
    .map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(nonUse, [['Huurtoeslag', '3', '3', '100']]);
  const heat = await pageB.evaluate(() => [...document.querySelectorAll('[data-testid="heat-table"] tbody td')].map((td) => td.textContent));
  assert.deepEqual(heat, ['3'], 'huurtoeslag × onbekend');
  await b.testid('filter-site').selectOption('Markt');
  await b.testid('dash-contacts').filter({ hasText: /^1 / }).waitFor();
  assert.deepEqual(await axeViolations(pageB, axeSource), [], 'the dashboard passes axe (WCAG 2.1 AA)');
  await contextB.setOffline(true);
  await b.testid('filter-site').selectOption('');
  await b.testid('dash-contacts').filter({ hasText: /^3 / }).waitFor();
  const kept = b.testid('dash-as-of');
  await pageB.locator('[data-testid="dash-as-of"][data-state="kept"]').waitFor();
  assert.match(await kept.textContent(), /^Cijfers van \d\d:\d\d\. Geen verbinding met de server: deze cijfers kunnen verouderd zijn$/);
  await contextB.setOffline(false);

  // Phone A edits one while the server is down again, then syncs.
  await server.stop();
  await a.openContacts();
  await a.tap(a.contactItems().filter({ hasText: 'Markt' }).getByTestId('contact-edit'));
  await a.fill('notes-input', 'belt volgende week terug');
  await a.tap(a.testid('save-contact'));
  await pageA.locator('#contacts-title').waitFor(); // an edit returns to the list
  assert.deepEqual(await a.contactStates(), { local: 1, synced: 2 });
  await server.start();
  await a.syncNow();
  await a.waitSynced();

  // The coordinator reads the team's records on the server, a page at a
  // time, and opens one there: it comes onto the phone to be edited.
  await b.openContacts();
  await b.tap(b.testid('fetch-older'));
  await b.testid('server-item').nth(2).waitFor();
  assert.equal(await b.testid('server-item').count(), 3);
  assert.deepEqual(await axeViolations(pageB, axeSource), [], 'the list with the server\'s records passes axe');
  await b.tap(b.testid('server-item').filter({ hasText: 'Markt' }).getByTestId('server-edit'));
  assert.equal(await b.testid('notes-input').inputValue(), 'belt volgende week terug', 'the edit reached the server');

  // Both phones change the same note: the later arrival wins, and the
  // coordinator sees the value it overwrote beside the current one.
  const editNotes = async (app, text) => {
    await app.openContacts();
    await app.tap(app.contactItems().filter({ hasText: 'Markt' }).getByTestId('contact-edit'));
    await app.fill('notes-input', text);
    await app.tap(app.testid('save-contact'));
    await app.page.locator('#contacts-title').waitFor();
  };
  await b.fill('notes-input', 'coördinator belt zelf');
  await b.tap(b.testid('save-contact'));
  await pageB.locator('#contacts-title').waitFor();
  await b.syncNow();
  await b.waitSynced();
  await editNotes(a, 'komt zelf langs');
  await a.syncNow();
  await a.waitSynced();
  await b.syncNow();
  await b.waitSynced();
  await pageB.goto(`${server.url}/#/team`);
  const conflict = b.testid('conflict-row').filter({ hasText: 'notes' });
  await conflict.waitFor();
  assert.match(await conflict.locator('del').textContent(), /coördinator belt zelf/);
  assert.match(await conflict.locator('ins').textContent(), /komt zelf langs/);

  // 500 more records on phone A, sent over a slow line; the server is
  // killed with SIGKILL once part of them is in.
  await pageA.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('drempel:c:'));
    const template = JSON.parse(localStorage.getItem(key));
    for (let i = 0; i < 500; i += 1) {
      const id = `0190f000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      const value = structuredClone(template.value);
      value.contact.id = id;
      value.contact.created_at = value.contact.updated_at = 1_700_000_000_000 + i;
      value.contact.input.site = `Bulk ${i}`;
      value.pending = [{ kind: 'create', at: value.contact.created_at, fields: ['*'] }];
      delete value.synced_at;
      delete value.base;
      localStorage.setItem(`drempel:c:${id}`, JSON.stringify({ schema: template.schema, value }));
    }
  });
  await pageA.reload();
  const cdp = await contextA.newCDPSession(pageA);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 400, downloadThroughput: -1, uploadThroughput: -1,
  });
  await a.syncNow();
  const progress = await pageA.waitForFunction(() => {
    const text = document.querySelector('[data-testid="sync-status"]')?.textContent ?? '';
    const match = text.match(/(\d+) van (\d+)/);
    return match && Number(match[1]) >= 200 && Number(match[1]) < Number(match[2]) ? match[0] : null;
  }, null, { timeout: 60_000, polling: 20 });
  const killed = await server.stop('SIGKILL');
  assert.equal(killed.signal, 'SIGKILL');
  const atKill = await progress.jsonValue();
  const partial = await pageA.evaluate(() => Number(document.querySelector('[data-testid="sync-pending"]').textContent));
  assert.ok(partial > 0, `the kill came mid-sync (${atKill}, ${partial} still pending)`);

  // Back on a normal line; the server restarts and the app's own retry
  // timer finishes the job (no "retry now" this time).
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1,
  });
  await server.start();
  await a.waitSynced(90_000);
  const all = await server.allRecords();
  const bulk = all.filter((r) => r.fields.site?.startsWith('Bulk '));
  assert.equal(bulk.length, 500, 'exactly 500 bulk records on the server');
  assert.equal(new Set(all.map((r) => r.record)).size, all.length, 'none twice');
  assert.equal(all.length, 503);
  // The phone keeps the newest 500 synced records (the bulk is two years
  // old, outside the 60-day window): the 3 oldest left it for the server.
  const stored = await a.storedRecords();
  assert.equal(stored.length, 500);
  assert.ok(['Bulk 0', 'Bulk 1', 'Bulk 2'].every((site) => !stored.some((r) => r.contact.input.site === site)));
  assert.deepEqual(stored.filter((r) => r.pending?.length).map((r) => r.contact.id), [], 'nothing left to send');
  await a.expectContactCount(103); // 3 today, the newest 100 earlier; the rest behind "show more"
  assert.deepEqual(await a.contactStates(), { synced: 103 }, 'phone A shows the records as synced');
  await a.tap(a.testid('show-more'));
  await a.expectContactCount(203);
  assert.deepEqual(errors, [], 'no uncaught errors in the pages');
});
