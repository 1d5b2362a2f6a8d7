// `npm test`: every check the project has, in order, with one closing line that counts them.
// Type checks (tsc, astro check) → unit and integration tests (node:test) → site build →
// end-to-end tests (Playwright in Debian's Chromium). Each stage's own output is shown; the
// last line reads "tests: N passed, M failed". Exits non-zero on any failure or when no test ran.
import { spawn } from 'node:child_process';

const stages = [
  { name: 'typecheck (tsc)', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'typecheck (astro check)', cmd: ['npx', 'astro', 'check', '--minimumFailingSeverity', 'error'] },
  {
    name: 'unit + integration (node:test)',
    cmd: ['node', '--test', '--test-reporter=spec', '--test-reporter=tap', '--test-reporter-destination=stdout', '--test-reporter-destination=/tmp/sts-workshop-node-test.tap',
      'server/**/*.test.ts', 'src/**/*.test.ts', 'tests/**/*.test.ts'],
    count: 'node',
  },
  { name: 'build the site', cmd: ['npx', 'astro', 'build'] },
  { name: 'end-to-end (Playwright, Chromium)', cmd: ['npx', 'playwright', 'test'], count: 'playwright' },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let broken = [];

for (const stage of stages) {
  if (only.length && !only.some((o) => stage.name.includes(o))) continue;
  console.log(`\n=== ${stage.name}`);
  const { code, output } = await run(stage.cmd);
  if (stage.count === 'node') {
    const tap = await import('node:fs/promises').then((fs) => fs.readFile('/tmp/sts-workshop-node-test.tap', 'utf8')).catch(() => '');
    const pass = Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
    const fail = Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(tap)?.[1] ?? 0);
    passed += pass;
    failed += fail;
    if (code !== 0 && fail === 0) failed += 1;
  } else if (stage.count === 'playwright') {
    const pass = Number(/(\d+) passed/.exec(output)?.[1] ?? 0);
    const fail = Number(/(\d+) failed/.exec(output)?.[1] ?? 0) + Number(/(\d+) flaky/.exec(output)?.[1] ?? 0);
    passed += pass;
    failed += fail;
    if (code !== 0 && fail === 0) failed += 1;
  }
  if (code !== 0) broken.push(stage.name);
}

console.log('');
if (broken.length) console.log(`Failed stages: ${broken.join(', ')}`);
if (passed + failed === 0) {
  console.log('No test ran.');
  process.exitCode = 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
if (broken.length || failed) process.exitCode = 1;

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' } });
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
