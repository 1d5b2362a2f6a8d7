/**
 * Every crash window: for every lesson and every operation it creates, attaches, puts, tags,
 * enables or uploads something with, as the notebook itself reads them from the lesson's code
 * (server/runner/lesson-effects.ts `changingOperations`, the list the real-account confirmation
 * names, so that a new lesson is covered without editing this file and the test and the product
 * agree by construction), a notebook started with WORKSHOP_FAULT_AFTER=<Operation> against a
 * standalone `npm run sandbox` runs the lesson's steps in order and SIGKILLs itself right after
 * that operation's response. A new notebook on the same sandbox and state directory then cleans
 * up (POST /api/cleanup): the API answers 2xx, the real IAM/S3 SDK clients find nothing under
 * /sts-workshop/, and the ledger file parses line by line with nothing outstanding.
 *
 * The other side of the window, for each operation whose resource the ledger records with an
 * intent before the call (once per operation, in the first lesson that reaches it): killed after
 * the intent was fsynced and before the create call reached IAM. The process is killed as above,
 * and the one resource the open intent names is then removed with the IAM SDK, which leaves IAM
 * and the ledger exactly as that earlier kill would have; then the same restart, clean-up and
 * checks.
 *
 * In which step each lesson reaches each operation is found by running the lessons, once,
 * through a notebook with its own embedded sandbox (so that its clock moves do not touch the
 * standalone one). Each window is then confirmed by the SIGKILL itself, in the step that
 * discovery saw make the call. An operation a lesson's list names and its setup and usage steps
 * never call successfully fails the test, and so does one they call successfully that the list
 * leaves out. Steps meant to be denied are not in the lists (assume-role's CreateBucket, an
 * expected AccessDenied): nothing is created, so there is no window; teardown steps are not
 * either (they remove).
 *
 * When a case passes, the notebook it restarted and cleaned up with goes on as the next case's,
 * started with the next case's fault (clean-up never creates, so the fault cannot fire in it):
 * one process start per case. After a failing case the next one starts afresh, on a new state
 * directory and a sandbox emptied by the test itself.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANGING, changingOperations } from '../server/runner/lesson-effects.ts';
import { lessons as registry } from '../src/lessons/index.ts';
import { cleanUpAndCheck } from './support/crash/clean-up-and-check.ts';
import { describeRecord, readLedger, type LedgerFile } from './support/crash/ledger-file.ts';
import { recover } from './support/crash/recover.ts';
import { scrub, undoCreate } from './support/crash/scrub.ts';
import { clientsFor, isNothing, whatIsLeft, type Clients } from './support/crash/what-is-left.ts';
import { describeDrive, driveLesson, listLessons, type LessonInfo } from './support/drive-lesson.ts';
import { exitWithin, newStateDir, startNotebook, type NotebookChild } from './support/notebook-child.ts';
import { startStandaloneSandbox, type StandaloneSandbox } from './support/processes.ts';

/** Per lesson, the operations that leave something behind, in step order (lessons that change nothing left out). */
const OPERATIONS = new Map(registry.map((l) => [l.slug, changingOperations(l)] as const).filter(([, ops]) => ops.length > 0));
const BEFORE_TEARDOWN = { phases: ['setup', 'usage'] } as const;
/** Whether an operation's name makes it one that creates, attaches, puts, tags, enables, uploads or updates. */
const changes = (operation: string) => [...`new ${operation}Command`.matchAll(CHANGING)].length > 0;

interface Window {
  op: string;
  lesson: string;
  /** The step in which discovery saw the operation's first successful call. */
  step: string;
}

/** Filled by the discovery test: the lessons as the API describes them, and where each operation is called. */
let lessons: LessonInfo[] = [];
const windows: Window[] = [];
/** `lesson: Operation (step)` for each such operation a lesson called successfully and its list leaves out. */
const unlisted: string[] = [];
let discovered = false;

let sandbox: StandaloneSandbox;
let clients: Clients;
before(async () => {
  sandbox = await startStandaloneSandbox();
  clients = clientsFor(sandbox.env);
});
after(async () => {
  await chained?.nb.stop();
  sandbox?.stop();
});

test('the create, attach, put, tag, enable and upload operations are read from each lesson’s code, as the notebook reads them', (t) => {
  assert.ok(OPERATIONS.size > 0, 'no lesson changes anything, says lesson-effects: the scan is broken');
  for (const [slug, ops] of OPERATIONS) t.diagnostic(`${slug}: ${ops.join(', ')}`);
});

test('discovery: every lesson’s setup and usage steps run in order, and a clean-up after them leaves nothing', async (t) => {
  const nb = await startNotebook({ stateDir: await newStateDir() });
  try {
    lessons = await listLessons(nb);
    const problems: string[] = [];
    for (const lesson of lessons) {
      const drive = await driveLesson(nb, lesson, BEFORE_TEARDOWN);
      t.diagnostic(describeDrive(drive));
      if (!drive.completed) problems.push(describeDrive(drive));
      const listed = OPERATIONS.get(lesson.slug) ?? [];
      const seen = new Set<string>();
      for (const run of drive.runs) {
        for (const call of run.calls) {
          if (!call.ok || seen.has(call.operation)) continue;
          seen.add(call.operation);
          if (listed.includes(call.operation)) windows.push({ op: call.operation, lesson: lesson.slug, step: run.step });
          else if (changes(call.operation)) unlisted.push(`${lesson.slug}: ${call.operation} (${run.step})`);
        }
      }
    }
    discovered = true;
    const report = await cleanUpAndCheck(nb, clientsFor(nb.sandboxEnv));
    problems.push(...report.problems);
    assert.deepEqual(problems, [], `a run without crash:\n${problems.join('\n')}`);
  } finally {
    await nb.stop();
  }
});

test('every operation a lesson’s list names is reached by that lesson’s setup or usage steps, and no other', () => {
  assert.ok(discovered, 'discovery did not run');
  const unreached = [...OPERATIONS].flatMap(([slug, ops]) => ops.filter((op) => !windows.some((w) => w.lesson === slug && w.op === op)).map((op) => `${slug}: ${op}`));
  assert.deepEqual(unreached, [], `listed by lesson-effects, never called successfully by the lesson's setup or usage steps: ${unreached.join('; ')}`);
  assert.deepEqual(unlisted, [], `called successfully, but not in the lesson's list from lesson-effects (code outside the steps' shown regions?): ${unlisted.join('; ')}`);
  assert.ok(windows.length > 0);
});

/** The notebook the previous case restarted and cleaned up with, its fault set to this case's operation. */
let chained: { nb: NotebookChild; stateDir: string } | undefined;

/** The open intent a crash left: the one outstanding record whose last word is intend-create. */
const openIntents = (ledger: LedgerFile) => ledger.outstanding.filter((r) => r.op === 'intend-create');

/**
 * One case: the lesson's steps up to `w.step` with the fault set to `w.op`, the SIGKILL checked,
 * `tamper` (if any) on the ledger the crash left, then the restart, clean-up and checks.
 */
async function crashCase(w: Window, following: string | undefined, tamper?: (atCrash: LedgerFile) => Promise<string>) {
  const stateDir = chained?.stateDir ?? (await newStateDir());
  const doomed = chained?.nb ?? (await startNotebook({ sandbox, stateDir, faultAfter: w.op }));
  chained = undefined;
  let tampered = '';
  try {
    const drive = await driveLesson(doomed, lessons.find((l) => l.slug === w.lesson)!, { ...BEFORE_TEARDOWN, until: w.step });
    const exit = await exitWithin(doomed, 5000);
    assert.equal(exit?.signal, 'SIGKILL', `WORKSHOP_FAULT_AFTER=${w.op} did not kill the notebook: ${describeDrive(drive)}`);
    assert.equal(drive.runs.at(-1)?.step, w.step, `died elsewhere than in ${w.step}: ${describeDrive(drive)}`);
    if (tamper) tampered = await tamper(await readLedger(stateDir));
  } catch (error) {
    await doomed.kill();
    await scrub(clients);
    throw error;
  }
  const recovery = await recover(sandbox, clients, stateDir, { keep: following !== undefined, faultAfter: following });
  if (recovery.notebook) chained = { nb: recovery.notebook, stateDir };
  if (tampered) recovery.context.unshift(tampered);
  return recovery;
}

/** Per operation, the first window whose crash left an open intent (its resource is recorded before the call). */
const intentWindows: Window[] = [];

test('every crash window: killed right after the response, restarted on the same ledger, cleaned up, nothing left', async (t) => {
  assert.ok(discovered && windows.length > 0, 'discovery found no window');
  for (const [i, w] of windows.entries()) {
    await t.test(`${w.op} in ${w.lesson} (step ${w.step})`, async (st) => {
      const recovery = await crashCase(w, windows[i + 1]?.op);
      // One intent case per operation (the first lesson that reaches it): what differs is the record.
      if (openIntents(recovery.atCrash).length > 0 && !intentWindows.some((x) => x.op === w.op)) intentWindows.push(w);
      for (const line of recovery.context) st.diagnostic(line);
      assert.deepEqual(
        recovery.problems,
        [],
        `after a crash right after ${w.op} in ${w.lesson}/${w.step} and a clean-up:\n${recovery.problems.join('\n')}\n${recovery.context.join('\n')}`,
      );
    });
  }
});

test('every intent window: killed after the intent reached the ledger, before the create call reached IAM; restarted, cleaned up, nothing left', async (t) => {
  assert.ok(intentWindows.length > 0, 'no crash left an open intent: the ledger records nothing before the create calls?');
  for (const [i, w] of intentWindows.entries()) {
    await t.test(`${w.op} in ${w.lesson} (step ${w.step}), the call never arrived`, async (st) => {
      const recovery = await crashCase(w, intentWindows[i + 1]?.op, async (atCrash) => {
        const [intent, ...more] = openIntents(atCrash);
        assert.ok(intent && more.length === 0, `expected one open intent, got ${openIntents(atCrash).map(describeRecord).join('; ') || 'none'}`);
        await undoCreate(clients, intent);
        return `undone with the IAM SDK, as if never created: ${describeRecord(intent)}`;
      });
      for (const line of recovery.context) st.diagnostic(line);
      assert.deepEqual(
        recovery.problems,
        [],
        `after a crash between the intent and the ${w.op} call in ${w.lesson}/${w.step}, and a clean-up:\n${recovery.problems.join('\n')}\n${recovery.context.join('\n')}`,
      );
    });
  }
});

test('every lesson’s setup and usage also run on a notebook started with --sandbox-url, the sandbox clock moved between MFA codes', async (t) => {
  // Last in this file: it moves the standalone sandbox's clock, which the windows above never do.
  const nb = await startNotebook({ sandbox, stateDir: await newStateDir() });
  try {
    const problems: string[] = [];
    for (const lesson of await listLessons(nb)) {
      const drive = await driveLesson(nb, lesson, BEFORE_TEARDOWN);
      t.diagnostic(describeDrive(drive));
      if (!drive.completed) problems.push(describeDrive(drive));
    }
    const report = await cleanUpAndCheck(nb, clients);
    problems.push(...report.problems);
    assert.deepEqual(problems, [], problems.join('\n'));
  } finally {
    await nb.stop();
    if (!isNothing(await whatIsLeft(clients))) await scrub(clients);
  }
});
