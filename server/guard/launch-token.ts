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
    if (!tokenMatches(offered, token)) {
      return c.text('This launch link is not valid (the token is wrong or from an earlier launch). Use the URL the terminal printed.', 401);
    }
    setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    url.searchParams.delete('token');
    c.header('Cache-Control', 'no-store');
    return c.redirect(url.pathname + url.search, 302);
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
