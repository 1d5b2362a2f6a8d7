// `npm test`: every check the project has, in order, with one closing line that counts them.
// Type checks (tsc, astro check) → unit and integration tests (node:test) → site build →
// end-to-end tests (Playwright in a local Chromium). Each stage's own output is shown; the last
// line reads "tests: N passed, M failed, K skipped" (a stage that fails without counting tests, such
// as a type check, counts as one failure). Exits non-zero on any failure, on any
// skipped test (a skipped test did not run: the project counts it as a failure, in CI and
// locally), when a test stage ran no test, or when no Chromium is found for the browser stage.
//
// Every run writes to its own directory (TEST_RUN_DIR, else a new one under the system temp
// directory): node:test's TAP file, Playwright's results and JSON report. The browser tests take
// their ports from E2E_PORT / E2E_SANDBOX_PORT or pick free ones (playwright.config.ts), so two
// runs on one machine do not collide. `npm test -- end-to-end` runs only the stages whose name has that text.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runDir = process.env.TEST_RUN_DIR || mkdtempSync(join(tmpdir(), 'sts-workshop-test-'));
mkdirSync(runDir, { recursive: true });
const tapFile = join(runDir, 'node-test.tap');
const e2eReport = join(runDir, 'e2e.json');
for (const file of [tapFile, e2eReport]) rmSync(file, { force: true });

const stages = [
  { name: 'typecheck (tsc)', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'typecheck (astro check)', cmd: ['npx', 'astro', 'check', '--minimumFailingSeverity', 'error'] },
  {
    name: 'unit + integration (node:test)',
    // Two test files at a time (node's default on two cores is one): most of them wait on child
    // processes, sockets and timers, so two overlap well; each file still runs in its own process.
    cmd: [process.execPath, '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter=tap', '--test-reporter-destination=stdout', `--test-reporter-destination=${tapFile}`,
      'server/**/*.test.ts', 'src/**/*.test.ts', 'tests/**/*.test.ts'],
    count: countNodeTest,
  },
  { name: 'build the site', cmd: ['npx', 'astro', 'build'] },
  { name: 'end-to-end (Playwright, Chromium)', cmd: ['npx', 'playwright', 'test'], count: countPlaywright, needsChromium: true },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const broken = [];
const skippedNames = [];

for (const stage of stages) {
  if (only.length && !only.some((o) => stage.name.includes(o))) continue;
  console.log(`\n=== ${stage.name}`);
  if (stage.needsChromium) {
    const { findChromium } = await import('./chromium.ts');
    const browser = findChromium();
    if (browser.error) {
      console.log(browser.error);
      failed += 1;
      broken.push(`${stage.name}: no browser`);
      continue;
    }
    console.log(`Chromium: ${browser.path} (${browser.source})`);
  }
  const { code, output } = await run(stage.cmd);
  if (stage.count) {
    const n = stage.count(output);
    passed += n.pass;
    failed += n.fail;
    skipped += n.skip;
    skippedNames.push(...n.skippedNames);
    if (code !== 0 && n.fail === 0) failed += 1;
    if (n.pass + n.fail + n.skip === 0) {
      console.log(`No test ran in ${stage.name}.`);
      if (code === 0) failed += 1;
      broken.push(`${stage.name} (no test ran)`);
      continue;
    }
  }
  if (code !== 0) {
    broken.push(stage.name);
    if (!stage.count) failed += 1; // a failed type check or build counts, so the closing line never reads 0 failed for a failing run
  }
}

console.log('');
if (skippedNames.length) {
  console.log('Skipped, so not run (a skip fails the run):');
  for (const name of skippedNames) console.log(`  - ${name}`);
}
if (broken.length) console.log(`Failed stages: ${broken.join(', ')}`);
if (passed + failed + skipped === 0) console.log('No test ran.');
console.log(`Results of this run: ${runDir}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (broken.length || failed || skipped || passed === 0) process.exitCode = 1;

/** node:test's TAP file: the closing `# pass`, `# fail`, `# cancelled`, `# skipped`, `# todo` counts and the skipped tests' names. */
function countNodeTest() {
  let tap = '';
  try {
    tap = readFileSync(tapFile, 'utf8');
  } catch {
    // the stage did not get as far as writing it
  }
  const total = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  const skippedNames = [...tap.matchAll(/^\s*(?:not )?ok \d+ - (.*?) # (?:SKIP|TODO)\b ?(.*)$/gim)].map((m) => (m[2] ? `${m[1]} (${m[2]})` : m[1]));
  return { pass: total('pass'), fail: total('fail') + total('cancelled'), skip: total('skipped') + total('todo'), skippedNames };
}

/** Playwright's JSON report (its `stats`), falling back on the list reporter's summary lines. */
function countPlaywright(output) {
  let report;
  try {
    report = JSON.parse(readFileSync(e2eReport, 'utf8'));
  } catch {
    const n = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(output)?.[1] ?? 0);
    return { pass: n('passed'), fail: n('failed') + n('flaky') + n('interrupted'), skip: n('skipped') + n('did not run'), skippedNames: [] };
  }
  const skippedNames = [];
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'skipped') skippedNames.push([...titles, spec.title].filter(Boolean).join(' › '));
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
  const s = report.stats ?? {};
  return { pass: s.expected ?? 0, fail: (s.unexpected ?? 0) + (s.flaky ?? 0), skip: s.skipped ?? 0, skippedNames };
}

function run(cmd) {
  return new Promise((resolve) => {
    const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', TEST_RUN_DIR: runDir };
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
