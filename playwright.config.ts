/**
 * End-to-end tests in a local Chromium (never a downloaded one: see scripts/chromium.ts). One
 * notebook server is started for the run with a fixed token, on ports taken from E2E_PORT and
 * E2E_SANDBOX_PORT or else free ports picked here, and everything the run writes (Playwright's
 * results, its JSON report, the server's state directory) goes to one directory per run,
 * TEST_RUN_DIR or else a new one under the system temp directory. So two runs on one machine do
 * not collide. The site must have been built first (npm test does that).
 *
 * The spec files and tests/e2e/support.ts read the ports and the token from here. Playwright
 * loads this file again in each worker process: the runner decides the ports and the directory
 * once and puts them in process.env, which the workers inherit, so every copy agrees.
 */
import { defineConfig } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from './scripts/chromium.ts';

settleRunEnvironment();

export const E2E_PORT = Number(process.env.E2E_PORT);
export const E2E_SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT);
export const E2E_TOKEN = 'e2e-token-4f1c2a9b7d3e5f60-9a8b7c6d5e4f';
export const TEST_RUN_DIR = process.env.TEST_RUN_DIR!;

const browser = findChromium();
if (browser.error) {
  console.error(browser.error);
  process.exit(1);
}

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: join(TEST_RUN_DIR, 'e2e.json') }]],
  outputDir: join(TEST_RUN_DIR, 'e2e-results'),
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: browser.path,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: 'node server/main.ts',
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      SANDBOX_PORT: String(E2E_SANDBOX_PORT),
      WORKSHOP_TOKEN: E2E_TOKEN,
      WORKSHOP_STATE_DIR: join(TEST_RUN_DIR, 'e2e-state'),
      SANDBOX_PROPAGATION_MS: '0',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  },
});

/** Fills in E2E_PORT, E2E_SANDBOX_PORT and TEST_RUN_DIR where the environment leaves them out. */
function settleRunEnvironment() {
  const env = process.env;
  for (const name of ['E2E_PORT', 'E2E_SANDBOX_PORT'] as const) {
    const value = env[name];
    if (value && !(/^\d+$/.test(value) && Number(value) > 0 && Number(value) < 65536)) throw new Error(`${name}=${value} is not a port number`);
  }
  if (!env.E2E_PORT || !env.E2E_SANDBOX_PORT) {
    const free = freePorts(3).filter((p) => String(p) !== env.E2E_PORT && String(p) !== env.E2E_SANDBOX_PORT);
    env.E2E_PORT ||= String(free.shift());
    env.E2E_SANDBOX_PORT ||= String(free.shift());
  }
  if (env.E2E_PORT === env.E2E_SANDBOX_PORT) throw new Error(`E2E_PORT and E2E_SANDBOX_PORT are both ${env.E2E_PORT}`);
  if (!env.TEST_RUN_DIR) env.TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'sts-workshop-e2e-'));
  mkdirSync(env.TEST_RUN_DIR, { recursive: true });
}

/** `count` distinct ports that were free on 127.0.0.1 a moment ago (asked of a short-lived child, so this stays synchronous). */
function freePorts(count: number): number[] {
  const script = `const net = require('node:net');
    const servers = Array.from({ length: ${count} }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok, fail) => { s.once('error', fail); s.listen(0, '127.0.0.1', ok); })))
      .then(() => { console.log(servers.map((s) => s.address().port).join(' ')); servers.forEach((s) => s.close()); });`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  const ports = child.stdout.trim().split(' ').map(Number);
  if (child.status !== 0 || ports.length !== count || ports.some((p) => !p)) throw new Error(`could not pick free ports for the browser tests: ${child.stderr}`);
  return ports;
}
