/**
 * Which Chromium the browser tests drive, looked up in one place for playwright.config.ts and
 * `npm test` (scripts/test-all.mjs): CHROMIUM_PATH when set, else Debian's /usr/bin/chromium
 * (or a distribution's /usr/bin/chromium-browser), else the Chromium `npx playwright install
 * chromium` put in Playwright's cache. Nothing is ever downloaded here.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const NO_CHROMIUM =
  'No Chromium found: apt-get install chromium, or npx playwright install chromium, or set CHROMIUM_PATH';

export type ChromiumLookup = { path: string; source: string; error?: undefined } | { path?: undefined; source?: undefined; error: string };

export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const wanted = env.CHROMIUM_PATH;
  if (wanted) {
    return isExecutable(wanted)
      ? { path: wanted, source: 'CHROMIUM_PATH' }
      : { error: `CHROMIUM_PATH=${wanted} is not an executable file: point it at a Chromium, or unset it to use /usr/bin/chromium or Playwright's own Chromium` };
  }
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (isExecutable(path)) return { path, source: 'system' };
  }
  let own = '';
  try {
    own = chromium.executablePath();
  } catch {
    // no browser registry for this platform
  }
  if (own && isExecutable(own)) return { path: own, source: 'Playwright (npx playwright install chromium)' };
  return { error: NO_CHROMIUM };
}

function isExecutable(path: string) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
