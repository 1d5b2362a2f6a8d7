/**
 * Reloading a lesson page keeps what the steps showed: the server remembers each step's last run
 * (already redacted) and the page draws it again under "Last run, <time>", with the same status.
 * An offered sign-in URL comes back masked and never reveals by itself; once revealed, a reload
 * shows it masked and a second reveal is refused. A start the server refuses (out of order)
 * changes no status and shows a notice linking the step to run first. A remembered run with a
 * retry loop and a Stop (served by the test itself) shows one progress bar and a neutral
 * "Stopped". Each lesson ends with its teardown, so the shared e2e server is left clean.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { api, resetLesson, signIn, step, stepStatus } from './support.ts';

const LESSON = 'federated-console';
const ACCOUNT = '123456789012';

// Each test starts from fresh lessons, whatever earlier specs left on the shared server.
test.beforeEach(async () => {
  await resetLesson('who-am-i');
  await resetLesson(LESSON);
});

async function run(page: Page, id: string, status = 'succeeded'): Promise<Locator> {
  const s = step(page, id);
  await s.locator('[data-testid="run"]').click();
  await expect(s.locator('[data-testid="status"]')).toHaveText(status, { timeout: 30_000 });
  return s;
}

/** No secret key, session token or sign-in token value anywhere in the page's outputs. */
async function expectNoSecrets(page: Page, alsoNot: string[] = []) {
  const outputs = (await page.locator('[data-testid="output"]').allTextContents()).join('\n');
  expect(outputs).not.toMatch(/"SecretAccessKey":\s*"(?!\[REDACTED|\*)/);
  expect(outputs).not.toMatch(/"SessionToken":\s*"(?!\[REDACTED|\*)/);
  expect(outputs).not.toMatch(/SigninToken=(?!••••|\[REDACTED)/);
  const html = await page.content();
  for (const secret of alsoNot) expect(html).not.toContain(secret);
}

test('a step that ran shows its output, result and status again after a reload', async ({ page }) => {
  await signIn(page, '/lessons/who-am-i/');
  const s = await run(page, 'get-caller-identity');
  await expect(s.locator('[data-testid="last-run"]')).toHaveCount(0);
  const result = (await s.locator('[data-testid="result"] pre').textContent())!;

  await page.reload();
  await expect(s.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(s.locator('[data-testid="last-run"]')).toHaveText(/^Last run, .*\d\d/);
  await expect(s.locator('[data-testid="last-run"] time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  await expect(s.locator('details.ev-call')).toContainText('STS · GetCallerIdentity');
  await expect(s.locator('[data-testid="result"] pre')).toHaveText(result);
  await expect(s.locator('[data-testid="result"]')).toContainText(`arn:aws:iam::${ACCOUNT}:user/workshop-admin`);
  await expect(s.locator('.ev-end')).toHaveText(/^Succeeded/);
  await expect(s.locator('[data-testid="run"]')).toBeEnabled();
  // A step that never ran stays empty.
  await expect(step(page, 'regional-endpoints').locator('[data-testid="output"]')).toBeEmpty();
  await s.screenshot({ path: '/tmp/reload-who-am-i.png' });
  await expectNoSecrets(page);

  // Running it again replaces the remembered run.
  await run(page, 'get-caller-identity');
  await expect(s.locator('[data-testid="last-run"]')).toHaveCount(0);
  await expect(s.locator('[data-testid="result"]')).toContainText('workshop-admin');

  // The lesson's teardown ends the run-through: after a reload every output is still there.
  const teardown = await run(page, 'delete-role');
  await page.reload();
  await expect(teardown.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(teardown.locator('[data-testid="last-run"]')).toBeVisible();
  await expect(s.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(s.locator('[data-testid="last-run"]')).toBeVisible();
  await expect(s.locator('[data-testid="result"]')).toContainText('workshop-admin');
});

test('a refused start keeps the status and links the step to run first', async ({ page }) => {
  expect(await stepStatus(LESSON, 'create-console-role')).not.toBe('succeeded');
  await signIn(page, `/lessons/${LESSON}/`);
  const usage = step(page, 'get-sign-in-url');
  await expect(usage.locator('[data-testid="status"]')).toHaveText('idle');
  await usage.locator('[data-testid="run"]').click();
  const notice = usage.locator('[data-testid="notice"]');
  await expect(notice).toContainText('Run "Create a read-only role you can assume" first');
  await expect(usage.locator('[data-testid="status"]')).toHaveText('idle');
  await expect(usage.locator('[data-testid="run"]')).toBeEnabled();
  await expect(usage.locator('.ev-error')).toHaveCount(0);
  const link = notice.getByRole('link', { name: 'Create a read-only role you can assume' });
  await expect(link).toHaveAttribute('href', '#step-create-console-role');
  await usage.screenshot({ path: '/tmp/reload-refused-start.png' });
  await link.click();
  expect(new URL(page.url()).hash).toBe('#step-create-console-role');
  expect(await stepStatus(LESSON, 'get-sign-in-url')).toBe('idle');
});

test('after a reload the sign-in URL is masked, never revealed by itself, and refused once used', async ({ page }) => {
  await signIn(page, `/lessons/${LESSON}/`);
  const setup = await run(page, 'create-console-role');
  const roleName = /role\/sts-workshop\/([\w-]+)/.exec((await setup.locator('[data-testid="result"]').textContent())!)![1]!;
  const usage = await run(page, 'get-sign-in-url');

  // The result JSON shows a placeholder where the offer is; the control below carries it.
  const resultJson = usage.locator('[data-testid="result"] pre');
  await expect(resultJson).toContainText('"console sign-in URL (see below)"');
  await expect(resultJson).not.toContainText('$offer');
  await expect(resultJson).not.toContainText('masked');

  await page.reload();
  await expect(setup.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(setup.locator('[data-testid="last-run"]')).toBeVisible();
  await expect(setup.locator('[data-testid="result"]')).toContainText(roleName);
  await expect(usage.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(usage.locator('[data-testid="last-run"]')).toBeVisible();
  await expect(usage.locator('[data-testid="result"]')).toContainText(`arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/console-learner`);
  await expect(resultJson).toContainText('"console sign-in URL (see below)"');
  await expect(resultJson).not.toContainText('$offer');
  const offer = usage.locator('[data-testid="offer"]');
  await expect(offer).toHaveAttribute('data-state', 'masked');
  await expect(offer.locator('[data-testid="offer-value"]')).toContainText('SigninToken=••••');
  await expect(offer.locator('[data-testid="offer-timer"]')).toHaveText(/^valid for 1[0-4]:\d\d more$/);
  await expect(offer.locator('[data-testid="offer-reveal"]')).toBeEnabled();
  await expect(offer.locator('[data-testid="offer-open"]')).toHaveCount(0);
  await expect(offer).toContainText('From the last run');
  await expectNoSecrets(page);
  await usage.locator('[data-testid="output"]').screenshot({ path: '/tmp/reload-federated-usage.png' });

  // Not revealed by the reload: the page may still reveal it, once.
  await offer.locator('[data-testid="offer-reveal"]').click();
  const open = offer.locator('[data-testid="offer-open"]');
  await expect(open).toBeVisible();
  const token = new URL((await open.getAttribute('href'))!).searchParams.get('SigninToken')!;
  expect(token.length).toBeGreaterThan(50);

  // Reloaded again: masked, the token nowhere in the page, and a second reveal refused (409).
  await page.reload();
  await expect(usage.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(offer).toHaveAttribute('data-state', 'masked');
  await expect(offer.locator('[data-testid="offer-open"]')).toHaveCount(0);
  await expectNoSecrets(page, [token]);
  const answer = page.waitForResponse((res) => res.url().endsWith(`/api/lessons/${LESSON}/offers/sign-in-url/reveal`));
  await offer.locator('[data-testid="offer-reveal"]').click();
  expect((await answer).status()).toBe(409);
  await expect(offer).toHaveAttribute('data-state', 'refused');
  await expect(offer).toContainText('already shown once');
  await expect(offer.locator('[data-testid="offer-reveal"]')).toBeDisabled();
  await expect(offer.locator('[data-testid="offer-open"]')).toHaveCount(0);
  await expectNoSecrets(page, [token]);
  await usage.locator('[data-testid="output"]').screenshot({ path: '/tmp/reload-federated-refused.png' });

  // ── teardown: the outputs stay after a reload; the offer went with the lesson's state ──
  const teardown = await run(page, 'delete-console-role');
  await page.reload();
  await expect(teardown.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(teardown.locator('[data-testid="last-run"]')).toBeVisible();
  await expect(teardown.locator('[data-testid="output"]')).toContainText('DeleteRole');
  await expect(usage.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(usage.locator('[data-testid="last-run"]')).toBeVisible();
  await expect(setup.locator('[data-testid="status"]')).toHaveText('succeeded');
  expect((await api(`/api/lessons/${LESSON}/offers/sign-in-url/reveal`, { method: 'POST', body: '{}' })).status).toBe(404);
  await expectNoSecrets(page, [token]);
  const leftovers = (await (await api('/api/cleanup')).json()).leftovers as { name: string }[];
  expect(leftovers.filter((l) => l.name.includes(roleName))).toEqual([]);
});

test('a remembered run with retries shows one bar per wait, and a Stop reads as stopped', async ({ page }) => {
  // The server's answers for two who-am-i steps, as a run with backoff would have left them.
  const at = new Date().toISOString();
  const line = (event: object) => JSON.stringify(event);
  const waits = [0, 1, 3, 7].map((s) => line({ type: 'progress', label: `Waiting for IAM to propagate, ${s} s`, done: s, total: 120 }));
  const runs: Record<string, { status: string; lines: string[] }> = {
    'get-caller-identity': {
      status: 'cancelled',
      lines: [
        line({ type: 'start', lesson: 'who-am-i', step: 'get-caller-identity', at }),
        line({ type: 'log', text: 'AssumeRole: got AccessDenied; IAM changes take a few seconds to reach every endpoint, retrying with backoff.' }),
        ...waits,
        line({ type: 'error', name: 'Cancelled', message: 'Stopped by the learner; the call in flight was aborted.', expected: false }),
        line({ type: 'end', ok: false, status: 'cancelled', ms: 7400 }),
      ],
    },
    'regional-endpoints': {
      status: 'succeeded',
      lines: [
        line({ type: 'start', lesson: 'who-am-i', step: 'regional-endpoints', at }),
        ...waits,
        line({ type: 'progress', label: 'AssumeRole: ready', done: 1, total: 1 }),
        line({ type: 'result', value: { ok: true } }),
        line({ type: 'end', ok: true, status: 'succeeded', ms: 8100 }),
      ],
    },
  };
  await page.route('**/api/lessons', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    for (const step of body.lessons.find((l: { slug: string }) => l.slug === 'who-am-i').steps) {
      if (runs[step.id]) step.status = runs[step.id]!.status;
    }
    await route.fulfill({ response: res, json: body });
  });
  await page.route('**/api/lessons/who-am-i/steps/*/last-run', async (route) => {
    const id = new URL(route.request().url()).pathname.split('/').at(-2)!;
    const run = runs[id];
    if (!run) return route.fulfill({ status: 204 });
    await route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: run.lines.join('\n') + '\n' });
  });
  await signIn(page, '/lessons/who-am-i/');

  const stopped = step(page, 'get-caller-identity');
  await expect(stopped.locator('[data-testid="status"]')).toHaveText('cancelled');
  await expect(stopped.locator('.ev-progress')).toHaveCount(1);
  await expect(stopped.locator('.ev-progress .progress-label')).toHaveText('Waiting for IAM to propagate, 7 s');
  await expect(stopped.locator('.ev-progress .progress-count')).toHaveText('7 / 120');
  const box = stopped.locator('.ev-error');
  await expect(box).toHaveClass(/\bcancelled\b/);
  await expect(box).toContainText('Stopped');
  await expect(box).toContainText('in a call or a wait');
  await expect(box).not.toContainText('in flight');
  await expect(stopped.locator('.ev-end')).toHaveText('Cancelled in 7.4 s');
  await stopped.locator('[data-testid="output"]').screenshot({ path: '/tmp/reload-cancelled-backoff.png' });

  const ready = step(page, 'regional-endpoints');
  await expect(ready.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(ready.locator('.ev-progress')).toHaveCount(1);
  await expect(ready.locator('.ev-progress')).toHaveClass(/\bis-done\b/);
  await expect(ready.locator('.ev-progress .progress-label')).toHaveText('AssumeRole: ready');
  await expect(ready.locator('.ev-progress .progress-count')).toHaveText('1 / 1');
  await ready.locator('[data-testid="output"]').screenshot({ path: '/tmp/reload-progress-ready.png' });
});
