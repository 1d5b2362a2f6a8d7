/**
 * The console federation endpoint (`/federation`, aws-wire-protocol.md §13), unsigned: the
 * credentials travel in the `Session` parameter.
 * - `Action=getSigninToken` (GET, or a form POST): the credentials must be a live AssumeRole
 *   or GetFederationToken session in the store with the matching secret and token (long-term
 *   keys and GetSessionToken credentials → 400). `SessionDuration` (900–43200) is accepted only
 *   when the role was assumed with long-term IAM user keys, else (role chains, GetFederationToken
 *   credentials) `Invalid credentials parameter`. Answers `{"SigninToken":"…"}`; the token lives
 *   15 minutes, the console session it opens lasts SessionDuration or the credentials'
 *   remaining lifetime.
 * - `Action=login`: redeems the token once (single use), opens a console session (cookie) and
 *   redirects to `/console/`. Destination must be a path under /console or an AWS console
 *   URL (which maps to /console/): never an open redirect. A bad, used or expired token gets
 *   a 400 sign-in error page.
 * Errors are 400 with a short text body, as AWS's are. Tokens are bearer credentials: nothing
 * here logs them, and every response is no-store and no-referrer.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from '../../http/body-limit.ts';
import type { SandboxState } from '../state.ts';
import { consoleCookie, consoleSecurityHeaders, openConsoleSession, PAGE_HEADERS, sessionPrincipal } from './console.ts';
import { messagePage } from './console-page.ts';

const TOKEN_LIFETIME = 15 * 60 * 1000;
const SYNTAX = 'The request sent by the client was syntactically incorrect.';
const INVALID_CREDENTIALS = 'Invalid credentials parameter';
const BAD_CREDENTIALS = 'The credentials in the Session parameter are invalid or expired.';
const NOT_ROLE_CREDENTIALS = 'The console accepts only temporary credentials from AssumeRole or GetFederationToken.';
const DURATION_RANGE = 'SessionDuration must be between 900 and 43200 seconds.';

const AWS_CONSOLE_HOSTS = /^(?:[a-z0-9-]+\.)*console\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)$/;

const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

export function createFederationRoutes(state: SandboxState, isSigned: (c: Context) => boolean): Hono {
  const app = new Hono();
  const limit = bodyLimit({ maxSize: 64 * 1024, onTooLarge: (c) => c.text('Request entity too large', 413) });

  app.on(['GET', 'POST'], '/federation', (c, next) => (isSigned(c) ? next() : consoleSecurityHeaders(c, next)));
  app.on(['GET', 'POST'], '/federation', async (c, next) => {
    if (isSigned(c)) return next();
    let params: URLSearchParams | undefined;
    const run = async () => {
      params = await readParams(c);
    };
    if (c.req.method === 'POST') {
      const limited = await limit(c, run);
      if (limited instanceof Response) return limited;
    } else {
      await run();
    }
    const p = params ?? new URLSearchParams();
    switch (p.get('Action')) {
      case 'getSigninToken':
        return getSigninToken(state, p);
      case 'login':
        return login(state, p, new URL(c.req.url).origin);
      default:
        return text(400, SYNTAX);
    }
  });
  return app;
}

/** Query parameters, overridden by a form body when one is posted. */
async function readParams(c: Context): Promise<URLSearchParams> {
  const params = new URLSearchParams(new URL(c.req.url).search);
  if (c.req.method === 'POST' && (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(await c.req.text())) params.set(name, value);
  }
  return params;
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: TEXT_HEADERS });
}

function getSigninToken(state: SandboxState, params: URLSearchParams): Response {
  const raw = params.get('Session');
  if (!raw) return text(400, SYNTAX);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return text(400, SYNTAX);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return text(400, SYNTAX);
  const { sessionId, sessionKey, sessionToken } = parsed as Record<string, unknown>;
  if (typeof sessionId !== 'string' || typeof sessionKey !== 'string' || typeof sessionToken !== 'string') return text(400, SYNTAX);

  const now = state.clock.now();
  const session = state.store.sessions.get(sessionId);
  if (!session) return text(400, state.store.accessKeys.has(sessionId) ? NOT_ROLE_CREDENTIALS : BAD_CREDENTIALS);
  if (!sameSecret(session.secret, sessionKey) || !sameSecret(session.token, sessionToken) || now >= session.expiresAt) {
    return text(400, BAD_CREDENTIALS);
  }
  if (session.source === 'GetSessionToken') return text(400, NOT_ROLE_CREDENTIALS);
  if (!sessionPrincipal(state, session)) return text(400, BAD_CREDENTIALS);

  let consoleExpiresAt = session.expiresAt;
  const duration = params.get('SessionDuration');
  if (duration !== null) {
    if (!/^\d{1,9}$/.test(duration)) return text(400, SYNTAX);
    // Only AssumeRole credentials made with long-term IAM user keys may set it: never role
    // chains, never GetFederationToken credentials (their console lasts as long as they do).
    if (session.source !== 'AssumeRole' || !session.fromLongTermUser) return text(400, INVALID_CREDENTIALS);
    const seconds = Number(duration);
    if (seconds < 900 || seconds > 43200) return text(400, DURATION_RANGE);
    consoleExpiresAt = now + seconds * 1000;
  }

  for (const [id, old] of state.store.signinTokens) if (old.expiresAt < now - 3600 * 1000) state.store.signinTokens.delete(id);
  const token = state.ids.signinToken();
  state.store.signinTokens.set(token, {
    token,
    accountId: session.accountId,
    sessionAccessKeyId: session.accessKeyId,
    expiresAt: now + TOKEN_LIFETIME,
    consoleExpiresAt,
    used: false,
  });
  return new Response(JSON.stringify({ SigninToken: token }), {
    status: 200,
    headers: { ...TEXT_HEADERS, 'content-type': 'application/json' },
  });
}

function login(state: SandboxState, params: URLSearchParams, ownOrigin: string): Response {
  const page = (status: number, title: string, detail: string, extra: Record<string, string> = {}) =>
    new Response(messagePage(title, detail), { status, headers: { ...PAGE_HEADERS, ...extra } });

  const destination = consoleDestination(params.get('Destination'), ownOrigin);
  if (destination === undefined) {
    return page(400, 'Sign-in failed: destination not allowed', 'The Destination must be a path under /console or an AWS Management Console URL.');
  }
  const value = params.get('SigninToken');
  const token = value ? state.store.signinTokens.get(value) : undefined;
  const now = state.clock.now();
  if (!token) return page(400, 'Sign-in failed', 'The sign-in token is missing or not valid. Request a new sign-in URL from your identity broker.');
  if (token.used) return page(400, 'Sign-in failed', 'This sign-in URL has already been used. A sign-in token works only once: request a new one.');
  if (now >= token.expiresAt) return page(400, 'Sign-in failed', 'This sign-in URL has expired: a sign-in token is valid for 15 minutes after it is issued. Request a new one.');
  token.used = true;
  if (!state.store.sessions.has(token.sessionAccessKeyId)) {
    return page(400, 'Sign-in failed', 'The credentials behind this sign-in token are no longer valid.');
  }
  const session = openConsoleSession(state, token, safeIssuer(params.get('Issuer')));
  return new Response(null, {
    status: 302,
    headers: { location: destination, 'set-cookie': consoleCookie(session), 'cache-control': 'no-store' },
  });
}

/**
 * Where login may send the browser: `/console…` paths on this sandbox (relative, or absolute on
 * our own origin), or any AWS console URL, which maps to `/console/`. Anything else: undefined.
 */
export function consoleDestination(raw: string | null, ownOrigin: string): string | undefined {
  if (raw === null || raw === '') return '/console/';
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, ownOrigin + '/');
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' && AWS_CONSOLE_HOSTS.test(url.hostname) && !url.username && !url.password && url.port === '') return '/console/';
  if (url.origin !== ownOrigin) return undefined;
  if (url.pathname !== '/console' && !url.pathname.startsWith('/console/')) return undefined;
  return url.pathname + url.search;
}

/** The Issuer is shown as a link back: only plain http(s) URLs, never javascript: and the like. */
function safeIssuer(raw: string | null): string | undefined {
  if (!raw || raw.length > 2048) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function sameSecret(expected: string, sent: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
