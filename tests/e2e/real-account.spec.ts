/**
 * A real account in the browser, with a standalone sandbox standing in for AWS (the SDK's
 * default chain finds its keys and AWS_ENDPOINT_URL): the banner says REAL AWS with the
 * account; the first Run of a changing step asks once, naming the account, the principal and
 * what the lesson creates; "Yes, change this account" confirms and runs the step; the next
 * change does not ask again. This spec starts its own notebook (`--target aws`) on free ports.
 */
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneSandbox, waitForLine, type StandaloneSandbox } from '../support/processes.ts';

const TOKEN = 'real-account-e2e-token-0123456789-abcdefgh';
let sandbox: StandaloneSandbox;
let notebook: ChildProcess;
let base = '';

test.beforeAll(async () => {
  sandbox = await startStandaloneSandbox();
  const home = mkdtempSync(join(tmpdir(), 'stsw-real-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  notebook = spawn(process.execPath, ['server/main.ts', '--target', 'aws', '--port', '0', '--region', 'us-east-1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...env, ...sandbox.env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', WORKSHOP_TOKEN: TOKEN, WORKSHOP_STATE_DIR: join(home, 'state') },
  });
  base = /^Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(await waitForLine(notebook, /^Open http/))![1];
});
test.afterAll(() => {
  notebook?.kill('SIGTERM');
  sandbox?.stop();
});

test('the first change on a real account asks once, naming the account, the principal and what is created', async ({ page }) => {
  await page.goto(`${base}/?token=${TOKEN}`);
  await page.waitForURL((url) => !url.search.includes('token='));
  await expect(page.locator('target-banner')).toContainText('REAL AWS');
  await expect(page.locator('target-banner')).toContainText('123456789012');

  await page.goto(`${base}/lessons/who-am-i/`);
  const create = page.locator('[data-step="create-role"]');
  await create.locator('[data-testid="run"]').click();
  const notice = create.locator('[data-testid="notice"]');
  await expect(notice).toContainText('REAL AWS account: 123456789012, as arn:aws:iam::123456789012:user/workshop-admin');
  await expect(notice).toContainText('creates IAM roles under /sts-workshop/');
  await expect(create.locator('[data-testid="status"]')).toHaveText('idle');
  await page.screenshot({ path: 'test-results/real-account-confirm.png', fullPage: false });

  await notice.getByRole('button', { name: 'Yes, change this account' }).click();
  await expect(create.locator('[data-testid="status"]')).toHaveText('succeeded', { timeout: 30_000 });

  // Confirmed for the rest of the launch: the teardown runs without asking.
  const remove = page.locator('[data-step="delete-role"]');
  await remove.locator('[data-testid="run"]').click();
  await expect(remove.locator('[data-testid="status"]')).toHaveText('succeeded', { timeout: 30_000 });
  await expect(remove.locator('[data-testid="notice"]')).toHaveCount(0);
});
