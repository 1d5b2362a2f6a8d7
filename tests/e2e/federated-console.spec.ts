/**
 * Lesson "Sign in to the console as a federated user" in Chromium: run setup and usage, see the
 * masked sign-in URL with its countdown, reveal it once, open the console through it (a new tab
 * on the sandbox's federation endpoint), check the role session, the buckets and a denied write
 * there, then tear down so the shared server is left clean.
 */
import { expect, test } from '@playwright/test';
import { api, BASE, resetLesson, signIn, step } from './support.ts';

const LESSON = 'federated-console';
const ACCOUNT = '123456789012';

// A finished lesson keeps its outputs: start from a fresh one, whatever ran before on this server.
test.beforeEach(() => resetLesson(LESSON));

test('reveal the sign-in URL once and use it to open the sandbox console as the role', async ({ page, context }) => {
  await signIn(page, `/lessons/${LESSON}/`);
  await page.screenshot({ path: '/tmp/federated-console-top.png' });

  // ── setup ──
  const setup = step(page, 'create-console-role');
  await expect(setup.locator('[data-testid="status"]')).toHaveText('idle');
  await expect(setup.locator('pre').first()).toContainText('CreateRoleCommand');
  await setup.locator('[data-testid="run"]').click();
  await expect(setup.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(setup.locator('[data-testid="result"]')).toContainText(`arn:aws:iam::${ACCOUNT}:role/sts-workshop/`);
  await expect(setup.locator('[data-testid="result"]')).toContainText('AmazonS3ReadOnlyAccess');
  const roleArn = (await setup.locator('[data-testid="result"]').textContent())!.match(/arn:aws:iam::\d+:role\/sts-workshop\/([\w-]+)/)!;
  const roleName = roleArn[1]!;

  // ── usage: the Issuer is this page, filled in by the page ──
  const usage = step(page, 'get-sign-in-url');
  await expect(usage.locator('input[name="issuer"]')).toHaveValue(`${BASE}/lessons/${LESSON}/`);
  await usage.locator('[data-testid="run"]').click();
  await expect(usage.locator('[data-testid="status"]')).toHaveText('succeeded');
  const result = usage.locator('[data-testid="result"]');
  await expect(result).toContainText(`arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/console-learner`);
  const offer = usage.locator('[data-testid="offer"]');
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('Console sign-in URL');
  await expect(offer.locator('[data-testid="offer-value"]')).toContainText('Action=login');
  await expect(offer.locator('[data-testid="offer-value"]')).toContainText('SigninToken=••••');
  await expect(offer.locator('[data-testid="offer-timer"]')).toHaveText(/^valid for 1\d:\d\d more$/);
  await expect(offer).toContainText(/signed in to the console as this role/);
  await expect(offer.locator('[data-testid="offer-open"]')).toHaveCount(0);
  const before = (await usage.locator('[data-testid="output"]').textContent())!;
  await page.screenshot({ path: '/tmp/federated-console-lesson.png', fullPage: true });
  await page.locator('.trust-diagram').screenshot({ path: '/tmp/federated-console-diagram.png' });
  await usage.screenshot({ path: '/tmp/federated-console-usage.png' });

  // ── reveal once ──
  await offer.locator('[data-testid="offer-reveal"]').click();
  const open = offer.locator('[data-testid="offer-open"]');
  await expect(open).toBeVisible();
  await expect(offer.locator('[data-testid="offer-copy"]')).toBeVisible();
  await expect(offer.locator('[data-testid="offer-reveal"]')).toBeDisabled();
  await expect(open).toHaveAttribute('target', '_blank');
  await expect(open).toHaveAttribute('rel', 'noopener noreferrer');
  const url = new URL((await open.getAttribute('href'))!);
  expect([...url.searchParams.keys()]).toEqual(['Action', 'Issuer', 'Destination', 'SigninToken']);
  expect(url.searchParams.get('Issuer')).toBe(`${BASE}/lessons/${LESSON}/`);
  const token = url.searchParams.get('SigninToken')!;
  expect(token.length).toBeGreaterThan(50);
  expect(before).not.toContain(token);
  await expect(offer.locator('[data-testid="offer-value"]')).toHaveText(url.href);
  await page.screenshot({ path: '/tmp/federated-console-revealed.png', fullPage: false, clip: (await offer.boundingBox())! });

  // Copy puts the URL on the clipboard.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  await offer.locator('[data-testid="offer-copy"]').click();
  await expect(offer.locator('[data-testid="offer-copy"]')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url.href);

  // A second reveal is refused.
  const again = await api(`/api/lessons/${LESSON}/offers/sign-in-url/reveal`, { method: 'POST', body: '{}' });
  expect(again.status).toBe(409);

  // ── the console, in a new tab ──
  const [consoleTab] = await Promise.all([context.waitForEvent('page'), open.click()]);
  await consoleTab.waitForLoadState();
  expect(new URL(consoleTab.url()).pathname).toBe('/console/');
  await expect(consoleTab.locator('body')).toContainText(`arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/console-learner`);
  for (const bucket of ['workshop-data', 'workshop-logs', 'workshop-reports']) {
    await expect(consoleTab.locator('body')).toContainText(`${bucket}-${ACCOUNT}`);
  }
  await consoleTab.screenshot({ path: '/tmp/federated-console-console.png', fullPage: true });
  // The role may only read: creating a bucket is denied.
  await consoleTab.locator('input[name="bucket"]').fill(`stsw-e2e-denied-${Date.now()}`);
  await consoleTab.getByRole('button', { name: 'Create bucket' }).click();
  await expect(consoleTab.locator('body')).toContainText('AccessDenied');
  await consoleTab.screenshot({ path: '/tmp/federated-console-denied.png', fullPage: true });
  const consoleUrl = new URL('/console/', consoleTab.url()).href;
  await consoleTab.close();

  // ── teardown ──
  const teardown = step(page, 'delete-console-role');
  await teardown.locator('[data-testid="run"]').click();
  await expect(teardown.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(teardown.locator('[data-testid="output"]')).toContainText('DeleteRole');
  await expect(teardown.locator('[data-testid="output"]')).toContainText('cannot be revoked');
  const deleted = JSON.parse((await teardown.locator('[data-testid="result"] pre').textContent())!);
  expect(deleted).toEqual({ deleted: [roleArn[0]], note: 'AmazonS3ReadOnlyAccess was detached, not deleted: AWS owns it.' });

  // What the lesson says the sandbox's console does once the role is gone: it ends the session.
  const after = await context.newPage();
  const response = await after.goto(consoleUrl);
  expect(response!.status()).toBe(401);
  await expect(after.locator('body')).toContainText('Session expired');
  await expect(after.locator('body')).toContainText('no longer valid');
  await after.screenshot({ path: '/tmp/federated-console-after-teardown.png' });
  await after.close();
  const leftovers = (await (await api('/api/cleanup')).json()).leftovers as { name: string }[];
  expect(leftovers.filter((l) => l.name === roleName || l.name.includes(roleName))).toEqual([]);
});
