// Regions: two teams record contacts; a region coordinator signs in and
// sees their counts summed, with every count under 5 (and what would give
// one away) shown as "minder dan 5"; a team that leaves the region leaves
// its figures at once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { PASSWORD, startTeam } from './harness.mjs';
import { axeViolations, openApp } from './pages.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** `seedRecords` dates its copies in November 2023. */
const MONTH = '2023-11';

/** A phone of the team behind `joinUrl` with `count` contacts of that month, sent. */
async function recordFor(browser, server, joinUrl, count, errors, quote) {
  const { app, page } = await openApp(browser, server.url, errors, PHONE);
  await app.join(joinUrl, 'telefoon');
  if (quote) {
    await app.fill('quote-input', quote);
    await app.tap(app.testid('quote-consent'));
  }
  await app.recordContact({
    site: 'Inloop', channel: 'walk_in', findings: { huurtoeslag: ['not_used', 'unaware'] },
  });
  await app.seedRecords(count, { unsynced: true });
  await page.reload();
  await app.syncNow();
  await app.waitSynced();
}

test('a region sees its teams summed, never a count under 5, and a team can leave', async (t) => {
  const { server, joinUrl, browser } = await startTeam(t);
  const errors = [];
  await server.cli(['team', 'Voedselbank Zuid']);
  const out = await server.cli(['join-link', '--team', '2', '--public-url', server.url]);
  const joinZuid = out.split(/\s+/).find((word) => word.includes('#join='));
  await server.cli(['region', 'Regio Oost']);
  await server.cli(['region-team', '--region', 'Regio Oost', '--team', '1']);
  await server.cli(['region-team', '--region', 'Regio Oost', '--team', '2']);
  await server.cli(['coordinator', '--region', 'Regio Oost', '--login', 'regio'], { DREMPEL_PASSWORD: PASSWORD });

  const QUOTE = 'Het formulier is te moeilijk voor mij';
  await recordFor(browser, server, joinUrl, 6, errors, QUOTE);

  // Noord's coordinator shares one quote with the region, on the quote wall.
  const { app: c } = await openApp(browser, server.url, errors, PHONE);
  await c.signIn(PASSWORD);
  await c.tap(c.testid('nav-dashboard'));
  const first = c.testid('quote-wall').locator('li').first();
  await first.filter({ hasText: QUOTE }).waitFor();
  await c.tap(first.getByTestId('quote-region'));
  await first.getByTestId('quote-regional').waitFor();
  assert.equal(await c.testid('quote-regional').count(), 1, 'one quote shared');
  await recordFor(browser, server, joinZuid, 2, errors);

  const { app: r, page } = await openApp(browser, server.url, errors, PHONE);
  await page.goto(new URL('#/team', page.url()).href);
  await r.testid('login-name').fill('regio');
  await r.testid('login-password').fill(PASSWORD);
  await r.tap(r.testid('login-submit'));
  await r.testid('region-screen').waitFor();
  assert.equal(await page.locator('#region-title').textContent(), 'Regio Oost');
  await r.testid('region-from').fill(MONTH);
  await r.testid('region-until').fill(MONTH);
  const contacts = r.testid('region-contacts');
  await contacts.filter({ hasText: /Voedselbank Noord\s*6\s*6/ }).waitFor();
  const rows = await contacts.locator('tbody tr').allTextContents();
  assert.equal(rows.length, 3, `two teams and the totals: ${rows}`);
  assert.match(rows[1], /^Voedselbank Zuid\s*minder dan 5\s*minder dan 5$/, 'Zuid has 2');
  assert.match(rows[2], /^Totaal\s*minder dan 5\s*minder dan 5$/, '8 would give Zuid away');
  const shown = await r.testid('region-figures').textContent();
  for (const n of [1, 2, 3, 4]) {
    assert.doesNotMatch(shown, new RegExp(`(^|[^0-9€.,])${n}([^0-9.,]|$)`), `no ${n} shown`);
  }
  assert.doesNotMatch(shown, /Inloop/, 'no site reaches the region');
  // The shared quote, and only that one, with its team.
  const quotes = r.testid('region-quotes').locator('li');
  await quotes.filter({ hasText: QUOTE }).waitFor();
  assert.equal(await quotes.count(), 1);
  assert.match(await quotes.first().textContent(), /Voedselbank Noord/);
  assert.deepEqual(await axeViolations(page, axeSource), [], 'the region screen passes axe');

  // A region signal: counted over both teams in whole months, per team.
  await r.tap(r.testid('region-new-signal'));
  await r.testid('rsig-title').fill('Huurtoeslag is onbekend');
  await r.testid('rsig-problem').fill('Veel mensen kennen de regeling niet.');
  await r.testid('rsig-scheme').selectOption('huurtoeslag');
  await r.tap(r.testid('rsig-save'));
  const teams = r.testid('rsig-teams');
  await teams.waitFor();
  const teamRows = await teams.locator('tbody tr').allTextContents();
  assert.match(teamRows[0], /^Voedselbank Noord\s*6\s*6\s*6$/, teamRows[0]);
  assert.match(teamRows[1], /^Voedselbank Zuid(\s*minder dan 5){3}$/, teamRows[1]);
  assert.match(teamRows[2], /^Totaal(\s*minder dan 5){3}$/, teamRows[2]);
  assert.match(await r.testid('rsig-months').textContent(), /: nov 2023$/, 'one whole month');
  assert.deepEqual(await axeViolations(page, axeSource), [], 'the region signal passes axe');
  await r.tap(r.testid('region-back'));
  await r.testid('region-signal-list').filter({ hasText: 'Huurtoeslag is onbekend' }).waitFor();

  // The same figures as a file, for Excel: aggregates only.
  const [file] = await Promise.all([page.waitForEvent('download'), r.tap(r.testid('region-csv'))]);
  const csv = readFileSync(await file.path(), 'utf8');
  assert.match(csv, /^\uFEFFtabel;rij;rij_naam;kolom;kolom_naam;aantal\r\n/);
  assert.match(csv, /contacts;Voedselbank Noord;Voedselbank Noord;totaal;totaal;6\r\n/);
  assert.match(csv, /contacts;totaal;totaal;totaal;totaal;minder dan 5\r\n/);
  assert.doesNotMatch(csv, /;[1-4]\r\n/, 'no count of 1 to 4 in the file');

  // Zuid leaves: the region's figures are Noord's alone.
  await server.cli(['region-team', '--region', 'Regio Oost', '--team', '2', '--remove']);
  await r.testid('region-until').fill('2023-12');
  await r.testid('region-team-list').filter({ hasNotText: 'Zuid' }).waitFor();
  // December has no contacts: no column of its own.
  await r.testid('region-contacts-totals').filter({ hasText: /^Totaal\s*6\s*6$/ }).waitFor();

  // A region's sign-in opens no team screen, and it ends.
  await r.tap(r.testid('region-logout'));
  await r.testid('login-form').waitFor();
  assert.deepEqual(errors, []);
});
