/**
 * "Federation with SAML" in Chromium: every step in page order, reading the outputs (the SAML
 * provider from the sandbox IdP's metadata, the role's trust policy, Alice's assertion as its
 * attributes and never whole, the exchange and the session's identity, the edited and the old
 * assertion "failed as expected" with AWS's messages), then the teardown and nothing left.
 * Screenshots for review only with REVIEW_SCREENSHOTS set.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'saml-federation';

test('an assertion becomes a role session; edited and old ones are refused; cleaned up', async ({ page }) => {
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Federation with SAML');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  await expect(step(page, 'tampered-refused').locator('[data-testid="expect"]')).toContainText('InvalidIdentityToken');
  await expect(step(page, 'expired-refused').locator('[data-testid="expect"]')).toContainText('ExpiredTokenException');

  const provider = await runStep(page, 'create-provider', 'succeeded');
  const text = (await provider.locator('[data-testid="result"]').textContent()) ?? '';
  const runId = /saml-provider\/stsw-([a-z2-7]+)-idp/.exec(text)![1];
  await expect(provider.locator('[data-testid="result"]')).toContainText('https://sts-workshop.invalid/saml');
  const role = await runStep(page, 'create-role', 'succeeded');
  await expect(role.locator('[data-testid="result"]')).toContainText('SAML:aud');

  const signedIn = await runStep(page, 'sign-in', 'succeeded');
  await expect(signedIn.locator('[data-testid="result"]')).toContainText('https://aws.amazon.com/SAML/Attributes/Role');
  await expect(signedIn.locator('[data-testid="result"]')).toContainText('alice@example.com');
  // What it says, never the assertion: no base64 SAMLResponse, no signature.
  expect(await page.locator('main').textContent()).not.toMatch(/PHNhbWxwOlJlc3BvbnNl|SignatureValue/);

  const assumed = await runStep(page, 'assume-role', 'succeeded');
  await expect(assumed.locator('[data-testid="result"]')).toContainText(`assumed-role/stsw-${runId}-saml-role/alice@example.com`);
  await expect(assumed.locator('[data-testid="result"]')).toContainText('NameQualifier');
  const tampered = await runStep(page, 'tampered-refused', 'failed as expected');
  await expect(tampered.locator('[data-testid="output"]')).toContainText('Response signature invalid');
  const expired = await runStep(page, 'expired-refused', 'failed as expected');
  await expect(expired.locator('[data-testid="output"]')).toContainText('Response has expired');

  if (process.env.REVIEW_SCREENSHOTS) {
    await page.screenshot({ path: '/tmp/saml-federation-lesson.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/saml-federation-diagram.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/saml-federation-phone.png', fullPage: true });
    await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/saml-federation-diagram-phone.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  await runStep(page, 'delete-role', 'succeeded');
  await runStep(page, 'delete-provider', 'succeeded');
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`));
  expect(ours).toEqual([]);
});
