/**
 * The sandbox console: what `Action=login` opens. A console session (cookie
 * `sandbox-console`, HttpOnly, SameSite=Strict, Path=/console) points at the role session or
 * federated user (GetFederationToken) whose credentials got the sign-in token; every page
 * rebuilds that Principal from the store and runs S3's own operation declarations through the
 * pipeline's authorize (and invoke) stages, so the console is allowed exactly what a signed
 * request with those credentials would be. `GET /console/`
 * shows who is signed in (assumed-role or federated-user ARN), until when, the Issuer link
 * and an S3 panel (ListBuckets, and a CreateBucket form guarded by a per-session CSRF token
 * and an Origin check). Strict CSP, no script, no-store.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { bodyLimit } from '../../http/body-limit.ts';
import { originAllowed } from '../../http/origin-check.ts';
import { securityHeaders } from '../../http/security-headers.ts';
import { principalArn, type Principal } from '../auth/principal.ts';
import { AwsError } from '../errors.ts';
import type { SandboxState } from '../state.ts';
import type { ConsoleSession, Session, SigninToken } from '../store.ts';
import { consolePage, messagePage, type BucketRow, type ConsoleIdentity, type Flash } from './console-page.ts';
import { authorizeOperation } from '../pipeline/authorize.ts';
import { runOperation } from '../pipeline/invoke.ts';
import type { Call } from './operation.ts';
import { bucketsOf } from './s3/buckets.ts';
import { s3 } from './s3/index.ts';
import type { S3Request } from './s3/route.ts';

export const CONSOLE_COOKIE = 'sandbox-console';
const CONSOLE_REGION = 'us-east-1';
const DAY = 24 * 3600 * 1000;

export const PAGE_HEADERS: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

/** Security headers for the console and the federation endpoint: no script, no framing, no referrer. */
export const consoleSecurityHeaders = securityHeaders({
  defaultSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ['data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
});

interface ConsoleExtras {
  /** The broker's sign-in page from Action=login, shown as the way back. */
  issuer?: string;
  /** Per-session token the console's forms must echo. */
  csrf: string;
}

/** Kept beside the store's ConsoleSession (keyed by the object), so store.ts keeps its shape. */
const extras = new WeakMap<ConsoleSession, ConsoleExtras>();

/** Called by federation.ts when a sign-in token is redeemed. */
export function openConsoleSession(state: SandboxState, token: SigninToken, issuer: string | undefined): ConsoleSession {
  const now = state.clock.now();
  for (const [id, old] of state.store.consoleSessions) if (old.expiresAt < now - DAY) state.store.consoleSessions.delete(id);
  const session: ConsoleSession = {
    id: state.ids.hex(32),
    accountId: token.accountId,
    sessionAccessKeyId: token.sessionAccessKeyId,
    expiresAt: token.consoleExpiresAt,
  };
  state.store.consoleSessions.set(session.id, session);
  extras.set(session, { issuer, csrf: state.ids.hex(32) });
  return session;
}

export function consoleCookie(session: ConsoleSession): string {
  return `${CONSOLE_COOKIE}=${session.id}; HttpOnly; SameSite=Strict; Path=/console`;
}

/** Who a console session is signed in as: a role session or a federated user. */
export type ConsolePrincipal = Extract<Principal, { type: 'AssumedRole' | 'FederatedUser' }>;

/**
 * The principal behind temporary credentials the console accepts, as authenticate.ts would
 * build it: an AssumeRole session whose role still exists, or a GetFederationToken session
 * whose calling user still exists (or root's); undefined otherwise (GetSessionToken too).
 */
export function sessionPrincipal(state: SandboxState, session: Session): ConsolePrincipal | undefined {
  const account = state.store.accounts.get(session.accountId);
  if (!account) return undefined;
  switch (session.source) {
    case 'AssumeRole': {
      const role = account.roles.get(session.roleName ?? '');
      return role && role.id === session.roleId ? { type: 'AssumedRole', account, role, session } : undefined;
    }
    case 'GetFederationToken': {
      if (session.userName === undefined) return { type: 'FederatedUser', account, name: session.federatedName ?? '', session };
      const user = account.users.get(session.userName);
      return user && user.id === session.userId ? { type: 'FederatedUser', account, name: session.federatedName ?? '', user, session } : undefined;
    }
    case 'GetSessionToken':
      return undefined;
  }
}

/** The principal behind a console session; undefined once its credentials are gone. */
export function consolePrincipal(state: SandboxState, console: ConsoleSession): ConsolePrincipal | undefined {
  const session = state.store.sessions.get(console.sessionAccessKeyId);
  if (!session || session.accountId !== console.accountId) return undefined;
  return sessionPrincipal(state, session);
}

type Signed = (c: Context) => boolean;

/** An S3 request as the console makes it: no query, no headers, no body. */
function s3Request(method: string, bucket?: string): S3Request {
  return { method, bucket, query: {}, headers: {}, body: new Uint8Array() };
}

export function createConsoleRoutes(state: SandboxState, isSigned: Signed): Hono {
  const app = new Hono();
  /** The console acts in us-east-1, through the same authorization and operations as a signed request. */
  const consoleCall = (principal: ConsolePrincipal): Call => ({ state, principal, region: CONSOLE_REGION, requestId: state.ids.requestId() });
  const html = (c: Context, body: string, status: number, extra: Record<string, string> = {}) =>
    c.body(body, status as never, { ...PAGE_HEADERS, ...extra });

  /** The live console session and its principal, or the page to show instead. */
  const current = (c: Context): { console: ConsoleSession; principal: ConsolePrincipal; extras: ConsoleExtras } | Response => {
    const id = getCookie(c, CONSOLE_COOKIE);
    const found = id ? state.store.consoleSessions.get(id) : undefined;
    const more = found ? extras.get(found) : undefined;
    if (!found || !more) {
      return html(c, messagePage('You are not signed in', 'Open a sign-in URL from the federation endpoint to start a console session.', { kind: 'info' }), 401);
    }
    const principal = consolePrincipal(state, found);
    if (state.clock.now() >= found.expiresAt || !principal) {
      const why = principal
        ? 'Your console session has expired. Sign in again to continue.'
        : 'Your session has expired: the credentials behind this console session are no longer valid. Sign in again to continue.';
      return html(c, messagePage('Session expired', why, { issuer: more.issuer }), 401);
    }
    return { console: found, principal, extras: more };
  };

  const render = (c: Context, live: Exclude<ReturnType<typeof current>, Response>, status: number, flash?: Flash, bucketInput?: string) => {
    const { principal, console: session, extras: more } = live;
    let buckets: BucketRow[] | { denied: string };
    try {
      const call = consoleCall(principal);
      authorizeOperation(s3, s3.operations.ListBuckets, s3.operations.ListBuckets.input(s3Request('GET'), call), call);
      buckets = bucketsOf(principal.account).map((b) => ({ name: b.name, region: b.region, created: b.createDate }));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      buckets = { denied: error.message };
    }
    const page = consolePage({
      arn: principalArn(principal),
      accountId: principal.account.id,
      identity: consoleIdentity(principal),
      expiresAt: session.expiresAt,
      now: state.clock.now(),
      credentialsExpireAt: principal.session.expiresAt,
      issuer: more.issuer,
      buckets,
      csrf: more.csrf,
      flash,
      bucketInput,
    });
    return html(c, page, status);
  };

  /**
   * Same-origin form posts only: the CSRF token must match, and an Origin, when the browser
   * names one, must be ours (with `Referrer-Policy: no-referrer` Chromium sends `Origin: null`).
   */
  const formAllowed = (c: Context, form: URLSearchParams, more: ConsoleExtras): boolean => {
    if (!originAllowed(c.req.header('origin'), [new URL(c.req.url).origin], { missing: true, opaque: true })) return false;
    const sent = Buffer.from(form.get('csrf') ?? '');
    const expected = Buffer.from(more.csrf);
    return sent.length === expected.length && timingSafeEqual(sent, expected);
  };

  const readForm = async (c: Context): Promise<URLSearchParams> => {
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
    return new URLSearchParams(await c.req.text());
  };

  // Signed requests are the S3 pipeline's (a bucket named `console`): they skip all of this.
  const unsigned = (middleware: MiddlewareHandler): MiddlewareHandler => (c, next) => (isSigned(c) ? next() : middleware(c, next));
  app.use('/console/*', unsigned(consoleSecurityHeaders));
  app.post('/console/*', unsigned(bodyLimit({ maxSize: 16 * 1024, onTooLarge: (c) => c.text('Request entity too large', 413) })));

  app.get('/console', (c, next) => (isSigned(c) ? next() : c.redirect('/console/', 302)));

  app.get('/console/', (c, next) => {
    if (isSigned(c)) return next();
    const live = current(c);
    return live instanceof Response ? live : render(c, live, 200);
  });

  app.post('/console/s3/create-bucket', async (c, next) => {
    if (isSigned(c)) return next();
    const live = current(c);
    if (live instanceof Response) return live;
    const form = await readForm(c);
    if (!formAllowed(c, form, live.extras)) {
      return html(c, messagePage('Request refused', 'This form was not submitted from the console page (missing or wrong CSRF token, or a foreign Origin).'), 403);
    }
    const name = (form.get('bucket') ?? '').trim();
    try {
      const created = !live.principal.account.buckets.has(name);
      await runOperation(s3, 'CreateBucket', s3Request('PUT', name), consoleCall(live.principal));
      const flash: Flash = created
        ? { kind: 'success', title: `Bucket "${name}" created`, detail: `s3:CreateBucket was allowed for this ${live.principal.type === 'AssumedRole' ? 'role session' : 'federated user'}.` }
        : { kind: 'success', title: `You already own "${name}"`, detail: 'In us-east-1, S3 answers 200 OK when you re-create a bucket you own.' };
      return render(c, live, 200, flash);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      return render(c, live, error.status, { kind: 'error', title: `${error.code}: could not create "${name}"`, detail: error.message }, name);
    }
  });

  app.post('/console/logout', async (c, next) => {
    if (isSigned(c)) return next();
    const live = current(c);
    if (live instanceof Response) return live;
    const form = await readForm(c);
    if (!formAllowed(c, form, live.extras)) return html(c, messagePage('Request refused', 'This form was not submitted from the console page.'), 403);
    state.store.consoleSessions.delete(live.console.id);
    return html(c, messagePage('Signed out', 'Your console session has ended.', { issuer: live.extras.issuer, kind: 'info' }), 200, {
      'set-cookie': `${CONSOLE_COOKIE}=; HttpOnly; SameSite=Strict; Path=/console; Max-Age=0`,
    });
  });

  app.all('/console/*', (c, next) => {
    if (isSigned(c)) return next();
    return html(c, messagePage('Page not found', 'The offline console has one page: /console/.', { kind: 'info' }), 404);
  });

  return app;
}

/** What the page says about who is signed in. */
function consoleIdentity(principal: ConsolePrincipal): ConsoleIdentity {
  switch (principal.type) {
    case 'AssumedRole':
      return {
        kind: 'assumed-role',
        roleName: principal.role.name,
        sessionName: principal.session.sessionName ?? '',
        origin: principal.session.fromLongTermUser ? 'long-term' : 'chained',
      };
    case 'FederatedUser':
      return {
        kind: 'federated-user',
        name: principal.name,
        federatedBy: principal.user?.arn ?? `arn:aws:iam::${principal.account.id}:root`,
      };
  }
}
