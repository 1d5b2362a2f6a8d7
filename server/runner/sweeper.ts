/**
 * The one home of clean-up on the server: the start-up report, `GET /api/cleanup` (a plain
 * look that writes nothing) and `POST /api/cleanup` (remove everything) all go through it, with
 * the notebook's own IAM client and the ledger scope of the "clean-up" lesson. Finding is
 * shared/leftovers.ts and removing is shared/teardown.ts, the same SDK code the Clean up lesson
 * shows and runs, in the notebook's account and (through `iamIn`) in another account a lesson
 * made something in. One sweep at a time (409 otherwise). A target that cannot be reached becomes
 * a WorkshopError naming the endpoint, as a failed step says it. It schedules nothing itself.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Ledger } from '../../src/lessons/lesson.ts';
import { describeLeftover, findLeftovers, groupUnderParents, type Leftover } from '../../src/lessons/shared/leftovers.ts';
import type { IamIn } from '../../src/lessons/shared/other-accounts.ts';
import { RemovalError, removeResources, unreachable } from '../../src/lessons/shared/teardown.ts';
import { WorkshopError } from './workshop-error.ts';

export interface SweeperDeps {
  iam(): IAMClient;
  /** For resources a lesson made in another account (`inAccount`): a fresh resolver per sweep. */
  iamIn?(): IamIn;
  ledger: Ledger;
  /** Where IAM is reached: the sandbox URL, or undefined for real AWS. */
  endpoint?: string;
  region: string;
  onProblem?(text: string): void;
}

export interface SweepResult {
  removed: string[];
  failed: string[];
  remaining: Leftover[];
}

export class Sweeper {
  readonly #deps: SweeperDeps;
  #sweeping = false;

  constructor(deps: SweeperDeps) {
    this.#deps = deps;
  }

  /** What earlier runs left; writes nothing (not even closing stale ledger records). */
  look(): Promise<Leftover[]> {
    return this.#reach(() => findLeftovers(this.#deps.iam(), this.#deps.ledger, { closeGone: false, onProblem: this.#deps.onProblem, iamIn: this.#deps.iamIn?.() }));
  }

  /** What earlier runs left, closing ledger records whose resource IAM does not have (start-up). */
  survey(): Promise<Leftover[]> {
    return this.#reach(() => findLeftovers(this.#deps.iam(), this.#deps.ledger, { onProblem: this.#deps.onProblem, iamIn: this.#deps.iamIn?.() }));
  }

  /** For the terminal: "3 resources" and "user …, role …"; children counted with their parent. */
  static summary(leftovers: Leftover[]): { count: string; names: string } {
    const groups = groupUnderParents(leftovers);
    const count = groups.length === 1 ? '1 resource' : `${groups.length} resources`;
    return { count, names: groups.map((g) => describeLeftover(g.leftover)).join(', ') };
  }

  /** Removes every leftover; one that cannot be removed is reported and never stops the rest. */
  async sweep(): Promise<SweepResult> {
    if (this.#sweeping) throw new WorkshopError(409, 'AlreadyRunning', 'A clean-up is already running; wait for it to finish.');
    this.#sweeping = true;
    try {
      return await this.#reach(async () => {
        const iam = this.#deps.iam();
        const iamIn = this.#deps.iamIn?.();
        const leftovers = await findLeftovers(iam, this.#deps.ledger, { onProblem: this.#deps.onProblem, iamIn });
        const removed: string[] = [];
        let failed: string[] = [];
        try {
          await removeResources(iam, this.#deps.ledger, leftovers, (text) => text.startsWith('Removed ') && removed.push(text), { iamIn });
        } catch (error) {
          if (!(error instanceof RemovalError)) throw error;
          failed = error.failures.map((f) => `${describeLeftover(f.resource)}: ${f.error.name}: ${f.error.message}`);
        }
        return { removed, failed, remaining: await findLeftovers(iam, this.#deps.ledger, { onProblem: this.#deps.onProblem, iamIn }) };
      });
    } finally {
      this.#sweeping = false;
    }
  }

  async #reach<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!unreachable(error)) throw error;
      const where = this.#deps.endpoint ? `the sandbox at ${this.#deps.endpoint}` : `AWS IAM (region ${this.#deps.region})`;
      const reason = (error as { code?: string }).code ?? (error as Error).name;
      throw new WorkshopError(502, 'TargetUnreachable', `Could not reach ${where} (${reason}). Is it running? Nothing was changed; try again once it answers.`);
    }
  }
}
