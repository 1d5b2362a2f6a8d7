/**
 * Support for the workshop room's browser tests (room.spec.ts): a notebook started with
 * `--room` of its own (the run's main webServer is not a room) on free ports, with a fixed token,
 * IAM propagation off and its state under TEST_RUN_DIR, read from what it prints (the
 * "Facilitator:" and "Learners join at:" lines); a learner joining through the join page; the
 * grid's row and cell of a learner; axe-core on the page as it is (serious and critical
 * violations, one line each); and review screenshots under TEST_RUN_DIR/room-review.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_RUN_DIR } from '../../playwright.config.ts';

export const ROOM_TOKEN = 'room-e2e-token-5c3a1f9e7b2d4c60-8f7e6d5c';
export const REVIEW = join(TEST_RUN_DIR, 'room-review');

export interface RoomServer {
  base: string;
  facilitatorUrl: string;
  joinUrl: string;
  output: string[];
  stop(): Promise<void>;
}

/** The environment of the run, less what would point the room elsewhere (a standalone sandbox, the webServer's ports). */
function roomEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, WORKSHOP_TOKEN: ROOM_TOKEN, WORKSHOP_STATE_DIR: join(TEST_RUN_DIR, 'room-state'), SANDBOX_PORT: '0', ASTRO_TELEMETRY_DISABLED: '1' };
  delete env.SANDBOX_URL;
  delete env.PORT;
  return env;
}

export async function startRoom(): Promise<RoomServer> {
  const child: ChildProcess = spawn(process.execPath, ['server/main.ts', '--room', '--port', '0', '--propagation-ms', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: roomEnv(),
  });
  const output: string[] = [];
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const joinLine = new Promise<void>((resolve, reject) => {
    const collect = (d: Buffer) => {
      output.push(...String(d).split('\n').filter(Boolean));
      if (output.some((l) => l.startsWith('Learners join at: '))) resolve();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`the room exited (${code}) before printing its join link:\n${output.join('\n')}`)));
    setTimeout(() => reject(new Error(`the room did not start in 30 s:\n${output.join('\n')}`)), 30_000);
  });
  try {
    await joinLine;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const facilitatorUrl = output.find((l) => l.startsWith('Facilitator: '))!.slice('Facilitator: '.length).trim();
  const joinUrl = output.find((l) => l.startsWith('Learners join at: '))!.slice('Learners join at: '.length).trim();
  return {
    base: new URL(joinUrl).origin,
    facilitatorUrl,
    joinUrl,
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(kill);
    },
  };
}

/** Joins through the join page with `name`; resolves with the account id the banner shows. */
export async function joinAs(page: Page, joinUrl: string, name: string): Promise<string> {
  await page.goto(joinUrl);
  await expect(page.getByTestId('join-info')).toContainText('joined so far');
  await page.getByLabel('Your name').fill(name);
  await page.getByTestId('join-submit').click();
  await page.waitForURL((url) => url.pathname === '/');
  const banner = page.getByTestId('target-banner');
  await expect(banner).toContainText(`${name} · Offline sandbox · account `);
  return /account (\d{12})/.exec((await banner.textContent()) ?? '')![1]!;
}

/** The grid's row of the learner called exactly `name`. */
export function gridRow(page: Page, name: string) {
  return page.getByTestId('room-grid').locator('tbody tr').filter({ has: page.locator('.grid-name', { hasText: new RegExp(`^${name}$`) }) });
}

export function gridCell(page: Page, name: string, lesson: string, step: string) {
  return gridRow(page, name).locator(`td[data-lesson="${lesson}"][data-step="${step}"]`);
}

/** axe-core on the page as it is: its serious and critical violations, one line each. */
export async function axeProblems(page: Page, label: string): Promise<string[]> {
  await page.waitForTimeout(200); // colour transitions settle
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Screenshots for review at desktop width and at 390 px (the whole page, or what the window
 * shows from the top), then back to desktop. The page must not scroll sideways at either width.
 */
export async function review(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(REVIEW, { recursive: true });
  for (const [suffix, width, height] of [['desktop', 1280, 900], ['390', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(REVIEW, `${name}-${suffix}.png`), fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
