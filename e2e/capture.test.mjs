// The volunteer's day: contacts recorded with no server at all, kept across
// reloads, edited, deleted and restored, in Dutch and English, accessibly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { ServerProcess, freePort, launchBrowser, scratchDir, startTeam, waitForServiceWorker } from './harness.mjs';
import { App, axeViolations } from './pages.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

test('record, reload, edit, delete and undo with the server stopped', async (t) => {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  // bypassCSP lets the test inject axe-core; the app itself runs under the real CSP elsewhere.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(server.url);
  await waitForServiceWorker(page);
  const app = new App(page);

  await t.test('the capture screen has no axe violations, light and dark', async () => {
    // Open a scheme's barriers, the other schemes and every folded part,
    // so they are scanned too.
    const card = await app.pick('huurtoeslag');
    await (await app.barrier(card, 'other')).click();
    await app.tap(app.testid('more-schemes'));
    for (const fold of ['fold-about', 'fold-quote', 'fold-follow', 'fold-notes']) await app.openFold(fold);
    await app.testid('contact-consent').check();
    assert.deepEqual(await axeViolations(page, AXE_SOURCE), []);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await axeViolations(page, AXE_SOURCE), []);
    await page.emulateMedia({ colorScheme: 'light' });
    await card.getByTestId('scheme-remove').click();
    await app.testid('contact-consent').uncheck();
    assert.equal(await app.scheme('huurtoeslag').count(), 0, 'removed from the form');
  });

  await t.test('toggling a chip moves nothing', async () => {
    const row = await app.pick('zorgtoeslag');
    const chips = row.getByTestId(/^status-/);
    // Relative to the row, so scrolling does not count as movement.
    const boxes = async () => {
      const origin = await row.boundingBox();
      return Promise.all((await chips.all()).map(async (c) => {
        const box = await c.boundingBox();
        return { x: box.x - origin.x, y: box.y - origin.y, width: box.width, height: box.height };
      }));
    };
    const before = await boxes();
    await row.getByTestId('status-does_not_know').click();
    assert.deepEqual(await boxes(), before);
    await row.getByTestId('scheme-remove').click();
  });

  await server.stop();
  await page.reload();
  // Not in a team: the line says that, whatever the server does.
  await page.getByTestId('connection').and(page.locator('[data-state="not-joined"]')).waitFor();

  await t.test('the next contact starts with site and channel from the last one', async () => {
    await app.recordContact({
      site: 'Voedselbank Noord',
      channel: 'food_bank',
      household: 'single_parent',
      findings: {
        huurtoeslag: ['uses'],
        kwijtschelding: ['not_used', 'unaware'],
        bijzondere_bijstand: ['not_used', 'shame'],
      },
    });
    assert.equal(await app.testid('place-summary').textContent(), 'Voedselbank Noord · Voedselbank');
    assert.equal(await app.testid('site-input').count(), 0, 'folded to one line');
    await app.recordContact({ findings: { zorgtoeslag: ['does_not_know', 'digital'] } });
    await app.recordContact({ findings: { meedoenregeling: ['referred', 'too_complex', 'language'] } });
  });

  await t.test('after a reload all three are listed as saved on this phone', async () => {
    const response = await page.reload();
    assert.ok(response.fromServiceWorker());
    await app.openContacts();
    await app.expectContactCount(3);
    const states = await app.testid('contact-state').allTextContents();
    assert.deepEqual(states, ['Opgeslagen op deze telefoon', 'Opgeslagen op deze telefoon', 'Opgeslagen op deze telefoon']);
    assert.match(await app.testid('unsynced-badge').textContent(), /^3 nog niet verstuurd$/);
  });

  await t.test('the list screen has no axe violations, light and dark', async () => {
    assert.deepEqual(await axeViolations(page, AXE_SOURCE), []);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await axeViolations(page, AXE_SOURCE), []);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await t.test('editing a contact changes it in place', async () => {
    // Newest first: the first item is the meedoenregeling contact.
    await app.tap(app.contactItems().first().getByTestId('contact-edit'));
    await app.scheme('meedoenregeling').getByTestId('status-referred').waitFor();
    assert.equal(await app.scheme('meedoenregeling').getByTestId('status-referred').getAttribute('aria-pressed'), 'true');
    await app.tap(app.scheme('meedoenregeling').getByTestId('barrier-language'));
    await app.tap((await app.pick('huurtoeslag')).getByTestId('status-uses'));
    await app.tap(app.testid('save-contact'));
    await page.locator('#contacts-title').waitFor();
    await app.expectContactCount(3);
    const summary = await app.contactItems().first().locator('.contact-summary').textContent();
    assert.match(summary, /^Voedselbank · Meedoenregeling \/ stadspas \/ kindpakket: doorverwezen, 1 drempel · Huurtoeslag: gebruikt$/);
  });

  await t.test('a deleted contact disappears and comes back with undo', async () => {
    const id = await app.contactItems().nth(1).getAttribute('data-id');
    await app.tap(app.contactItems().nth(1).getByTestId('contact-delete'));
    await app.expectContactCount(2);
    await app.tap(app.testid('undo-delete'));
    await app.expectContactCount(3);
    assert.equal(await app.contactItems().nth(1).getAttribute('data-id'), id);
    await page.reload();
    await app.expectContactCount(3);
  });

  await t.test('a draft survives a reload', async () => {
    await app.openNew();
    await app.tap((await app.pick('zorgtoeslag')).getByTestId('status-not_used'));
    await app.fill('notes-input', 'half ingevuld, komt terug');
    await page.reload();
    await app.testid('notes-input').waitFor();
    assert.equal(await app.testid('notes-input').inputValue(), 'half ingevuld, komt terug');
    assert.equal(await app.scheme('zorgtoeslag').getByTestId('status-not_used').getAttribute('aria-pressed'), 'true');
  });

  await t.test('a BSN typed into notes is flagged, and one tap removes it', async () => {
    await app.testid('notes-input').fill('bsn 123456782 voor de aanvraag');
    const found = page.locator('[data-testid="pii-found"] .pii-item[data-kind="bsn"]');
    await found.waitFor();
    assert.equal(await found.locator('mark').textContent(), '123456782');
    await app.tap(app.testid('save-contact'));
    await app.testid('pii-warning').waitFor();
    await app.tap(found.getByTestId('pii-remove'));
    assert.equal(await app.testid('notes-input').inputValue(), 'bsn voor de aanvraag');
    assert.equal(await page.locator('.pii-item').count(), 0);
  });

  await t.test('switching to English changes every label', async () => {
    const visibleText = () => page.evaluate(() => {
      const lines = new Set();
      for (const line of document.body.innerText.split('\n')) if (line.trim()) lines.add(line.trim());
      return [...lines];
    });
    for (const screen of ['nav-new', 'nav-contacts']) {
      await app.tap(app.testid('lang-nl'));
      await app.tap(app.testid(screen));
      const dutch = await visibleText();
      await app.tap(app.testid('lang-en'));
      const english = new Set(await visibleText());
      // Names, language names (each in its own language), times, counts and
      // people's own words are the same in both languages.
      const same = dutch.filter((line) => english.has(line) && !/^(Drempel|NL|EN|Nederlands|English|\d+|\d\d:\d\d · .*|Voedselbank Noord)$/.test(line));
      assert.deepEqual(same, [], `untranslated on ${screen}`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    }
    await page.reload();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice is remembered');
  });

  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});

test('a typical contact at 360 × 780: taps and scrolling', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const android = 'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
  const page = await (await browser.newContext({ viewport: { width: 360, height: 780 }, userAgent: android, hasTouch: true })).newPage();
  await page.goto(server.url);
  const app = new App(page);
  await app.join(joinUrl, 'telefoon');
  // Earlier contacts set site and channel for the next, and put the
  // schemes this volunteer hears about most among the first offered.
  await app.recordContact({ site: 'Voedselbank Noord', channel: 'food_bank', findings: { kwijtschelding: ['uses'] } });
  await app.recordContact({ findings: { bijzondere_bijstand: ['does_not_know'], kwijtschelding: ['uses'] } });
  await page.evaluate(() => window.scrollTo(0, 0));
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.evaluate(() => {
    window.scrolled = 0;
    let last = window.scrollY;
    addEventListener('scroll', () => {
      window.scrolled += Math.abs(window.scrollY - last);
      last = window.scrollY;
    }, { passive: true });
  });
  app.taps = 0;
  // The scrolling a person does, up to the tap on "save" (the form then
  // returns to the top by itself).
  const tap = app.tap.bind(app);
  let scrolled = 0;
  app.tap = async (locator) => {
    const saving = await locator.evaluate((el) => el.dataset.testid === 'save-contact');
    if (saving) scrolled = await page.evaluate(() => window.scrolled);
    await tap(locator);
  };
  await app.recordContact({
    findings: {
      huurtoeslag: ['uses'],
      kwijtschelding: ['not_used', 'unaware'],
      bijzondere_bijstand: ['not_used', 'shame'],
    },
  });
  t.diagnostic(`typical contact: ${app.taps} taps, ${Math.round(scrolled)} px scrolled; form ${height} px high on a 780 px screen`);
  assert.ok(app.taps <= 8, `took ${app.taps} taps`);
  assert.ok(scrolled <= 1200, `scrolled ${scrolled} px`);
  assert.ok(height <= 2 * 780, `the empty form is ${height} px high`);
  const saved = await app.storedRecords();
  const typical = saved.find((r) => r.contact.input.findings.length === 3).contact.input;
  assert.deepEqual(
    typical.findings.map((f) => [f.scheme, f.status, f.barriers]),
    [['huurtoeslag', 'uses', []], ['kwijtschelding', 'not_used', ['unaware']], ['bijzondere_bijstand', 'not_used', ['shame']]],
  );
});

test('keyboard alone records a contact, and a full storage keeps the form', async (t) => {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await page.goto(server.url);
  const app = new App(page);
  await app.testid('save-contact').waitFor();

  await t.test('chips, fields and save work from the keyboard', async () => {
    await app.testid('site-input').focus();
    await page.keyboard.type('Inloop West');
    await app.testid('channel-walk_in').focus();
    await page.keyboard.press('Space');
    await app.testid('pick-zorgtoeslag').focus();
    await page.keyboard.press('Space');
    await app.scheme('zorgtoeslag').getByTestId('status-not_used').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // Four tabs on: past the other status chips to the first barrier chip.
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'barrier-unaware');
    await page.keyboard.press('Space');
    await app.testid('save-contact').focus();
    await page.keyboard.press('Enter');
    await app.testid('saved-toast').filter({ hasText: 'Opgeslagen op deze telefoon' }).waitFor();
    await app.openContacts();
    await app.expectContactCount(1);
    await app.openNew();
  });

  await t.test('when storage is full the save fails with a message and the input stays', async () => {
    await (await app.pick('huurtoeslag')).getByTestId('status-uses').click();
    await app.fill('notes-input', 'moet bewaard blijven');
    assert.ok(await app.fillStorage() > 0);
    await app.testid('notes-input').fill('moet bewaard blijven, ook nu de opslag vol is');
    await app.tap(app.testid('save-contact'));
    const message = app.testid('storage-error');
    await message.waitFor();
    assert.match(await message.textContent(), /telefoon is vol/);
    assert.equal(await app.testid('notes-input').inputValue(), 'moet bewaard blijven, ook nu de opslag vol is');
    assert.equal(await app.scheme('huurtoeslag').getByTestId('status-uses').getAttribute('aria-pressed'), 'true');
    await app.openContacts();
    await app.expectContactCount(1);
  });
});

test('Safari on an iPhone, not installed, is told to add Drempel to the home screen', async (t) => {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 }, userAgent: iphone })).newPage();
  await page.goto(server.url);
  await page.getByTestId('ios-hint').filter({ hasText: 'beginscherm' }).waitFor();
  // Elsewhere the hint stays away.
  const desktop = await (await browser.newContext()).newPage();
  await desktop.goto(server.url);
  await desktop.getByTestId('save-contact').waitFor();
  assert.equal(await desktop.getByTestId('ios-hint').count(), 0);
});
