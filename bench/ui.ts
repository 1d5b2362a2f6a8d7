/**
 * The UI part of `npm run bench`, in the Chromium the browser tests use (scripts/chromium.ts),
 * against a notebook of its own (`node server/main.ts` on free ports, a temporary state
 * directory, the sandbox with its default 3 s of simulated IAM propagation, as `npm start` runs
 * it). It reports:
 *  - click → first event on screen: from the Run click on "Who am I?"'s GetCallerIdentity step to
 *    the first event's element in its output, measured in the page (performance.now and a
 *    MutationObserver), p50 and p95 over BENCH_UI_RUNS runs (30) after 3 warm-up runs;
 *  - each page's weight: HTML, and the JS and CSS it loads up front, raw and gzipped
 *    (scripts/page-weight.ts);
 *  - the time of Run all per lesson, from the click to its finish line, each lesson reset first.
 * The machine's load average is printed beside the figures. It builds the site into a temporary
 * directory unless WORKSHOP_DIST names a build. A report, not a test: it fails only when it
 * cannot measure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../scripts/chromium.ts';
import { pageWeights } from '../scripts/page-weight.ts';

const RUNS = Number(process.env.BENCH_UI_RUNS ?? 30);
const WARM_UP = 3;

export async function uiBench(): Promise<void> {
  const browserPath = findChromium();
  if (browserPath.error) throw new Error(browserPath.error);
  const dist = process.env.WORKSHOP_DIST ?? build();
  console.log(`\nSTS Workshop UI benchmark (Chromium ${browserPath.path}, site ${dist})`);
  console.log(`load average ${load()} on this machine at the start\n`);

  await reportWeights(dist);

  const notebook = await startNotebook(dist);
  const browser = await chromium.launch({ executablePath: browserPath.path, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${notebook.base}/?token=${notebook.token}`);
    await page.waitForURL((url) => !url.search.includes('token='));

    const times = await clickToFirstEvent(page, notebook);
    const p = (q: number) => percentile(times, q).toFixed(1);
    console.log(`\nclick → first event on screen, who-am-i get-caller-identity, ${times.length} runs: p50 ${p(0.5)} ms (target ≤ 50), p95 ${p(0.95)} ms (target ≤ 150), max ${Math.max(...times).toFixed(1)} ms; load ${load()}`);

    console.log('\nRun all per lesson on the sandbox (3 s simulated IAM propagation, as npm start), each lesson reset first:');
    for (const lesson of await notebook.lessons()) {
      await notebook.reset(lesson);
      const { ms, line } = await runAll(page, notebook.base, lesson);
      console.log(`  ${lesson.padEnd(20)} ${(ms / 1000).toFixed(1).padStart(6)} s  ${line}`);
      await notebook.reset(lesson);
    }
    console.log(`load average ${load()} at the end`);
  } finally {
    await browser.close();
    notebook.child.kill('SIGTERM');
  }
}

function load(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
}

/** Nearest-rank percentile of `values` (0 < q ≤ 1). */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function build(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stsw-bench-dist-'));
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', dir], { encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error(`astro build failed:\n${result.stdout}\n${result.stderr}`);
  return dir;
}

async function reportWeights(dist: string): Promise<void> {
  const kb = (n: number) => `${(n / 1024).toFixed(1)}`.padStart(6);
  const pair = (b: { raw: number; gzip: number }) => `${kb(b.raw)} / ${kb(b.gzip)}`;
  console.log('Page weight, KB raw / gzipped (JS and CSS: everything the page loads up front):');
  console.log(`  ${'page'.padEnd(30)} ${'HTML'.padStart(15)} ${'JS'.padStart(15)} ${'CSS'.padStart(15)}`);
  for (const w of await pageWeights(dist)) console.log(`  ${w.page.padEnd(30)} ${pair(w.html)} ${pair(w.js)} ${pair(w.css)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface BenchNotebook {
  child: ChildProcess;
  base: string;
  token: string;
  lessons(): Promise<string[]>;
  reset(lesson: string): Promise<void>;
}

async function startNotebook(dist: string): Promise<BenchNotebook> {
  const [port, sandboxPort] = [await freePort(), await freePort()];
  const token = randomBytes(32).toString('base64url');
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), SANDBOX_PORT: String(sandboxPort), WORKSHOP_TOKEN: token, WORKSHOP_STATE_DIR: mkdtempSync(join(tmpdir(), 'stsw-bench-state-')), WORKSHOP_DIST: dist },
  });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the notebook exited with ${child.exitCode}`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 300) throw new Error('the notebook did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  type Lessons = { lessons: { slug: string; steps: { id: string; phase: string }[] }[] };
  const lessons = async () => ((await (await api('/api/lessons')).json()) as Lessons).lessons;
  return {
    child,
    base,
    token,
    lessons: async () => (await lessons()).filter((l) => l.steps.length > 0).map((l) => l.slug),
    async reset(slug) {
      let res = await api(`/api/lessons/${slug}/reset`, { method: 'POST', body: '{}' });
      if (res.status === 409) {
        // Its run still has resources: run the teardown steps first, as Reset lesson does.
        const steps = (await lessons()).find((l) => l.slug === slug)!.steps.filter((s) => s.phase === 'teardown');
        for (const s of steps) await (await api(`/api/lessons/${slug}/steps/${s.id}/run`, { method: 'POST', body: '{}' })).text();
        res = await api(`/api/lessons/${slug}/reset`, { method: 'POST', body: '{}' });
      }
      if (!res.ok) throw new Error(`reset ${slug}: HTTP ${res.status} ${await res.text()}`);
    },
  };
}

/** Milliseconds from each Run click to the first event element in the step's output, measured in the page. */
async function clickToFirstEvent(page: Page, notebook: BenchNotebook): Promise<number[]> {
  await notebook.reset('who-am-i');
  await page.goto(`${notebook.base}/lessons/who-am-i/`);
  const step = page.locator('[data-step="get-caller-identity"]');
  await step.locator('[data-testid="status"]').waitFor();
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const ms = await step.evaluate(
      (el) =>
        new Promise<number>((resolve) => {
          const output = el.querySelector('[data-testid="output"]')!;
          let clicked = 0;
          const seen = new MutationObserver((records) => {
            for (const record of records) {
              for (const node of record.addedNodes) {
                if (node instanceof HTMLElement && node.classList.contains('ev') && !node.classList.contains('ev-notice')) {
                  seen.disconnect();
                  resolve(performance.now() - clicked);
                  return;
                }
              }
            }
          });
          seen.observe(output, { childList: true });
          clicked = performance.now();
          el.querySelector<HTMLButtonElement>('[data-testid="run"]')!.click();
        }),
    );
    // The run ends (its last line, and the stream closing) before the next click.
    await step.locator('.ev-end').waitFor();
    await page.locator('[data-step="get-caller-identity"]:not([data-status="running"])').waitFor();
    await page.waitForTimeout(50);
    if (i >= WARM_UP) times.push(ms);
  }
  return times;
}

/** Clicks the lesson's Run all and waits for its finish line; the time from the click to that line. */
async function runAll(page: Page, base: string, lesson: string): Promise<{ ms: number; line: string }> {
  await page.goto(`${base}/lessons/${lesson}/`);
  const toolbar = page.getByTestId('lesson-runner');
  const progress = toolbar.getByTestId('run-all-progress');
  await toolbar.getByRole('button', { name: 'Run all' }).waitFor();
  await page.locator('target-banner[data-state="sandbox"]').waitFor(); // the page has asked the server
  const started = performance.now();
  await toolbar.getByRole('button', { name: 'Run all' }).click();
  await progress.filter({ hasText: /^(Done|Stopped|Nothing to run|Could not)/ }).waitFor({ timeout: 300_000 });
  const ms = performance.now() - started;
  return { ms, line: (await progress.textContent()) ?? '' };
}
