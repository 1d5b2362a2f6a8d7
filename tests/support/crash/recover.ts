/**
 * Crash-test support: what follows a crash, as one call. After a notebook child process died on
 * a state directory, it notes what the ledger and IAM held at the crash, starts a new notebook
 * on the same sandbox and state directory (the learner's next session), runs the clean-up and
 * its checks (clean-up-and-check.ts), and checks that the new notebook survived them. It then
 * stops that notebook, unless asked to keep it, and scrubs whatever was left so that the next
 * case starts from nothing. It does not kill anything: the crash is the caller's.
 */
import { exitWithin, startNotebook, type NotebookChild } from '../notebook-child.ts';
import type { StandaloneSandbox } from '../processes.ts';
import { cleanUpAndCheck, type CleanUpReport } from './clean-up-and-check.ts';
import { describeRecord, readLedger, type LedgerFile } from './ledger-file.ts';
import { scrub } from './scrub.ts';
import { describeLeft, isNothing, whatIsLeft, type Clients, type Left } from './what-is-left.ts';

export interface Recovery extends CleanUpReport {
  /** The ledger as the dead process left it. */
  atCrash: LedgerFile;
  /** What IAM had under /sts-workshop/ before the restart. */
  leftByCrash: Left;
  /** The crash's traces in a few lines, for assertion messages and diagnostics. */
  context: string[];
  /**
   * The restarted notebook, still running, when `keep` asked for it and the clean-up left
   * nothing to complain about: the next case goes on with it (a learner's next session).
   * Otherwise it has been stopped, and the next case needs a fresh state directory.
   */
  notebook?: NotebookChild;
}

export interface RecoverOptions {
  /** Keep the restarted notebook running if all is well (see `Recovery.notebook`). */
  keep?: boolean;
  /** WORKSHOP_FAULT_AFTER for the restarted notebook (for the next case; clean-up never creates). */
  faultAfter?: string;
}

/**
 * The ledger's lines as the crash left them must parse too (they are in `problems`), and the new
 * notebook must still be running after the clean-up.
 */
export async function recover(sandbox: StandaloneSandbox, clients: Clients, stateDir: string, options: RecoverOptions = {}): Promise<Recovery> {
  const atCrash = await readLedger(stateDir);
  const leftByCrash = await whatIsLeft(clients);
  const context = [
    `ledger at the crash: ${atCrash.outstanding.map(describeRecord).join('; ') || 'nothing outstanding'}`,
    `left in the sandbox before the restart: ${describeLeft(leftByCrash)}`,
  ];
  const next = await startNotebook({ sandbox, stateDir, faultAfter: options.faultAfter });
  let keep = false;
  try {
    const report = await cleanUpAndCheck(next, clients);
    report.problems.unshift(...atCrash.invalid.map((line) => `ledger at the crash: ${line}`));
    const exit = await exitWithin(next, 0);
    if (exit) report.problems.push(`the restarted notebook died during the clean-up (${exit.signal ?? exit.code})${options.faultAfter ? `: did the clean-up call ${options.faultAfter}?` : ''}`);
    context.push(report.answers.join(', '));
    keep = Boolean(options.keep) && report.problems.length === 0;
    return { ...report, atCrash, leftByCrash, context, notebook: keep ? next : undefined };
  } finally {
    if (!keep) {
      await next.stop();
      if (!isNothing(await whatIsLeft(clients))) {
        const stuck = await scrub(clients);
        if (stuck.length > 0) throw new Error(`the test could not remove what was left either: ${stuck.join(', ')}`);
      }
    }
  }
}
