// A signal to the municipality: a coordinator builds one from a filter
// (scheme × barrier × place), sees the evidence counted from the team's
// contacts, marks it sent, prints it on A4 and shares it; a fresh browser
// opens the link and finds counts of 5 or more (or "minder dan 5"), only
// quotes residents agreed to share, and nothing of the notes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { PASSWORD, scratchDir, startTeam } from './harness.mjs';
import { axeViolations, openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const NOTES = 'belt terug na de vakantie';

test('a signal built from a filter prints on A4 and its link shows no small number', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];

  // Six residents did not use bijzondere bijstand for shame; for two the
  // form was too hard as well. Four agreed to share what they said.
  const { app: v } = await openApp(browser, server.url, errors, PHONE);
  await v.join(joinUrl, 'telefoon');
  for (let n = 1; n <= 6; n += 1) {
    if (n <= 4) {
      await v.fill('quote-input', `Citaat ${n}: ik schaamde me om het te vragen`);
      await v.tap(v.testid('quote-consent'));
    }
    const barriers = n <= 2 ? ['shame', 'too_complex'] : ['shame'];
    await v.recordContact({
      site: n === 1 ? 'Voedselbank Noord' : undefined,
      channel: n === 1 ? 'food_bank' : undefined,
      findings: { bijzondere_bijstand: ['not_used', ...barriers] },
      notes: NOTES,
    });
  }
  await v.syncNow();
  await v.waitSynced();

  // The coordinator writes the signal from the dashboard.
  const { app: c } = await openApp(browser, server.url, errors, { ...PHONE, bypassCSP: true });
  await c.signIn(PASSWORD);
  await c.tap(c.testid('nav-dashboard'));
  await c.tap(c.testid('open-signals'));
  await c.tap(c.testid('new-signal'));
  // A title is needed: the form says so and keeps what was typed.
  await c.testid('signal-problem').fill('Het formulier vraagt veertien bewijsstukken.');
  await c.tap(c.testid('save-signal'));
  await c.testid('signal-error').filter({ hasText: 'Titel' }).waitFor();
  assert.equal(await c.testid('signal-problem').inputValue(), 'Het formulier vraagt veertien bewijsstukken.');
  await c.testid('signal-title').fill('Bijzondere bijstand: te moeilijk en te veel schaamte');
  await c.testid('signal-scheme').selectOption('bijzondere_bijstand');
  await c.testid('signal-barrier').selectOption('too_complex');
  await c.testid('signal-site').fill('Voedselbank Noord');
  await c.testid('signal-ask').fill('Maak een korte aanvraag voor bedragen onder de 500 euro.');
  await c.tap(c.testid('save-signal'));
  await c.page.waitForURL(/#\/signals\/[0-9a-f]{32}$/);
  const doc = c.testid('signal-document');
  await doc.waitFor();
  assert.equal(await c.testid('ev-contacts').textContent(), '6');
  assert.equal(await c.testid('ev-not-used').textContent(), '6');
  assert.equal(await c.testid('ev-barrier').textContent(), 'minder dan 5', 'two is fewer than five');
  // Only the quotes of contacts where the form was too hard.
  const quotes = await c.testid('signal-quotes').locator('li').allTextContents();
  assert.deepEqual(quotes.map((q) => q.slice(0, 8)).sort(), ['Citaat 1', 'Citaat 2']);
  assert.deepEqual(await axeViolations(c.page, axeSource), [], 'the signal editor passes axe');

  // Sent today: the status changes and is saved.
  await c.tap(c.testid('signal-status-sent'));
  const today = await c.page.evaluate(() => new Date().toISOString().slice(0, 10));
  await c.testid('signal-sent-on').fill(today);
  await c.tap(c.testid('save-signal'));
  await c.testid('signal-facts').filter({ hasText: 'Verstuurd' }).waitFor();

  // Shared by a link, opened in a fresh browser.
  await c.tap(c.testid('signal-share'));
  const shareUrl = await c.testid('signal-share-url').getAttribute('href');
  assert.match(shareUrl, new RegExp(`^${server.url}/report\\.html#/signal/[0-9a-f]{64}$`));
  const reader = await browser.newContext({ viewport: { width: 1024, height: 800 }, bypassCSP: true });
  const page = await reader.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(shareUrl);
  await page.getByTestId('signal-document').waitFor();
  const text = await page.getByTestId('signal-document').textContent();
  assert.match(text, /Bijzondere bijstand: te moeilijk en te veel schaamte/);
  assert.match(text, /Maak een korte aanvraag/);
  assert.ok(!text.includes(NOTES), 'notes never leave the team');
  for (const n of [3, 4]) assert.ok(!text.includes(`Citaat ${n}`), 'only quotes under the filter');
  const cells = await page.evaluate(() => [...document.querySelectorAll('[data-testid="signal-document"] td')].map((c) => c.textContent.trim()));
  assert.ok(cells.length > 0, 'the counts are shown');
  for (const cell of cells) assert.ok(!/^[1-4]$/.test(cell), `no count between 1 and 4: ${cells}`);
  assert.ok(cells.includes('minder dan 5'));
  assert.deepEqual(await axeViolations(page, axeSource), [], 'the shared signal passes axe');

  // On A4: one to three pages, no app chrome.
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', path: join(scratchDir(t), 'signaal.pdf') });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 1 && pages <= 3, `the signal prints on 1 to 3 A4 pages, not ${pages}`);

  // Withdrawn, the link shows nothing any more.
  await c.tap(c.testid('signal-unshare'));
  await c.testid('signal-share').waitFor();
  await page.reload();
  await page.getByTestId('report-error').waitFor();

  assert.deepEqual(errors, [], 'no page errors');
});
