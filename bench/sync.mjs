// sync_push_records_per_s and sync_pull_records_per_s: a phone in headless
// Chromium sends RECORDS contacts to the real server on loopback (its first
// sync: push, then the pull that follows), then, its records and sync state
// cleared, pulls all of them again. On SQLite, and on
// PostgreSQL when BENCH_POSTGRES_URL names a server where databases may be
// created. A measurement: it prints numbers and asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, freePort, launchBrowser, waitForServiceWorker } from '../e2e/harness.mjs';
import { App } from '../e2e/pages.mjs';

const RECORDS = Number(process.env.BENCH_SYNC_RECORDS ?? 10000);

async function measure(databaseUrl, dataDir) {
  const server = new ServerProcess({ port: await freePort(), dataDir, databaseUrl });
  const { joinUrl } = await server.setUpTeam();
  await server.start();
  const cleanups = [];
  const t = { after: (fn) => cleanups.push(fn) };
  try {
    const browser = await launchBrowser(t);
    const phone = new App(await (await browser.newContext()).newPage());
    await phone.page.goto(server.url);
    await waitForServiceWorker(phone.page);
    await phone.join(joinUrl, 'bench');
    await phone.recordContact({ site: 'Voedselbank Noord', channel: 'food_bank', findings: { huurtoeslag: ['not_used', 'unaware'] } });
    await phone.syncNow();
    await phone.waitSynced();
    await phone.seedRecords(RECORDS - 1, { unsynced: true });
    // The reload starts a round by itself: time it from the navigation.
    const pushStart = performance.now();
    await phone.page.reload();
    await phone.openContacts();
    await phone.waitSynced(600_000);
    const pushSeconds = (performance.now() - pushStart) / 1000;

    // The pull: the same phone with its records and sync state cleared (as
    // a reinstall that kept its sign-in would be) pulls every record it
    // made, then keeps its window of them (the newest 500: the seeded ones
    // are old).
    await phone.page.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith('drempel:c:') || key === 'drempel:sync') localStorage.removeItem(key);
      }
    });
    const pullStart = performance.now();
    await phone.page.reload();
    await phone.openContacts();
    await phone.waitSynced(600_000);
    const pullSeconds = (performance.now() - pullStart) / 1000;
    const kept = (await phone.storedRecords()).length;
    if (kept !== Math.min(RECORDS, 500)) throw new Error(`the phone kept ${kept} records, not ${Math.min(RECORDS, 500)}`);
    return {
      records: RECORDS,
      push_seconds: pushSeconds,
      push_records_per_s: RECORDS / pushSeconds,
      pull_seconds: pullSeconds,
      pull_records_per_s: RECORDS / pullSeconds,
    };
  } finally {
    for (const fn of cleanups.reverse()) await fn();
    await server.stop();
  }
}

export async function measureSync() {
  const result = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'drempel-bench-'));
  try {
    result.sqlite = await measure(undefined, dataDir);
    const admin = process.env.BENCH_POSTGRES_URL;
    if (admin) {
      const name = `drempel_bench_${process.pid}`;
      const psql = (sql) => execFileSync('psql', [admin, '-qc', sql]);
      psql(`CREATE DATABASE ${name}`);
      try {
        result.postgres = await measure(`${admin.slice(0, admin.lastIndexOf('/'))}/${name}`, dataDir);
      } finally {
        psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureSync()));
}
