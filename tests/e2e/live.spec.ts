/**
 * "Seeing what happened" in Chromium, as a learner does it on "Assume a role": the credentials
 * panel lists the notebook, then the user's key, then the role session with a countdown that
 * moves; the trust diagram lights the edges the calls travel (denied in red, allowed in green,
 * dimmed after the run, cleared by the next); the lesson's fast-forward expires the session, the
 * panel says "expired" and the steps that need it say what to run again; the try-it cell runs
 * one call as a credential picked from the panel (typed JSON, Run, the output read), refuses
 * what is not a JSON object, and what it creates goes with the teardown. Screenshots of the
 * panel, the diagram and the cell in light and dark and at 390 px go to test-results/live/.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'assume-role';
const SHOTS = 'test-results/live';

const panel = (page: Page) => page.getByTestId('credentials-panel');
const credential = (page: Page, name: string) => panel(page).locator(`[data-testid="credential"][data-name="${name}"]`);
const diagram = (page: Page) => page.getByTestId('trust-diagram');
const edge = (page: Page, from: string, to: string) => diagram(page).locator(`[data-testid="edge"][data-from="${from}"][data-to="${to}"]`);
const tryIt = (page: Page) => page.getByTestId('try-it');

async function tryCall(page: Page, credentialLabel: RegExp, operation: string, params: string, status: string) {
  const cell = tryIt(page);
  await cell.scrollIntoViewIfNeeded();
  await expect(cell).toHaveAttribute('data-ready', ''); // its code loads after the page settles
  await cell.getByLabel('Sign with').selectOption({ label: (await optionLabel(cell.getByLabel('Sign with'), credentialLabel)) });
  await cell.getByLabel('Operation').selectOption(operation);
  await cell.getByLabel('Parameters (a JSON object)').fill(params);
  await cell.getByRole('button', { name: 'Run' }).click();
  await expect(cell.getByTestId('status')).toHaveText(status, { timeout: 30_000 });
  return cell.getByTestId('output');
}

async function optionLabel(select: Locator, label: RegExp): Promise<string> {
  await expect.poll(async () => (await select.locator('option').allTextContents()).some((l) => label.test(l)), { message: `an option like ${label}` }).toBe(true);
  return (await select.locator('option').allTextContents()).find((l) => label.test(l))!;
}

async function shoot(page: Page, name: string) {
  await panel(page).screenshot({ path: `${SHOTS}/${name}-panel.png` });
  await diagram(page).screenshot({ path: `${SHOTS}/${name}-diagram.png` });
  await tryIt(page).screenshot({ path: `${SHOTS}/${name}-try-it.png` });
}

test('credentials, the live diagram and try it, through a whole lesson', async ({ page }) => {
  test.setTimeout(180_000);
  await resetLesson(LESSON);
  await signIn(page, `/lessons/${LESSON}/`);

  // Fresh: only the notebook's own identity.
  await expect(credential(page, 'notebook')).toContainText("the notebook's own identity");
  await expect(credential(page, 'notebook').getByTestId('principal')).toHaveText(/^arn:aws:iam::123456789012:user\//);
  await expect(panel(page)).toContainText("the notebook's own, for now");
  await expect(panel(page).locator('[data-testid="credential"]')).toHaveCount(1);

  for (const id of ['create-user', 'create-access-key']) await runStep(page, id);
  await expect(credential(page, 'userKey')).toContainText("The user's access key");
  await expect(credential(page, 'userKey')).toContainText('long-term access key');
  await expect(credential(page, 'userKey')).toContainText(/key AKIA[A-Z2-7]{16}/);
  await expect(credential(page, 'userKey')).toContainText('does not expire');
  for (const id of ['create-role', 'attach-read-only', 'allow-assume-role']) await runStep(page, id);

  // The user's own ListBuckets is denied: its edge turns red, and says so in words.
  await runStep(page, 'list-buckets-as-user', 'failed as expected');
  await expect(edge(page, 'user', 's3')).toHaveClass(/is-denied/);
  await expect(edge(page, 'user', 's3').locator('[data-part="state"]')).toHaveText('✗ denied');
  await expect(diagram(page).getByTestId('diagram-activity')).toContainText('S3 ListBuckets from Lesson user: ✗ denied (AccessDenied).');
  await expect(diagram(page)).toHaveAttribute('data-phase', 'after');

  // AssumeRole: the next run clears the last one's edges, then lights its own.
  await runStep(page, 'assume-role');
  await expect(edge(page, 'user', 's3')).not.toHaveClass(/is-denied/);
  await expect(edge(page, 'user', 'sts')).toHaveClass(/is-allowed/);
  await expect(edge(page, 'user', 'sts').locator('[data-part="state"]')).toHaveText('✓ allowed');
  await expect(edge(page, 'sts', 'session')).toHaveClass(/is-allowed/);
  const session = credential(page, 'session');
  await expect(session).toContainText('Role session');
  await expect(session).toContainText('role session');
  await expect(session.getByTestId('principal')).toHaveText(/^arn:aws:sts::123456789012:assumed-role\/stsw-[a-z2-7]+-role\/stsw-[a-z2-7]+-session$/);
  await expect(session).toContainText(/expires in 1[45]:\d\d/);
  const first = await session.locator('.cred-time').textContent();
  await expect(session.locator('.cred-time')).not.toHaveText(first!, { timeout: 3000 });
  await expect(panel(page).locator('.creds-summary')).toContainText(/2 held by the lesson · the role session expires in 1[45]:\d\d/);

  await runStep(page, 'list-buckets-as-role');
  await expect(edge(page, 'session', 's3')).toHaveClass(/is-allowed/);
  await runStep(page, 'write-is-denied', 'failed as expected');
  await expect(edge(page, 'session', 's3')).toHaveClass(/is-denied/);
  await expect(edge(page, 'session', 's3').locator('[data-part="state"]')).toHaveText('✗ CreateBucket denied');
  await page.setViewportSize({ width: 1280, height: 900 });
  await shoot(page, 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, 'dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The lesson's own fast-forward: the session has expired, and the steps that need it say so.
  await runStep(page, 'wait-for-expiry');
  await expect(session).toHaveClass(/is-expired/);
  await expect(session.locator('.cred-time')).toHaveText('⊘ expired just now');
  await expect(panel(page).locator('.creds-summary')).toContainText('1 expired');
  const note = step(page, 'list-buckets-as-role').getByTestId('expired-note');
  await expect(note).toContainText('Needs the role session, which expired just now: run “Assume the role” again.');
  await expect(note.getByRole('link', { name: '“Assume the role”' })).toHaveAttribute('href', '#step-assume-role');
  await expect(step(page, 'expired-credentials').getByTestId('expired-note')).toHaveCount(0);
  await step(page, 'list-buckets-as-role').locator('.step-head').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/light-expired-note.png` });
  await runStep(page, 'expired-credentials', 'failed as expected');

  // Try it: the expired session is refused by STS itself; the user's key answers.
  const cell = tryIt(page);
  await expect(cell.getByLabel('Sign with').locator('option')).toHaveText([/^The notebook/, /^The user's access key/, /^Role session \(role session, expired\)$/]);
  let output = await tryCall(page, /^Role session/, 'sts:GetCallerIdentity', '{}', 'failed');
  await expect(output).toContainText('ExpiredToken');
  output = await tryCall(page, /^The user's access key/, 'sts:GetCallerIdentity', '{ }', 'succeeded');
  await expect(output.getByTestId('result')).toContainText(/"Arn": "arn:aws:iam::123456789012:user\/sts-workshop\/stsw-[a-z2-7]+-user"/);
  await expect(output).toContainText('signed as The user\'s access key');

  // Parameters that are not a JSON object never leave the page.
  await cell.getByLabel('Parameters (a JSON object)').fill('[1, 2]');
  await cell.getByRole('button', { name: 'Run' }).click();
  await expect(cell.getByTestId('try-error')).toHaveText(/must be a JSON object .* not a list/);
  await expect(cell.getByTestId('status')).toHaveText('succeeded');
  await expect(output.getByTestId('result')).toContainText('sts-workshop');

  // An example to start from when the field was not edited.
  await cell.getByLabel('Parameters (a JSON object)').fill('');
  await cell.getByLabel('Operation').selectOption('iam:CreateUser');
  await expect(cell.getByLabel('Parameters (a JSON object)')).toHaveValue(/"UserName": "try-it-user"/);

  // A create: made under /sts-workshop/ with the run's tag, removed by the teardown.
  output = await tryCall(page, /^The notebook/, 'iam:CreateUser', '{ "UserName": "live-spec-user" }', 'succeeded');
  await expect(output.getByTestId('result')).toContainText('"Path": "/sts-workshop/"');
  await expect(output).toContainText("Made under /sts-workshop/ with this run's tags");
  // Creates it cannot track are refused, and nothing runs.
  await tryCall(page, /^The notebook/, 'iam:CreateGroup', '{ "GroupName": "g" }', 'succeeded');
  await expect(output.getByTestId('notice')).toContainText('Try it does not run CreateGroup');
  // A phone's width; tall, so that element shots need no scrolling under the sticky header.
  await page.setViewportSize({ width: 390, height: 2400 });
  await shoot(page, 'phone');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, 'phone-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });

  const teardown = await runStep(page, 'delete-role');
  await expect(teardown.getByTestId('output')).toContainText('Also removing what Try it made in this run: user live-spec-user');
  await runStep(page, 'delete-user');
  await expect(panel(page).locator('[data-testid="credential"]')).toHaveCount(1);
  await expect(step(page, 'list-buckets-as-role').getByTestId('expired-note')).toHaveCount(0);
  const leftovers = await (await api('/api/cleanup')).text();
  expect(leftovers).not.toContain('live-spec-user');
});

test('after a reload the panel shows what the server holds, and the diagram waits for a run', async ({ page }) => {
  await resetLesson(LESSON);
  await signIn(page, `/lessons/${LESSON}/`);
  for (const id of ['create-user', 'create-access-key']) await runStep(page, id);
  await page.reload();
  await expect(credential(page, 'userKey')).toContainText("The user's access key");
  await expect(diagram(page).locator('.is-allowed, .is-denied')).toHaveCount(0);

  // On a phone the panel starts closed, and its summary says what it holds.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const summary = panel(page).locator('summary');
  await expect(summary).toHaveText(/Credentials\s*1 held by the lesson/);
  await expect(credential(page, 'userKey')).toBeHidden();
  await panel(page).screenshot({ path: `${SHOTS}/phone-closed-panel.png` });
  await summary.click();
  await expect(credential(page, 'userKey')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await runStep(page, 'delete-user');
  await expect(panel(page).locator('[data-testid="credential"]')).toHaveCount(1);
});
