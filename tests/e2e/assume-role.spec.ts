/**
 * "Assume a role" in Chromium: a step clicked out of order explains what to run first; then every
 * step in page order, reading the outputs (the AKIA and ASIA key ids, the assumed-role ARN without
 * the path, the three denials "failed as expected", ExpiredToken after the fast-forward), and the
 * teardown, so the shared e2e server is left clean.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, signIn, step } from './support.ts';

const LESSON = 'assume-role';

async function runStep(page: Page, id: string, status: string) {
  const s = step(page, id);
  await s.locator('[data-testid="run"]').click();
  await expect(s.locator('[data-testid="status"]')).toHaveText(status, { timeout: 30_000 });
  return s;
}

test('a step run before its prerequisites says what to run first', async ({ page }) => {
  await signIn(page, `/lessons/${LESSON}/`);
  const s = step(page, 'assume-role');
  await expect(s.locator('[data-testid="expect"]')).toHaveCount(0);
  await s.locator('[data-testid="run"]').click();
  await expect(s.getByTestId('notice')).toContainText('Run "Create an access key for the user" first');
  await expect(s.locator('[data-testid="status"]')).toHaveText('idle');

  // Teardown follows what exists, not what could have: with nothing created, the user's
  // teardown runs at once (it does not wait for the role's) and says there is nothing to delete.
  const delUser = step(page, 'delete-user');
  await expect(delUser.locator('.note-requires')).toHaveCount(0);
  await delUser.locator('[data-testid="run"]').click();
  await expect(delUser.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(delUser.locator('[data-testid="output"]')).toContainText('Nothing to delete');
});

test('running the whole lesson: denied, assumed, listed, denied again, expired, cleaned up', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Assume a role');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  await expect(step(page, 'list-buckets-as-user').locator('[data-testid="expect"]')).toContainText('AccessDenied');
  await expect(step(page, 'expired-credentials').locator('[data-testid="expect"]')).toContainText('ExpiredToken');
  await expect(step(page, 'assume-role').locator('pre, code').first()).toContainText('AssumeRoleCommand');

  const user = await runStep(page, 'create-user', 'succeeded');
  await expect(user.locator('[data-testid="result"]')).toContainText(/user\/sts-workshop\/stsw-[a-z2-7]+-user/);
  const runId = /stsw-([a-z2-7]+)-user/.exec((await user.locator('[data-testid="result"]').textContent()) ?? '')![1];

  const key = await runStep(page, 'create-access-key', 'succeeded');
  await expect(key.locator('[data-testid="result"]')).toContainText(/AKIA[A-Z2-7]{16}/);

  const role = await runStep(page, 'create-role', 'succeeded');
  await expect(role.locator('[data-testid="result"]')).toContainText(/role\/sts-workshop\/stsw-[a-z2-7]+-role/);

  await runStep(page, 'attach-read-only', 'succeeded');
  await runStep(page, 'allow-assume-role', 'succeeded');

  const denied = await runStep(page, 'list-buckets-as-user', 'failed as expected');
  await expect(denied.locator('[data-testid="output"]')).toContainText('AccessDenied');
  await expect(denied.locator('[data-testid="output"]')).toContainText('s3:ListAllMyBuckets');

  const assumed = await runStep(page, 'assume-role', 'succeeded');
  const assumedResult = assumed.locator('[data-testid="result"]');
  await expect(assumedResult).toContainText(/ASIA[A-Z2-7]{16}/);
  await expect(assumedResult).toContainText('Expiration');
  await expect(assumedResult).toContainText(/arn:aws:sts::123456789012:assumed-role\/stsw-[a-z2-7]+-role\/stsw-[a-z2-7]+-session/);
  await expect(assumedResult).not.toContainText('SessionToken');

  const listed = await runStep(page, 'list-buckets-as-role', 'succeeded');
  await expect(listed.locator('[data-testid="result"]')).toContainText('workshop-data-123456789012');

  const who = await runStep(page, 'who-am-i-now', 'succeeded');
  const whoResult = who.locator('[data-testid="result"]');
  await expect(whoResult).toContainText(/"Arn": "arn:aws:sts::123456789012:assumed-role\/stsw-[a-z2-7]+-role\/stsw-[a-z2-7]+-session"/);
  await expect(whoResult).toContainText(/"UserId": "AROA[A-Z2-7]+:stsw-[a-z2-7]+-session"/);

  const write = await runStep(page, 'write-is-denied', 'failed as expected');
  await expect(write.locator('[data-testid="output"]')).toContainText('s3:CreateBucket');

  const wait = await runStep(page, 'wait-for-expiry', 'succeeded');
  await expect(wait.locator('[data-testid="result"]')).toContainText('FastForwardedBy');

  const expired = await runStep(page, 'expired-credentials', 'failed as expected');
  await expect(expired.locator('[data-testid="output"]')).toContainText('ExpiredToken');

  await page.screenshot({ path: '/tmp/assume-role-lesson.png', fullPage: true });

  const delRole = await runStep(page, 'delete-role', 'succeeded');
  await expect(delRole.locator('[data-testid="output"]')).toContainText('DeleteRole');
  await expect(delRole.locator('[data-testid="output"]')).toContainText('cannot be revoked');
  const roleResult = JSON.parse((await delRole.locator('[data-testid="result"] pre').textContent())!);
  expect(roleResult.deleted).toEqual([expect.stringMatching(/:role\/sts-workshop\/stsw-[a-z2-7]+-role$/)]);
  await delRole.screenshot({ path: '/tmp/assume-role-delete-role.png' });
  const delUser = await runStep(page, 'delete-user', 'succeeded');
  await expect(delUser.locator('[data-testid="output"]')).toContainText('DeleteUser');
  const userResult = JSON.parse((await delUser.locator('[data-testid="result"] pre').textContent())!);
  expect(userResult.deleted).toEqual([expect.stringMatching(/:user\/sts-workshop\/stsw-[a-z2-7]+-user$/)]);

  // Nothing of this run is left in the sandbox: neither in the ledger nor under /sts-workshop/.
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`));
  expect(ours).toEqual([]);
});
