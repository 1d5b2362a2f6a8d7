/**
 * Random SIGKILL trials, seeded: several lessons' setups run in parallel through one notebook
 * (independent lessons, one run at a time each) against a standalone `npm run sandbox`, and the
 * notebook is SIGKILLed at a moment the seed picks; and a clean-up (POST /api/cleanup) SIGKILLed
 * mid-way. Each time a new notebook on the same sandbox and state directory cleans up, and then
 * the API has answered 2xx, the real IAM/S3 SDK clients find nothing under /sts-workshop/, and
 * the ledger file parses line by line with nothing outstanding. That notebook goes on into the
 * next trial, so the ledger grows across crashes (a fresh start only after a failing trial).
 *
 * The seed and the number of trials are printed; `SOAK_SEED=<n>` replays a run's choices (which
 * lessons, how far through), `SOAK_TRIALS=<n>` runs more (e.g. 200 for a soak). The moments are
 * fractions the seed picks: of the time a full parallel setup took in the calibration run here,
 * and of the clean-up's ledger writes, so that a kill lands mid-way whatever the machine's speed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUpAndCheck } from './support/crash/clean-up-and-check.ts';
import { readLedger } from './support/crash/ledger-file.ts';
import { recover } from './support/crash/recover.ts';
import { scrub } from './support/crash/scrub.ts';
import { seededRandom } from './support/crash/seeded-random.ts';
import { clientsFor, type Clients } from './support/crash/what-is-left.ts';
import { describeDrive, driveLesson, listLessons, type LessonInfo } from './support/drive-lesson.ts';
import { Mutex } from './support/mutex.ts';
import { newStateDir, startNotebook, type NotebookChild } from './support/notebook-child.ts';
import { startStandaloneSandbox, type StandaloneSandbox } from './support/processes.ts';

function wholeNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got ${value})`);
  return n;
}

const SEED = wholeNumber('SOAK_SEED', 20261204);
const TRIALS = wholeNumber('SOAK_TRIALS', 5);
console.log(`crash-random: SOAK_SEED=${SEED} SOAK_TRIALS=${TRIALS}`);

let sandbox: StandaloneSandbox;
let clients: Clients;
/** The lessons that have setup steps, as GET /api/lessons describes them. */
let setupLessons: LessonInfo[] = [];
/** How long all of them took to set up in parallel, without a crash. */
let fullSetupMs = 0;
/**
 * The running notebook and its state directory: the one the last trial restarted and cleaned up
 * with goes on into the next trial (a learner's next session, the ledger growing across crashes);
 * after a failing trial, a fresh one on a new state directory.
 */
let live: { nb: NotebookChild; stateDir: string } | undefined;

before(async () => {
  sandbox = await startStandaloneSandbox();
  clients = clientsFor(sandbox.env);
});
after(async () => {
  await live?.nb.stop();
  sandbox?.stop();
});

/** The notebook to use now (the live one, or a new one), no longer `live`: put it back with `carryOn`. */
async function takeNotebook(): Promise<{ nb: NotebookChild; stateDir: string }> {
  const taken = live;
  live = undefined;
  if (taken) return taken;
  const stateDir = await newStateDir();
  return { stateDir, nb: await startNotebook({ sandbox, stateDir }) };
}

function setUpInParallel(nb: NotebookChild, lessons: LessonInfo[]) {
  const clockLock = new Mutex();
  return Promise.all(lessons.map((lesson) => driveLesson(nb, lesson, { phases: ['setup'], clockLock })));
}

test('calibration: the lessons’ setups in parallel without a crash, then a clean-up leaves nothing', async (t) => {
  const { nb, stateDir } = await takeNotebook();
  let ok = false;
  try {
    setupLessons = (await listLessons(nb)).filter((l) => l.steps.some((s) => s.phase === 'setup'));
    assert.ok(setupLessons.length >= 2, `only ${setupLessons.length} lesson(s) with setup steps`);
    const started = Date.now();
    const drives = await setUpInParallel(nb, setupLessons);
    fullSetupMs = Date.now() - started;
    t.diagnostic(`${setupLessons.length} setups in parallel: ${fullSetupMs} ms`);
    const problems = drives.filter((d) => !d.completed).map(describeDrive);
    problems.push(...(await cleanUpAndCheck(nb, clients)).problems);
    assert.deepEqual(problems, [], problems.join('\n'));
    ok = true;
  } finally {
    if (ok) live = { nb, stateDir };
    else {
      await nb.stop();
      await scrub(clients);
    }
  }
});

test(`setups in parallel, SIGKILLed at a random moment (SOAK_SEED=${SEED}, ${TRIALS} trials)`, async (t) => {
  assert.ok(fullSetupMs > 0, 'the calibration did not run');
  const rng = seededRandom(SEED);
  for (let trial = 1; trial <= TRIALS; trial++) {
    const chosen = rng.pick(setupLessons, rng.int(2, setupLessons.length));
    const fraction = rng.next();
    const slugs = chosen.map((l) => l.slug).join(', ');
    await t.test(`trial ${trial}: ${slugs}; killed ${Math.round(fraction * 100)}% of the way through`, async (st) => {
      const { nb: doomed, stateDir } = await takeNotebook();
      const drives = setUpInParallel(doomed, chosen);
      await sleep(Math.round(fraction * fullSetupMs));
      const exit = await doomed.kill();
      const done = await drives;
      assert.equal(exit.signal, 'SIGKILL', `the notebook exited on its own (${exit.code})`);
      const where = done.map(describeDrive);
      for (const line of where) st.diagnostic(line);
      const recovery = await recover(sandbox, clients, stateDir, { keep: true });
      if (recovery.notebook) live = { nb: recovery.notebook, stateDir };
      for (const line of recovery.context) st.diagnostic(line);
      assert.deepEqual(recovery.problems, [], `SOAK_SEED=${SEED} trial ${trial}, killed during:\n${where.join('\n')}\nthen a clean-up:\n${recovery.problems.join('\n')}\n${recovery.context.join('\n')}`);
    });
  }
});

/** Resolves once the ledger file has `lines` lines (true), or `settled` resolves first (false). */
async function ledgerReaches(stateDir: string, lines: number, settled: Promise<unknown>): Promise<boolean> {
  let over = false;
  void settled.then(() => (over = true));
  for (;;) {
    const text = await readFile(join(stateDir, 'ledger.jsonl'), 'utf8').catch(() => '');
    if (text.split('\n').length - 1 >= lines) return true;
    if (over) return false;
    await sleep(1);
  }
}

test(`a clean-up SIGKILLed mid-way, then cleaned up again (SOAK_SEED=${SEED}, ${TRIALS} trials)`, async (t) => {
  assert.ok(setupLessons.length > 0, 'the calibration did not run');
  const rng = seededRandom(SEED ^ 0x5bd1e995);
  for (let trial = 1; trial <= TRIALS; trial++) {
    const chosen = rng.pick(setupLessons, rng.int(1, setupLessons.length));
    const fraction = rng.next();
    const jitterMs = rng.int(0, 5);
    const slugs = chosen.map((l) => l.slug).join(', ');
    await t.test(`trial ${trial}: ${slugs} left; the clean-up killed ${Math.round(fraction * 100)}% through its ledger writes`, async (st) => {
      const { nb: doomed, stateDir } = await takeNotebook();
      const drives = await setUpInParallel(doomed, chosen);
      const failed = drives.filter((d) => !d.completed).map(describeDrive);
      if (failed.length > 0) {
        await doomed.stop();
        await scrub(clients);
        assert.fail(`a setup failed without a crash:\n${failed.join('\n')}`);
      }
      const before = await readLedger(stateDir);
      // At least one write (a deletion) per outstanding record; 0 kills it while it is still looking.
      const writes = Math.floor(fraction * before.outstanding.length);
      const posted = doomed.request('/api/cleanup', { method: 'POST', body: '{}' }).then(
        (r) => `answered ${r.status} before the kill`,
        () => 'cut off by the kill',
      );
      const reached = writes === 0 ? (await sleep(jitterMs * 4), true) : await ledgerReaches(stateDir, before.lines.length + writes, posted);
      await sleep(jitterMs);
      const exit = await doomed.kill();
      assert.equal(exit.signal, 'SIGKILL');
      const done = (await readLedger(stateDir)).lines.length - before.lines.length;
      st.diagnostic(`killed after ${done} of the clean-up's ledger writes (aimed at ${writes} of ~${before.outstanding.length}${reached ? '' : ', not reached'}); POST /api/cleanup ${await posted}`);
      const recovery = await recover(sandbox, clients, stateDir, { keep: true });
      if (recovery.notebook) live = { nb: recovery.notebook, stateDir };
      for (const line of recovery.context) st.diagnostic(line);
      assert.deepEqual(recovery.problems, [], `SOAK_SEED=${SEED} trial ${trial}, a clean-up killed after ${done} ledger writes, then another clean-up:\n${recovery.problems.join('\n')}\n${recovery.context.join('\n')}`);
    });
  }
});
