/**
 * The sandbox's console, reachable from a room's laptops. The embedded sandbox listens on the
 * facilitator's loopback only, so a console sign-in URL it makes (`http://127.0.0.1:<sandbox>/
 * federation?Action=login&…`) would point a learner's browser at their own machine. In a room
 * the notebook passes exactly two things through to the sandbox, as a reverse proxy would: the
 * sign-in itself (`GET /federation?Action=login`, the one federation action a browser makes;
 * getSigninToken needs credentials and stays on loopback) and the console pages under
 * `/console`; and `publicSignInUrl` rewrites a revealed sign-in URL's origin to the room's. The
 * sign-in token passes through and is never logged. It authenticates no one: the token does.
 */
import type { Context } from 'hono';

const HOP_BY_HOP = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer'];

export function consoleProxy(sandboxUrl: () => string | undefined) {
  return async (c: Context): Promise<Response | undefined> => {
    const base = sandboxUrl();
    if (!base) return undefined;
    const url = new URL(c.req.url);
    const signIn = url.pathname === '/federation' && c.req.method === 'GET' && url.searchParams.get('Action') === 'login';
    const consolePage = url.pathname === '/console' || url.pathname.startsWith('/console/');
    if (!signIn && !consolePage) return undefined;
    const headers = new Headers(c.req.raw.headers);
    for (const name of HOP_BY_HOP) headers.delete(name);
    headers.delete('origin');
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : await c.req.arrayBuffer();
    const answer = await fetch(base + url.pathname + url.search, { method: c.req.method, headers, body, redirect: 'manual' });
    const out = new Headers(answer.headers);
    for (const name of HOP_BY_HOP) out.delete(name);
    out.delete('content-encoding'); // fetch already decoded the body
    out.delete('content-length');
    return new Response(answer.body, { status: answer.status, headers: out });
  };
}

/** A sign-in URL on the sandbox, as the room's laptops reach it (through consoleProxy). */
export function publicSignInUrl(value: string, sandboxUrl: string, publicOrigin: string): string {
  return value.startsWith(`${sandboxUrl}/federation?`) ? publicOrigin + value.slice(sandboxUrl.length) : value;
}
