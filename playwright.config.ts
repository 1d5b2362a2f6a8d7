/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser). One notebook server is
 * started for the run on fixed test ports with a fixed token and a throwaway state directory;
 * the site must have been built first (npm test does that).
 */
import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const E2E_PORT = 4400;
export const E2E_SANDBOX_PORT = 4590;
export const E2E_TOKEN = 'e2e-token-4f1c2a9b7d3e5f60-9a8b7c6d5e4f';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: join(tmpdir(), 'sts-workshop-e2e-results'),
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
      WORKSHOP_STATE_DIR: join(tmpdir(), `sts-workshop-e2e-${process.pid}`),
      SANDBOX_PROPAGATION_MS: '0',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  },
});
