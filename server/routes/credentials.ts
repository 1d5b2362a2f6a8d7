/**
 * `GET /api/lessons/:lesson/credentials`: the credentials panel's list (runner/credential-view.ts):
 * the notebook's own identity and each credential the lesson state holds, with principal,
 * kind, access key id and expiry on the target's clock. Never a secret key or a session token.
 */
import type { Hono } from 'hono';
import type { GuardEnv } from '../guard/guard-env.ts';
import type { Workshop } from '../runner/workshop.ts';
import type { CredentialsAnswer } from '../../src/api/contract.ts';

export function mountCredentials(api: Hono<GuardEnv>, { workshop }: { workshop: Workshop }): void {
  api.get('/lessons/:lesson/credentials', async (c) => {
    await workshop.syncClock(); // an external sandbox's clock may have been moved
    return c.json(workshop.credentials(c.req.param('lesson')) satisfies CredentialsAnswer);
  });
}
