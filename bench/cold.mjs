// cold_start_ms: from navigation to the capture form being interactive,
// served offline by the service worker, in headless Chromium with the CPU
// slowed 4× through the DevTools protocol. RUNS navigations each with 0 and
// with STORED records on the phone; median and max. A measurement: it
// prints numbers and asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, freePort, launchBrowser, waitForServiceWorker } from '../e2e/harness.mjs';
import { App } from '../e2e/pages.mjs';

const STORED = Number(process.env.BENCH_STORED ?? 5000);
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
const THROTTLE = 4;

const median = (sorted) => sorted[Math.floor((sorted.length - 1) / 2)];

/** Navigations of a fresh tab, offline and throttled, until a tap on the form works. */
async function runs(context, url, count) {
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const start = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    // Interactive: the form is drawn and a tap on a scheme in the picker
    // is handled (it flips, whatever the saved draft holds).
    const chip = page.getByTestId('pick-huurtoeslag');
    await chip.waitFor({ timeout: 60_000 });
    const before = await chip.getAttribute('aria-pressed');
    await chip.click();
    await page.waitForFunction(
      (was) => document.querySelector('[data-testid="pick-huurtoeslag"]')?.getAttribute('aria-pressed') !== was,
      before,
      { timeout: 60_000 },
    );
    times.push(Date.now() - start);
    await cdp.detach();
    await page.close();
  }
  times.sort((a, b) => a - b);
  return { median: median(times), max: times[times.length - 1] };
}

export async function measureColdStart() {
  const dataDir = mkdtempSync(join(tmpdir(), 'drempel-bench-'));
  const server = new ServerProcess({ port: await freePort(), dataDir });
  await server.start();
  const cleanups = [];
  const t = { after: (fn) => cleanups.push(fn) };
  try {
    const browser = await launchBrowser(t);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForServiceWorker(page);
    // The service worker has the app; from here on the network is gone.
    await context.setOffline(true);
    const empty = await runs(context, server.url, RUNS);

    const app = new App(page);
    await app.recordContact({ site: 'Voedselbank Noord', channel: 'food_bank', findings: { huurtoeslag: ['not_used', 'unaware'] } });
    await app.seedRecords(STORED - 1);
    const full = await runs(context, server.url, RUNS);
    return {
      runs: RUNS,
      cpu_throttling: THROTTLE,
      stored_records: STORED,
      empty_median_ms: empty.median,
      empty_max_ms: empty.max,
      stored_median_ms: full.median,
      stored_max_ms: full.max,
    };
  } finally {
    for (const fn of cleanups.reverse()) await fn();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureColdStart()));
}
