// A council consultation end to end: the coordinator writes and publishes
// it, a volunteer's phone receives it, takes five kiosk responses offline
// (one across a reload), sends them once back online; the dashboard and the
// results count them, the "you said, we did" report prints on A4 without
// overflow, and its read-only link shows counts and no one's own words.
// axe-core checks the kiosk, the dashboard and the report.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { PASSWORD, scratchDir, startTeam } from './harness.mjs';
import { answer, axeViolations, buildConsultation, openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, bypassCSP: true };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const OWN_WORDS = 'Minder formulieren graag';

const waitingResponses = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('drempel:r:')).length);

test('a consultation is published, answered offline in kiosk mode, counted and reported', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];

  // The coordinator writes and publishes.
  const { page: coordinatorPage, app: c } = await openApp(browser, server.url, errors, PHONE);
  await c.signIn(PASSWORD);
  await buildConsultation(c);

  // The volunteer's phone receives it with its sync.
  const { context: phoneContext, page: phonePage, app: v } = await openApp(browser, server.url, errors, PHONE);
  await v.join(joinUrl, 'telefoon raad');
  await v.syncNow();
  await v.waitSynced();
  await v.tap(v.testid('nav-consult'));
  await v.testid('open-consultation').filter({ hasText: 'Kent u de stadspas?' }).waitFor();

  // In the neighbourhood centre: no signal. Five residents answer.
  await phoneContext.setOffline(true);
  await v.tap(v.testid('start-kiosk'));
  await v.testid('kiosk').waitFor();
  assert.equal(await v.testid('nav-new').count(), 0, 'kiosk mode hides the app around it');
  assert.deepEqual(await axeViolations(phonePage, axeSource), [], 'the kiosk passes axe (WCAG 2.1 AA)');
  await answer(v, { choice: 0, scale: 4, words: OWN_WORDS });
  await answer(v, { choice: 1, scale: 2 });
  await answer(v, { choice: 0, scale: 5 });
  assert.equal(await waitingResponses(phonePage), 3);
  // A reload (or a crash) in between loses nothing: the app comes back offline.
  await phonePage.reload();
  await v.testid('kiosk').waitFor();
  await answer(v, { choice: 0 });
  await answer(v, { choice: 1, scale: 1 });
  assert.equal(await waitingResponses(phonePage), 5, 'five responses saved on the phone');
  // Nothing from a resident is readable on the screen after the last one.
  assert.ok(!(await phonePage.content()).includes(OWN_WORDS));

  // Back online: the volunteer leaves kiosk mode and the phone sends them.
  await phoneContext.setOffline(false);
  await v.tap(v.testid('kiosk-leave'));
  await v.tap(v.testid('kiosk-leave-yes'));
  await v.syncNow();
  await phonePage.waitForFunction(
    () => !Object.keys(localStorage).some((k) => k.startsWith('drempel:r:')),
    null,
    { timeout: 30_000 },
  );

  // The coordinator's dashboard and results count five.
  await c.tap(c.testid('nav-dashboard'));
  await c.testid('total-responses').filter({ hasText: /^5$/ }).waitFor();
  assert.deepEqual(await axeViolations(coordinatorPage, axeSource), [], 'the dashboard passes axe (WCAG 2.1 AA)');
  await c.tap(c.testid('nav-consult'));
  await c.testid('response-count').filter({ hasText: /^5$/ }).waitFor();
  await c.tap(c.testid('consultation-results'));
  await c.testid('report-respondents').filter({ hasText: /^5$/ }).waitFor();
  // The report shows no count under 5 (nor its share); the team sees them exactly.
  const firstQuestion = await coordinatorPage.evaluate(() => [...document.querySelector('.result-table').querySelectorAll('tbody tr')]
    .map((tr) => [...tr.children].slice(0, 3).map((cell) => cell.textContent)));
  assert.deepEqual(firstQuestion, [['Ja', 'minder dan 5', '–'], ['Nee', 'minder dan 5', '–']]);
  const exact = await coordinatorPage.evaluate(() => [...document.querySelectorAll('[data-testid="team-count"]')].slice(0, 2).map((c) => c.textContent));
  assert.deepEqual(exact, ['3', '2']);
  await c.testid('text-answers').filter({ hasText: OWN_WORDS }).waitFor();

  // The report: written, saved, shared.
  await c.testid('r-gathered').fill('Buurthuis De Kroon, dinsdagochtend, met een telefoon in kioskmodus');
  await c.testid('r-advice').fill('Stuur iedereen met recht op de stadspas de pas automatisch toe.');
  await c.testid('r-response').fill('De gemeente onderzoekt automatisch toekennen in 2027.');
  await c.tap(c.testid('add-point'));
  await c.testid('point-text').fill('Stadspas automatisch toekennen');
  await c.testid('point-status').selectOption('pending');
  await c.testid('point-reason').fill('Besluit voorjaar 2027');
  await c.tap(c.testid('save-report'));
  await c.testid('report-saved').filter({ hasText: /Opgeslagen/ }).waitFor();
  assert.deepEqual(await axeViolations(coordinatorPage, axeSource), [], 'results and report editor pass axe');
  await c.tap(c.testid('make-share'));
  const shareUrl = await c.testid('share-url').textContent();
  assert.match(shareUrl, /^http:\/\/127\.0\.0\.1:\d+\/report\.html#\/report\/[0-9a-f]+$/, 'a report link opens the report page');

  // Anyone with the link: a fresh browser, no sign-in.
  const publicContext = await browser.newContext({ viewport: { width: 1024, height: 800 }, bypassCSP: true });
  const publicPage = await publicContext.newPage();
  publicPage.on('pageerror', (err) => errors.push(err.message));
  await publicPage.goto(shareUrl);
  await publicPage.getByTestId('report-respondents').filter({ hasText: /^5$/ }).waitFor();
  const reportText = await publicPage.getByTestId('report').textContent();
  assert.match(reportText, /Besluit voorjaar 2027/);
  assert.match(reportText, /Buurthuis De Kroon/);
  assert.ok(!reportText.includes(OWN_WORDS), 'no resident\'s own words in the shared report');
  // No count between 1 and 4 on the shared page: the cells of the tables hold none.
  const cells = await publicPage.evaluate(() => [...document.querySelectorAll('.result-table tbody td:nth-child(2)')].map((c) => c.textContent));
  assert.ok(cells.length > 0 && cells.every((c) => !/^[1-4]$/.test(c)), `report cells: ${cells}`);
  assert.ok(cells.includes('minder dan 5'));
  assert.deepEqual(await axeViolations(publicPage, axeSource), [], 'the shared report passes axe (WCAG 2.1 AA)');

  // Printed on A4 (180 mm between the margins is 680 CSS px): nothing sticks out.
  await publicPage.emulateMedia({ media: 'print' });
  await publicPage.setViewportSize({ width: 680, height: 1000 });
  const overflow = await publicPage.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > width + 1)
      .map((el) => el.className || el.tagName);
    return { scroll: document.documentElement.scrollWidth - width, wide, nav: getComputedStyle(document.querySelector('.topbar')).display };
  });
  assert.deepEqual(overflow, { scroll: 0, wide: [], nav: 'none' }, 'the printed report fits the page and shows no app chrome');
  const pdf = await publicPage.pdf({ format: 'A4', path: join(scratchDir(t), 'verslag.pdf') });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  const tall = await publicPage.evaluate(() => document.documentElement.scrollHeight);
  console.log(`# the report prints on ${pages} A4 page(s); its content is ${tall} px tall at 680 px wide`);
  // Three questions, advice, an answer and one point: one page, not a
  // second one with a few lines on it.
  assert.equal(pages, 1, `this short report prints on one A4 page, not ${pages}`);

  // Withdrawn, the link shows nothing any more.
  await c.tap(c.testid('unshare'));
  await c.testid('make-share').waitFor();
  const again = await publicContext.newPage();
  await again.goto(shareUrl);
  await again.getByTestId('report-error').waitFor();

  assert.deepEqual(errors, [], 'no page errors');
});
