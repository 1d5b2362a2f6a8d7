/**
 * The per-launch token. The start URL carries it once (`/?token=…`); that request is answered
 * with an HttpOnly, SameSite=Strict cookie and a redirect to the same page without the token,
 * so it leaves the address bar and history. API requests must carry the cookie or
 * `Authorization: Bearer <token>`; comparison is constant-time. Pages themselves are public
 * (they hold no secret); the API is not. It does not check Origin (origin-check.ts does).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { GuardEnv } from './guard-env.ts';

export const TOKEN_COOKIE = 'sts_workshop_token';

/** A self-contained page (no script, inline style only) for a wrong or earlier launch's token. */
const STALE_LINK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Launch link not valid · STS Workshop</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1.5rem;line-height:1.6;color:#1c2128;background:#fff}
h1{font-size:1.5rem}code{background:#eef1f5;padding:.1em .35em;border-radius:4px}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0f1318}code{background:#1c232c}}</style></head>
<body><h1>This launch link is not valid</h1>
<p>The token in it is wrong, or it comes from an earlier launch of the notebook: every <code>npm start</code> makes a new one.</p>
<p>Open the URL the terminal printed last (the line that starts with <code>Open http://127.0.0.1</code>).</p></body></html>`;

export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** Exchanges `?token=` on a page request for the cookie. */
export function tokenExchange(token: string): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const offered = url.searchParams.get('token');
    if (offered === null || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    if (!tokenMatches(offered, token)) return c.html(STALE_LINK_PAGE, 401);
    setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    url.searchParams.delete('token');
    c.header('Cache-Control', 'no-store');
    // One leading slash only: `//evil.test/` would be a protocol-relative redirect off the site.
    return c.redirect('/' + url.pathname.replace(/^[/\\]+/, '') + url.search, 302);
  };
}

/** Requires the token (cookie or bearer) on every request it guards. */
export function requireToken(token: string): MiddlewareHandler<GuardEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (tokenMatches(bearer, token) || tokenMatches(getCookie(c, TOKEN_COOKIE), token)) {
      c.set('authVia', tokenMatches(bearer, token) ? 'bearer' : 'cookie');
      return next();
    }
    return c.json(
      { error: { code: 'Unauthorized', message: 'Missing or wrong launch token: open the URL the terminal printed, or send Authorization: Bearer <token>.' } },
      401,
    );
  };
}
