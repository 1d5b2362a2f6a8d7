/**
 * The one confirmation a real AWS account asks for before its first change: until the learner
 * confirms with the account's id (`POST /api/account/confirm`, or `--confirm-account` up front),
 * a changing step, the try-it cell's changing calls and the clean-up are refused with 409
 * `ConfirmAccount`, naming the account, the principal and what is about to change. The sandbox
 * never asks. It knows nothing of steps or HTTP; the Workshop asks it.
 */
import type { Target } from './target.ts';
import { WorkshopError } from './workshop-error.ts';

export class AccountGuard {
  readonly #target: Target;
  #confirmed: boolean;

  constructor(target: Target, confirmedUpFront: boolean) {
    this.#target = target;
    this.#confirmed = target.kind !== 'aws' || confirmedUpFront;
  }

  get confirmed(): boolean {
    return this.#confirmed;
  }

  /** Refuses (409 ConfirmAccount) until confirmed; `makes` names what a setup creates, `says` replaces the sentence. */
  require(what: string, makes?: string, says?: string): void {
    if (this.#confirmed) return;
    const { accountId, arn } = this.#target;
    const change =
      says ??
      (makes
        ? `"${what}" creates ${makes} under /sts-workshop/, tagged with the run, and deletes them in its teardown steps`
        : `"${what}" deletes what the lessons created under /sts-workshop/`);
    throw new WorkshopError(
      409,
      'ConfirmAccount',
      `This is a REAL AWS account: ${accountId}, as ${arn}. ${change}. Confirm once for this launch to let lessons change this account.`,
    );
  }

  /** The learner confirms changes in this account for the rest of the launch. */
  confirm(accountId: unknown): void {
    if (accountId !== this.#target.accountId) {
      throw new WorkshopError(400, 'WrongAccount', `This notebook works in account ${this.#target.accountId}; confirm with that account id.`);
    }
    this.#confirmed = true;
  }
}
