/**
 * The sandbox's unsigned routes, a Hono app served after the Host check and before the SigV4
 * pipeline: the console federation endpoint (`/federation`, federation.ts), the small console
 * it signs into (`/console/…`, console.ts) and the identity providers' documents (`/oidc/…`,
 * `/saml/metadata`). A request that carries a SigV4 signature is never theirs: it goes to the
 * pipeline, so path-style S3 buckets named `console` or `federation` keep working.
 * `servedByExtras` is how the listener (app.ts) dispatches by path: an unsigned request whose
 * method and path one of these routes matches, read by Hono's own router and path decoding so
 * the two cannot drift apart; everything else goes to the pipeline without the Fetch API.
 */
import { Hono, type Context } from 'hono';
import { getPath } from 'hono/utils/url';
import type { SandboxState } from '../state.ts';
import { createConsoleRoutes } from './console.ts';
import { createFederationRoutes } from './federation.ts';
import { createIdentityProviderRoutes } from '../idp/idp-routes.ts';

/** Signed with SigV4, in the Authorization header or a presigned query. */
function isSigned(c: Context): boolean {
  return signedUrl(c.req.header('authorization'), c.req.url);
}

function signedUrl(authorization: string | undefined, url: string): boolean {
  if ((authorization ?? '').startsWith('AWS4-')) return true;
  return URL.parse(url)?.searchParams.has('X-Amz-Algorithm') ?? false;
}

export function createSandboxExtras(state: SandboxState): Hono {
  const app = new Hono();
  app.route('/', createFederationRoutes(state, isSigned));
  app.route('/', createConsoleRoutes(state, isSigned));
  app.route('/', createIdentityProviderRoutes(state, isSigned));
  return app;
}

/**
 * Whether the extras answer this request: unsigned, and matched by one of their routes (HEAD as
 * GET, as Hono dispatches it). `target` is the request target as received, `host` its Host.
 */
export function servedByExtras(extras: Hono, method: string, target: string, host: string, authorization: string | undefined): boolean {
  if ((authorization ?? '').startsWith('AWS4-')) return false;
  // The URL as @hono/node-server builds it: an absolute-form target (`http://host/path`) parsed, else Host + target.
  const url = target.charCodeAt(0) === 47 /* '/' */ ? `http://${host}${target}` : (URL.parse(target)?.href ?? '');
  if (signedUrl(authorization, url)) return false;
  const [matched] = extras.router.match(method === 'HEAD' ? 'GET' : method, getPath({ url } as Request));
  return matched.length > 0;
}
