/**
 * A clean console: every lesson page, opened fresh and reloaded after its first step ran, logs
 * no error, throws nothing, and gets no failed request or error status (a step that never ran,
 * an authenticator without a device yet: the API answers those without an error). Requests cut
 * short by our own reload are not failures. Screenshots of each fresh lesson go to test-results/.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, BASE, resetLesson, signIn, step } from './support.ts';

/** Collects what a learner's console would show in red, and failed requests. */
function watch(page: Page) {
  const problems: string[] = [];
  let reloadedAt = Infinity;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (r) => {
    // A request that started before our reload and was cut short by it (a finished run's stream
    // still closing, an authenticator poll) is the reload's doing, not the page's.
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && r.timing().startTime < reloadedAt) return;
    problems.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return {
    problems,
    async reload() {
      reloadedAt = Date.now();
      await page.reload();
    },
  };
}

/** Waits until the page has asked the server what it needs (banner, statuses, a few authenticator polls). */
async function settle(page: Page) {
  await expect(page.locator('target-banner')).toHaveAttribute('data-state', 'sandbox');
  await page.waitForTimeout(2500);
}

const { lessons } = (await (await api('/api/lessons')).json()) as { lessons: { slug: string; steps: { id: string; phase: string }[] }[] };

for (const lesson of lessons) {
  test(`${lesson.slug}: no console error, opened fresh and after a reload mid-lesson`, async ({ page }) => {
    await resetLesson(lesson.slug);
    await signIn(page);
    await page.waitForLoadState('networkidle');
    const console = watch(page);

    await page.goto(`${BASE}/lessons/${lesson.slug}/`);
    await settle(page);
    await page.screenshot({ path: `test-results/console-clean-${lesson.slug}.png` });
    expect(console.problems, 'fresh page').toEqual([]);
    const authenticator = page.locator('mfa-authenticator');
    if ((await authenticator.count()) > 0) {
      // No device yet is a state the page shows, not an error it logs: in light, dark and on a phone.
      await expect(authenticator.getByTestId('authenticator-empty')).toBeVisible();
      await authenticator.screenshot({ path: `test-results/console-clean-${lesson.slug}-authenticator.png` });
      await page.emulateMedia({ colorScheme: 'dark' });
      await authenticator.screenshot({ path: `test-results/console-clean-${lesson.slug}-authenticator-dark.png` });
      await page.setViewportSize({ width: 390, height: 844 });
      await authenticator.screenshot({ path: `test-results/console-clean-${lesson.slug}-authenticator-390-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 1280, height: 720 });
      expect(console.problems, 'fresh page, other themes and sizes').toEqual([]);
    }

    const first = lesson.steps.find((s) => s.phase !== 'teardown');
    if (!first) return;
    const s = step(page, first.id);
    await s.locator('[data-testid="run"]').click();
    await expect(s.locator('[data-testid="status"]')).not.toHaveText(/idle|running/, { timeout: 30_000 });
    await console.reload();
    await expect(s.locator('[data-testid="last-run"]')).toBeVisible();
    await settle(page);
    expect(console.problems, 'after a reload mid-lesson').toEqual([]);
    await resetLesson(lesson.slug);
  });
}
