/**
 * The sandbox's unsigned routes, mounted before the SigV4 pipeline (after the Host check): the
 * console federation endpoint (`/federation`, federation.ts) and the small console it signs
 * into (`/console/…`, console.ts). A request that carries a SigV4 signature is never theirs:
 * it falls through to the pipeline, so path-style S3 buckets named `console` or `federation`
 * keep working.
 */
import { Hono, type Context } from 'hono';
import type { SandboxState } from '../state.ts';
import { createConsoleRoutes } from './console.ts';
import { createFederationRoutes } from './federation.ts';
import { createIdentityProviderRoutes } from '../idp/idp-routes.ts';

/** Signed with SigV4, in the Authorization header or a presigned query. */
function isSigned(c: Context): boolean {
  if ((c.req.header('authorization') ?? '').startsWith('AWS4-')) return true;
  return new URL(c.req.url).searchParams.has('X-Amz-Algorithm');
}

export function createSandboxExtras(state: SandboxState): Hono {
  const app = new Hono();
  app.route('/', createFederationRoutes(state, isSigned));
  app.route('/', createConsoleRoutes(state, isSigned));
  app.route('/', createIdentityProviderRoutes(state, isSigned));
  return app;
}
