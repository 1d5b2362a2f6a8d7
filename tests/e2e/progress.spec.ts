/**
 * Progress as a learner meets it: run "Who am I?" to the end by clicking Run on each step, see
 * the lesson marked completed in the sidebar and on the home page (by the mark's accessible
 * name), the "Next lesson" call to action right after the last step and the pager's next link
 * emphasised; reload and still see every step's output; download the lab report from the home
 * page and from the lesson page and read it. Screenshots (light, dark, 390 px) go to
 * test-results/. The lesson is reset before and after, so the shared server is left as found.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'who-am-i';
const STEPS = ['get-caller-identity', 'regional-endpoints', 'create-role', 'as-role-session', 'as-session-token', 'delete-role'];
const NEXT = 'Assume a role';

test.beforeAll(() => resetLesson(LESSON));
test.afterAll(() => resetLesson(LESSON));

const sidebarLink = (page: Page) => page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: /^Who am I\?/ });
const homeCard = (page: Page) => page.getByTestId('lesson-list').getByRole('link', { name: /^Who am I\?/ });

test('a lesson run to the end is marked completed, points to the next lesson, and keeps its outputs', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, `/lessons/${LESSON}/`);
  const cta = page.getByTestId('next-lesson');
  await expect(sidebarLink(page)).toBeVisible();
  await expect(sidebarLink(page).getByRole('img', { name: 'completed' })).toHaveCount(0);
  await expect(cta).toBeHidden();

  for (const id of STEPS.slice(0, -1)) await runStep(page, id);
  // Every step but the teardown: not completed yet.
  await expect(sidebarLink(page).getByRole('img', { name: 'completed' })).toHaveCount(0);
  await expect(cta).toBeHidden();

  await runStep(page, 'delete-role');
  await expect(sidebarLink(page).getByRole('img', { name: 'completed' })).toBeVisible();
  await expect(sidebarLink(page)).toHaveAccessibleName(/Who am I\? completed/);
  await expect(cta).toBeVisible();
  await expect(cta.getByRole('status')).toHaveText('Lesson completed: every step ended as meant.');
  const next = cta.getByRole('link', { name: `Next lesson: ${NEXT}` });
  await expect(next).toHaveAttribute('href', '/lessons/assume-role/');
  // Right after the last step's output, and the pager's next link stands out too.
  expect(await page.evaluate(() => document.querySelector('[data-step="delete-role"]')?.nextElementSibling?.localName)).toBe('next-lesson');
  await expect(page.locator('nav.pager')).toHaveClass(/\bis-lesson-completed\b/);
  await page.evaluate(() => document.querySelector('next-lesson')?.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: 'test-results/progress-completed-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/progress-completed-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // A reload: every step still shows its status and its output, and the lesson is still done.
  await page.reload();
  for (const id of STEPS) {
    const s = step(page, id);
    await expect(s.locator('[data-testid="status"]')).toHaveText('succeeded');
    await expect(s.locator('[data-testid="last-run"]')).toBeVisible();
    await expect(s.locator('.ev-end')).toHaveText(/^Succeeded/);
  }
  await expect(step(page, 'get-caller-identity').locator('[data-testid="result"]')).toContainText('arn:aws:iam::123456789012:user/workshop-admin');
  await expect(sidebarLink(page).getByRole('img', { name: 'completed' })).toBeVisible();
  await expect(cta.getByRole('link', { name: `Next lesson: ${NEXT}` })).toBeVisible();

  // On the home page the lesson's card carries the mark; a lesson not run does not.
  await page.goto('/');
  await expect(homeCard(page).getByRole('img', { name: 'completed' })).toBeVisible();
  await expect(homeCard(page)).toHaveAccessibleName(/completed/);
  // (Other specs share this server and may have completed other lessons: check one reset here.)
  await resetLesson('session-token-mfa');
  await page.reload();
  await expect(page.getByTestId('lesson-list').getByRole('link', { name: /^Get a session token/ }).getByRole('img', { name: 'completed' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/progress-home-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/progress-home-dark.png', fullPage: true });

  // The lesson page at 390 px: the call to action fits.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/lessons/${LESSON}/`);
  await expect(cta).toBeVisible();
  await cta.scrollIntoViewIfNeeded();
  const box = (await cta.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/progress-completed-390.png' });
  await page.goto('/');
  await homeCard(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/progress-home-390.png' });
});

test('the lab report downloads from the home page and from a lesson page, redacted', async ({ page }) => {
  await signIn(page, '/');
  const button = page.getByRole('button', { name: 'Download lab report' });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^sts-workshop-report-\d{4}-\d\d-\d\d\.md$/);
  const md = await readFile((await download.path())!, 'utf8');
  expect(md).toMatch(/^# STS Workshop lab report\n/);
  expect(md).toContain('- Target: offline sandbox');
  expect(md).toContain('- Account: `123456789012`');
  expect(md).toContain('- Region: `us-east-1`');
  expect(md).toMatch(/\| Who am I\? \| completed · 6 of 6 steps ended as meant \|/);
  expect(md).toContain('### Ask STS who is calling');
  expect(md).toMatch(/\| 1 \| STS \| `GetCallerIdentity` \| `(OK|HTTP 200)` \| `[\w-]+` \| \d+ ms \|/);
  expect(md).toMatch(/\| \d+ \| IAM \| `CreateRole` \|/);
  expect(md).not.toMatch(/SecretAccessKey|SessionToken"|SigninToken=(?!\[REDACTED)/);
  await expect(page.getByTestId('report').getByRole('status')).toHaveText(`Saved ${download.suggestedFilename()}`);
  await page.getByTestId('report').screenshot({ path: 'test-results/progress-report-button.png' });

  await page.goto(`/lessons/${LESSON}/`);
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download lab report' }).click()]);
  expect(await readFile((await again.path())!, 'utf8')).toContain('## Who am I?');
  await page.locator('article header').screenshot({ path: 'test-results/progress-lesson-header.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.locator('article header').screenshot({ path: 'test-results/progress-lesson-header-390-dark.png' });
});
