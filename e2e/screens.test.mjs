// axe-core (WCAG 2.1 A and AA) on every screen of the three pages — the
// volunteer's app, the coordinator's, and the report link — in Dutch and
// English, light and dark, at 360 px, each with real content: a team with a
// contact, a consultation answered in the kiosk, a shared report. Every
// violation of every screen is collected first and reported at once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { PASSWORD, startTeam } from './harness.mjs';
import { answer, axeViolations, buildConsultation, openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 780 }, bypassCSP: true };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('every screen passes axe in Dutch and English, light and dark', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];

  // A team with something on every screen.
  const { page: office, app: c } = await openApp(browser, server.url, errors, PHONE);
  await c.signIn(PASSWORD);
  await buildConsultation(c);
  const { page: phone, app: v } = await openApp(browser, server.url, errors, PHONE);
  await v.join(joinUrl, 'telefoon axe');
  await v.recordContact({
    site: 'Voedselbank Noord',
    channel: 'food_bank',
    findings: { huurtoeslag: ['not_used', 'unaware'], kwijtschelding: ['uses'] },
    notes: 'Terugbellen na de vakantie',
  });
  await v.syncNow();
  await v.waitSynced();
  await v.tap(v.testid('nav-consult'));
  await v.tap(v.testid('start-kiosk'));
  await answer(v, { choice: 0, scale: 4, words: 'Meer uitleg graag' });
  const kioskHash = new URL(phone.url()).hash;
  await v.tap(v.testid('kiosk-leave'));
  await v.tap(v.testid('kiosk-leave-yes'));
  await v.syncNow();
  await v.waitSynced();
  await c.tap(c.testid('nav-consult'));
  await c.testid('response-count').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
  await c.tap(c.testid('consultation-results'));
  await c.testid('r-gathered').fill('Voedselbank Noord, dinsdag');
  await c.tap(c.testid('save-report'));
  await c.testid('report-saved').waitFor();
  const resultsHash = new URL(office.url()).hash;
  await c.tap(c.testid('make-share'));
  const shareUrl = await c.testid('share-url').textContent();
  const editHash = resultsHash.replace('/results/', '/edit/');

  // Those who have not joined or signed in see screens of their own.
  const { page: stranger } = await openApp(browser, server.url, errors, PHONE);
  const reader = await browser.newPage({ ...PHONE });
  reader.on('pageerror', (err) => errors.push(err.message));

  // Each screen: the page it is on, where, and what shows once it is ready.
  const screens = [
    [phone, 'capture', '#/new', '[data-testid="save-contact"]'],
    [phone, 'contacts', '#/contacts', '[data-testid="contact-row"], .contact'],
    [phone, 'consultations', '#/consult', '[data-testid="start-kiosk"]'],
    [phone, 'kiosk', kioskHash, '[data-testid="kiosk"]'],
    [phone, 'settings', '#/settings', '[data-testid="persistence"]'],
    [stranger, 'not joined', '#/new', '[data-testid="save-contact"]'],
    [stranger, 'join', '#/settings', '[data-testid="join-form"]'],
    [office, 'team', '#/team', '[data-testid="create-link"]'],
    [office, 'dashboard', '#/dashboard', '[data-testid="dash-contacts"]'],
    [office, 'consultation builder', editHash, '[data-testid="c-title-nl"]'],
    [office, 'results and report', resultsHash, '[data-testid="report-respondents"]'],
    [office, 'catalog', '#/catalog', '[data-testid="add-scheme"]'],
    [office, 'signals', '#/signals', '[data-testid="new-signal"]'],
    [office, 'signal editor', '#/signals/new', '[data-testid="save-signal"]'],
    [reader, 'shared report', null, '[data-testid="report-respondents"]'],
  ];
  const found = [];
  const shown = [];
  for (const lang of ['nl', 'en']) {
    for (const colorScheme of ['light', 'dark']) {
      for (const [page, name, hash, ready] of screens) {
        await page.emulateMedia({ colorScheme });
        if (hash === null) {
          await page.goto(shareUrl);
        } else {
          await page.evaluate((h) => { location.hash = h; }, hash);
        }
        await page.locator(ready).first().waitFor({ timeout: 15_000 });
        // The language as the person picks it, on the page's own switch.
        const pick = page.getByTestId(`lang-${lang}`).first();
        if (await pick.getAttribute('aria-pressed') !== 'true') await pick.click();
        await page.locator(`html[lang="${lang}"]`).waitFor();
        const where = `${name} (${lang}, ${colorScheme})`;
        shown.push(where);
        for (const violation of await axeViolations(page, axeSource)) found.push({ where, ...violation });
      }
    }
  }
  console.log(`# axe ran on ${shown.length} screens: ${screens.length} screens × 2 languages × light and dark`);
  assert.equal(shown.length, screens.length * 4);
  assert.deepEqual(found, [], 'no axe violations on any screen');
  assert.deepEqual(errors, [], 'no page errors');
});
