/**
 * The course's first page in Chromium: the banner names the sandbox, the picture of where calls
 * go is there, and "Check where the steps will run" reports the target, account, Region,
 * endpoint and caller.
 */
import { expect, test } from '@playwright/test';
import { E2E_SANDBOX_PORT } from '../../playwright.config.ts';
import { signIn, step } from './support.ts';

test('check-target runs and reports the sandbox target, account, Region, endpoint and ARN', async ({ page }) => {
  await signIn(page, '/lessons/how-this-works/');
  await expect(page.locator('h1')).toContainText('How this notebook works');
  await expect(page.locator('target-banner')).toContainText('123456789012');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  await expect(page.locator('figure.trust-diagram svg title')).toHaveText('Where a step\'s calls go');

  const s = step(page, 'check-target');
  await expect(s.locator('[data-testid="phase"]')).toHaveText('usage');
  await expect(s.locator('[data-testid="status"]')).toHaveText('idle');
  await expect(s.locator('[data-part="code"]')).toContainText('GetCallerIdentityCommand');
  await expect(s.locator('[data-part="code"]')).toContainText('endpointProvider');
  await s.locator('[data-testid="run"]').click();
  await expect(s.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(s.locator('[data-testid="output"] details.ev-call')).toHaveCount(1);
  await expect(s.locator('[data-testid="output"]')).toContainText('STS · GetCallerIdentity');
  const result = s.locator('[data-testid="result"]');
  await expect(result).toContainText('"target": "sandbox"');
  await expect(result).toContainText('"account": "123456789012"');
  await expect(result).toContainText('"region": "us-east-1"');
  await expect(result).toContainText(`"endpoint": "http://127.0.0.1:${E2E_SANDBOX_PORT}/"`);
  await expect(result).toContainText('arn:aws:iam::123456789012:user/workshop-admin');
  await page.screenshot({ path: '/tmp/sts-e2e-how-this-works.png', fullPage: true });
});
