/**
 * "Profiles do it for you" in Chromium: every step in page order, the MFA codes filled by each
 * step's own "Use the authenticator's code" button with the sandbox clock moved between code
 * uses, reading the outputs (the config file's role profile, the credentials file with its
 * secret hidden, the user profile "failed as expected", one AssumeRole for two calls with the
 * role profile, a refresh with a new key, the CLI step answering whatever this machine has),
 * then the teardown, so the shared e2e server is left clean. Screenshots for review only with
 * REVIEW_SCREENSHOTS set.
 */
import { expect, test, type Page } from '@playwright/test';
import { advanceClock, api, freshCodeWindow, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'profiles';

/** Moves the sandbox clock past the last code sent, fills the step's code from the authenticator, runs it. */
async function withFreshCode(page: Page, id: string, status = 'succeeded') {
  await advanceClock(30);
  await step(page, id).getByTestId('fill-mfa').click();
  await expect(step(page, id).locator('input[name="code"]')).toHaveValue(/^\d{6}$/);
  return runStep(page, id, status);
}

test('profile files written, the SDK and the CLI assume the role with MFA, a refresh, cleaned up', async ({ page }) => {
  test.setTimeout(90_000);
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Profiles do it for you');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  await expect(step(page, 'user-profile-denied').getByTestId('expect')).toContainText('AccessDenied');
  await expect(step(page, 'use-role-profile').locator('pre.astro-code')).toContainText('mfaCodeProvider');

  const user = await runStep(page, 'create-user');
  const runId = /stsw-([a-z2-7]+)-user/.exec((await user.getByTestId('result').textContent()) ?? '')![1];
  await runStep(page, 'create-mfa-device');
  await freshCodeWindow(LESSON);
  await step(page, 'enable-mfa-device').getByTestId('fill-mfa').click();
  await runStep(page, 'enable-mfa-device');
  await runStep(page, 'create-access-key');
  await runStep(page, 'create-role');

  const files = await runStep(page, 'write-profiles');
  await expect(files.getByTestId('result')).toContainText('source_profile = workshop-user');
  await expect(files.getByTestId('result')).toContainText('mfa_serial = arn:aws:iam::123456789012:mfa/sts-workshop/');
  await expect(files.getByTestId('result')).toContainText('aws_secret_access_key = (hidden)');
  await expect(files.getByTestId('result')).toContainText('"mode": "600"');

  const denied = await runStep(page, 'user-profile-denied', 'failed as expected');
  await expect(denied.getByTestId('output')).toContainText('because no identity-based policy allows the s3:ListAllMyBuckets action');

  await advanceClock(30); // the enable step spent the next code too
  const used = await withFreshCode(page, 'use-role-profile');
  await expect(used.getByTestId('result')).toContainText(/assumed-role\/stsw-[a-z2-7]+-role\/workshop-profile/);
  await expect(used.getByTestId('result')).toContainText('"CodesAsked": 1');
  const refreshed = await withFreshCode(page, 'refresh-session');
  await expect(refreshed.getByTestId('result')).toContainText('"After"');
  const cli = await withFreshCode(page, 'cli-role-profile');
  await expect(cli.getByTestId('result')).toContainText('"AwsCli"');

  if (process.env.REVIEW_SCREENSHOTS) {
    await page.screenshot({ path: '/tmp/profiles-lesson.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/profiles-diagram.png' });
    for (const [name, s] of [['files', files], ['used', used], ['refreshed', refreshed], ['cli', cli]] as const) {
      await s.screenshot({ path: `/tmp/profiles-${name}.png` });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/profiles-narrow.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/profiles-diagram-narrow.png' });
    await files.screenshot({ path: '/tmp/profiles-files-narrow.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  for (const id of ['delete-files', 'delete-role', 'delete-user']) await runStep(page, id);
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`) || l.name.includes(`/${runId}`));
  expect(ours).toEqual([]);
});
