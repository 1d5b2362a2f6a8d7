/**
 * The per-launch token, and the browser sessions it is exchanged for. The start URL carries the
 * token once (`/?token=…`). That request gets an HttpOnly, SameSite=Strict session cookie and a
 * small page that puts a second, per-session key into this origin's localStorage and moves on to
 * the same page without the token. API calls from the page must carry both: the cookie and the
 * key in `X-Workshop-Key`. Cookies are not isolated by port (RFC 6265 §8.5), so another program
 * on a loopback port can receive the cookie; the key lives in storage that is, and neither is the
 * launch token. Scripts send `Authorization: Bearer <token>`. Comparisons are constant-time.
 * Pages are public (they hold no secret); the API is not. Origin checks are http/origin-check.ts's.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { GuardEnv } from './guard-env.ts';

export const SESSION_COOKIE = 'sts_workshop_session';
export const KEY_HEADER = 'x-workshop-key';
const MAX_SESSIONS = 50;

export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** Browser sessions: a cookie id and the key the page holds, both random, per exchange. */
export class BrowserSessions {
  readonly #keys = new Map<string, string>();
  readonly #random: (bytes: number) => string;

  constructor(random: (bytes: number) => string = (n) => randomBytes(n).toString('base64url')) {
    this.#random = random;
  }

  create(): { id: string; key: string } {
    const id = this.#random(32);
    const key = this.#random(32);
    this.#keys.set(id, key);
    if (this.#keys.size > MAX_SESSIONS) this.#keys.delete(this.#keys.keys().next().value!);
    return { id, key };
  }

  verify(id: string | undefined, key: string | undefined): boolean {
    const expected = id === undefined ? undefined : this.#keys.get(id);
    return expected !== undefined && tokenMatches(key, expected);
  }
}

/** Exchanges `?token=` on a page request for a session (cookie + key for localStorage). */
export function tokenExchange(token: string, sessions: BrowserSessions): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const offered = url.searchParams.get('token');
    if (offered === null || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    if (!tokenMatches(offered, token)) return c.html(STALE_LINK_PAGE, 401);
    const session = sessions.create();
    setCookie(c, SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', path: '/' });
    url.searchParams.delete('token');
    // One leading slash only: `//evil.test/` would be a protocol-relative redirect off the site.
    // A continuation that still carries the token (another parameter, the path, encoded) would
    // hand it back in the page: go to the start page instead.
    const rest = '/' + url.pathname.replace(/^[/\\]+/, '') + url.search;
    const next_ = carriesToken(rest, token) ? '/' : rest;
    c.header('Cache-Control', 'no-store');
    return c.html(enterPage(session.key, next_));
  };
}

/** Requires the bearer token, or a session cookie together with its key. */
export function requireToken(token: string, sessions: BrowserSessions): MiddlewareHandler<GuardEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (tokenMatches(bearer, token)) {
      c.set('authVia', 'bearer');
      return next();
    }
    if (sessions.verify(getCookie(c, SESSION_COOKIE), c.req.header(KEY_HEADER))) {
      c.set('authVia', 'cookie');
      return next();
    }
    return c.json(
      { error: { code: 'Unauthorized', message: 'This browser is not signed in with this launch token: open the notebook with the URL the terminal printed; scripts send Authorization: Bearer <token>.' } },
      401,
    );
  };
}

/** Whether the text holds the token, raw or percent- or form-encoded (a malformed escape elsewhere does not hide it). */
function carriesToken(text: string, token: string): boolean {
  const decode = (run: string) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  };
  const decoded = text.replace(/\+/g, ' ').replace(/(?:%[0-9a-f]{2})+/gi, decode);
  return text.includes(token) || decoded.includes(token);
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The page that stores the session key (public/enter.js) and continues to `next`. */
function enterPage(key: string, next: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in · STS Workshop</title>
<meta name="sts-workshop-key" content="${escapeAttribute(key)}"><meta name="sts-workshop-next" content="${escapeAttribute(next)}">
<script type="module" src="/enter.js"></script></head><body><p>Signing this browser in…</p></body></html>`;
}

/** A self-contained page (no script, inline style only) for a wrong or earlier launch's token. */
const STALE_LINK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Launch link not valid · STS Workshop</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1.5rem;line-height:1.6;color:#1c2128;background:#fff}
h1{font-size:1.5rem}code{background:#eef1f5;padding:.1em .35em;border-radius:4px}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0f1318}code{background:#1c232c}}</style></head>
<body><h1>This launch link is not valid</h1>
<p>The token in it is wrong, or it comes from an earlier launch of the notebook: every <code>npm start</code> makes a new one.</p>
<p>Open the URL the terminal printed last (the line that starts with <code>Open http://127.0.0.1</code>).</p></body></html>`;
