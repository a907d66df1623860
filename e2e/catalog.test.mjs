// The team's own catalog: the coordinator renames a scheme, retires
// another and adds a barrier. The volunteer's phone gets the new version
// with its sync: new forms follow it, and a contact recorded before keeps
// the name its scheme had then, on the quote wall the server pages out.
// A yearly amount set for a scheme gives the dashboard its estimate of
// money left unclaimed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD, startTeam } from './harness.mjs';
import { openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };

test('a catalog change reaches new forms and leaves old records their labels', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];

  // A volunteer records a quoted contact about huurtoeslag under version 1.
  const { app: v } = await openApp(browser, server.url, errors, PHONE);
  await v.join(joinUrl, 'telefoon');
  await v.fill('quote-input', 'Ik dacht dat het niet voor mij was');
  await v.tap(v.testid('quote-consent'));
  await v.recordContact({ site: 'Inloop', channel: 'walk_in', findings: { huurtoeslag: ['not_used', 'thinks_ineligible'] } });
  await v.syncNow();
  await v.waitSynced();

  // The coordinator edits the list.
  const { app: c } = await openApp(browser, server.url, errors, PHONE);
  await c.signIn(PASSWORD);
  await c.tap(c.testid('open-catalog'));
  await c.testid('catalog-version').filter({ hasText: /1$/ }).waitFor();
  await c.testid('scheme-nl').nth(0).fill('Huurtoeslag (Rijk)');
  await c.testid('scheme-active').nth(1).uncheck();
  await c.tap(c.testid('add-barrier'));
  await c.testid('barrier-nl').last().fill('Geen bankrekening');
  await c.testid('barrier-en').last().fill('No bank account');
  // What huurtoeslag is typically worth a year, with where that comes from.
  await c.testid('scheme-typical').nth(0).fill('744');
  await c.testid('scheme-typical-source').nth(0).fill('Team: 62 euro per maand');
  await c.tap(c.testid('save-catalog'));
  await c.testid('catalog-saved').filter({ hasText: /2$/ }).waitFor();

  // The phone's next sync brings version 2 to its form.
  await v.syncNow();
  await v.waitSynced();
  await v.openNew();
  await v.testid('pick-huurtoeslag').filter({ hasText: 'Huurtoeslag (Rijk)' }).waitFor();
  await v.tap(v.testid('more-schemes'));
  await v.testid('pick-meedoenregeling').waitFor();
  assert.equal(await v.testid('pick-zorgtoeslag').count(), 0, 'the retired scheme left the new form');
  const card = await v.pick('huurtoeslag');
  await v.tap(card.getByTestId('status-not_used'));
  await (await v.barrier(card, 'geen_bankrekening')).waitFor();

  // The coordinator's quote wall names the old contact's scheme as it was then.
  await c.syncNow();
  await c.waitSynced();
  await c.tap(c.testid('nav-dashboard'));
  const quote = c.testid('quote-wall').locator('li').filter({ hasText: 'niet voor mij' });
  await quote.waitFor();
  const about = await quote.locator('.field-hint').textContent();
  assert.match(about, /^Huurtoeslag ·/, `old label kept: ${about}`);
  // One contact did not use huurtoeslag: an estimate of € 744 a year, with its basis and source.
  await c.testid('estimate-total').filter({ hasText: '€ 744' }).waitFor();
  const estimate = await c.testid('estimate-table').textContent();
  assert.match(estimate, /Team: 62 euro per maand/);

  // The wall comes a page at a time from the server, with its own filters.
  await c.testid('filter-barrier').selectOption('shame');
  await c.page.waitForFunction(() => document.querySelectorAll('[data-testid="quote-wall"] li').length === 0);
  await c.testid('filter-barrier').selectOption('thinks_ineligible');
  await quote.waitFor();

  assert.deepEqual(errors, [], 'no page errors');
});
