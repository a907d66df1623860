// A coordinator enrols a phone with a join link and later removes it: the
// phone's unsynced contact stays, and the phone says what happened.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { PASSWORD, ServerProcess, freePort, launchBrowser, scratchDir, waitForServiceWorker } from './harness.mjs';
import { App, axeViolations } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('a coordinator enrols a phone by link and revokes it; the phone keeps its unsynced contact', async (t) => {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  await server.setUpTeam();
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  const errors = [];

  // The coordinator signs in and makes a join link with a QR code.
  const office = await browser.newContext({ ...PHONE, bypassCSP: true });
  const officePage = await office.newPage();
  officePage.on('pageerror', (err) => errors.push(err.message));
  await officePage.goto(server.url);
  await waitForServiceWorker(officePage);
  const coordinator = new App(officePage);
  await coordinator.page.goto(`${server.url}/#/team`);
  await coordinator.testid('login-name').fill('coordinator');
  await coordinator.testid('login-password').fill('not the password');
  await coordinator.tap(coordinator.testid('login-submit'));
  await coordinator.testid('login-error').filter({ hasText: 'klopt niet' }).waitFor();
  await coordinator.signIn(PASSWORD);
  await coordinator.tap(coordinator.testid('create-link'));
  await coordinator.testid('link-qr').waitFor();
  const joinUrl = await coordinator.testid('new-link-url').inputValue();
  assert.match(joinUrl, new RegExp(`^${server.url}/#join=[0-9a-f]{64}$`));
  assert.deepEqual(await axeViolations(officePage, axeSource), [], 'the team screen passes axe (WCAG 2.1 AA)');

  // A second browser opens the link, records a contact and syncs it.
  const phoneContext = await browser.newContext({ ...PHONE, bypassCSP: true });
  const phonePage = await phoneContext.newPage();
  phonePage.on('pageerror', (err) => errors.push(err.message));
  await phonePage.goto(server.url);
  await waitForServiceWorker(phonePage);
  const phone = new App(phonePage);
  await phonePage.goto(joinUrl);
  await phone.testid('join-form').waitFor();
  assert.deepEqual(await axeViolations(phonePage, axeSource), [], 'the join screen passes axe');
  await phone.testid('device-name').fill('telefoon Ans');
  await phone.tap(phone.testid('join-submit'));
  await phone.testid('save-contact').waitFor();
  assert.ok(!phonePage.url().includes('join='), 'the code left the address bar');
  await phone.recordContact({ site: 'Inloop Noord', channel: 'walk_in', findings: { zorgtoeslag: ['uses'] } });
  await phone.syncNow();
  await phone.waitSynced();
  assert.deepEqual(await phone.contactStates(), { synced: 1 });

  // The coordinator sees the phone with its last sync, and removes it.
  await officePage.reload();
  const row = coordinator.testid('device-row').filter({ hasText: 'telefoon Ans' });
  await row.waitFor();
  assert.doesNotMatch(await row.textContent(), /nog nooit/, 'its last sync is shown');
  officePage.once('dialog', (dialog) => dialog.accept());
  await coordinator.tap(row.getByTestId('device-remove'));
  await row.filter({ hasText: 'Verwijderd' }).waitFor();

  // The phone records another contact offline, then tries to sync.
  await phoneContext.setOffline(true);
  await phone.openNew();
  await phone.recordContact({ site: 'Markt', channel: 'event', findings: { huurtoeslag: ['not_used', 'unaware'] } });
  // Back online: the browser's `online` event starts a round by itself.
  await phoneContext.setOffline(false);
  await phone.openContacts();
  const panel = phone.testid('sync-panel');
  await panel.and(phonePage.locator('[data-state="revoked"]')).waitFor({ timeout: 30_000 });
  assert.match(await phone.testid('sync-status').textContent(), /uit het team gehaald/);
  assert.deepEqual(await phone.contactStates(), { problem: 1, synced: 1 }, 'the unsynced contact is still there, marked');
  await phonePage.reload();
  await phone.openContacts();
  assert.deepEqual(await phone.contactStates(), { problem: 1, synced: 1 }, 'and survives a reload');
  await phone.tap(phone.testid('nav-settings'));
  await phone.testid('join-form').waitFor(); // offered to join again
  assert.deepEqual(await axeViolations(phonePage, axeSource), [], 'the settings screen passes axe');

  // The server kept only what was synced before the removal.
  assert.deepEqual((await server.allRecords()).map((r) => r.fields.site), ['Inloop Noord']);

  // With a new link pasted in Settings the phone joins again, keeps its
  // earlier contact as its own, and sends the one made while removed.
  await coordinator.tap(coordinator.testid('create-link'));
  await officePage.waitForFunction((first) => {
    const input = document.querySelector('[data-testid="new-link-url"]');
    return input && input.value !== first;
  }, joinUrl);
  const secondUrl = await coordinator.testid('new-link-url').inputValue();
  assert.notEqual(secondUrl, joinUrl);
  await phone.testid('join-link').fill(secondUrl);
  await phone.tap(phone.testid('join-submit'));
  await phone.testid('save-contact').waitFor();
  await phone.syncNow();
  await phone.waitSynced();
  assert.deepEqual(await phone.contactStates(), { synced: 2 });
  assert.deepEqual((await server.allRecords()).map((r) => r.fields.site).sort(), ['Inloop Noord', 'Markt']);

  // The coordinator exports the contacts as CSV.
  const [download] = await Promise.all([
    officePage.waitForEvent('download'),
    coordinator.tap(coordinator.testid('export-contacts')),
  ]);
  assert.match(download.suggestedFilename(), /^drempel-gesprekken-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFFid;created_at;'), 'BOM and header');
  assert.equal(csv.trim().split('\r\n').length, 3, 'a header and two contacts');
  assert.match(csv, /Inloop Noord/);

  // A resident asks to be forgotten: the coordinator erases the contact
  // everywhere, and the volunteer's phone drops it on its next sync.
  // The team's contacts stay on the server: the coordinator reads them there.
  await coordinator.syncNow();
  await coordinator.waitSynced();
  assert.deepEqual(await coordinator.storedRecords(), [], "the team's contacts are not pulled onto the coordinator's phone");
  await coordinator.tap(coordinator.testid('fetch-older'));
  const markt = coordinator.testid('server-item').filter({ hasText: 'Markt' });
  await markt.waitFor();
  assert.equal(await coordinator.testid('server-item').count(), 2);
  officePage.once('dialog', (dialog) => dialog.accept());
  await coordinator.tap(markt.getByTestId('server-erase'));
  await markt.waitFor({ state: 'detached' });
  assert.equal(await coordinator.testid('server-item').count(), 1);
  await phone.syncNow();
  await phone.waitSynced();
  await phone.expectContactCount(1);
  assert.ok(!(await phone.storedRecords()).some((r) => r.contact.input.site === 'Markt'), 'gone from the phone');
  assert.deepEqual((await server.allRecords()).filter((r) => !r.deleted).map((r) => r.fields.site), ['Inloop Noord']);

  // The team's audit log names what was done; the retention period is set.
  await officePage.goto(`${server.url}/#/team`);
  await coordinator.testid('audit-row').first().waitFor();
  const actions = await officePage.evaluate(() => [...document.querySelectorAll('[data-testid="audit-row"]')].map((r) => r.dataset.action));
  for (const action of ['create_join_link', 'revoke_device', 'export', 'erase_record']) {
    assert.ok(actions.includes(action), `${action} in ${actions}`);
  }
  await officePage.waitForFunction(() => document.querySelector('[data-testid="retention-days"]').value === '90');
  await coordinator.testid('retention-days').fill('30');
  await coordinator.tap(coordinator.testid('retention-save'));
  await officePage.locator('[data-action="change_settings"]').waitFor();
  assert.equal(await coordinator.testid('retention-days').inputValue(), '30');

  // The coordinator signs out: the team's data leaves that device.
  await coordinator.openNew();
  await coordinator.recordContact({ site: 'Spreekuur', channel: 'walk_in', findings: { zorgtoeslag: ['uses'] } });
  await coordinator.syncNow();
  await coordinator.waitSynced();
  assert.equal((await coordinator.storedRecords()).length, 1, 'the coordinator holds its own contact');
  await officePage.goto(`${server.url}/#/team`);
  await coordinator.tap(coordinator.testid('logout'));
  await coordinator.testid('signed-out').waitFor();
  assert.deepEqual(await coordinator.storedRecords(), [], 'no team data left on the device');
  assert.equal(await officePage.evaluate(() => localStorage.getItem('drempel:session')), null);

  assert.deepEqual(errors, [], 'no uncaught errors in the pages');
});
