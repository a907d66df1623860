// Residents answer in their own language: a consultation written in Dutch
// and Arabic; on a phone with no signal one resident answers in Arabic
// (the kiosk right to left, in Arabic words; a 360 px screenshot is kept in
// target/e2e-artefacts/), the next in Dutch; once synced the results count
// both under the same option and one answer in each language. axe-core
// checks the kiosk right to left.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { PASSWORD, startTeam } from './harness.mjs';
import { axeViolations, openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTEFACTS = fileURLToPath(new URL('../target/e2e-artefacts/', import.meta.url));

test('a resident answers in Arabic, another in Dutch, and both count together', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];

  // The coordinator writes the consultation in Dutch, then in Arabic.
  const { app: c } = await openApp(browser, server.url, errors, PHONE);
  await c.signIn(PASSWORD);
  await c.tap(c.testid('nav-consult'));
  await c.tap(c.testid('new-consultation'));
  await c.testid('c-title-nl').fill('De stadspas');
  const question = c.testid('question-editor').nth(0);
  // The B1 hint flags a long sentence and a long word, and clears once plain.
  await question.getByTestId('question-nl').fill(
    'Heeft u in de afgelopen twaalf maanden wel eens overwogen om bij de participatieraad een aanvraag te doen?',
  );
  const plain = await c.testid('plain-list').textContent();
  assert.match(plain, /Vraag 1 \(Nederlands\): zin van 18 woorden/);
  assert.match(plain, /lang woord “participatieraad” \(6 lettergrepen\)/);
  await question.getByTestId('question-nl').fill('Kent u de stadspas?');
  await c.testid('plain-ok').waitFor();
  await question.getByTestId('option-nl').nth(0).fill('Ja');
  await question.getByTestId('option-nl').nth(1).fill('Nee');
  await c.testid('offered-languages').filter({ hasText: /Nederlands$/ }).waitFor();
  await c.testid('translation-lang').selectOption('ar');
  const inputs = c.testid('translation-input');
  assert.equal(await inputs.count(), 4, 'title, question and two options');
  assert.equal(await inputs.first().getAttribute('dir'), 'rtl');
  await inputs.nth(0).fill('بطاقة المدينة');
  await inputs.nth(1).fill('هل تعرف بطاقة المدينة؟');
  await inputs.nth(2).fill('نعم');
  await c.testid('translation-missing').filter({ hasText: /1$/ }).waitFor();
  await inputs.nth(3).fill('لا');
  await c.testid('offered-languages').filter({ hasText: 'Nederlands, العربية' }).waitFor();
  // Each question says which languages it is written in.
  await question.getByTestId('question-languages').filter({ hasText: /^Klaar in: Nederlands, العربية$/ }).waitFor();
  await c.tap(c.testid('publish-consultation'));
  await c.testid('builder-saved').filter({ hasText: /Gepubliceerd/ }).waitFor();

  // The phone takes it, then loses its signal.
  const { context, page, app: v } = await openApp(browser, server.url, errors, PHONE);
  await v.join(joinUrl, 'telefoon');
  await v.syncNow();
  await v.waitSynced();
  await v.tap(v.testid('nav-consult'));
  await context.setOffline(true);
  await v.tap(v.testid('start-kiosk'));
  const resident = v.testid('kiosk-resident');
  await resident.waitFor();
  assert.equal(await resident.getAttribute('lang'), 'nl');
  assert.equal(await v.testid('kiosk-lang-tr').count(), 0, 'no Turkish texts, no Turkish choice');

  // The first resident picks Arabic by its own name.
  await v.tap(v.testid('kiosk-lang-ar'));
  assert.equal(await resident.getAttribute('dir'), 'rtl');
  assert.equal(await resident.getAttribute('lang'), 'ar');
  await page.locator('#kiosk-title').filter({ hasText: 'بطاقة المدينة' }).waitFor();
  const options = v.testid('kiosk-question').nth(0).locator('label');
  assert.equal(await options.nth(0).textContent(), 'نعم');
  // Right to left: the first option's text starts at the right.
  const box = await options.nth(0).locator('span').boundingBox();
  const formBox = await v.testid('kiosk-question').nth(0).boundingBox();
  assert.ok(formBox.x + formBox.width - (box.x + box.width) < formBox.width / 3, 'the words sit at the right');
  assert.equal(await v.testid('kiosk-submit').textContent(), 'انتهيت، أرسل');
  // Easy read: a pictogram beside "yes" and "no", the words beside it.
  assert.equal(await options.nth(0).locator('svg.pictogram-yes').count(), 1);
  assert.equal(await options.nth(1).locator('svg.pictogram-no').count(), 1);
  // Read aloud only where the browser has a voice for the language.
  const arabicVoice = await page.evaluate(() => speechSynthesis.getVoices().some((v) => v.lang.toLowerCase().startsWith('ar')));
  assert.equal(await v.testid('read-aloud').count(), arabicVoice ? 1 : 0);
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTEFACTS}kiosk-ar-360.png`, fullPage: true });
  assert.deepEqual(await axeViolations(page, axeSource), [], 'the kiosk right to left passes axe');
  await v.tap(options.nth(0));
  await v.tap(v.testid('kiosk-submit'));
  await v.testid('kiosk-thanks').filter({ hasText: 'شكرًا لك!' }).waitFor();
  await v.tap(v.testid('kiosk-next'));

  // The next resident starts in the volunteer's language and answers in Dutch.
  assert.equal(await resident.getAttribute('lang'), 'nl');
  assert.equal(await resident.getAttribute('dir'), 'ltr');
  await v.tap(v.testid('kiosk-question').nth(0).locator('label').nth(0));
  await v.tap(v.testid('kiosk-submit'));
  await v.testid('kiosk-thanks').filter({ hasText: 'Dank u wel!' }).waitFor();

  // Back online, the phone sends both.
  await context.setOffline(false);
  await v.tap(v.testid('kiosk-next'));
  await v.tap(v.testid('kiosk-leave'));
  await v.tap(v.testid('kiosk-leave-yes'));
  await v.syncNow();
  await page.waitForFunction(
    () => !Object.keys(localStorage).some((k) => k.startsWith('drempel:r:')),
    null,
    { timeout: 30_000 },
  );

  // Both under "Ja", one in each language.
  await c.tap(c.testid('nav-consult'));
  await c.testid('response-count').filter({ hasText: /^2$/ }).waitFor();
  await c.tap(c.testid('consultation-results'));
  await c.testid('team-counts').waitFor();
  assert.equal(await c.testid('team-count').first().textContent(), '2', 'Ja, in either language');
  assert.equal(await c.testid('team-lang-ar').textContent(), '1');
  assert.equal(await c.testid('team-lang-nl').textContent(), '1');
  assert.deepEqual(errors, []);
});
