/**
 * The lesson toolbar as a learner uses it: Run all on "Who am I?" and on the MFA lesson (codes
 * filled from the built-in authenticator, the sandbox clock moved past spent codes instead of an
 * idle wait), Run all again on a done lesson, Run to here on a middle step, Reset lesson through
 * its confirmation dialog (outputs cleared, nothing left in the sandbox), Shift+Enter in a step
 * and in a step's field, the keyboard alone, and the "Skip the wait (sandbox)" buttons. Stop
 * during Run all and the real-account wait each use a notebook of their own (see their tests).
 * Screenshots (light, dark, 390 px) go to test-results/.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, signIn, step } from './support.ts';
import { startStandaloneSandbox, waitForLine, type StandaloneSandbox } from '../support/processes.ts';

const SHOTS = 'test-results';

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

/** A lesson as a newcomer finds it: its teardown run through the API, then forgotten. */
async function freshLesson(lesson: string, call = api) {
  const body = await (await call('/api/lessons')).json();
  const steps = body.lessons.find((l: any) => l.slug === lesson).steps;
  for (const s of steps.filter((s: any) => s.phase === 'teardown')) {
    const res = await call(`/api/lessons/${lesson}/steps/${s.id}/run`, { method: 'POST', body: '{}' });
    await res.text();
  }
  const reset = await call(`/api/lessons/${lesson}/reset`, { method: 'POST', body: '{}' });
  expect(reset.status, await reset.clone().text()).toBe(200);
}

/** Records every text the toolbar's progress line shows, from now on. */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { progressLines: string[] };
    w.progressLines = [];
    const line = document.querySelector('[data-testid="run-all-progress"]')!;
    new MutationObserver(() => w.progressLines.push(line.textContent ?? '')).observe(line, { childList: true, subtree: true, characterData: true });
  });
}
const progressLines = (page: Page) => page.evaluate(() => (window as unknown as { progressLines: string[] }).progressLines);

/** Every setup and usage step ended as meant: succeeded, or denied where the step says it is meant to be. */
async function expectAllAsMeant(page: Page, lesson: string) {
  const steps = page.locator(`run-step[data-lesson="${lesson}"]:not([data-phase="teardown"])`);
  const count = await steps.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const s = steps.nth(i);
    const meant = (await s.getAttribute('data-expect')) === 'ok' ? 'succeeded' : 'failed as expected';
    await expect(s.getByTestId('status'), `step ${await s.getAttribute('data-step')}`).toHaveText(meant);
    await expect(s.getByTestId('output')).not.toBeEmpty();
  }
  await expect(page.locator(`run-step[data-lesson="${lesson}"][data-phase="teardown"] [data-testid="status"]`).first()).toHaveText('idle');
}

async function resetThroughDialog(page: Page) {
  const toolbar = page.getByTestId('lesson-runner');
  await toolbar.getByRole('button', { name: 'Reset lesson' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(dialog).toBeHidden();
  await expect(toolbar.getByTestId('run-all-progress')).toHaveText(/^Lesson reset/, { timeout: 30_000 });
}

async function expectCleared(page: Page, lesson: string) {
  const steps = page.locator(`run-step[data-lesson="${lesson}"]`);
  for (let i = 0; i < (await steps.count()); i++) {
    await expect(steps.nth(i).getByTestId('status')).toHaveText('idle');
    await expect(steps.nth(i).getByTestId('output')).toBeEmpty();
  }
}

async function expectNothingLeft(call = api) {
  const body = await (await call('/api/cleanup')).json();
  expect(body.leftovers).toEqual([]);
}

// ── on the shared e2e notebook (sandbox, no propagation delay) ─────────────────────────────

test('Run all on "Who am I?" runs setup then usage, each step as meant; again it skips them; Reset asks, tears down and clears', async ({ page }) => {
  test.setTimeout(90_000);
  await freshLesson('who-am-i');
  await signIn(page, '/lessons/who-am-i/');
  const toolbar = page.getByTestId('lesson-runner');
  const runAll = toolbar.getByRole('button', { name: 'Run all' });
  await expect(runAll).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-toolbar-light.png` });
  await recordProgress(page);

  await runAll.click();
  await expect(toolbar.getByTestId('run-all-progress')).toHaveText('Done: 5 steps ran as meant.', { timeout: 30_000 });
  await expect(runAll).toBeVisible(); // the Stop went back to Run all
  await expectAllAsMeant(page, 'who-am-i');
  const lines = await progressLines(page);
  // Setup first (the role), then the usage steps in page order.
  expect(lines.filter((l) => l.startsWith('Running'))).toEqual([
    'Running 1 of 5: Create a role that trusts the notebook',
    'Running 2 of 5: Ask STS who is calling',
    'Running 3 of 5: Ask the SDK which STS endpoint it would call',
    'Running 4 of 5: Ask again as a role session',
    'Running 5 of 5: Ask again with a session token',
  ]);
  await expect(step(page, 'as-role-session').getByTestId('result')).toContainText(':assumed-role/');
  await toolbar.scrollIntoViewIfNeeded();
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-who-am-i-done-light.png` });

  // A half-done lesson is safe to Run all again: done steps are skipped, and it says so.
  await runAll.click();
  await expect(toolbar.getByTestId('run-all-progress')).toHaveText('Nothing to run: every step is already done in this run-through.');

  // Reset: a Cancel changes nothing.
  await toolbar.getByRole('button', { name: 'Reset lesson' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Reset “Who am I?”?');
  await expect(dialog).toContainText('“Delete the role”');
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-reset-dialog-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-reset-dialog-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(toolbar.getByRole('button', { name: 'Reset lesson' })).toBeFocused();
  await expect(step(page, 'get-caller-identity').getByTestId('status')).toHaveText('succeeded');

  await resetThroughDialog(page);
  await expectCleared(page, 'who-am-i');
  await expectNothingLeft();
  // The server forgot it too: a reload shows a fresh lesson.
  await page.reload();
  await expectCleared(page, 'who-am-i');
});

test('Run all on the MFA lesson fills the codes from the authenticator and skips the sandbox clock past spent codes', async ({ page }) => {
  test.setTimeout(90_000);
  await freshLesson('assume-role-mfa');
  await signIn(page, '/lessons/assume-role-mfa/');
  const toolbar = page.getByTestId('lesson-runner');
  await recordProgress(page);
  const started = Date.now();
  await toolbar.getByRole('button', { name: 'Run all' }).click();
  await expect(toolbar.getByTestId('run-all-progress')).toHaveText(
    /^Done: 11 steps ran as meant\. The sandbox clock moved \d+ seconds ahead instead of waiting for unused MFA codes\.$/,
    { timeout: 60_000 },
  );
  // No idle waits: two spent codes after EnableMFADevice would cost 30-60 s of waiting.
  expect(Date.now() - started).toBeLessThan(25_000);
  await expectAllAsMeant(page, 'assume-role-mfa');
  const lines = await progressLines(page);
  expect(lines.some((l) => /^Running \d+ of 11: Assume the role with an MFA code — moved the sandbox clock \d+ seconds ahead to an unused MFA code/.test(l))).toBe(true);
  // The codes came from the authenticator: the enable step sent two, the MFA step one, all different.
  const enable = step(page, 'enable-mfa-device');
  const code1 = await enable.locator('input[name="code1"]').inputValue();
  const code2 = await enable.locator('input[name="code2"]').inputValue();
  const code = await step(page, 'assume-role-with-mfa').locator('input[name="code"]').inputValue();
  expect(new Set([code1, code2, code]).size).toBe(3);
  await expect(step(page, 'list-buckets-as-role').getByTestId('output')).toContainText('ListBuckets');
  await page.emulateMedia({ colorScheme: 'dark' });
  await step(page, 'assume-role-with-mfa').locator('.step-controls').scrollIntoViewIfNeeded();
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-mfa-step-done-dark.png` });
  await toolbar.scrollIntoViewIfNeeded();
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-mfa-done-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });

  await resetThroughDialog(page);
  await expectCleared(page, 'assume-role-mfa');
  await expect(step(page, 'enable-mfa-device').locator('input[name="code1"]')).toHaveValue('');
  await expect(page.getByTestId('authenticator-empty')).toBeVisible();
  await expectNothingLeft();
});

test('Run to here on a middle step runs the steps above it, then it, and no further', async ({ page }) => {
  test.setTimeout(90_000);
  await freshLesson('assume-role');
  await signIn(page, '/lessons/assume-role/');
  const target = step(page, 'list-buckets-as-role');
  await expect(step(page, 'delete-role').getByRole('button', { name: 'Run to here' })).toHaveCount(0);
  await target.getByRole('button', { name: 'Run to here' }).click();
  const progress = page.getByTestId('run-all-progress');
  await expect(progress).toHaveText('Done: 8 steps ran as meant.', { timeout: 30_000 });
  for (const id of ['create-user', 'create-access-key', 'create-role', 'attach-read-only', 'allow-assume-role', 'list-buckets-as-user', 'assume-role', 'list-buckets-as-role']) {
    await expect(step(page, id).getByTestId('status'), id).toHaveText(/^(succeeded|failed as expected)$/);
  }
  for (const id of ['who-am-i-now', 'write-is-denied', 'wait-for-expiry', 'expired-credentials', 'delete-role', 'delete-user']) {
    await expect(step(page, id).getByTestId('status'), id).toHaveText('idle');
  }
  // Further down, only what is not done yet runs.
  await step(page, 'write-is-denied').getByRole('button', { name: 'Run to here' }).click();
  await expect(progress).toHaveText('Done: 2 steps ran as meant. 8 steps already done in this run-through were skipped.', { timeout: 30_000 });
  await expect(step(page, 'write-is-denied').getByTestId('status')).toHaveText('failed as expected');
  await page.setViewportSize({ width: 390, height: 844 });
  await step(page, 'write-is-denied').getByTestId('run-to-here').scrollIntoViewIfNeeded();
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-run-to-here-390.png` });
  await page.getByTestId('lesson-runner').scrollIntoViewIfNeeded();
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-toolbar-390.png` });
  await page.setViewportSize({ width: 1280, height: 720 });

  await resetThroughDialog(page);
  await expectCleared(page, 'assume-role');
  await expectNothingLeft();
});

test('Shift+Enter runs the step that has the focus, from its code or its field; Enter in a field still runs it', async ({ page }) => {
  test.setTimeout(60_000);
  await freshLesson('federated-console');
  await signIn(page, '/lessons/federated-console/');
  const create = step(page, 'create-console-role');
  await create.locator('pre').first().focus();
  await page.keyboard.press('Shift+Enter');
  await expect(create.getByTestId('status')).toHaveText('succeeded', { timeout: 30_000 });

  const url = step(page, 'get-sign-in-url');
  const issuer = url.locator('input[name="issuer"]');
  await issuer.focus();
  await page.keyboard.press('Shift+Enter');
  await expect(url.getByTestId('status')).toHaveText('succeeded', { timeout: 30_000 });
  await expect(issuer).toHaveValue(/\/lessons\/federated-console\/$/); // typing is untouched
  await page.evaluate(() => {
    const w = window as unknown as { runs: number };
    w.runs = 0;
    document.addEventListener('step-run', () => w.runs++);
  });
  await issuer.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => (window as unknown as { runs: number }).runs)).toBe(1);
  await expect(url.getByTestId('status')).toHaveText('succeeded', { timeout: 30_000 });

  // The shortcuts are written on the page.
  const keys = page.getByTestId('lesson-runner').locator('details');
  await keys.locator('summary').click();
  await expect(keys).toContainText('Shift + Enter');
  await expect(keys).toContainText('runs the step you are in');
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-keyboard-note-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-keyboard-note-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });

  await freshLesson('federated-console');
});

test('the keyboard alone: Tab to Run all, Enter, then Reset lesson through its dialog', async ({ page }) => {
  test.setTimeout(60_000);
  await freshLesson('who-am-i');
  await signIn(page, '/lessons/who-am-i/');
  const runAll = page.getByTestId('lesson-runner').getByRole('button', { name: 'Run all' });
  for (let i = 0; i < 40 && !(await runAll.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(runAll).toBeFocused();
  await page.keyboard.press('Enter');
  const progress = page.getByTestId('run-all-progress');
  await expect(progress).toHaveText('Done: 5 steps ran as meant.', { timeout: 30_000 });
  await expect(runAll).toBeFocused(); // the button kept the focus while it was Stop
  await expectAllAsMeant(page, 'who-am-i');

  await page.keyboard.press('Tab');
  const reset = page.getByTestId('lesson-runner').getByRole('button', { name: 'Reset lesson' });
  await expect(reset).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(reset).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Yes, reset' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(progress).toHaveText(/^Lesson reset/, { timeout: 30_000 });
  await expect(runAll).toBeFocused(); // it was Stop while the teardown ran
  await expectCleared(page, 'who-am-i');

  // Run to here from the keyboard keeps the focus on its button.
  const toHere = step(page, 'as-role-session').getByRole('button', { name: 'Run to here' });
  await toHere.focus();
  await page.keyboard.press('Enter');
  await expect(progress).toHaveText('Done: 4 steps ran as meant.', { timeout: 30_000 });
  await expect(toHere).toBeFocused();
  await freshLesson('who-am-i');
  await expectNothingLeft();
});

test('after a step sent the codes, "Skip the wait (sandbox)" moves the clock to unused ones', async ({ page }) => {
  test.setTimeout(90_000);
  await freshLesson('assume-role-mfa');
  await signIn(page, '/lessons/assume-role-mfa/');
  // The whole setup, the enable included (it sends the current and the next code).
  await step(page, 'allow-user-to-assume').getByRole('button', { name: 'Run to here' }).click();
  await expect(page.getByTestId('run-all-progress')).toHaveText(/^Done: 7 steps ran as meant/, { timeout: 30_000 });

  const assume = step(page, 'assume-role-with-mfa');
  await assume.getByTestId('fill-mfa').click();
  await expect(assume.getByTestId('fill-mfa-note')).toContainText('already sent');
  const skip = assume.getByRole('button', { name: 'Skip the wait (sandbox)' });
  await expect(skip).toBeVisible();
  await expect(assume).toContainText('AWS refuses a code twice; the sandbox lets you skip the wait.');
  const panel = page.getByTestId('authenticator');
  await expect(panel.getByRole('button', { name: 'Skip the wait (sandbox)' })).toBeVisible();
  await assume.locator('.step-controls').screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-skip-wait-step-light.png` });
  await panel.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-skip-wait-panel-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await assume.locator('.step-controls').screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-skip-wait-step-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });

  await skip.click();
  await expect(assume.getByTestId('fill-mfa-note')).toContainText(/^Moved the sandbox clock \d+ seconds ahead\. Filled in \d{6}\./);
  await expect(skip).toBeHidden();
  await expect(assume.getByTestId('run')).toBeFocused();
  await expect(panel.getByRole('button', { name: 'Skip the wait (sandbox)' })).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(assume.getByTestId('status')).toHaveText('succeeded', { timeout: 30_000 });

  // Now the current code is spent again: the panel warns, and offers the same way out.
  await expect(panel.getByTestId('authenticator-used')).toBeVisible();
  await panel.getByRole('button', { name: 'Skip the wait (sandbox)' }).click();
  await expect(panel.locator('[data-part="fill-note"]')).toHaveText(/^Moved the sandbox clock \d+ seconds? ahead: no step on this page has sent the current code\.$/);
  await expect(panel.getByTestId('authenticator-used')).toBeHidden();
  await expect(panel.getByRole('button', { name: 'Both codes → Enable the device with two consecutive codes' })).toBeFocused();

  await resetThroughDialog(page);
  await expectNothingLeft();
});

// ── a notebook of its own: IAM propagation on, so steps wait and Stop catches one in flight ──

test.describe('with IAM propagation (a notebook of its own)', () => {
  const TOKEN = 'run-all-e2e-token-propagation-0123456789abcdef';
  let notebook: ChildProcess;
  let base = '';
  const call = (path: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.method === 'POST' ? { 'content-type': 'application/json' } : {}) } });

  test.beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'stsw-run-all-'));
    notebook = spawn(process.execPath, ['server/main.ts', '--port', '0', '--sandbox-port', '0', '--propagation-ms', '10000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, WORKSHOP_TOKEN: TOKEN, WORKSHOP_STATE_DIR: join(home, 'state') },
    });
    base = /^Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(await waitForLine(notebook, /^Open http/))![1]!;
  });
  test.afterAll(() => void notebook?.kill('SIGTERM'));

  test('Stop during Run all stops the step in flight and the sequence', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`${base}/?token=${TOKEN}`);
    await page.waitForURL((url) => !url.search.includes('token='));
    await page.goto(`${base}/lessons/assume-role/`);
    const toolbar = page.getByTestId('lesson-runner');
    await toolbar.getByRole('button', { name: 'Run all' }).click();
    // A step waiting for IAM to propagate: the toolbar sticks in view, its button is Stop.
    const waiting = page.locator('run-step[data-status="running"] .ev-progress');
    await expect(waiting).toBeVisible({ timeout: 30_000 });
    const running = page.locator('run-step[data-status="running"]');
    const id = await running.getAttribute('data-step');
    const stop = toolbar.getByRole('button', { name: 'Stop' });
    await expect(stop).toBeInViewport();
    await expect(running.locator('[data-testid="output"]')).toBeInViewport(); // scrolled to the running step
    await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-running-sticky-light.png` });
    await stop.click();
    await expect(step(page, id!).getByTestId('status')).toHaveText('cancelled', { timeout: 15_000 });
    await expect(toolbar.getByTestId('run-all-progress')).toHaveText(/^Stopped at \d+ of 12: "[^"]+"\.$/);
    await expect(toolbar.getByRole('button', { name: 'Run all' })).toBeVisible();
    await expect(step(page, 'expired-credentials').getByTestId('status')).toHaveText('idle');
    // The title in the progress line links to the step.
    await expect(toolbar.getByTestId('run-all-progress').getByRole('link')).toHaveAttribute('href', `#step-${id}`);

    // Run all again (on a phone) goes on from there; Escape in the running step stops it, and the sequence.
    await page.setViewportSize({ width: 390, height: 844 });
    await toolbar.getByRole('button', { name: 'Run all' }).click();
    await expect(waiting).toBeVisible({ timeout: 30_000 });
    const again = (await running.getAttribute('data-step'))!;
    await expect(running.locator('[data-testid="output"]')).toBeInViewport();
    await expect(toolbar.getByRole('button', { name: 'Stop' })).toBeInViewport();
    await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-running-sticky-390.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-running-sticky-390-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await step(page, again).locator('pre').first().focus();
    await page.keyboard.press('Escape');
    await expect(step(page, again).getByTestId('status')).toHaveText('cancelled', { timeout: 15_000 });
    await expect(toolbar.getByTestId('run-all-progress')).toHaveText(/^Stopped at \d+ of \d+: "[^"]+" did not end as meant \(it was stopped\); its output says why\.$/);

    await resetThroughDialog(page);
    await expectNothingLeft(call);
  });
});

// ── a "real" account (a standalone sandbox the SDK's default chain finds): the wait stays ──

test.describe('on a real account', () => {
  const TOKEN = 'run-all-e2e-token-real-account-0123456789abcd';
  let sandbox: StandaloneSandbox;
  let notebook: ChildProcess;
  let base = '';
  const call = (path: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.method === 'POST' ? { 'content-type': 'application/json' } : {}) } });

  test.beforeAll(async () => {
    sandbox = await startStandaloneSandbox();
    const home = mkdtempSync(join(tmpdir(), 'stsw-run-all-real-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    notebook = spawn(process.execPath, ['server/main.ts', '--target', 'aws', '--port', '0', '--region', 'us-east-1', '--confirm-account', '123456789012'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...env, ...sandbox.env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', WORKSHOP_TOKEN: TOKEN, WORKSHOP_STATE_DIR: join(home, 'state') },
    });
    base = /^Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(await waitForLine(notebook, /^Open http/))![1]!;
  });
  test.afterAll(() => {
    notebook?.kill('SIGTERM');
    sandbox?.stop();
  });

  test('Run all waits for an unused MFA code with a countdown, offers no skip, and Stop ends the wait', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`${base}/?token=${TOKEN}`);
    await page.waitForURL((url) => !url.search.includes('token='));
    await page.goto(`${base}/lessons/assume-role-mfa/`);
    const toolbar = page.getByTestId('lesson-runner');
    const progress = toolbar.getByTestId('run-all-progress');
    await toolbar.getByRole('button', { name: 'Run all' }).click();
    await expect(progress).toHaveText(/Assume the role with an MFA code — waiting \d+ seconds? for an unused MFA code \(AWS refuses a code twice\)\.$/, { timeout: 30_000 });
    const first = Number(/waiting (\d+)/.exec((await progress.textContent())!)![1]);
    await expect(progress).not.toHaveText(new RegExp(`waiting ${first} second`), { timeout: 5_000 }); // it counts down
    await expect(page.getByRole('button', { name: 'Skip the wait (sandbox)' })).toHaveCount(0);
    await page.screenshot({ animations: 'disabled', path: `${SHOTS}/run-all-real-account-wait-light.png` });
    await toolbar.getByRole('button', { name: 'Stop' }).click();
    await expect(progress).toHaveText(/^Stopped at \d+ of 11: "Assume the role with an MFA code"\.$/);
    await expect(step(page, 'assume-role-with-mfa').getByTestId('status')).toHaveText('idle');

    await resetThroughDialog(page);
    await expectNothingLeft(call);
  });
});
