/**
 * "Assume a role that requires MFA" in Chromium: run every step with its Run button, fill the MFA
 * codes with the built-in authenticator's buttons (the panel's and the step's own), move the
 * sandbox clock through the API between code uses, and read the outputs: the denials marked
 * "failed as expected", a reused code refused with a hint to wait for the next one, the QR code
 * shown only after a warning and hidden again, and a teardown that leaves nothing behind.
 * Screenshots of the authenticator and the MFA steps, light and dark, go to /tmp/sts-workshop-shots.
 */
import { expect, test } from '@playwright/test';
import { advanceClock, api, authenticatorCodes, freshCodeWindow, runStep as run, signIn, step } from './support.ts';

const LESSON = 'assume-role-mfa';
const SHOTS = '/tmp/sts-workshop-shots';
const codes = () => authenticatorCodes(LESSON);

test('the MFA lesson end to end, with the built-in authenticator filling the codes', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, `/lessons/${LESSON}/`);
  const auth = page.locator(`mfa-authenticator[data-lesson="${LESSON}"]`);
  await expect(auth.getByTestId('authenticator-empty')).toHaveText('No device yet — run the step that creates it.');
  await expect(auth).toHaveAttribute('data-state', 'empty');
  const stepFill = step(page, 'assume-role-with-mfa').getByTestId('fill-mfa');
  await expect(stepFill).toBeVisible();
  await expect(stepFill).toBeDisabled();
  await auth.screenshot({ path: `${SHOTS}/${LESSON}-authenticator-empty.png` });
  await page.locator('figure.trust-diagram').first().screenshot({ path: `${SHOTS}/${LESSON}-diagram.png` });
  // The setup shared with the other MFA lesson shows its code from the shared module.
  for (const id of ['create-user', 'create-mfa-device', 'enable-mfa-device', 'create-access-key']) {
    await expect(step(page, id).locator('.code-file')).toHaveText('· src/lessons/shared/user-setup.ts');
  }
  await expect(step(page, 'create-mfa-device').locator('pre.astro-code')).toContainText('new CreateVirtualMFADeviceCommand({');

  // ── setup ─────────────────────────────────────────────────────────────────────────────
  await run(page, 'create-user');
  const device = await run(page, 'create-mfa-device');
  await expect(device.getByTestId('result')).toContainText(':mfa/sts-workshop/');
  const serial = (await codes()).serialNumber;
  await expect(auth.getByTestId('authenticator-serial')).toHaveText(serial);
  await expect(auth.getByTestId('authenticator-code')).toHaveText(/^\d{6}$/);
  await expect(auth.getByTestId('authenticator-next')).toHaveText(/^\d{6}$/);
  await expect(auth.getByTestId('authenticator-seconds')).toContainText(/changes in \d+ seconds?/);
  await expect(stepFill).toBeEnabled();
  for (const id of ['create-access-key', 'create-role', 'create-role-policy', 'allow-user-to-assume']) await run(page, id);

  // Enable with the panel's button: code 1 = current, code 2 = next.
  await freshCodeWindow(LESSON);
  const enableCodes = await codes();
  await auth.getByTestId('authenticator-fill-enable-mfa-device').click();
  const enable = step(page, 'enable-mfa-device');
  await expect(enable.locator('input[name="code1"]')).toHaveValue(enableCodes.code);
  await expect(enable.locator('input[name="code2"]')).toHaveValue(enableCodes.nextCode);
  await run(page, 'enable-mfa-device');
  await expect(enable.getByTestId('result')).toContainText('"Enabled": true');

  // 30 s later the current code is the enable's second code: already sent, refused by STS.
  await advanceClock(30);
  await expect(auth.getByTestId('authenticator-code')).toHaveText(enableCodes.nextCode);
  await expect(auth.getByTestId('authenticator-used')).toBeVisible();
  await expect(auth.getByTestId('authenticator-used')).toContainText('only once');
  const assume = step(page, 'assume-role-with-mfa');
  await stepFill.click();
  await expect(assume.locator('input[name="code"]')).toHaveValue(enableCodes.nextCode);
  await expect(assume.getByTestId('fill-mfa-note')).toContainText('already sent');
  await run(page, 'assume-role-with-mfa', 'failed');
  await expect(assume.getByTestId('output')).toContainText('MultiFactorAuthentication failed with invalid MFA one time pass code.');
  await expect(assume.getByTestId('hint')).toContainText('next code');
  await assume.getByTestId('output').screenshot({ path: `${SHOTS}/${LESSON}-reused-code-hint.png` });

  // ── usage ─────────────────────────────────────────────────────────────────────────────
  const noMfa = await run(page, 'assume-role-without-mfa', 'failed as expected');
  await expect(noMfa.getByTestId('output')).toContainText('Denied as expected');
  await expect(noMfa.getByTestId('output')).toContainText('is not authorized to perform: sts:AssumeRole');
  await expect(noMfa.getByTestId('output')).toContainText('aws:MultiFactorAuthPresent');
  await expect(noMfa.getByTestId('hint')).toHaveCount(0);

  const wrong = await run(page, 'assume-role-wrong-code', 'failed as expected');
  await expect(wrong.getByTestId('output')).toContainText('MultiFactorAuthentication failed with invalid MFA one time pass code.');
  await expect(wrong.getByTestId('hint')).toHaveCount(0);

  await advanceClock(30);
  const fresh = await codes();
  await expect(auth.getByTestId('authenticator-code')).toHaveText(fresh.code);
  await expect(auth.getByTestId('authenticator-used')).toBeHidden();
  // The clock has moved a minute or more: the panel says why a phone app's codes would not match.
  await expect(auth.getByTestId('authenticator-clock-ahead')).toContainText('ahead of real time');
  await stepFill.click();
  await expect(assume.locator('input[name="code"]')).toHaveValue(fresh.code);
  await run(page, 'assume-role-with-mfa');
  await expect(assume.getByTestId('result')).toContainText(':assumed-role/');
  await expect(assume.getByTestId('result')).toContainText('/with-mfa');
  await expect(assume.getByTestId('result')).toContainText('"AccessKeyId": "ASIA');

  const buckets = await run(page, 'list-buckets-as-role');
  await expect(buckets.getByTestId('result')).toContainText('workshop-data-123456789012');

  // ── the QR code: a warning first, then the image, then Hide drops it ─────────────────
  await auth.getByTestId('authenticator-show-qr').click();
  const qr = auth.getByTestId('authenticator-qr');
  await expect(qr).toContainText('The QR code is the device secret.');
  await expect(auth.getByTestId('authenticator-qr-img')).toBeHidden();
  await auth.getByTestId('authenticator-reveal-qr').click();
  const img = auth.getByTestId('authenticator-qr-img');
  await expect(img).toBeVisible();
  expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  await expect(qr).toContainText('Do not share or screenshot it.');
  // The image is the device secret: masked even in a test screenshot.
  await auth.screenshot({ path: `${SHOTS}/${LESSON}-authenticator-qr.png`, mask: [img] });

  // ── screenshots (the QR code hidden first: it is the secret) ──────────────────────────
  await auth.getByTestId('authenticator-hide-qr').click();
  await expect(qr).toBeHidden();
  expect(await img.getAttribute('src')).toBeNull();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await auth.scrollIntoViewIfNeeded();
    await auth.screenshot({ path: `${SHOTS}/${LESSON}-authenticator-${scheme}.png` });
    await assume.screenshot({ path: `${SHOTS}/${LESSON}-assume-role-with-mfa-${scheme}.png` });
    await enable.screenshot({ path: `${SHOTS}/${LESSON}-enable-mfa-device-${scheme}.png` });
    await wrong.screenshot({ path: `${SHOTS}/${LESSON}-assume-role-wrong-code-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  const tables = page.locator('.prose table');
  for (let i = 0; i < (await tables.count()); i++) await tables.nth(i).screenshot({ path: `${SHOTS}/${LESSON}-table-${i + 1}.png` });
  await page.screenshot({ path: `${SHOTS}/${LESSON}-page.png`, fullPage: true });

  // ── teardown ──────────────────────────────────────────────────────────────────────────
  const deleteRole = await run(page, 'delete-role');
  await expect(deleteRole.getByTestId('output')).toContainText('cannot be revoked');
  const roleDeleted = JSON.parse((await deleteRole.locator('[data-testid="result"] pre').textContent())!);
  expect(roleDeleted.deleted).toEqual([expect.stringMatching(/:role\/sts-workshop\//), expect.stringMatching(/:policy\/sts-workshop\//)]);
  const deleteUser = await run(page, 'delete-user');
  const userDeleted = JSON.parse((await deleteUser.locator('[data-testid="result"] pre').textContent())!);
  expect(userDeleted.deleted).toEqual([serial, expect.stringMatching(/:user\/sts-workshop\//)]);
  await deleteUser.screenshot({ path: `${SHOTS}/${LESSON}-delete-user.png` });
  await expect(auth.getByTestId('authenticator-empty')).toBeVisible();
  await expect(stepFill).toBeDisabled();
  expect((await api(`/api/lessons/${LESSON}/authenticator`)).status).toBe(204);
  const leftovers = (await (await api('/api/cleanup')).json()).leftovers as { name: string }[];
  expect(leftovers.filter((l) => l.name.includes(serial.split('/').pop()!.replace(/-mfa$/, '')))).toEqual([]);
});
