// `npm run soak`: the long versions of the suites that search for holes, which `npm test` runs
// short. 200 seeded SIGKILL trials (SOAK_TRIALS, SOAK_SEED), every lesson under faults with five
// more seeds each (FAULT_SEED), the API fuzz with 5,000 runs (API_FUZZ_RUNS). Each run prints its
// seeds, so a failure can be replayed. About 15 minutes on a 2-core machine.
import { spawnSync } from 'node:child_process';

const runs = [
  { env: { SOAK_TRIALS: process.env.SOAK_TRIALS ?? '200' }, files: ['tests/crash-random.test.ts', 'tests/crash-windows.test.ts'] },
  ...['1', '2', '3', '4', '5'].map((seed) => ({ env: { FAULT_SEED: process.env.FAULT_SEED ?? seed }, files: ['tests/lessons-under-faults.test.ts'] })),
  { env: { API_FUZZ_RUNS: process.env.API_FUZZ_RUNS ?? '5000' }, files: ['tests/api-fuzz.test.ts'] },
];

let failed = 0;
for (const run of runs) {
  console.log(`\n=== ${Object.entries(run.env).map(([k, v]) => `${k}=${v}`).join(' ')} ${run.files.join(' ')}`);
  const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...run.files], { stdio: 'inherit', env: { ...process.env, ...run.env } });
  if (result.status !== 0) failed++;
}
console.log(failed ? `\nsoak: ${failed} of ${runs.length} runs failed` : `\nsoak: all ${runs.length} runs passed`);
process.exitCode = failed ? 1 : 0;
