/**
 * The leak test: runs every lesson of the course in Chromium by clicking Run on each step in
 * order (the built-in authenticator's codes fill MFA inputs, the sandbox clock moves on between
 * code uses), against a notebook started in this test process so that every secret the sandbox
 * issues can be collected from its store as it goes: secret keys, session tokens, sign-in
 * tokens and TOTP seeds; the web identity tokens and SAML assertions the federation lessons get
 * from the sandbox's identity providers (never stored there) are looked for by their shape, a
 * JWT or a SAMLResponse, raw or base64. None may appear, raw or encoded, in any streamed event,
 * the page's DOM, the server's log or the ledger file. The explicit one-time reveal is not clicked. Before each
 * lesson's teardown, the try-it cell calls GetCallerIdentity with every credential its picker
 * offers; the credentials panel (its DOM after every step) and its API answers are checked too.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../../server/config.ts';
import { createNotebook } from '../../server/notebook.ts';

test.setTimeout(600_000);

test('no secret the sandbox issued leaks into the stream, the DOM, the log or the ledger', async ({ page }) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'stsw-leak-'));
  const token = 'leak-test-token-0123456789-abcdefghij';
  const logLines: string[] = [];
  const dist = process.env.WORKSHOP_DIST ? { WORKSHOP_DIST: process.env.WORKSHOP_DIST } : {};
  const config = readConfig([], { WORKSHOP_TOKEN: token, SANDBOX_PORT: '0', PORT: '0', WORKSHOP_STATE_DIR: stateDir, SANDBOX_PROPAGATION_MS: '0', ...dist });
  const nb = await createNotebook(config, { writeLog: (line) => logLines.push(line) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: nb.app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  nb.bindPort(port);
  const base = `http://127.0.0.1:${port}`;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

  const secrets = new Set<string>();
  const collect = () => {
    const store = nb.sandbox!.state.store;
    for (const key of store.accessKeys.values()) secrets.add(key.secret);
    for (const session of store.sessions.values()) {
      secrets.add(session.secret);
      secrets.add(session.token);
    }
    for (const signin of store.signinTokens.values()) secrets.add(signin.token);
    for (const account of store.accounts.values()) for (const device of account.mfaDevices.values()) secrets.add(device.seed);
  };

  const streamed: string[] = [];
  page.on('response', async (response) => {
    const url = response.url();
    if ((url.includes('/steps/') && url.endsWith('/run')) || url.endsWith('/try') || url.endsWith('/credentials')) streamed.push(await response.text().catch(() => ''));
  });

  try {
    await page.goto(`${base}/?token=${token}`);
    await page.waitForURL((url) => !url.search.includes('token='));
    const lessons = (await (await api('/api/lessons')).json()).lessons as { slug: string; steps: { id: string; phase: string; inputs: { name: string; kind: string }[] }[] }[];
    const html: string[] = [];
    const panels: string[] = [];
    let tries = 0;
    for (const lesson of lessons) {
      await page.goto(`${base}/lessons/${lesson.slug}/`);
      for (const [index, step] of lesson.steps.entries()) {
        const root = page.locator(`[data-step="${step.id}"]`);
        if (lesson.steps[index].phase === 'teardown' && lesson.steps[index - 1]?.phase !== 'teardown') {
          const held = (await (await api(`/api/lessons/${lesson.slug}/credentials`)).json()).credentials.length;
          tries += await tryEveryCredential(page, held);
        }
        if (step.inputs.some((i) => i.kind === 'mfa-code')) {
          await api('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds: 60 }) });
          const codes = await (await api(`/api/lessons/${lesson.slug}/authenticator`)).json();
          for (const input of step.inputs.filter((i) => i.kind === 'mfa-code')) {
            const value = input.name.endsWith('2') ? codes.nextCode : input.name === 'wrong-code' ? '000000' : codes.code;
            await root.locator(`input[name="${input.name}"]`).fill(value);
          }
        }
        await root.locator('[data-testid="run"]').click();
        await expect(root.locator('[data-testid="status"]')).not.toHaveText(/idle|running/, { timeout: 120_000 });
        const status = await root.locator('[data-testid="status"]').textContent();
        expect(status, `${lesson.slug}/${step.id}`).toMatch(/^(succeeded|failed as expected)$/);
        await page.waitForLoadState('networkidle');
        panels.push(await page.getByTestId('credentials-panel').innerHTML());
        collect();
      }
      html.push(await page.content());
    }
    collect();
    expect(secrets.size).toBeGreaterThan(10);
    expect(tries, 'try-it calls with held credentials').toBeGreaterThan(5);

    const ledger = await readFile(join(stateDir, 'ledger.jsonl'), 'utf8');
    const places: Record<string, string> = { stream: streamed.join('\n'), dom: html.join('\n'), panel: panels.join('\n'), log: logLines.join('\n'), ledger };
    expect(places.stream.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)];
      for (const [where, text] of Object.entries(places)) {
        for (const form of forms) expect(text.includes(form), `a secret (${secret.slice(0, 4)}…) appears in the ${where}`).toBe(false);
      }
    }
    const federated = [/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/, /PHNhbWxwOlJlc3BvbnNl/, /<samlp:Response/];
    for (const [where, text] of Object.entries(places)) {
      for (const shape of federated) expect(shape.test(text), `a web identity token or SAML assertion (${shape}) appears in the ${where}`).toBe(false);
    }
  } finally {
    server.close();
    await nb.close();
  }
});

/** The try-it cell: GetCallerIdentity with each of the `held` credentials its picker offers; how many ran. */
async function tryEveryCredential(page: Page, held: number): Promise<number> {
  const cell = page.getByTestId('try-it');
  await cell.scrollIntoViewIfNeeded();
  await expect(cell).toHaveAttribute('data-ready', ''); // its code loads after the page settles
  await expect(cell.getByLabel('Sign with').locator('option')).toHaveCount(held);
  const names = await cell.getByLabel('Sign with').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  for (const name of names) {
    await cell.getByLabel('Sign with').selectOption(name);
    await cell.getByLabel('Operation').selectOption('sts:GetCallerIdentity');
    await cell.getByLabel('Parameters (a JSON object)').fill('{}');
    await cell.getByRole('button', { name: 'Run' }).click();
    await expect(cell.getByTestId('status')).not.toHaveText(/idle|running/, { timeout: 30_000 });
  }
  return names.length;
}
