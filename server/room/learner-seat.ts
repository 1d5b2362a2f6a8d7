/**
 * Makes a learner's seat on the embedded sandbox: a new sandbox account with its own
 * administrator (sandbox/accounts.ts), whose secret key is registered for redaction before
 * anything can echo it; a Workshop on that account (made by the composition root exactly as the
 * notebook's own, so runs, the ledger scope, the sweeper and the authenticator all work per
 * learner); and the lesson API bound to them. Closing a seat stops its runs, removes what its
 * lessons made through the same sweeper the Clean up lesson uses (the ledger records the
 * removals), then closes the account, which drops anything else in it and its keys.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createLessonApi } from '../lesson-api.ts';
import type { Log } from '../log.ts';
import type { Target } from '../runner/target.ts';
import type { Workshop } from '../runner/workshop.ts';
import { WorkshopError } from '../runner/workshop-error.ts';
import { closeAccount, openAccount } from '../sandbox/accounts.ts';
import type { RunningSandbox } from '../sandbox/sandbox.ts';
import { publicSignInUrl } from './console-proxy.ts';
import { learnerTag } from './display-name.ts';
import type { Seat } from './seat.ts';

export interface SeatMaker {
  sandbox: RunningSandbox;
  makeWorkshop(target: Target, extra: { checkClock: (seconds: number) => void }): Workshop;
  registerSecret(value: string, label: string): void;
  redact(text: string): string;
  log: Log;
  /** Twelve random digits for a new account id. */
  accountDigits(): string;
  /** Checked before a learner moves the shared sandbox clock. */
  checkClock(learnerId: string, seconds: number): void;
}

export function learnerSeats(maker: SeatMaker) {
  return async (learner: { id: string; name: string }): Promise<Seat> => {
    const { sandbox } = maker;
    const admin = openAccount(sandbox.state, maker.accountDigits);
    maker.registerSecret(admin.secretAccessKey, 'SecretAccessKey');
    const target: Target = {
      kind: 'sandbox',
      region: 'us-east-1',
      endpoint: sandbox.url,
      credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
      accountId: admin.accountId,
      arn: admin.userArn,
      federationUrl: `${sandbox.url}/federation`,
    };
    const checkClock = (seconds: number) => maker.checkClock(learner.id, seconds);
    // The learner's own steps and pages may not move the shared clock; the facilitator's catch-up may.
    const workshop = maker.makeWorkshop(target, { checkClock });
    const api = createLessonApi({
      workshop,
      target,
      redact: maker.redact,
      log: maker.log,
      room: { role: 'learner', name: learner.name },
      checkClock,
      // The sandbox is on the facilitator's loopback: the learner's browser signs in through the room.
      rewriteOffer: (value, origin) => publicSignInUrl(value, sandbox.url, origin),
    });
    return {
      workshop,
      target,
      api,
      close: async () => {
        await stopRuns(workshop);
        let result: { removed: string[]; failed: string[] };
        try {
          const swept = await workshop.sweeper.sweep();
          result = { removed: swept.removed, failed: swept.failed };
        } catch (error) {
          result = { removed: [], failed: [`the clean-up: ${(error as Error).message}`] };
        }
        closeAccount(sandbox.state, admin.accountId);
        maker.log.info(`${learnerTag(learner.name)}left: account ${admin.accountId} closed (${result.removed.length} removed${result.failed.length ? `, ${result.failed.length} could not be` : ''})`);
        return result;
      },
    };
  };
}

/** Stops every run in flight and waits (up to 15 s) until none is left. */
async function stopRuns(workshop: Workshop): Promise<void> {
  for (let waited = 0; waited < 15_000; waited += 100) {
    const running = workshop.describe().flatMap((l) => l.steps.filter((s) => s.status === 'running').map((s) => [l.slug, s.id] as const));
    if (running.length === 0) return;
    for (const [lesson, step] of running) {
      try {
        workshop.stop(lesson, step);
      } catch (error) {
        if (!(error instanceof WorkshopError)) throw error;
      }
    }
    await sleep(100);
  }
}
