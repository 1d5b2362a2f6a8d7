/**
 * What the try-it cell created in a lesson's run: it is in no lesson state, so no teardown step
 * names it. `remember` wraps the run's ledger so each create is also kept here (by run id);
 * `remove` deletes it through teardown.ts when a teardown step of the lesson succeeds. After a
 * crash the ledger and the run tag still let the clean-up find it. It creates nothing itself.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Ledger, LedgerResource } from '../../src/lessons/lesson.ts';
import { removeResources } from '../../src/lessons/shared/teardown.ts';

export class TriedResources {
  readonly #byRun = new Map<string, LedgerResource[]>();

  /** The try-it cell's ledger: records as usual, and keeps what it creates for the teardown. */
  remember(runId: string, ledger: Ledger): Ledger {
    const keep = (r: LedgerResource) => {
      const list = this.#byRun.get(runId) ?? [];
      const same = (o: LedgerResource) => o.kind === r.kind && o.name === r.name && o.parent === r.parent;
      this.#byRun.set(runId, [...list.filter((o) => !same(o)), { ...list.find(same), ...r }]);
    };
    return {
      ...ledger,
      intend: async (r) => (keep(r), ledger.intend(r)),
      created: async (r) => (keep(r), ledger.created(r)),
    };
  }

  /** A teardown step succeeded: what Try it made in this run goes too. Never throws. */
  async remove(runId: string, iam: IAMClient, ledger: Ledger, log: (text: string) => void): Promise<void> {
    const tried = this.#byRun.get(runId);
    if (!tried?.length) return;
    this.#byRun.delete(runId);
    log(`Also removing what Try it made in this run: ${tried.map((r) => `${r.kind} ${r.name}`).join(', ')}.`);
    try {
      await removeResources(iam, ledger, tried, log);
    } catch (error) {
      log(`Could not remove all of it (${(error as Error).name}: ${(error as Error).message}); the Clean up lesson will find it.`);
    }
  }
}
