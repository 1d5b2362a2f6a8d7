/**
 * "Cross-account access and the confused deputy" in Chromium: every step in page order, reading
 * the outputs (the vendor's distinct account, the external ids, your role, the deputy's session
 * in your account listing your buckets, the two AssumeRole denials "failed as expected" with
 * AWS's message), the trust diagram's AssumeRole edge lit, then the teardown, and the clean-up
 * finds nothing of the run in either account. Screenshots for review only with REVIEW_SCREENSHOTS.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'cross-account';
const ACCOUNT = '123456789012';

test('the vendor in your account with your external id, refused without it and with Mallory’s, cleaned up in both accounts', async ({ page }) => {
  test.setTimeout(60_000);
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Cross-account access and the confused deputy');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  for (const id of ['deputy-without-external-id', 'deputy-for-mallory']) {
    await expect(step(page, id).locator('[data-testid="expect"]')).toContainText('AccessDenied');
  }

  const found = await runStep(page, 'find-vendor-account', 'succeeded');
  const foundText = (await found.locator('[data-testid="result"]').textContent()) ?? '';
  const vendor = /"VendorAccount": "(\d{12})"/.exec(foundText)![1];
  expect(vendor).not.toBe(ACCOUNT);
  await expect(found.locator('[data-testid="result"]')).toContainText('"SameAccount": false');

  const service = await runStep(page, 'create-service-role', 'succeeded');
  const serviceText = (await service.locator('[data-testid="result"]').textContent()) ?? '';
  const runId = /stsw-([a-z2-7]+)-vendor-service/.exec(serviceText)![1];
  expect(serviceText).toContain(`arn:aws:iam::${vendor}:role/sts-workshop/stsw-${runId}-vendor-service`);
  const you = /"you": "(customer-[0-9a-f-]+)"/.exec(serviceText)![1];

  const customer = await runStep(page, 'create-customer-role', 'succeeded');
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/sts-workshop/stsw-${runId}-vendor-access`;
  await expect(customer.locator('[data-testid="result"]')).toContainText(roleArn);

  await runStep(page, 'start-service', 'succeeded');
  const deputy = await runStep(page, 'deputy-for-you', 'succeeded');
  await expect(deputy.locator('[data-testid="result"]')).toContainText(`workshop-data-${ACCOUNT}`);
  await expect(deputy.locator('[data-testid="result"]')).toContainText(`arn:aws:sts::${ACCOUNT}:assumed-role/stsw-${runId}-vendor-access/vendor-for-you`);
  await expect(deputy.locator('[data-testid="output"]')).toContainText(you);

  const denial = `User: arn:aws:sts::${vendor}:assumed-role/stsw-${runId}-vendor-service/vendor-service is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
  const noId = await runStep(page, 'deputy-without-external-id', 'failed as expected');
  await expect(noId.locator('[data-testid="output"]')).toContainText(denial);
  const mallory = await runStep(page, 'deputy-for-mallory', 'failed as expected');
  await expect(mallory.locator('[data-testid="output"]')).toContainText(denial);
  await expect(page.locator('figure.trust-diagram')).toContainText('denied');

  if (process.env.REVIEW_SCREENSHOTS) {
    await page.screenshot({ path: '/tmp/cross-account-lesson.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/cross-account-diagram.png' });
    for (const [name, s] of [['service', service], ['deputy', deputy], ['mallory', mallory]] as const) await s.screenshot({ path: `/tmp/cross-account-step-${name}.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/cross-account-phone.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/cross-account-diagram-phone.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  await runStep(page, 'delete-customer-role', 'succeeded');
  const gone = await runStep(page, 'delete-service-role', 'succeeded');
  await expect(gone.locator('[data-testid="result"]')).toContainText(`arn:aws:iam::${vendor}:role/sts-workshop/stsw-${runId}-vendor-service`);
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`));
  expect(ours).toEqual([]);
});
