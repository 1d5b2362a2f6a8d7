/**
 * `GET /api/cleanup` lists what earlier runs left (it writes nothing) and `POST /api/cleanup`
 * removes it, both through the runner's one Sweeper; the answer names what was removed, what
 * could not be, and what remains. It knows no IAM and no ledger of its own.
 */
import type { Hono } from 'hono';
import type { GuardEnv } from '../guard/guard-env.ts';
import type { Log } from '../log.ts';
import type { Target } from '../runner/target.ts';
import type { Workshop } from '../runner/workshop.ts';
import type { CleanupAnswer, CleanupLookAnswer } from '../../src/api/contract.ts';

export function mountCleanup(api: Hono<GuardEnv>, { workshop, target, log }: { workshop: Workshop; target: Target; log: Log }): void {
  api.get('/cleanup', async (c) => {
    const leftovers = await workshop.sweeper.look();
    return c.json({ account: target.accountId, target: target.kind, leftovers } satisfies CleanupLookAnswer);
  });

  api.post('/cleanup', async (c) => {
    workshop.requireConfirmed('Clean up');
    const result = await workshop.sweeper.sweep();
    log.info(`clean-up removed ${result.removed.length} resources${result.failed.length ? `, could not remove ${result.failed.length}` : ''}`);
    return c.json(result satisfies CleanupAnswer);
  });
}
