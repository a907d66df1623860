// Shared helpers for the end-to-end suite: the real server binary on a free
// loopback port, and Debian's Chromium driven by playwright-core.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through \`cargo xtask test e2e\``);
  return value;
};

// Without the resolver rule Chromium reaches out to Google hosts; the
// tests must send traffic to loopback only.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** The coordinator's password in every end-to-end team. */
export const PASSWORD = 'e2e-wachtwoord-lang-genoeg';

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A scratch folder removed when the test ends. */
export function scratchDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'drempel-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The real `drempel-server` binary with its own SQLite database. `start()`
 * resolves once the server prints where it listens; `stop()` sends SIGTERM
 * and waits for a graceful exit.
 */
export class ServerProcess {
  /**
   * `staticDir: null` serves the app built into the binary; `bin` and
   * `cwd` run another copy of the binary from another folder.
   */
  constructor({ port, dataDir, staticDir, databaseUrl, bin, cwd }) {
    this.port = port;
    this.staticDir = staticDir === null ? null : (staticDir ?? required('DREMPEL_STATIC_DIR'));
    this.bin = bin ?? required('DREMPEL_SERVER_BIN');
    this.cwd = cwd;
    this.databaseUrl = databaseUrl ?? `sqlite://${join(dataDir, 'drempel.db')}`;
    this.url = `http://127.0.0.1:${port}`;
    this.child = null;
    this.log = '';
  }

  async start() {
    const env = { ...process.env };
    delete env.DREMPEL_STATIC_DIR;
    const child = spawn(this.bin, [
      '--host', '127.0.0.1',
      '--port', String(this.port),
      '--database-url', this.databaseUrl,
      ...(this.staticDir === null ? [] : ['--static-dir', this.staticDir]),
    ], { stdio: ['ignore', 'pipe', 'pipe'], cwd: this.cwd, env });
    this.child = child;
    const collect = (chunk) => { this.log += chunk.toString(); };
    child.stderr.on('data', collect);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.log}`)), 30_000);
      child.stdout.on('data', (chunk) => {
        collect(chunk);
        if (this.log.includes('Drempel is running')) { clearTimeout(timer); resolve(); }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${this.log}`)); });
    });
    child.removeAllListeners('exit');
  }

  /** Runs one of the binary's commands (team, coordinator, join-link) on this database. */
  async cli(args, env = {}) {
    const { stdout } = await promisify(execFile)(this.bin, [
      '--database-url', this.databaseUrl, ...args,
    ], { env: { ...process.env, ...env } });
    return stdout;
  }

  /**
   * A team with a coordinator (login `coordinator`, password `PASSWORD`)
   * and a volunteer join link pointing at this server.
   */
  async setUpTeam() {
    await this.cli(['team', 'Voedselbank Noord']);
    await this.cli(['coordinator', '--team', '1', '--login', 'coordinator'], { DREMPEL_PASSWORD: PASSWORD });
    return { joinUrl: await this.joinLink() };
  }

  async joinLink(role = 'volunteer') {
    const out = await this.cli(['join-link', '--team', '1', '--role', role, '--public-url', this.url]);
    const url = out.split(/\s+/).find((word) => word.includes('#join='));
    if (!url) throw new Error(`no join link in:\n${out}`);
    return url;
  }

  /** Every live record on the server, as the coordinator reads them, newest first. */
  async allRecords() {
    const login = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'coordinator', password: PASSWORD, label: 'e2e check' }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { token } = await login.json();
    const records = [];
    let before = null;
    do {
      const query = before ? `?before=${before}` : '';
      const page = await fetch(`${this.url}/api/v1/sync/records${query}`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.json());
      records.push(...page.records);
      before = page.next;
    } while (before);
    return records;
  }

  async stop(signal = 'SIGTERM') {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return null;
    const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
    child.kill(signal);
    this.child = null;
    return exited;
  }
}

/**
 * The usual start: a server with a team (`setUpTeam`) on a free port and a
 * browser, both stopped when the test ends.
 */
export async function startTeam(t) {
  const server = new ServerProcess({ port: await freePort(), dataDir: scratchDir(t) });
  const { joinUrl } = await server.setUpTeam();
  await server.start();
  t.after(() => server.stop());
  const browser = await launchBrowser(t);
  return { server, joinUrl, browser };
}

/** Headless Chromium with a fresh profile, closed when the test ends. */
export async function launchBrowser(t) {
  const browser = await chromium.launch({
    executablePath: required('CHROMIUM_PATH'),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  t.after(() => browser.close());
  return browser;
}

/** Resolves once a service worker controls `page`. */
export async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
}

/**
 * Waits until the service worker's cache holds `path`. Asked again and
 * again with `page.evaluate`, which awaits the answer: a predicate's
 * promise alone would count as "true" at once.
 */
export async function waitForCached(page, path, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate((p) => caches.match(p).then(Boolean), path))) {
    if (Date.now() > deadline) throw new Error(`${path} was not cached within ${timeout} ms`);
    await page.waitForTimeout(100);
  }
}
