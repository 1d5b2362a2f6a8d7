/**
 * "Session policies and permission boundaries" in Chromium: every step in page order, reading
 * the outputs (the full session's buckets and role, each AccessDenied "failed as expected" with
 * the policy type that denied, PackedPolicySize, the boundary), then the teardown, so the shared
 * e2e server is left clean; screenshots of the page for review.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'session-policies';

async function deniedBy(page: Page, id: string, reason: string) {
  const s = await runStep(page, id, 'failed as expected');
  await expect(s.locator('[data-testid="output"]')).toContainText('AccessDenied');
  await expect(s.locator('[data-testid="output"]')).toContainText(reason);
  return s;
}

test('the intersection call by call: allowed, denied and by which policy, cleaned up', async ({ page }) => {
  test.setTimeout(120_000);
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Session policies and permission boundaries');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  for (const id of ['inline-session-reads-iam', 'inline-session-creates-bucket', 'managed-session-lists-buckets', 'boundary-blocks-iam']) {
    await expect(step(page, id).locator('[data-testid="expect"]')).toContainText('AccessDenied');
  }

  const user = await runStep(page, 'create-user', 'succeeded');
  const runId = /stsw-([a-z2-7]+)-user/.exec((await user.locator('[data-testid="result"]').textContent()) ?? '')![1];
  await runStep(page, 'create-access-key', 'succeeded');
  await runStep(page, 'create-role', 'succeeded');
  const attached = await runStep(page, 'attach-broad-policies', 'succeeded');
  await expect(attached.locator('[data-testid="result"]')).toContainText('IAMReadOnlyAccess');

  const full = await runStep(page, 'full-session', 'succeeded');
  await expect(full.locator('[data-testid="result"]')).toContainText('workshop-data-123456789012');
  await expect(full.locator('[data-testid="result"]')).toContainText(/role\/sts-workshop\/stsw-[a-z2-7]+-role/);

  const inline = await runStep(page, 'inline-session', 'succeeded');
  await expect(inline.locator('[data-testid="result"]')).toContainText('PackedPolicySize');
  await deniedBy(page, 'inline-session-reads-iam', 'because no session policy allows the iam:GetRole action');
  await deniedBy(page, 'inline-session-creates-bucket', 'because no identity-based policy allows the s3:CreateBucket action');

  await runStep(page, 'managed-session', 'succeeded');
  await deniedBy(page, 'managed-session-lists-buckets', 'because no session policy allows the s3:ListAllMyBuckets action');

  const boundary = await runStep(page, 'set-boundary', 'succeeded');
  await expect(boundary.locator('[data-testid="result"]')).toContainText('AmazonS3ReadOnlyAccess');
  const blocked = await deniedBy(page, 'boundary-blocks-iam', 'because no permissions boundary allows the iam:GetRole action');
  const kept = await runStep(page, 'boundary-keeps-s3', 'succeeded');
  await expect(kept.locator('[data-testid="result"]')).toContainText('workshop-data-123456789012');

  await page.screenshot({ path: '/tmp/session-policies-lesson.png', fullPage: true });
  await page.screenshot({ path: '/tmp/session-policies-top.png' });
  await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/session-policies-diagram.png' });
  await blocked.screenshot({ path: '/tmp/session-policies-boundary-denied.png' });

  await runStep(page, 'delete-role', 'succeeded');
  await runStep(page, 'delete-user', 'succeeded');
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`));
  expect(ours).toEqual([]);
});
