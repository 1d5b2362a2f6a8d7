/**
 * A newcomer's path: open the printed URL, see the lessons and the target banner, open
 * "Who am I?", click Run and read the sandbox admin's ARN in the output.
 */
import { expect, test } from '@playwright/test';
import { BASE, signIn, START_URL, step } from './support.ts';

test('the start URL trades the token for a cookie and leaves the address bar clean', async ({ page, context }) => {
  await page.goto(START_URL);
  expect(page.url()).toBe(`${BASE}/`);
  const cookies = await context.cookies();
  const token = cookies.find((c) => c.name === 'sts_workshop_token');
  expect(token?.httpOnly).toBe(true);
  expect(token?.sameSite).toBe('Strict');
  await expect(page.getByRole('link', { name: /Who am I\?/ }).first()).toBeVisible();
  await expect(page.locator('target-banner')).toContainText('123456789012');
  await expect(page.locator('target-banner')).toContainText(/sandbox/i);
});

test('clicking Run on "Who am I?" streams the caller identity into the page', async ({ page }) => {
  await signIn(page, '/lessons/who-am-i/');
  const s = step(page, 'get-caller-identity');
  await expect(s.locator('[data-testid="status"]')).toHaveText('idle');
  await expect(s.locator('pre, code').first()).toContainText('GetCallerIdentityCommand');
  await s.locator('[data-testid="run"]').click();
  await expect(s.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(s.locator('[data-testid="output"]')).toContainText('GetCallerIdentity');
  await expect(s.locator('[data-testid="result"]')).toContainText('arn:aws:iam::123456789012:user/workshop-admin');
  await expect(s.locator('[data-testid="result"]')).toContainText(/AIDA[A-Z2-7]{17}/);
  await page.screenshot({ path: 'test-results/who-am-i.png', fullPage: true });
});

test('without the token the page says how to get in, and Run is refused', async ({ page }) => {
  await page.goto(`${BASE}/lessons/who-am-i/`);
  await expect(page.locator('target-banner')).toContainText(/printed|terminal/i);
  const s = step(page, 'get-caller-identity');
  await s.locator('[data-testid="run"]').click();
  await expect(s.locator('[data-testid="status"]')).toHaveText('failed');
});
