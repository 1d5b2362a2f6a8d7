/**
 * The page shell, used as a person would: the theme toggle (System follows the system, Light
 * and Dark override it, the first frame already has the chosen theme, code blocks follow),
 * projector mode (header button and ?projector=1, remembered), the phone Menu drawer at 390 px
 * (open, follow a link, Escape) and search (type, read the results, click one); no page scrolls
 * sideways at desktop width, in projector mode or at 390 px. With REVIEW_SCREENSHOTS set it also
 * writes screenshots of every lesson in light, dark, projector mode and at 390 px to
 * test-results/shell/ for review (not committed).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { BASE, resetLesson, signIn, step } from './support.ts';

const SHOTS = 'test-results/shell';
mkdirSync(SHOTS, { recursive: true });

const WHITE = 'rgb(255, 255, 255)';
const DARK = 'rgb(15, 19, 24)';

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** The colour of the first highlighted keyword of the first step's code. */
const codeColour = (page: Page) =>
  page.locator('.step-code pre.astro-code span[style]').first().evaluate((span) => getComputedStyle(span).color);
const themeButton = (page: Page, name: 'System' | 'Light' | 'Dark') =>
  page.getByRole('group', { name: 'Colour theme' }).getByRole('button', { name, exact: true });

/** The lessons' paths and titles, as the home page lists them. */
async function lessonLinks(page: Page): Promise<{ path: string; title: string }[]> {
  await page.goto(BASE + '/');
  const cards = page.getByTestId('lesson-list').locator('a.lesson-card');
  return cards.evaluateAll((links) =>
    links.map((a) => ({ path: new URL((a as HTMLAnchorElement).href).pathname, title: a.querySelector('.lesson-name')!.textContent!.trim() })),
  );
}

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await signIn(page);
  await page.evaluate(() => {
    localStorage.removeItem('sts-workshop-theme');
    localStorage.removeItem('sts-workshop-projector');
  });
});

test('theme: System follows the system, Light and Dark override it and survive a reload, code follows', async ({ page }) => {
  await page.goto(BASE + '/lessons/who-am-i/');
  await expect(themeButton(page, 'System')).toHaveAttribute('aria-pressed', 'true');
  expect(await background(page)).toBe(WHITE);
  const lightCode = await codeColour(page);

  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page), 'System follows the system').toBe(DARK);
  const darkCode = await codeColour(page);
  expect(darkCode, 'code follows the system').not.toBe(lightCode);

  await themeButton(page, 'Light').click();
  await expect(themeButton(page, 'Light')).toHaveAttribute('aria-pressed', 'true');
  await expect(themeButton(page, 'System')).toHaveAttribute('aria-pressed', 'false');
  expect(await background(page), 'Light wins over a dark system').toBe(WHITE);
  expect(await codeColour(page), 'code follows the toggle, not the system').toBe(lightCode);

  await page.emulateMedia({ colorScheme: 'light' });
  await themeButton(page, 'Dark').click();
  expect(await background(page), 'Dark wins over a light system').toBe(DARK);
  expect(await codeColour(page)).toBe(darkCode);

  await page.reload();
  await expect(themeButton(page, 'Dark')).toHaveAttribute('aria-pressed', 'true');
  expect(await background(page), 'the choice survives a reload').toBe(DARK);
  expect(await codeColour(page)).toBe(darkCode);

  await themeButton(page, 'System').click();
  expect(await background(page)).toBe(WHITE);
  await page.reload();
  await expect(themeButton(page, 'System')).toHaveAttribute('aria-pressed', 'true');
  expect(await background(page)).toBe(WHITE);
});

test('theme: the first frame is already painted in the chosen theme (no flash of the other one)', async ({ page }) => {
  await page.evaluate(() => localStorage.setItem('sts-workshop-theme', 'dark'));
  await page.addInitScript(() => {
    const w = window as unknown as { firstFrame?: string; atBody?: string };
    // Recorded when <body> is parsed and before the first frame is painted.
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      w.atBody = document.documentElement.dataset.theme ?? 'none';
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
    requestAnimationFrame(() => (w.firstFrame = getComputedStyle(document.documentElement).backgroundColor));
  });
  for (const path of ['/', '/lessons/assume-role/']) {
    await page.goto(BASE + path);
    await page.waitForFunction(() => 'firstFrame' in window);
    const seen = await page.evaluate(() => {
      const { firstFrame, atBody } = window as unknown as { firstFrame: string; atBody: string };
      return { firstFrame, atBody };
    });
    expect(seen.atBody, `${path}: data-theme when <body> is parsed`).toBe('dark');
    expect(seen.firstFrame, `${path}: background of the first frame`).toBe(DARK);
  }
});

test('projector mode: large type, one wide column, larger code; remembered, and ?projector=1 bookmarks it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(BASE + '/lessons/assume-role/');
  const sidebar = page.locator('.sidebar');
  const prose = page.locator('.prose p').first();
  const code = page.locator('.step-code pre').first();
  await expect(sidebar).toBeVisible();
  const before = {
    text: await prose.evaluate((p) => parseFloat(getComputedStyle(p).fontSize)),
    code: await code.evaluate((p) => parseFloat(getComputedStyle(p).fontSize)),
    width: (await page.locator('main').boundingBox())!.width,
  };

  const projector = page.getByRole('button', { name: 'Projector', exact: true });
  await expect(projector).toHaveAttribute('aria-pressed', 'false');
  await projector.click();
  await expect(projector).toHaveAttribute('aria-pressed', 'true');
  await expect(sidebar).toBeHidden();
  await expect(page.locator('.toc')).toBeHidden();
  expect(await prose.evaluate((p) => parseFloat(getComputedStyle(p).fontSize))).toBeGreaterThanOrEqual(before.text * 1.2);
  expect(await code.evaluate((p) => parseFloat(getComputedStyle(p).fontSize))).toBeGreaterThanOrEqual(before.code * 1.35);
  expect((await page.locator('main').boundingBox())!.width).toBeGreaterThan(before.width * 1.3);
  await expect(page.getByRole('button', { name: 'Menu', exact: true }), 'the course stays reachable').toBeVisible();

  await page.reload();
  await expect(page.getByRole('button', { name: 'Projector', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(sidebar).toBeHidden();
  await page.getByRole('button', { name: 'Projector', exact: true }).click();
  await expect(sidebar).toBeVisible();

  await page.goto(BASE + '/lessons/who-am-i/?projector=1');
  await expect(page.getByRole('button', { name: 'Projector', exact: true })).toHaveAttribute('aria-pressed', 'true');
  // A step's output on the projector, to look at.
  await resetLesson('who-am-i');
  await page.reload();
  const first = step(page, 'get-caller-identity');
  await first.getByTestId('run').click();
  await expect(first.getByTestId('status')).toHaveText('succeeded');
  await first.getByTestId('output').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/projector-output.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/projector-output-dark.png`, animations: 'disabled' });
  await page.emulateMedia({ colorScheme: 'light' });
  await resetLesson('who-am-i');
  await page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link', { name: /Next lesson/ }).click();
  await expect(page).toHaveURL(/\/lessons\/assume-role\/$/);
  await expect(page.getByRole('button', { name: 'Projector', exact: true }), 'the bookmark’s choice is remembered').toHaveAttribute('aria-pressed', 'true');
  await page.goto(BASE + '/lessons/who-am-i/?projector=0');
  await expect(page.getByRole('button', { name: 'Projector', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(sidebar).toBeVisible();
});

test('phone: the Menu opens the course and "On this page", follows a link, and Escape gives focus back', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(BASE + '/lessons/who-am-i/');
  await expect(page.locator('.sidebar')).toBeHidden();
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  await menu.click();
  const drawer = page.getByRole('dialog', { name: 'Course navigation' });
  await expect(drawer).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(drawer.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: /Who am I/ })).toHaveAttribute('aria-current', 'page');
  await expect(drawer.getByRole('navigation', { name: 'On this page' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/menu-open-390.png`, animations: 'disabled' });

  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  // A section of this page: the drawer closes and the page shows it.
  await menu.press('Enter');
  await expect(drawer).toBeVisible();
  const section = drawer.getByRole('navigation', { name: 'On this page' }).getByRole('link').nth(1);
  const hash = new URL((await section.getAttribute('href'))!, BASE).hash;
  await section.click();
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`${hash}$`));
  await expect(page.locator(hash)).toBeInViewport();

  // Another lesson.
  await menu.click();
  await drawer.getByRole('link', { name: /^Assume a role$/ }).click();
  await expect(page).toHaveURL(/\/lessons\/assume-role\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assume a role');
});

test('a laptop: the sidebar stays, and the Menu holds only the hidden "On this page"', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(BASE + '/lessons/assume-role/');
  await expect(page.locator('.sidebar')).toBeVisible();
  await expect(page.locator('.toc')).toBeHidden();
  await page.getByRole('button', { name: 'Menu', exact: true }).click();
  const drawer = page.getByRole('dialog', { name: 'Course navigation' });
  await expect(drawer.getByRole('navigation', { name: 'On this page' })).toBeVisible();
  await expect(drawer.getByRole('navigation', { name: 'Lessons' })).toHaveCount(0);
  await expect(page.locator('.sidebar').getByRole('navigation', { name: 'Lessons' }), 'the visible column keeps its links').toBeVisible();
  await page.screenshot({ path: `${SHOTS}/menu-open-1024.png`, animations: 'disabled' });
  await drawer.getByRole('button', { name: 'Close the menu' }).click();
  await expect(drawer).toBeHidden();
  await expect(page.locator('.toc > nav[aria-label="On this page"]'), 'given back to its (hidden) column').toHaveCount(1);
});

test('search: "MFA" finds the MFA lessons, a result leads to its section, and the keyboard works', async ({ page }) => {
  await page.goto(BASE + '/lessons/who-am-i/');
  const open = page.getByRole('button', { name: 'Search', exact: true });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Search the lessons' });
  const field = dialog.getByRole('searchbox', { name: 'Search the lessons' });
  await expect(field).toBeFocused();
  await field.fill('MFA');
  const results = dialog.getByRole('list', { name: 'Results' });
  const pages = results.locator('.search-page');
  await expect(pages.filter({ hasText: 'Assume a role that requires MFA' })).toHaveCount(1);
  await expect(pages.filter({ hasText: 'Get a session token that requires MFA' })).toHaveCount(1);
  await expect(dialog.getByRole('status')).toHaveText(/lessons match “MFA”/);
  await expect(results.locator('mark').first()).toHaveText(/mfa/i);
  await page.screenshot({ path: `${SHOTS}/search-mfa.png` });

  const hit = results.locator('.search-hit').filter({ has: page.locator('.search-page', { hasText: 'Assume a role that requires MFA' }) });
  const section = hit.locator('.search-sections a').first();
  const href = (await section.getAttribute('href'))!;
  await section.click();
  await expect(page).toHaveURL(BASE + href);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assume a role that requires MFA');
  const hash = new URL(href, BASE).hash;
  if (hash) await expect(page.locator(hash)).toBeInViewport();

  // Keyboard: "/" opens, typing searches, Enter opens the first result; Escape gives focus back.
  await page.keyboard.press('/');
  await expect(field).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(field).toBeFocused();
  await field.fill('federation');
  await expect(pages.first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('GetFederationToken');
  await expect(pages.first()).toContainText('federated');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/lessons\/federated-console\//);

  // On a phone, in the dark.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await field.fill('expire');
  await expect(pages.first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/search-expire-390-dark.png` });
});

test('search runs under the CSP: Pagefind needs exactly script-src \'self\' \'wasm-unsafe-eval\'', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const res = await page.goto(BASE + '/lessons/assume-role/');
  expect(res!.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval';");
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search the lessons' }).fill('trust policy');
  await expect(page.locator('.search-page').first()).toBeVisible();
  expect(errors.filter((e) => /pagefind|Content Security Policy|WebAssembly/i.test(e))).toEqual([]);
});

test('no page scrolls sideways and no trust diagram shrinks past reading, at desktop width, in projector mode (1280×720) and on a 390 px phone (screenshots for review)', async ({ page }) => {
  test.setTimeout(180_000);
  const lessons = await lessonLinks(page);
  expect(lessons.length).toBeGreaterThan(5);
  // The layout is the same in both schemes: the dark looks only for review screenshots.
  const review = !!process.env.REVIEW_SCREENSHOTS;
  const looks = (
    [
      { name: 'light', width: 1440, height: 900, scheme: 'light', projector: false },
      { name: 'dark', width: 1440, height: 900, scheme: 'dark', projector: false },
      { name: 'projector', width: 1280, height: 720, scheme: 'light', projector: true },
      { name: 'projector-dark', width: 1280, height: 720, scheme: 'dark', projector: true },
      { name: 'phone-390', width: 390, height: 844, scheme: 'light', projector: false },
      { name: 'phone-390-dark', width: 390, height: 844, scheme: 'dark', projector: false },
    ] as const
  ).filter((look) => review || look.scheme === 'light');
  for (const look of looks) {
    await page.setViewportSize({ width: look.width, height: look.height });
    await page.emulateMedia({ colorScheme: look.scheme });
    for (const { path } of [{ path: '/' }, ...lessons]) {
      await page.goto(`${BASE}${path}?projector=${look.projector ? 1 : 0}`);
      await expect(page.getByTestId('target-banner')).not.toHaveAttribute('data-state', 'loading');
      const slug = path.split('/').filter(Boolean).pop() ?? 'home';
      if (review) await page.screenshot({ path: `${SHOTS}/${slug}-${look.name}.png` });
      const firstStep = page.locator('run-step').first();
      if (review && (await firstStep.count()) > 0) {
        await firstStep.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/${slug}-${look.name}-step.png` });
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} (${look.name}) scrolls sideways`).toBeLessThanOrEqual(0);
      // A wide trust diagram scrolls inside its own box rather than shrinking its labels past reading.
      const scales = await page.locator('trust-diagram svg').evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width));
      for (const scale of scales) expect(scale, `${path} (${look.name}): a trust diagram drawn at ${scale.toFixed(2)} of its size`).toBeGreaterThanOrEqual(0.7);
    }
  }
});
