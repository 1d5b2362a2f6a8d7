/**
 * Accessibility: axe-core (through @axe-core/playwright) finds no serious or critical violation
 * on any page, home and every lesson (the list comes from GET /api/lessons, so a new lesson is
 * covered), in light and dark, at desktop width and at 390 px (one lesson in all four, each other
 * one after Run all in one of them, in turn): on a fresh lesson (with a step run
 * too early, whose output says what to run first), after Run all with everything a learner can
 * open opened (the outputs and each call's inspector, the credentials panel, the authenticator
 * and its QR warning, a revealed one-time sign-in URL, the try-it cell after a call AWS refuses,
 * the keyboard help, the Reset lesson dialog), and after the teardown (completed marks, next
 * lesson). Violations are printed: rule, impact, elements and why. A step's status is a live
 * region that announces running and how the run ended.
 * For review, with REVIEW_SCREENSHOTS set, every lesson after Run all is screenshotted whole to
 * test-results/review/<lesson>-<variant>.png.
 * The workshop room's join and facilitator pages are scanned here as this (non-room) notebook
 * shows them; inside a room, with learners, room.spec.ts scans them.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { api, BASE, resetLesson, signIn } from './support.ts';

const REVIEW = 'test-results/review';
mkdirSync(REVIEW, { recursive: true });

type Scheme = 'light' | 'dark';
interface Variant {
  name: string;
  scheme: Scheme;
  width: number;
  height: number;
}
const VARIANTS: Variant[] = [
  { name: 'light', scheme: 'light', width: 1280, height: 900 },
  { name: 'dark', scheme: 'dark', width: 1280, height: 900 },
  { name: '390', scheme: 'light', width: 390, height: 844 },
  { name: '390-dark', scheme: 'dark', width: 390, height: 844 },
];

/**
 * The variants a lesson page is scanned in. The first lesson with steps gets all four, fresh and
 * after Run all: the components every lesson shares, in every scheme and width. Every other
 * lesson's own content is scanned once, after Run all (which shows all a fresh page shows and the
 * outputs), in one variant taken in turn, so that the lessons between them go through all four;
 * a lesson without steps, fresh in light. All four variants, fresh and after, for each of sixteen
 * lessons took most of the browser stage's time. The home and room pages keep all four.
 */
function variantsFor(lesson: Lesson, state: 'fresh' | 'after Run all'): Variant[] {
  const runnable = lessons.filter((l) => l.steps.length > 0);
  if (lesson === runnable[0]) return VARIANTS;
  if (lesson.steps.length === 0) return state === 'fresh' ? [VARIANTS[0]!] : [];
  return state === 'fresh' ? [] : [VARIANTS[runnable.indexOf(lesson) % VARIANTS.length]!];
}

interface Lesson {
  slug: string;
  title: string;
  steps: { id: string; phase: string }[];
}
const lessons: Lesson[] = [];
/** Every serious or critical violation found, one line each, across the whole file. */
const found: string[] = [];

test.beforeAll(async () => {
  const body = await (await api('/api/lessons')).json();
  lessons.push(...body.lessons);
  expect(lessons.length).toBeGreaterThan(0);
});

test.afterAll(async () => {
  for (const lesson of lessons) await resetLesson(lesson.slug);
});

/**
 * Shows the page in `variant`: the system's colour scheme and the theme toggle's stored choice
 * (public/shell-boot.js reads it before first paint) agree, and the window has its width.
 */
async function show(page: Page, path: string, variant: Variant) {
  await page.emulateMedia({ colorScheme: variant.scheme });
  await page.setViewportSize({ width: variant.width, height: variant.height });
  await page.evaluate((scheme) => localStorage.setItem('sts-workshop-theme', scheme), variant.scheme);
  await page.goto(BASE + path);
  await expect(page.locator('html')).toHaveAttribute('data-theme', variant.scheme);
  await expect(page.getByTestId('target-banner')).not.toHaveAttribute('data-state', 'loading');
}

/** Runs axe on the page as it is now; records and returns its serious and critical violations. */
async function scan(page: Page, label: string, only?: string): Promise<number> {
  // Let colour transitions (buttons, links: ~0.12 s) settle before colours are measured.
  await page.waitForTimeout(200);
  const axe = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  const { violations } = await (only ? axe.include(only) : axe).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    const nodes = v.nodes.slice(0, 6).map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary ?? '').replace(/\n\s*/g, ' | ').slice(0, 300)}`);
    const more = v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : '';
    found.push(`${label}: ${v.id} (${v.impact}, ${v.nodes.length} elements): ${v.help}\n${nodes.join('\n')}${more}`);
  }
  if (bad.length > 0) console.log(found.slice(-bad.length).join('\n'));
  return bad.length;
}

/** Opens what a learner can open after a run: every call's inspector, the keyboard help, the QR warning. */
async function openEverything(page: Page) {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>('details')) d.open = true;
  });
  const showQr = page.getByTestId('authenticator-show-qr');
  if (await showQr.isVisible()) {
    await showQr.click();
    await expect(page.getByTestId('authenticator-reveal-qr')).toBeVisible();
  }
}

/** On a fresh lesson, runs its last step that needs others first: the page says which to run. */
async function runTooEarly(page: Page) {
  const needy = page.locator('run-step:has(.note-requires):not(:has(input[required]))').last();
  if ((await needy.count()) === 0) return;
  await needy.getByTestId('run').click();
  await expect(needy.getByTestId('output')).toContainText('Not started');
}

/** Runs, in the try-it cell, a call that the sandbox refuses: AssumeRole of a role that does not exist. */
async function tryRefusedCall(page: Page) {
  const tryIt = page.getByTestId('try-it');
  await tryIt.getByTestId('try-operation').selectOption('sts:AssumeRole');
  await tryIt.getByTestId('try-input').fill('{ "RoleArn": "arn:aws:iam::123456789012:role/sts-workshop/no-such-role", "RoleSessionName": "a11y" }');
  await tryIt.getByTestId('run').click();
  await expect(tryIt.getByTestId('status')).toHaveText('failed', { timeout: 30_000 });
}

/** Clicks Reset lesson, scans its dialog (the rest of the page is inert meanwhile), and cancels. */
async function scanResetDialog(page: Page, label: string) {
  await page.getByTestId('lesson-runner').getByRole('button', { name: 'Reset lesson' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await scan(page, `${label} (Reset lesson dialog)`, '[data-testid="reset-dialog"]');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
}

test('home page, fresh: no serious or critical violation in light, dark and at 390 px', async ({ page }) => {
  const start = found.length;
  await signIn(page);
  for (const variant of VARIANTS) {
    await show(page, '/', variant);
    await scan(page, `/ ${variant.name}`);
  }
  expect(found.slice(start), found.slice(start).join('\n')).toEqual([]);
});

test("a step's state changes are announced: its status is a polite live region that says running, then how it ended", async ({ page }) => {
  const lesson = lessons.find((l) => l.steps.some((s) => s.phase === 'usage'))!;
  const first = lesson.steps.find((s) => s.phase === 'usage')!;
  await resetLesson(lesson.slug);
  await signIn(page, `/lessons/${lesson.slug}/`);
  const step = page.locator(`run-step[data-step="${first.id}"]`);
  const status = step.getByRole('status').filter({ hasText: 'idle' });
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toHaveAttribute('aria-atomic', 'true');
  await status.evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { announced: string[] }).announced = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await step.getByTestId('run').click();
  await expect(step.getByTestId('status')).toHaveText(/^(succeeded|failed as expected)$/, { timeout: 30_000 });
  const announced = await page.evaluate(() => (window as unknown as { announced: string[] }).announced);
  expect(announced[0]).toBe('running');
  expect(announced.at(-1)).toMatch(/^(succeeded|failed as expected)$/);
  // The step's output is a log region named after the step, so what it prints is read out too.
  await expect(step.getByRole('log')).toHaveAccessibleName(/^Output of /);
});

test('every lesson, fresh and after Run all with its parts opened: no serious or critical violation', async ({ page }) => {
  test.setTimeout(120_000 * Math.max(lessons.length, 1));
  const start = found.length;
  await signIn(page);
  for (const lesson of lessons) {
    const path = `/lessons/${lesson.slug}/`;
    await resetLesson(lesson.slug);
    for (const variant of variantsFor(lesson, 'fresh')) {
      await show(page, path, variant);
      if (lesson.steps.length > 0) await runTooEarly(page);
      await scan(page, `${path} fresh ${variant.name}`);
    }
    if (lesson.steps.length === 0) continue;

    // Run all, as a learner would, in light at desktop width.
    await show(page, path, VARIANTS[0]!);
    const toolbar = page.getByTestId('lesson-runner');
    await toolbar.getByRole('button', { name: 'Run all' }).click();
    await expect(toolbar.getByTestId('run-all-progress')).toHaveText(/^(Done|Nothing to run|Stopped)/, { timeout: 90_000 });
    await expect(toolbar.getByRole('button', { name: 'Run all' })).toBeVisible();

    // A one-time reveal (the console sign-in URL) revealed.
    for (const reveal of await page.getByTestId('offer-reveal').all()) if (await reveal.isEnabled()) await reveal.click();

    for (const variant of variantsFor(lesson, 'after Run all')) {
      // A reload shows the outputs the server kept; the try-it output is the page's own, so each
      // variant makes one call that AWS refuses (an unexpected error, explained).
      if (variant !== VARIANTS[0]) await show(page, path, variant);
      await expect(page.locator('run-step [data-testid="output"]:not(:empty)').first()).toBeVisible();
      await tryRefusedCall(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      if (process.env.REVIEW_SCREENSHOTS) await page.screenshot({ path: `${REVIEW}/${lesson.slug}-${variant.name}.png`, fullPage: true, animations: 'disabled' });
      await openEverything(page);
      await scan(page, `${path} after Run all ${variant.name}`);
      // The Reset lesson dialog is one component, the same on every lesson page: scanned on the first.
      if (lesson === lessons.find((l) => l.steps.length > 0)) await scanResetDialog(page, `${path} after Run all ${variant.name}`);
    }
  }
  expect(found.slice(start), found.slice(start).join('\n')).toEqual([]);
});

test('finished lessons: the home page with its completed marks, and a torn-down lesson with its next-lesson link', async ({ page }) => {
  test.setTimeout(120_000);
  const start = found.length;
  // Each lesson's teardown, after the Run all of the test above, ends its run-through.
  for (const lesson of lessons) {
    for (const s of lesson.steps.filter((s) => s.phase === 'teardown')) {
      await (await api(`/api/lessons/${lesson.slug}/steps/${s.id}/run`, { method: 'POST', body: '{}' })).text();
    }
  }
  const finished = lessons.find((l) => l.steps.some((s) => s.phase === 'teardown'));
  await signIn(page);
  for (const variant of VARIANTS) {
    await show(page, '/', variant);
    await expect(page.getByTestId('completed-mark').first()).toBeVisible();
    await scan(page, `/ with completed lessons ${variant.name}`);
    if (!finished) continue;
    await show(page, `/lessons/${finished.slug}/`, variant);
    await expect(page.getByTestId('next-lesson')).toBeVisible();
    await scan(page, `/lessons/${finished.slug}/ torn down ${variant.name}`);
  }
  expect(found.slice(start), found.slice(start).join('\n')).toEqual([]);
});

test('the workshop room’s pages outside a room (join, facilitator): no serious or critical violation', async ({ page }) => {
  // This run's notebook is no room, so both pages say so; room.spec.ts scans them inside one.
  const start = found.length;
  await signIn(page);
  for (const variant of VARIANTS) {
    await page.emulateMedia({ colorScheme: variant.scheme });
    await page.setViewportSize({ width: variant.width, height: variant.height });
    await page.evaluate((scheme) => localStorage.setItem('sts-workshop-theme', scheme), variant.scheme);
    await page.goto(`${BASE}/join/?code=ABCD2345`);
    await expect(page.getByTestId('join-refused')).toContainText('This notebook is not running a workshop room');
    await scan(page, `/join/ ${variant.name}`);
    await page.goto(`${BASE}/room/`);
    await expect(page.getByTestId('room-problem')).toContainText('This notebook is not running a workshop room');
    await scan(page, `/room/ ${variant.name}`);
  }
  expect(found.slice(start), found.slice(start).join('\n')).toEqual([]);
});
