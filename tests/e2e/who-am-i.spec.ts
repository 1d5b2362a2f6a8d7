/**
 * A newcomer's path: open the printed URL, see the lessons and the target banner, open
 * "Who am I?", click Run and read the sandbox admin's ARN in the output.
 */
import { expect, test } from '@playwright/test';
import { api, BASE, resetLesson, signIn, START_URL, step } from './support.ts';

// A finished lesson keeps its outputs: start from a fresh one, whatever ran before on this server.
test.beforeEach(() => resetLesson('who-am-i'));

test('the start URL trades the token for a session cookie and a key, and leaves the address bar clean', async ({ page, context }) => {
  await page.goto(START_URL);
  await page.waitForURL(`${BASE}/`);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'sts_workshop_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  expect(START_URL).not.toContain(session!.value);
  const key = await page.evaluate(() => localStorage.getItem('sts-workshop-key'));
  expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(START_URL).not.toContain(key!);
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
  // Nothing ran: the step stays idle, and a notice (not a failure) says how to get in.
  const notice = s.locator('[data-testid="notice"]');
  await expect(notice).toContainText('launch token');
  await expect(notice).toContainText('the terminal printed');
  await expect(s.locator('[data-testid="status"]')).toHaveText('idle');
  await expect(s.locator('[data-testid="run"]')).toBeEnabled();
  await expect(s.locator('[data-testid="output"] .ev-error')).toHaveCount(0);
  await s.locator('[data-testid="output"]').screenshot({ path: '/tmp/sts-e2e-who-am-i-no-token.png' });
});

test('the endpoint step resolves URLs without a call, and the role and session-token steps run in order', async ({ page }) => {
  await signIn(page, '/lessons/who-am-i/');

  const endpoints = step(page, 'regional-endpoints');
  await endpoints.locator('[data-testid="run"]').click();
  await expect(endpoints.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(endpoints.locator('[data-testid="output"] details.ev-call')).toHaveCount(0);
  await expect(endpoints.locator('[data-testid="result"]')).toContainText('https://sts.us-east-1.amazonaws.com/');
  await expect(endpoints.locator('[data-testid="result"]')).toContainText('https://sts.eu-west-1.amazonaws.com/');
  await expect(endpoints.locator('[data-testid="result"]')).toContainText('https://sts.amazonaws.com/');

  // The role-session step needs the role: the page says so, and the server refuses it.
  const asRole = step(page, 'as-role-session');
  await expect(asRole.locator('.note-requires')).toContainText('Create a role that trusts the notebook');
  await asRole.locator('[data-testid="run"]').click();
  await expect(asRole.locator('[data-testid="status"]')).toHaveText('idle');
  await expect(asRole.locator('[data-testid="output"]')).toContainText('Run "Create a role that trusts the notebook" first');

  const create = step(page, 'create-role');
  await expect(create.locator('[data-testid="phase"]')).toHaveText('setup');
  await create.locator('[data-testid="run"]').click();
  await expect(create.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(create.locator('[data-testid="result"]')).toContainText('arn:aws:iam::123456789012:role/sts-workshop/stsw-');
  await expect(create.locator('[data-testid="output"]')).toContainText('CreateRole');
  const roleName: string = JSON.parse((await create.locator('[data-testid="result"] pre').textContent())!).RoleName;

  await asRole.locator('[data-testid="run"]').click();
  await expect(asRole.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(asRole.locator('[data-testid="output"]')).toContainText('AssumeRole');
  await expect(asRole.locator('[data-testid="result"]')).toContainText(/arn:aws:sts::123456789012:assumed-role\/stsw-[a-z2-7]+-role\/who-am-i/);
  await expect(asRole.locator('[data-testid="result"]')).toContainText(/AROA[A-Z2-7]+:who-am-i/);
  await expect(asRole.locator('[data-testid="result"]')).toContainText(/ASIA[A-Z2-7]{16}/);

  const token = step(page, 'as-session-token');
  await token.locator('[data-testid="run"]').click();
  await expect(token.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(token.locator('[data-testid="output"]')).toContainText('GetSessionToken');
  await expect(token.locator('[data-testid="result"]')).toContainText('"SessionTokenArn": "arn:aws:iam::123456789012:user/workshop-admin"');
  await expect(token.locator('[data-testid="result"]')).toContainText('"SameIdentity": true');

  // Nothing secret reached the page: no secret key or token values in any output.
  const outputs = (await page.locator('[data-testid="output"]').allTextContents()).join('\n');
  expect(outputs).not.toMatch(/"SecretAccessKey":\s*"(?!\[REDACTED|\*)/);
  expect(outputs).not.toMatch(/"SessionToken":\s*"(?!\[REDACTED|\*)/);
  await page.screenshot({ path: '/tmp/sts-e2e-who-am-i-roles.png', fullPage: true });

  const del = step(page, 'delete-role');
  await expect(del.locator('[data-testid="phase"]')).toHaveText('teardown');
  await del.locator('[data-testid="run"]').click();
  await expect(del.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(del.locator('[data-testid="output"]')).toContainText('DeleteRole');
  const report = await (await api('/api/cleanup')).json();
  expect(report.leftovers.filter((l: any) => l.name === roleName)).toEqual([]);
});
