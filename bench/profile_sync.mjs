// Where a phone's first sync spends its time: a CPU profile (DevTools
// protocol) of the push-and-pull of RECORDS contacts, summed by category:
// the app's wasm, JavaScript, the browser's own work (GC, layout, style,
// paint), and idle time (waiting for the network and the server). A
// diagnosis tool for `cargo xtask bench`'s sync figures; it asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, freePort, launchBrowser, waitForServiceWorker } from '../e2e/harness.mjs';
import { App } from '../e2e/pages.mjs';

const RECORDS = Number(process.env.BENCH_SYNC_RECORDS ?? 3000);

function category(frame) {
  const name = frame.functionName;
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'gc';
  if (name === '(program)') return 'browser';
  if (frame.url.endsWith('.wasm') || /^wasm-function|^\$?[a-z_]+::/.test(name) || frame.url.startsWith('wasm://')) return 'wasm';
  if (frame.url === '' && name.startsWith('(')) return name;
  return frame.url.includes('drempel') ? 'app js (bindings)' : 'other js';
}

const dataDir = mkdtempSync(join(tmpdir(), 'drempel-profile-'));
const server = new ServerProcess({ port: await freePort(), dataDir });
const { joinUrl } = await server.setUpTeam();
await server.start();
const cleanups = [];
try {
  const browser = await launchBrowser({ after: (fn) => cleanups.push(fn) });
  const context = await browser.newContext();
  const phone = new App(await context.newPage());
  await phone.page.goto(server.url);
  await waitForServiceWorker(phone.page);
  await phone.join(joinUrl, 'profile');
  await phone.recordContact({ site: 'Voedselbank Noord', channel: 'food_bank', findings: { huurtoeslag: ['not_used', 'unaware'] } });
  await phone.syncNow();
  await phone.waitSynced();
  await phone.seedRecords(RECORDS - 1, { unsynced: true });
  // The app syncs as it starts; the contacts list is open, as in the bench.
  await phone.page.evaluate(() => { window.location.hash = '#/contacts'; });
  const cdp = await context.newCDPSession(phone.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const start = performance.now();
  await phone.page.reload();
  await phone.testid('sync-panel').waitFor();
  await phone.waitSynced(600_000);
  const seconds = (performance.now() - start) / 1000;
  const { profile } = await cdp.send('Profiler.stop');

  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = {};
  const wasmFunctions = {};
  const otherFunctions = {};
  for (let i = 0; i < profile.samples.length; i += 1) {
    const node = byNode.get(profile.samples[i]);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const kind = category(node.callFrame);
    totals[kind] = (totals[kind] ?? 0) + ms;
    if (kind === 'wasm') wasmFunctions[node.callFrame.functionName] = (wasmFunctions[node.callFrame.functionName] ?? 0) + ms;
    if (kind !== 'wasm' && kind !== 'idle') {
      const key = `${kind}: ${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}`;
      otherFunctions[key] = (otherFunctions[key] ?? 0) + ms;
    }
  }
  const top = Object.entries(wasmFunctions).sort((a, b) => b[1] - a[1]).slice(0, 15)
    .map(([name, ms]) => ({ name: name.slice(0, 100), ms: Math.round(ms) }));
  console.log(JSON.stringify({
    records: RECORDS,
    seconds,
    records_per_s: RECORDS / seconds,
    ms_by_category: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Math.round(v)])),
    top_other: Object.entries(otherFunctions).sort((a, b) => b[1] - a[1]).slice(0, 12)
      .map(([name, ms]) => ({ name: name.slice(0, 100), ms: Math.round(ms) })),
    top_wasm_functions: top,
  }, null, 1));
} finally {
  for (const fn of cleanups.reverse()) await fn();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
