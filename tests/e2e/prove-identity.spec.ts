/**
 * "Prove who you are to someone else" in Chromium: the prover's and the verifier's code shown
 * from their files, then every step in page order, reading the outputs (the token's parts with
 * the signature hidden, the ARN the verifier learned from STS, the edited and replayed tokens
 * "failed as expected" with SignatureDoesNotMatch, the old one with "Signature expired", the
 * look-alike endpoint refused by the verifier), then the teardown, so the shared e2e server is
 * left clean. Screenshots for review only with REVIEW_SCREENSHOTS set.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'prove-identity';

test('a token signed, verified without credentials, tampered, replayed, expired and misdirected, cleaned up', async ({ page }) => {
  test.setTimeout(60_000);
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Prove who you are to someone else');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  await expect(page.locator('[data-file="prove-identity/prover.ts"]')).toContainText('signer.presign(');
  await expect(page.locator('[data-file="prove-identity/verifier.ts"]')).toContainText('redirect: \'error\'');
  for (const id of ['edited-date-refused', 'other-server-refused', 'expired-refused']) {
    await expect(step(page, id).locator('[data-testid="expect"]')).toContainText('SignatureDoesNotMatch');
  }
  await expect(step(page, 'wrong-endpoint-refused').locator('[data-testid="expect"]')).toContainText('UntrustedEndpoint');

  const user = await runStep(page, 'create-user', 'succeeded');
  const runId = /stsw-([a-z2-7]+)-user/.exec((await user.locator('[data-testid="result"]').textContent()) ?? '')![1];
  await runStep(page, 'create-access-key', 'succeeded');

  const made = await runStep(page, 'make-token', 'succeeded');
  await expect(made.locator('[data-testid="result"]')).toContainText('"X-Amz-SignedHeaders": "host;x-k8s-aws-id"');
  await expect(made.locator('[data-testid="result"]')).toContainText('"X-Amz-Signature": "(hidden)"');
  const verified = await runStep(page, 'verify-token', 'succeeded');
  await expect(verified.locator('[data-testid="result"]')).toContainText(`"Arn": "arn:aws:iam::123456789012:user/sts-workshop/stsw-${runId}-user"`);

  const mismatch = 'The request signature we calculated does not match the signature you provided.';
  const edited = await runStep(page, 'edited-date-refused', 'failed as expected');
  await expect(edited.locator('[data-testid="output"]')).toContainText(mismatch);
  const replayed = await runStep(page, 'other-server-refused', 'failed as expected');
  await expect(replayed.locator('[data-testid="output"]')).toContainText(mismatch);
  const expired = await runStep(page, 'expired-refused', 'failed as expected');
  await expect(expired.locator('[data-testid="output"]')).toContainText('Signature expired:');
  const lookalike = await runStep(page, 'wrong-endpoint-refused', 'failed as expected');
  await expect(lookalike.locator('[data-testid="output"]')).toContainText('is not an STS endpoint this verifier trusts');

  if (process.env.REVIEW_SCREENSHOTS) {
    await page.screenshot({ path: '/tmp/prove-identity-lesson.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/prove-identity-diagram.png' });
    await page.locator('[data-file="prove-identity/verifier.ts"]').screenshot({ path: '/tmp/prove-identity-verifier.png' });
    for (const [name, s] of [['made', made], ['verified', verified], ['expired', expired]] as const) {
      await s.screenshot({ path: `/tmp/prove-identity-${name}.png` });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/prove-identity-narrow.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/prove-identity-diagram-narrow.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  await runStep(page, 'delete-user', 'succeeded');
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`));
  expect(ours).toEqual([]);
});
