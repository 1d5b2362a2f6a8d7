/**
 * "Revoke leaked credentials" in Chromium: every step in page order, reading the outputs (the
 * leaked session's buckets, the account and user of the leaked key ids, the revocation's cut-off,
 * the leaked session "failed as expected" with the explicit deny, a new session allowed, the key
 * rotation with InvalidClientTokenId for the inactive key), then the teardown, so the shared e2e
 * server is left clean; screenshots of the page for review.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'revoke-credentials';

test('leak, find whose, revoke older sessions, rotate the key, clean up', async ({ page }) => {
  test.setTimeout(120_000);
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Revoke leaked credentials');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  await expect(step(page, 'leaked-session-refused').locator('[data-testid="expect"]')).toContainText('AccessDenied');
  await expect(step(page, 'old-key-refused').locator('[data-testid="expect"]')).toContainText('InvalidClientTokenId');

  const user = await runStep(page, 'create-user', 'succeeded');
  const runId = /stsw-([a-z2-7]+)-user/.exec((await user.locator('[data-testid="result"]').textContent()) ?? '')![1];
  await runStep(page, 'create-access-key', 'succeeded');
  await runStep(page, 'create-role', 'succeeded');

  const leaked = await runStep(page, 'leak-a-session', 'succeeded');
  await expect(leaked.locator('[data-testid="result"]')).toContainText('workshop-data-123456789012');
  const whose = await runStep(page, 'whose-keys', 'succeeded');
  await expect(whose.locator('[data-testid="result"]')).toContainText('"Account": "123456789012"');
  await expect(whose.locator('[data-testid="result"]')).toContainText(`"UserName": "stsw-${runId}-user"`);
  await expect(whose.locator('[data-testid="result"]')).toContainText('temporary (STS)');

  const revoke = await runStep(page, 'revoke-older-sessions', 'succeeded');
  await expect(revoke.locator('[data-testid="result"]')).toContainText('AWSRevokeOlderSessions');
  const refused = await runStep(page, 'leaked-session-refused', 'failed as expected');
  await expect(refused.locator('[data-testid="output"]')).toContainText('with an explicit deny in an identity-based policy');
  const fresh = await runStep(page, 'new-session-allowed', 'succeeded');
  await expect(fresh.locator('[data-testid="result"]')).toContainText('workshop-data-123456789012');

  const newKey = await runStep(page, 'create-new-key', 'succeeded');
  await expect(newKey.locator('[data-testid="result"]')).toContainText(/AKIA[A-Z2-7]{16}/);
  await runStep(page, 'deactivate-old-key', 'succeeded');
  const oldKey = await runStep(page, 'old-key-refused', 'failed as expected');
  await expect(oldKey.locator('[data-testid="output"]')).toContainText('The security token included in the request is invalid.');
  await runStep(page, 'delete-old-key', 'succeeded');

  await page.screenshot({ path: '/tmp/revoke-credentials-lesson.png', fullPage: true });
  await page.screenshot({ path: '/tmp/revoke-credentials-top.png' });
  await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/revoke-credentials-diagram.png' });
  await refused.screenshot({ path: '/tmp/revoke-credentials-refused.png' });

  await runStep(page, 'delete-role', 'succeeded');
  await runStep(page, 'delete-user', 'succeeded');
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`));
  expect(ours).toEqual([]);
});
