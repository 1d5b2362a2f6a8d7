/**
 * "Get a session token that requires MFA" in Chromium: run every step with its Run button, fill
 * the MFA codes with the built-in authenticator's buttons (the step's own for the enable step,
 * the panel's for GetSessionToken), move the sandbox clock through the API between code uses, and
 * read the outputs: ListBuckets denied for the session without MFA and allowed with MFA,
 * GetSessionToken refused with session credentials, and a teardown that leaves nothing behind.
 * Screenshots, light and dark, go to /tmp/sts-workshop-shots.
 */
import { expect, test } from '@playwright/test';
import { advanceClock, api, authenticatorCodes, freshCodeWindow, runStep as run, signIn, step } from './support.ts';

const LESSON = 'session-token-mfa';
const SHOTS = '/tmp/sts-workshop-shots';
const codes = () => authenticatorCodes(LESSON);

test('session tokens with and without MFA, codes filled by the built-in authenticator', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, `/lessons/${LESSON}/`);
  const auth = page.locator(`mfa-authenticator[data-lesson="${LESSON}"]`);
  await expect(auth.getByTestId('authenticator-empty')).toBeVisible();
  // The setup shared with the other MFA lesson shows its code from the shared module.
  for (const id of ['create-user', 'create-mfa-device', 'enable-mfa-device', 'create-access-key']) {
    await expect(step(page, id).locator('.code-file')).toHaveText('· src/lessons/shared/user-setup.ts');
  }
  await expect(step(page, 'create-mfa-device').locator('pre.astro-code')).toContainText('new CreateVirtualMFADeviceCommand({');

  // ── setup ─────────────────────────────────────────────────────────────────────────────
  await run(page, 'create-user');
  await run(page, 'create-mfa-device');
  await expect(auth.getByTestId('authenticator-code')).toHaveText(/^\d{6}$/, { timeout: 10_000 });
  await run(page, 'create-access-key');
  await run(page, 'allow-list-buckets-with-mfa');

  // The enable step's own button fills both codes.
  await freshCodeWindow(LESSON);
  const enableCodes = await codes();
  const enable = step(page, 'enable-mfa-device');
  await enable.getByTestId('fill-mfa').click();
  await expect(enable.locator('input[name="code1"]')).toHaveValue(enableCodes.code);
  await expect(enable.locator('input[name="code2"]')).toHaveValue(enableCodes.nextCode);
  await expect(enable.getByTestId('fill-mfa-note')).toContainText(enableCodes.nextCode);
  await run(page, 'enable-mfa-device');

  // ── usage ─────────────────────────────────────────────────────────────────────────────
  const plain = await run(page, 'get-session-token-without-mfa');
  await expect(plain.getByTestId('result')).toContainText('"AccessKeyId": "ASIA');
  const denied = await run(page, 'list-buckets-without-mfa', 'failed as expected');
  await expect(denied.getByTestId('output')).toContainText('Denied as expected');
  await expect(denied.getByTestId('output')).toContainText('AccessDenied');
  await expect(denied.getByTestId('output')).toContainText('aws:MultiFactorAuthPresent is false');

  // Both enable codes are spent: a minute later the code is fresh.
  await advanceClock(60);
  const fresh = await codes();
  await expect(auth.getByTestId('authenticator-code')).toHaveText(fresh.code);
  await auth.getByTestId('authenticator-fill-get-session-token-with-mfa').click();
  const withMfa = step(page, 'get-session-token-with-mfa');
  await expect(withMfa.locator('input[name="code"]')).toHaveValue(fresh.code);
  await run(page, 'get-session-token-with-mfa');
  await expect(withMfa.getByTestId('result')).toContainText('"MFA": "yes"');

  const listed = await run(page, 'list-buckets-with-mfa');
  await expect(listed.getByTestId('result')).toContainText('workshop-data-123456789012');

  const fromSession = await run(page, 'get-session-token-from-session', 'failed as expected');
  await expect(fromSession.getByTestId('output')).toContainText('Cannot call GetSessionToken with session credentials');

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await auth.screenshot({ path: `${SHOTS}/${LESSON}-authenticator-${scheme}.png` });
    await withMfa.screenshot({ path: `${SHOTS}/${LESSON}-get-session-token-with-mfa-${scheme}.png` });
    await denied.screenshot({ path: `${SHOTS}/${LESSON}-list-buckets-without-mfa-${scheme}.png` });
    await enable.screenshot({ path: `${SHOTS}/${LESSON}-enable-mfa-device-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  const tables = page.locator('.prose table');
  for (let i = 0; i < (await tables.count()); i++) await tables.nth(i).screenshot({ path: `${SHOTS}/${LESSON}-table-${i + 1}.png` });
  await page.locator('figure.trust-diagram').first().screenshot({ path: `${SHOTS}/${LESSON}-diagram.png` });

  // ── teardown ──────────────────────────────────────────────────────────────────────────
  const teardown = await run(page, 'delete-user');
  await expect(teardown.getByTestId('output')).toContainText('DeactivateMFADevice');
  await expect(teardown.getByTestId('output')).toContainText('cannot be revoked');
  const deleted = JSON.parse((await teardown.locator('[data-testid="result"] pre').textContent())!);
  expect(deleted.deleted).toEqual([enableCodes.serialNumber, expect.stringMatching(/:user\/sts-workshop\//)]);
  await expect(auth.getByTestId('authenticator-empty')).toBeVisible();
  expect((await api(`/api/lessons/${LESSON}/authenticator`)).status).toBe(204);
  const runId = /stsw-([a-z2-7]+)-mfa/.exec(enableCodes.serialNumber)![1]!;
  const leftovers = (await (await api('/api/cleanup')).json()).leftovers as { name: string }[];
  expect(leftovers.filter((l) => l.name.includes(runId))).toEqual([]);
});
