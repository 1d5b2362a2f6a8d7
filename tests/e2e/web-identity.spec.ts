/**
 * "Web identity: CI credentials without stored keys" in Chromium: every step in page order,
 * reading the outputs (the provider for the sandbox's issuer, the role's trust policy, the two
 * tokens' claims and never a token, the main token exchanged and the session's identity, the
 * feature branch "failed as expected" with AWS's message), then the teardown and nothing left.
 * Screenshots for review only with REVIEW_SCREENSHOTS set.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'web-identity';

test('a CI token for main becomes a role session, one for a branch is refused, cleaned up', async ({ page }) => {
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Web identity');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  await expect(step(page, 'other-branch-refused').locator('[data-testid="expect"]')).toContainText('AccessDenied');

  const provider = await runStep(page, 'create-provider', 'succeeded');
  await expect(provider.locator('[data-testid="result"]')).toContainText('oidc-provider/sts-workshop.invalid/oidc');
  const role = await runStep(page, 'create-role', 'succeeded');
  const result = (await role.locator('[data-testid="result"]').textContent()) ?? '';
  const runId = /stsw-([a-z2-7]+)-ci-role/.exec(result)![1];
  await expect(role.locator('[data-testid="result"]')).toContainText('repo:octo-org/octo-repo:ref:refs/heads/main');

  const tokens = await runStep(page, 'get-tokens', 'succeeded');
  await expect(tokens.locator('[data-testid="result"]')).toContainText('refs/heads/feature');
  // Claims only: a JWT (three base64url parts starting eyJ) never reaches the page.
  expect(await page.locator('main').textContent()).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);

  const assumed = await runStep(page, 'assume-role', 'succeeded');
  await expect(assumed.locator('[data-testid="result"]')).toContainText(`assumed-role/stsw-${runId}-ci-role/github-actions-main`);
  const refused = await runStep(page, 'other-branch-refused', 'failed as expected');
  await expect(refused.locator('[data-testid="output"]')).toContainText('Not authorized to perform sts:AssumeRoleWithWebIdentity');

  if (process.env.REVIEW_SCREENSHOTS) {
    await page.screenshot({ path: '/tmp/web-identity-lesson.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/web-identity-diagram.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/web-identity-phone.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/web-identity-diagram-phone.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  await runStep(page, 'delete-role', 'succeeded');
  await runStep(page, 'delete-provider', 'succeeded');
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`) || l.name.includes('oidc-provider/'));
  expect(ours).toEqual([]);
});
