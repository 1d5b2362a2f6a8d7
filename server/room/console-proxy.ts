/**
 * The sandbox's console, reachable from a room's laptops. The embedded sandbox listens on the
 * facilitator's loopback only, so a console sign-in URL it makes (`http://127.0.0.1:<sandbox>/
 * federation?Action=login&…`) would point a learner's browser at their own machine. In a room
 * the notebook passes exactly two things through to the sandbox, as a reverse proxy would: the
 * sign-in itself (`GET /federation?Action=login`, the one federation action a browser makes;
 * getSigninToken needs credentials and stays on loopback) and the console pages under
 * `/console`; and `publicSignInUrl` rewrites a revealed sign-in URL's origin to the room's. The
 * sign-in token passes through and is never logged. It authenticates no one: the token does.
 *
 * Only a browser's console traffic passes: GET, HEAD and form POSTs of at most 16 KiB, never a
 * request that carries an AWS signature or credentials (an Authorization header, `X-Amz-*`
 * headers or query parameters), which the sandbox would hand to its AWS API: the room opens
 * the console to the network, not IAM, STS, S3 or the sandbox's controls. A browser's Origin is
 * translated (the room's own origin becomes the sandbox's, any other stays foreign and is
 * refused by the console's forms) and only the console's cookie goes along.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { CONSOLE_COOKIE } from '../sandbox/services/console.ts';

const HOP_BY_HOP = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'expect'];
/** A console form (create a bucket, sign out) is a few hundred bytes. */
export const CONSOLE_BODY_LIMIT = 16 * 1024;
const METHODS = new Set(['GET', 'HEAD', 'POST']);

export function consoleProxy(sandboxUrl: () => string | undefined) {
  return async (c: Context): Promise<Response | undefined> => {
    const base = sandboxUrl();
    if (!base) return undefined;
    const url = new URL(c.req.url);
    const signIn = url.pathname === '/federation' && c.req.method === 'GET' && url.searchParams.get('Action') === 'login';
    const consolePage = url.pathname === '/console' || url.pathname.startsWith('/console/');
    if (!signIn && !consolePage) return undefined;
    const refused = refusal(c, url);
    if (refused) return c.text(refused.text, refused.status);
    const headers = new Headers(c.req.raw.headers);
    for (const name of HOP_BY_HOP) headers.delete(name);
    if (headers.get('origin') === url.origin) headers.set('origin', new URL(base).origin);
    // The console's own cookie only: the notebook's session cookies stay with the notebook.
    const consoleCookie = (headers.get('cookie') ?? '').split(/;\s*/).filter((pair) => pair.startsWith(`${CONSOLE_COOKIE}=`));
    if (consoleCookie.length) headers.set('cookie', consoleCookie.join('; '));
    else headers.delete('cookie');
    const body = c.req.method === 'POST' ? await c.req.arrayBuffer() : undefined; // capped by consoleBodyLimit
    const answer = await fetch(base + url.pathname + url.search, { method: c.req.method, headers, body, redirect: 'manual' });
    const out = new Headers(answer.headers);
    for (const name of HOP_BY_HOP) out.delete(name);
    out.delete('content-encoding'); // fetch already decoded the body
    out.delete('content-length');
    return new Response(answer.body, { status: answer.status, headers: out });
  };
}

/** Why a request to the console is not a browser's console traffic, if it is not. */
function refusal(c: Context, url: URL): { status: 403 | 405; text: string } | undefined {
  if (!METHODS.has(c.req.method)) return { status: 405, text: 'The room passes only GET and form POSTs to the console.' };
  const awsHeader = [...c.req.raw.headers.keys()].some((name) => name === 'authorization' || name.startsWith('x-amz-'));
  const awsQuery = [...url.searchParams.keys()].some((name) => name.toLowerCase().startsWith('x-amz-'));
  if (awsHeader || awsQuery) return { status: 403, text: 'The room passes the console through, not the AWS API: a signed request is refused here.' };
  return undefined;
}

/** The cap on what the proxy reads, mounted on `/console` before it: the listeners' own body limit. */
export const consoleBodyLimit: MiddlewareHandler = bodyLimit({
  maxSize: CONSOLE_BODY_LIMIT,
  onTooLarge: (c) => c.text(`A console form is at most ${CONSOLE_BODY_LIMIT} bytes.`, 413),
});

/** A sign-in URL on the sandbox, as the room's laptops reach it (through consoleProxy). */
export function publicSignInUrl(value: string, sandboxUrl: string, publicOrigin: string): string {
  return value.startsWith(`${sandboxUrl}/federation?`) ? publicOrigin + value.slice(sandboxUrl.length) : value;
}
