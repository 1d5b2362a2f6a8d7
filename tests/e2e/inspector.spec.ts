/**
 * The call inspector as a learner uses it: run a step, open a call's row, read its HTTP status
 * and its AWS CLI command, press Copy and paste (read the clipboard); copy a result; run a step
 * that is denied and read, under the error and in the failed call, why it was denied. Screenshots
 * in light and dark and at 390 px wide go to test-results/ (not committed) for review.
 */
import { expect, test, type Page } from '@playwright/test';
import { E2E_SANDBOX_PORT } from '../../playwright.config.ts';
import { BASE, runStep, signIn, step } from './support.ts';

test.use({ viewport: { width: 1280, height: 900 } });

async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Screenshots of `target` in light, dark and at 390 px, cut from a full-page capture (no sticky banner over it). */
async function shoot(page: Page, target: ReturnType<typeof step>, name: string) {
  const capture = async (suffix: string) => {
    const clip = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
    });
    await page.screenshot({ path: `test-results/inspector-${name}-${suffix}.png`, fullPage: true, clip });
  };
  await capture('light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await capture('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  await capture('390');
  await page.emulateMedia({ colorScheme: 'dark' });
  await capture('390-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a call shows its HTTP status and AWS CLI command, and Copy puts the command on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  await signIn(page, '/lessons/who-am-i/');
  const s = await runStep(page, 'get-caller-identity');

  const call = s.getByTestId('call').first();
  await expect(call.locator('summary')).toContainText(/STS · GetCallerIdentity · 200 · \d+ ms/);
  const cli = call.getByTestId('cli');
  await expect(cli).toBeHidden();
  await call.locator('summary').click();
  await expect(cli).toBeVisible();
  await expect(cli).toHaveText(
    `# as the notebook's own identity (arn:aws:iam::123456789012:user/workshop-admin)\naws sts get-caller-identity --endpoint-url http://127.0.0.1:${E2E_SANDBOX_PORT}`,
  );
  await expect(call).not.toContainText(/SecretAccessKey|aws_secret|--profile/);

  const copyCli = call.getByRole('button', { name: 'Copy the AWS CLI command for STS GetCallerIdentity' });
  await copyCli.click();
  await expect(copyCli).toHaveText('Copied');
  expect(await clipboard(page)).toBe(await cli.textContent());

  await call.getByRole('button', { name: 'Copy the output of STS GetCallerIdentity' }).click();
  expect(JSON.parse(await clipboard(page)).Arn).toBe('arn:aws:iam::123456789012:user/workshop-admin');

  const result = s.getByTestId('result');
  await result.getByRole('button', { name: 'Copy the result' }).click();
  await expect(result.getByRole('button', { name: 'Copy the result' })).toHaveText('Copied');
  const copied = await clipboard(page);
  expect(copied).toBe(await result.locator('pre').textContent());
  expect(JSON.parse(copied).Arn).toBe('arn:aws:iam::123456789012:user/workshop-admin');

  await shoot(page, s.getByTestId('output'), 'call');
});

test('a denied step says why, under its error and in the failed call, whose CLI command names the key it used', async ({ page, context }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  await signIn(page, '/lessons/assume-role/');
  await runStep(page, 'create-user');
  await runStep(page, 'create-access-key');
  const denied = await runStep(page, 'list-buckets-as-user', 'failed as expected');

  const error = denied.locator('.ev-error');
  await expect(error).toContainText('Denied as expected');
  await expect(error.getByTestId('explanation')).toHaveText(
    /^Why: None of the policies attached to the caller \(its user, role or groups\) allows s3:ListAllMyBuckets, and AWS denies whatever is not allowed; a policy that allows s3:ListAllMyBuckets on this resource would\.$/,
  );

  const call = denied.locator('[data-testid="call"].is-error').first();
  await expect(call.locator('summary')).toContainText(/S3 · ListBuckets · 403 · \d+ ms/);
  await expect(call.locator('summary')).toContainText('AccessDenied');
  await call.locator('summary').click();
  await expect(call.getByTestId('explanation')).toContainText('s3:ListAllMyBuckets');
  const cli = call.getByTestId('cli');
  await expect(cli).toContainText(/^# as the access key AKIA[A-Z2-7]{16} \((?:arn:aws:iam::123456789012:user\/sts-workshop\/|IAM user )stsw-[a-z2-7]+-user\): export it and its secret as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY first$/m);
  await expect(cli).toContainText(`aws s3api list-buckets --endpoint-url http://127.0.0.1:${E2E_SANDBOX_PORT}`);
  await call.getByRole('button', { name: 'Copy the error of S3 ListBuckets' }).click();
  expect(JSON.parse(await clipboard(page)).name).toBe('AccessDenied');

  await shoot(page, denied.getByTestId('output'), 'denied');

  // Leave the shared server as we found it.
  await runStep(page, 'delete-user');
});
