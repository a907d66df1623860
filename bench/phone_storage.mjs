// phone_storage_bytes: what Drempel keeps in a phone's localStorage (UTF-16,
// two bytes a character, keys and values of its own keys).
//
// - volunteer: CONTACTS contacts made over two years on one phone, under a
//   simulated clock that moves a month at a time (STEPS steps): each step's
//   contacts are made, sent, and the phone keeps its window (60 days or the
//   newest 500, and everything unsent).
// - coordinator (when COORDINATOR_URL is given): a coordinator signs in on a
//   fresh profile to the team at that server, opens the dashboard and the
//   contact list, and syncs.
//
// A measurement: it prints numbers and asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, freePort, launchBrowser, waitForServiceWorker } from '../e2e/harness.mjs';
import { App } from '../e2e/pages.mjs';

const CONTACTS = Number(process.env.BENCH_PHONE_CONTACTS ?? 20_000);
const STEPS = Number(process.env.BENCH_PHONE_STEPS ?? 24);
const COORDINATOR_URL = process.env.BENCH_COORDINATOR_URL;
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** Bytes of Drempel's own keys in the page's localStorage. */
const drempelBytes = (page) => page.evaluate(() => Object.keys(localStorage)
  .filter((key) => key.startsWith('drempel:'))
  .reduce((sum, key) => sum + 2 * (key.length + localStorage.getItem(key).length), 0));

async function volunteer(browser) {
  const dataDir = mkdtempSync(join(tmpdir(), 'drempel-phone-storage-'));
  const server = new ServerProcess({ port: await freePort(), dataDir });
  try {
    await server.cli(['team', 'Voedselbank Noord']);
    await server.start();
    const joinUrl = await server.joinLink();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.clock.setFixedTime(START);
    await page.goto(server.url);
    await waitForServiceWorker(page);
    const app = new App(page);
    await app.join(joinUrl, 'telefoon');
    await app.recordContact({ site: 'Voedselbank Noord', channel: 'food_bank', findings: { huurtoeslag: ['not_used', 'unaware'], zorgtoeslag: ['uses'] } });
    let made = 1;
    let peak = 0;
    const stepMs = Math.floor((730 * DAY) / STEPS);
    for (let step = 0; step < STEPS; step += 1) {
      const from = START + step * stepMs;
      const count = Math.round((CONTACTS - 1) * (step + 1) / STEPS) - (made - 1);
      await page.clock.setFixedTime(from + stepMs);
      // The step's contacts, as the form makes them, not yet sent.
      await page.evaluate(([n, from, span, first]) => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('drempel:c:'));
        const template = JSON.parse(localStorage.getItem(key));
        for (let i = 0; i < n; i += 1) {
          const at = from + Math.floor((i * span) / n);
          const value = structuredClone(template.value);
          value.contact.id = `01900000-0000-7000-8000-${String(first + i).padStart(12, '0')}`;
          value.contact.created_at = value.contact.updated_at = at;
          value.pending = [{ kind: 'create', at, fields: ['*'] }];
          delete value.synced_at;
          delete value.base;
          localStorage.setItem(`drempel:c:${value.contact.id}`, JSON.stringify({ schema: template.schema, value }));
        }
      }, [count, from, stepMs, made]);
      made += count;
      peak = Math.max(peak, await drempelBytes(page));
      await page.reload();
      await app.syncNow();
      await app.waitSynced(120_000);
    }
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('drempel:c:')).length);
    const bytes = await drempelBytes(page);
    await context.close();
    return { contacts: made, steps: STEPS, records_kept: kept, bytes, peak_bytes: peak };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function coordinator(browser, url) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${url}/#/team`);
  await page.getByTestId('login-name').fill('bench');
  await page.getByTestId('login-password').fill('bench-wachtwoord-lang-genoeg');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('create-link').waitFor({ timeout: 60_000 });
  const app = new App(page);
  await app.tap(app.testid('nav-dashboard'));
  await app.testid('dash-as-of').filter({ hasText: /^Cijfers van \d\d:\d\d$/ }).waitFor({ timeout: 120_000 });
  const contacts = Number((await app.testid('dash-contacts').textContent()).replace(/\D/g, ''));
  await app.syncNow();
  await app.waitSynced(120_000);
  const bytes = await drempelBytes(page);
  await context.close();
  return { contacts, bytes };
}

const t = { after: () => {} };
const browser = await launchBrowser(t);
try {
  const out = { volunteer: await volunteer(browser) };
  if (COORDINATOR_URL) out.coordinator = await coordinator(browser, COORDINATOR_URL);
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
