/**
 * "Session duration and role chaining" in Chromium: every step in page order, reading the
 * outputs (120 minutes for the first hop, the three ValidationErrors "failed as expected" with
 * STS's message, 60 minutes for the chained hop, the ARN at each hop), then the teardown, so the
 * shared e2e server is left clean; a desktop screenshot of the page for review.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, resetLesson, runStep, signIn, step } from './support.ts';

const LESSON = 'session-duration';

test('two hours, refused durations, a chained hour, each hop, cleaned up', async ({ page }) => {
  test.setTimeout(120_000);
  await resetLesson(LESSON);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/lessons/${LESSON}/`);
  await expect(page.locator('h1')).toContainText('Session duration and role chaining');
  await expect(page.locator('figure.trust-diagram')).toBeVisible();
  for (const id of ['too-long', 'too-short', 'chain-two-hours']) {
    await expect(step(page, id).locator('[data-testid="expect"]')).toContainText('ValidationError');
  }
  await expect(step(page, 'chain-one-hour').locator('pre, code').first()).toContainText('AssumeRoleCommand');

  const user = await runStep(page, 'create-user', 'succeeded');
  const runId = /stsw-([a-z2-7]+)-user/.exec((await user.locator('[data-testid="result"]').textContent()) ?? '')![1];
  await runStep(page, 'create-access-key', 'succeeded');
  const role = await runStep(page, 'create-role', 'succeeded');
  await expect(role.locator('[data-testid="result"]')).toContainText('"MaxSessionDuration": 7200');
  await runStep(page, 'create-chain-role', 'succeeded');

  const first = await runStep(page, 'assume-two-hours', 'succeeded');
  await expect(first.locator('[data-testid="result"]')).toContainText('"MinutesLeft": 120');

  const tooLong = await runStep(page, 'too-long', 'failed as expected');
  await expect(tooLong.locator('[data-testid="output"]')).toContainText('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const tooShort = await runStep(page, 'too-short', 'failed as expected');
  await expect(tooShort.locator('[data-testid="output"]')).toContainText("Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");

  const chained = await runStep(page, 'chain-one-hour', 'succeeded');
  await expect(chained.locator('[data-testid="result"]')).toContainText('"MinutesLeft": 60');
  const chainedLong = await runStep(page, 'chain-two-hours', 'failed as expected');
  await expect(chainedLong.locator('[data-testid="output"]')).toContainText(
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
  );

  const who = await runStep(page, 'caller-at-each-hop', 'succeeded');
  const whoResult = who.locator('[data-testid="result"]');
  await expect(whoResult).toContainText(/user\/sts-workshop\/stsw-[a-z2-7]+-user/);
  await expect(whoResult).toContainText(/assumed-role\/stsw-[a-z2-7]+-role\/stsw-[a-z2-7]+-first-hop/);
  await expect(whoResult).toContainText(/assumed-role\/stsw-[a-z2-7]+-chain-role\/stsw-[a-z2-7]+-second-hop/);

  await page.screenshot({ path: '/tmp/session-duration-lesson.png', fullPage: true });
  await page.locator('figure.trust-diagram').screenshot({ path: '/tmp/session-duration-diagram.png' });
  await chainedLong.screenshot({ path: '/tmp/session-duration-chain-two-hours.png' });
  await page.screenshot({ path: '/tmp/session-duration-top.png' });

  await runStep(page, 'delete-roles', 'succeeded');
  await runStep(page, 'delete-user', 'succeeded');
  const cleanup = await (await api('/api/cleanup')).json();
  const ours = cleanup.leftovers.filter((l: { name: string; runId?: string }) => l.runId === runId || l.name.includes(`stsw-${runId}-`));
  expect(ours).toEqual([]);
});
