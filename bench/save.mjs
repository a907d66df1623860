// save_ms: how long saving one contact takes with 5,000 records already on
// the phone, measured in headless Chromium against the real server binary.
// A measurement, not a test: it prints numbers and asserts nothing.
import { ServerProcess, freePort, launchBrowser } from '../e2e/harness.mjs';
import { App } from '../e2e/pages.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STORED = Number(process.env.BENCH_STORED ?? 5000);
const SAVES = Number(process.env.BENCH_SAVES ?? 200);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function measureSave() {
  const dataDir = mkdtempSync(join(tmpdir(), 'drempel-bench-'));
  const server = new ServerProcess({ port: await freePort(), dataDir });
  await server.start();
  const cleanups = [];
  const t = { after: (fn) => cleanups.push(fn) };
  try {
    const browser = await launchBrowser(t);
    const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await page.goto(server.url);
    const app = new App(page);
    await app.recordContact({ site: 'Voedselbank Noord', channel: 'food_bank', findings: { huurtoeslag: ['not_used', 'unaware'] } });

    // Copy the stored record into STORED records with their own ids.
    await app.seedRecords(STORED);
    await page.reload();
    await app.testid('save-contact').waitFor();

    const sync = [];
    const frame = [];
    for (let i = 0; i < SAVES; i += 1) {
      await (await app.pick('zorgtoeslag')).getByTestId('status-not_used').click();
      const [syncMs, frameMs] = await page.evaluate(async () => {
        const before = localStorage.length;
        const button = document.querySelector('[data-testid="save-contact"]');
        const t0 = performance.now();
        button.click();
        const t1 = performance.now();
        await new Promise((resolve) => requestAnimationFrame(() => resolve()));
        const t2 = performance.now();
        if (localStorage.length !== before + 1) throw new Error('the save did not store a record');
        return [t1 - t0, t2 - t0];
      });
      sync.push(syncMs);
      frame.push(frameMs);
    }
    sync.sort((a, b) => a - b);
    frame.sort((a, b) => a - b);
    return {
      stored_records: STORED,
      saves: SAVES,
      save_ms_p50: percentile(sync, 50),
      save_ms_p95: percentile(sync, 95),
      save_to_next_frame_ms_p50: percentile(frame, 50),
      save_to_next_frame_ms_p95: percentile(frame, 95),
    };
  } finally {
    for (const fn of cleanups.reverse()) await fn();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureSave()));
}
