/**
 * "Session tags and attribute-based access (ABAC)" in Chromium: every step in page order, reading
 * the outputs (the project roles' tags, the tag refused for want of sts:TagSession, the trust
 * policy's conditions, Alice's tagged session, alpha's role read and beta's refused, the deployer
 * updating alpha's role and refused beta's, switching project refused with InvalidParameterValue),
 * the trust diagram's edges lit (each project's read and update edge for a call on its own role
 * only), then the teardown, and the clean-up finds nothing of
 * the run. Screenshots for review only with REVIEW_SCREENSHOTS.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const edge = (page: Page, from: string, to: string) => page.locator(`[data-testid="edge"][data-from="${from}"][data-to="${to}"]`);

const LESSON = 'session-tags';
const ACCOUNT = '123456789012';

test('tags refused then allowed, tags against tags, a transitive tag down the chain, cleaned up', async ({ page }) => {
  test.setTimeout(60_000);
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Session tags and attribute-based access (ABAC)');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  for (const id of ['tags-refused', 'read-other-project', 'deploy-other-project']) {
    await expect(step(page, id).locator('[data-testid="expect"]')).toContainText('AccessDenied');
  }
  await expect(step(page, 'switch-project-refused').locator('[data-testid="expect"]')).toContainText('InvalidParameterValue');

  const apps = await runStep(page, 'create-project-roles', 'succeeded');
  const runId = /stsw-([a-z2-7]+)-alpha-app/.exec((await apps.locator('[data-testid="result"]').textContent()) ?? '')![1];
  const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/sts-workshop/stsw-${runId}-${name}`;
  await runStep(page, 'create-developer-role', 'succeeded');
  await runStep(page, 'create-deployer-role', 'succeeded');

  const refusedTags = await runStep(page, 'tags-refused', 'failed as expected');
  await expect(refusedTags.locator('[data-testid="output"]')).toContainText(`is not authorized to perform: sts:TagSession on resource: ${roleArn('developer')}`);
  const trust = await runStep(page, 'allow-tag-session', 'succeeded');
  await expect(trust.locator('[data-testid="result"]')).toContainText('sts:TransitiveTagKeys');

  const alice = await runStep(page, 'developer-session', 'succeeded');
  await expect(alice.locator('[data-testid="result"]')).toContainText(`assumed-role/stsw-${runId}-developer/alice`);
  await expect(alice.locator('[data-testid="result"]')).toContainText('PackedPolicySize');
  const own = await runStep(page, 'read-own-project', 'succeeded');
  await expect(own.locator('[data-testid="result"]')).toContainText('"project": "alpha"');
  await expect(edge(page, 'alice', 'alpha')).toHaveClass(/is-allowed/);
  await expect(edge(page, 'alice', 'beta')).not.toHaveClass(/is-(allowed|denied)/);
  const other = await runStep(page, 'read-other-project', 'failed as expected');
  await expect(other.locator('[data-testid="output"]')).toContainText(`iam:GetRole on resource: ${roleArn('beta-app')} because no identity-based policy allows the iam:GetRole action`);
  // Each project's edge lights for a call on its own role only.
  await expect(edge(page, 'alice', 'beta')).toHaveClass(/is-denied/);
  await expect(edge(page, 'alice', 'beta')).toContainText('✗ GetRole denied');
  await expect(edge(page, 'alice', 'alpha')).not.toHaveClass(/is-(allowed|denied)/);

  const deploy = await runStep(page, 'deploy-own-project', 'succeeded');
  await expect(deploy.locator('[data-testid="result"]')).toContainText(`assumed-role/stsw-${runId}-deployer/alice-deploys`);
  await expect(deploy.locator('[data-testid="result"]')).toContainText('Deployed by alice');
  await expect(edge(page, 'deployer', 'alpha')).toHaveClass(/is-allowed/);
  const otherDeploy = await runStep(page, 'deploy-other-project', 'failed as expected');
  await expect(otherDeploy.locator('[data-testid="output"]')).toContainText(`iam:UpdateRole on resource: ${roleArn('beta-app')}`);
  await expect(edge(page, 'deployer', 'beta')).toHaveClass(/is-denied/);
  const switched = await runStep(page, 'switch-project-refused', 'failed as expected');
  await expect(switched.locator('[data-testid="output"]')).toContainText('conflicts with a transitive tag key from the calling session');
  await expect(page.locator('figure.trust-diagram')).toContainText('denied');

  if (process.env.REVIEW_SCREENSHOTS) {
    await page.screenshot({ path: '/tmp/session-tags-lesson.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/session-tags-diagram.png' });
    for (const [name, s] of [['alice', alice], ['other', other], ['deploy', deploy], ['switched', switched]] as const) await s.screenshot({ path: `/tmp/session-tags-step-${name}.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/session-tags-diagram-phone.png' });
    await otherDeploy.screenshot({ path: '/tmp/session-tags-step-phone.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const gone = await runStep(page, 'delete-roles', 'succeeded');
  await expect(gone.locator('[data-testid="result"]')).toContainText(`stsw-${runId}-deployer`);
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`));
  expect(ours).toEqual([]);
});
