// volunteer_first_load_bytes: every byte a fresh browser profile receives
// from the server, page and service worker together, from opening a join
// link through joining until the capture form handles a tap. Counted on the
// wire: the browser talks to a counting relay on loopback that passes every
// byte to the real server, so compression, headers, the service worker's
// install and the API calls of joining are all in, and nothing served from
// a cache is. RUNS fresh profiles; median and max. A measurement: it prints
// numbers and asserts nothing.
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, freePort, launchBrowser } from '../e2e/harness.mjs';
import { App } from '../e2e/pages.mjs';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);

/** A relay on `port` to the server on `target`, counting server-to-browser bytes. */
async function countingRelay(port, target) {
  const relay = { received: 0, requests: 0 };
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    upstream.on('data', (chunk) => { relay.received += chunk.length; });
    client.on('data', () => { relay.requests += 1; });
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => { client.destroy(); upstream.destroy(); };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  relay.close = () => new Promise((resolve) => server.close(resolve));
  return relay;
}

const dataDir = mkdtempSync(join(tmpdir(), 'drempel-first-load-'));
const t = { after: () => {} };
const closers = [];
try {
  const server = new ServerProcess({ port: await freePort(), dataDir });
  await server.cli(['team', 'Voedselbank Noord']);
  await server.start();
  closers.push(() => server.stop());
  const relayPort = await freePort();
  const relay = await countingRelay(relayPort, server.port);
  closers.push(() => relay.close());
  const relayUrl = `http://127.0.0.1:${relayPort}`;
  const browser = await launchBrowser(t);
  closers.push(() => browser.close());

  const bytes = [];
  for (let run = 0; run < RUNS; run += 1) {
    const out = await server.cli(['join-link', '--team', '1', '--role', 'volunteer', '--public-url', relayUrl]);
    const joinUrl = out.split(/\s+/).find((word) => word.includes('#join='));
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const app = new App(page);
    const before = relay.received;
    await app.join(joinUrl, `telefoon ${run}`);
    // The service worker installed (its precache is done) and the form
    // handles a tap.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.getByTestId('channel-phone').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="channel-phone"]')?.getAttribute('aria-pressed') === 'true');
    // Let whatever the page started (the first sync) finish.
    await page.waitForLoadState('networkidle');
    bytes.push(relay.received - before);
    await context.close();
  }
  bytes.sort((a, b) => a - b);
  console.log(JSON.stringify({
    median: bytes[Math.floor((bytes.length - 1) / 2)],
    max: bytes[bytes.length - 1],
    runs: bytes.length,
  }));
} finally {
  for (const close of closers.reverse()) await close();
  rmSync(dataDir, { recursive: true, force: true });
}
