// Money on the table: a volunteer refers a resident and sets a day to ask
// how it went; on that day, offline, the phone lists the follow-up and
// the volunteer records the grant; after a sync the coordinator's
// dashboard shows what it is worth a year, and on how many outcomes
// that rests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { PASSWORD, startTeam } from './harness.mjs';
import { axeViolations, openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('a referral followed up offline becomes money unlocked on the dashboard', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];

  const { app: v, context } = await openApp(browser, server.url, errors, { ...PHONE, bypassCSP: true });
  await v.join(joinUrl, 'telefoon');
  // The phone's own today, as its date field counts days.
  const today = await v.page.evaluate(() => {
    const d = new Date();
    const two = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  });

  // A self-employed resident is referred for kwijtschelding; follow up today.
  await v.openFold('fold-about');
  await v.tap(v.testid('work-self_employed'));
  const card = await v.pick('kwijtschelding');
  await v.tap(card.getByTestId('status-referred'));
  await v.tap(await v.barrier(card, 'too_complex'));
  await card.getByTestId('follow-up-on').fill(today);
  await v.fill('referred-input', 'Schuldhulp Noord');
  // A scheme the resident uses has no follow-up to set.
  const uses = await v.pick('huurtoeslag');
  await v.tap(uses.getByTestId('status-uses'));
  assert.equal(await uses.getByTestId('follow-up-on').count(), 0, 'no follow-up for a scheme in use');
  await v.recordContact({ site: 'Voedselbank Noord', channel: 'food_bank', findings: {} });
  await v.syncNow();
  await v.waitSynced();

  // Offline, the follow-up is due on the phone.
  await context.setOffline(true);
  await v.page.reload();
  await v.openContacts();
  const follow = v.testid('follow-ups');
  await follow.waitFor();
  assert.match(await follow.locator('h2').textContent(), /^Opvolgen \(1\)$/);
  const item = v.testid('follow-up-item');
  assert.equal(await item.getAttribute('data-scheme'), 'kwijtschelding');
  assert.match(await item.textContent(), /Schuldhulp Noord/);
  await v.tap(item.getByTestId('decision-granted'));
  assert.deepEqual(await axeViolations(v.page, axeSource), [], 'the follow-up passes axe');

  // A sum with cents is refused in words, and what was typed stays.
  await item.getByTestId('outcome-euros').fill('45,50');
  await v.tap(item.getByTestId('outcome-save'));
  await item.getByTestId('outcome-euros-error').filter({ hasText: /hele euro/ }).waitFor();
  assert.equal(await item.getByTestId('outcome-euros').inputValue(), '45,50');
  assert.equal(await item.getByTestId('outcome-euros').getAttribute('aria-invalid'), 'true');

  // Granted, € 45 a month.
  await item.getByTestId('outcome-euros').fill('45');
  assert.equal(await item.getByTestId('per-month').getAttribute('aria-pressed'), 'true', 'a month by default');
  await v.tap(item.getByTestId('outcome-save'));
  await v.testid('outcome-saved').waitFor();
  await follow.waitFor({ state: 'detached' });
  await v.page.reload();
  await v.openContacts();
  assert.equal(await v.testid('follow-ups').count(), 0, 'no longer due after a reload');
  assert.match(await v.testid('unsynced-badge').textContent(), /^1 nog niet verstuurd$/, 'the outcome waits to be sent');

  await context.setOffline(false);
  await v.syncNow();
  await v.waitSynced();
  const [stored] = await server.allRecords();
  assert.deepEqual(stored.fields['outcomes.kwijtschelding'], {
    scheme: 'kwijtschelding',
    follow_up_on: today,
    outcome: { decision: 'granted', amount: { euros: 45, per: 'month' } },
  });

  // The coordinator sees € 540 a year unlocked, from 1 outcome.
  const { app: c } = await openApp(browser, server.url, errors, { ...PHONE, bypassCSP: true });
  await c.signIn(PASSWORD);
  await c.tap(c.testid('nav-dashboard'));
  await c.testid('unlocked-total').filter({ hasText: '€ 540' }).waitFor();
  assert.equal(await c.testid('unlocked-basis').textContent(), '1');
  const table = await c.testid('unlocked-table').textContent();
  assert.match(table, /Kwijtschelding/);
  assert.match(await c.testid('work-table').textContent(), /Eigen bedrijf \(zzp\)\s*1/);
  // Filtered to residents who are employed: nothing counted, nothing unlocked.
  await c.testid('filter-work').selectOption('employed');
  await c.testid('dash-contacts').filter({ hasText: /^0 / }).waitFor();
  await c.testid('unlocked-none').waitFor();
  await c.testid('filter-work').selectOption('self_employed');
  await c.testid('unlocked-total').filter({ hasText: '€ 540' }).waitFor();
  assert.deepEqual(await axeViolations(c.page, axeSource), [], 'the dashboard passes axe');

  assert.deepEqual(errors, [], 'no page errors');
});
