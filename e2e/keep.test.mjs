// A phone keeps a window of its records: every unsent one, and of the
// synced ones the newest 500 or those of the last 60 days; the rest stay
// on the server and "Mijn gesprekken" fetches them a page at a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD, ServerProcess, freePort, launchBrowser, scratchDir, startTeam } from './harness.mjs';
import { openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };
/** The ids `seedRecords` gives: sorted as they were made, 1 the oldest. */
const seeded = (i) => `0190f000-0000-7000-8000-${String(i).padStart(12, '0')}`;

test('a phone drops its oldest synced records, keeps every unsent one, and fetches older pages from the server', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];
  const { context, page, app } = await openApp(browser, server.url, errors, PHONE);
  await app.join(joinUrl, 'telefoon Fatima');
  await app.recordContact({ site: 'Inloop', channel: 'walk_in', findings: { huurtoeslag: ['uses'] } });

  // 600 contacts from three years ago, not yet sent; then they are sent.
  await app.seedRecords(600, { unsynced: true });
  await page.reload();
  await app.syncNow();
  await app.waitSynced(60_000);
  let stored = await app.storedRecords();
  assert.equal(stored.length, 500, 'the newest 500 synced records stay on the phone');
  const ids = new Set(stored.map((r) => r.contact.id));
  for (let i = 1; i <= 101; i += 1) assert.ok(!ids.has(seeded(i)), `${seeded(i)} left the phone`);
  assert.ok(ids.has(seeded(102)) && ids.has(seeded(600)));
  assert.equal((await server.allRecords()).length, 601, 'every one is on the server');

  // "Mijn gesprekken" fetches the older ones, newest first, 50 at a time.
  await app.openContacts();
  const older = app.testid('server-item');
  await app.tap(app.testid('fetch-older'));
  await older.nth(49).waitFor();
  assert.equal(await older.count(), 50);
  assert.equal(await older.first().getAttribute('data-id'), seeded(101));
  await app.tap(app.testid('fetch-older'));
  await older.nth(99).waitFor();
  await app.tap(app.testid('fetch-older'));
  await older.nth(100).waitFor();
  assert.equal(await older.last().getAttribute('data-id'), seeded(1));
  await app.testid('fetch-older').waitFor({ state: 'detached' });

  // One of them is opened and changed: it comes back onto the phone, is
  // sent, and the server has the change.
  await app.tap(page.locator(`[data-testid="server-item"][data-id="${seeded(50)}"]`).getByTestId("server-edit"));
  await app.fill('notes-input', 'later teruggebeld');
  await app.tap(app.testid('save-contact'));
  await page.locator('#contacts-title').waitFor();
  await app.syncNow();
  await app.waitSynced();
  const edited = (await server.allRecords()).find((r) => r.record === seeded(50));
  assert.equal(edited.fields.notes, 'later teruggebeld');

  // Offline, after a reload: an old synced record leaves the phone, an old
  // unsent one stays, whatever its age.
  await context.setOffline(true);
  const [oldSynced, oldUnsent] = ['0180f000-0000-7000-8000-000000000001', '0180f000-0000-7000-8000-000000000002'];
  await page.evaluate(([syncedId, unsentId]) => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('drempel:c:'));
    const template = JSON.parse(localStorage.getItem(key));
    for (const [id, unsent] of [[syncedId, false], [unsentId, true]]) {
      const value = structuredClone(template.value);
      value.contact.id = id;
      value.contact.created_at = value.contact.updated_at = 1_600_000_000_000;
      value.pending = unsent ? [{ kind: 'create', at: value.contact.created_at, fields: ['*'] }] : [];
      if (unsent) {
        delete value.synced_at;
        delete value.base;
      }
      localStorage.setItem(`drempel:c:${id}`, JSON.stringify({ schema: template.schema, value }));
    }
  }, [oldSynced, oldUnsent]);
  await page.reload();
  await app.openContacts();
  stored = await app.storedRecords();
  assert.ok(!stored.some((r) => r.contact.id === oldSynced), 'the old synced record left');
  assert.ok(stored.some((r) => r.contact.id === oldUnsent), 'the old unsent record stayed');
  assert.equal(stored.length, 501);

  // Back online it is sent; then it may leave too.
  await context.setOffline(false);
  await app.syncNow();
  await app.waitSynced();
  assert.ok((await server.allRecords()).some((r) => r.record === oldUnsent), 'the unsent record reached the server');
  assert.equal((await app.storedRecords()).length, 500);

  // Another site fills the rest of the browser's storage: a save still
  // succeeds, because synced records make room (they are on the server).
  await context.setOffline(true);
  await app.openNew();
  await app.recordContact({ findings: { zorgtoeslag: ['uses'] } });
  assert.ok(await app.fillStorage() > 0);
  await app.recordContact({ findings: { kwijtschelding: ['not_used', 'unaware'] } });
  stored = await app.storedRecords();
  const unsent = stored.filter((r) => r.pending?.length);
  assert.equal(unsent.length, 2, 'both contacts made offline are kept');
  assert.ok(stored.length < 500, `synced records made room (${stored.length} left)`);
  await app.openContacts();
  await context.setOffline(false);
  await app.syncNow();
  await app.waitSynced();
  assert.equal((await server.allRecords()).length, 604, 'nothing was lost: every contact is on the server');
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});

test('a coordinator of a team of 100,000 contacts sees the server\'s totals and keeps under 1 MB on the phone', async (t) => {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  const { joinUrl } = await server.setUpTeam();
  await server.start();
  t.after(() => server.stop());

  // A device enrolled through the API sends the team's contacts: over two
  // years, three sites, one in four not using huurtoeslag for not knowing it.
  const TEAM = 100_000;
  const DAY = 86_400_000;
  const now = Date.now();
  const sites = ['Voedselbank Noord', 'Inloop Oost', 'Kerk West'];
  const seed = await fetch(`${server.url}/api/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: joinUrl.split('#join=')[1], label: 'invoer' }),
  }).then((r) => r.json());
  for (let start = 0; start < TEAM; start += 500) {
    const changes = [];
    for (let i = start; i < Math.min(TEAM, start + 500); i += 1) {
      const notUsed = i % 4 === 0;
      changes.push({
        seq: i + 1,
        record: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        base: 0,
        delete: false,
        fields: {
          created_at: now - (i % 730) * DAY,
          catalog_version: 1,
          site: sites[i % 3],
          channel: 'walk_in',
          'findings.huurtoeslag': { scheme: 'huurtoeslag', status: notUsed ? 'not_used' : 'uses', barriers: notUsed ? ['unaware'] : [] },
        },
      });
    }
    const answer = await fetch(`${server.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seed.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 1, changes }),
    });
    assert.equal(answer.status, 200, await answer.text());
  }

  // A coordinator on a fresh profile: the dashboard counts on the server.
  const browser = await launchBrowser(t);
  const errors = [];
  const { page, app } = await openApp(browser, server.url, errors, PHONE);
  await app.signIn(PASSWORD);
  await app.tap(app.testid('nav-dashboard'));
  await app.testid('dash-contacts').filter({ hasText: /^100000 / }).waitFor({ timeout: 60_000 });
  const nonUse = await page.evaluate(() => [...document.querySelectorAll('[data-testid="nonuse-table"] tbody tr')]
    .map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(nonUse, [['Huurtoeslag', '25000', '100000', '25']], 'not used, discussed, share');
  await app.testid('filter-site').selectOption('Kerk West');
  await app.testid('dash-contacts').filter({ hasText: /^33333 / }).waitFor({ timeout: 60_000 });

  // The contact list reads the team on the server; the phone keeps little.
  await app.syncNow();
  await app.waitSynced();
  await app.tap(app.testid('fetch-older'));
  await app.testid('server-item').nth(49).waitFor();
  const bytes = await page.evaluate(() => Object.keys(localStorage)
    .filter((key) => key.startsWith('drempel:'))
    .reduce((sum, key) => sum + 2 * (key.length + localStorage.getItem(key).length), 0));
  assert.ok(bytes < 1024 * 1024, `the coordinator's phone holds ${bytes} bytes`);
  assert.deepEqual(await app.storedRecords(), [], 'no team record is kept on the phone');
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});
