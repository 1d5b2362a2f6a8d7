/**
 * The notebook's HTTP surface on one port: the guards in order (Host allowlist → security
 * headers → token exchange → who is calling → body cap → Origin/JSON), the JSON API the page,
 * scripts and tests use, and the built site. Who is calling: the holder of the launch token (the
 * notebook's user; a room's facilitator) or, in a workshop room, a learner by their session.
 * Each caller's lesson routes go to their own seat's lesson API (lesson-api.ts): the
 * notebook's own, or the learner's, on their own sandbox account; the room's routes are
 * routes/room.ts's. Errors are serialized once, by lesson-api.ts's apiError. It knows no AWS.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { serveStatic } from '@hono/node-server/serve-static';
import type { GuardEnv } from './guard/guard-env.ts';
import { BrowserSessions, KEY_HEADER, requireToken, tokenExchange } from './guard/launch-token.ts';
import { bodyLimit } from './http/body-limit.ts';
import { hostAllowlist, loopbackHosts } from './http/host-allowlist.ts';
import { loopbackOrigins, originCheck } from './http/origin-check.ts';
import { securityHeaders } from './http/security-headers.ts';
import { apiError, createLessonApi } from './lesson-api.ts';
import type { Log } from './log.ts';
import type { Target } from './runner/target.ts';
import type { Workshop } from './runner/workshop.ts';
import { LEARNER_COOKIE } from './room/learner-sessions.ts';
import type { Room } from './room/room.ts';
import { consoleBodyLimit, consoleProxy } from './room/console-proxy.ts';
import { WorkshopError } from './runner/workshop-error.ts';
import { mountRoom, mountRoomPublic, type RoomRouteDeps } from './routes/room.ts';
import type { ApiErrorBody, HealthAnswer } from '../src/api/contract.ts';

const API_BODY_LIMIT = 64 * 1024;

export interface AppDeps {
  port: () => number;
  token: string;
  workshop: Workshop;
  target: Target;
  redact: (text: string) => string;
  log: Log;
  /** Built site; omitted in tests that exercise the API only. */
  distDir?: string;
  /** A workshop room's routes and state (`--room`); absent outside one. */
  room?: RoomRouteDeps;
  /** Host headers accepted besides loopback (a room opened with --host), as `name:port`. */
  extraHosts?: () => string[];
  /** Origins accepted besides loopback's, matching extraHosts. */
  extraOrigins?: () => string[];
}

const GONE: Record<string, string> = {
  LeftRoom: 'You left the workshop room: join again with the room’s link to start over.',
  Removed: 'The facilitator removed you from the workshop room: join again with the room’s link.',
  RoomEnded: 'The facilitator ended the workshop room. Thank you for taking part.',
};

/** Outside a room, every room route (the join page's included) says so plainly. */
function notARoom(): never {
  throw new WorkshopError(404, 'NotARoom', 'This notebook is not a workshop room: the facilitator starts one with `npm start -- --room`.');
}

/** The launch token (bearer or browser session), or in a room a learner's session; else 401. */
function identify(token: string, sessions: BrowserSessions, room: Room | undefined): MiddlewareHandler<GuardEnv> {
  const launchToken = requireToken(token, sessions);
  return async (c, next) => {
    const learner = room?.sessions.identify(getCookie(c, LEARNER_COOKIE), c.req.header(KEY_HEADER));
    if (learner && 'learnerId' in learner) {
      c.set('authVia', 'cookie');
      c.set('learner', learner.learnerId);
      return next();
    }
    if (learner && 'gone' in learner) {
      return c.json({ error: { code: learner.gone, message: GONE[learner.gone] } } satisfies ApiErrorBody, 401);
    }
    return launchToken(c, next);
  };
}

export function createApp(deps: AppDeps): Hono<GuardEnv> {
  const app = new Hono<GuardEnv>();
  const sessions = new BrowserSessions();
  const refuse = (c: Context, status: 400 | 403 | 413 | 415, code: string, message: string) => c.json({ error: { code, message } } satisfies ApiErrorBody, status);
  app.use(
    '*',
    hostAllowlist(
      () => [...loopbackHosts(deps.port()), ...(deps.extraHosts?.() ?? [])],
      (c) => refuse(c, 403, 'ForbiddenHost', deps.extraHosts ? 'This server answers only to the names and addresses it was started with.' : 'This server only answers to localhost, 127.0.0.1 and [::1] on its own port.'),
    ),
  );
  app.use(
    '*',
    securityHeaders({
      defaultSrc: ["'self'"],
      // 'wasm-unsafe-eval' lets the page compile WebAssembly (Pagefind's search index reader,
      // served from /pagefind/); it allows no eval() or inline script.
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    }),
  );
  // Pages only: a `?token=` on an API path is not exchanged (the API answers JSON and sets no
  // cookie; scripts send the bearer token), so it gets the API's JSON 401 like any other.
  const exchange = tokenExchange(deps.token, sessions);
  app.use('*', (c, next) => (c.req.path === '/api' || c.req.path.startsWith('/api/') ? next() : exchange(c, next)));

  const api = new Hono<GuardEnv>();
  api.get('/health', (c) => c.json({ ok: true } satisfies HealthAnswer));
  const own = createLessonApi({ workshop: deps.workshop, target: deps.target, redact: deps.redact, log: deps.log, room: deps.room?.room ? { role: 'facilitator' } : undefined });
  const guardOrigin = originCheck<GuardEnv>({
    origins: () => [...loopbackOrigins(deps.port()), ...(deps.extraOrigins?.() ?? [])],
    mayOmitOrigin: (c) => c.get('authVia') === 'bearer',
    contentType: 'application/json',
    refuse: (c, problem) =>
      problem === 'origin'
        ? refuse(c, 403, 'ForbiddenOrigin', 'Cross-origin requests are refused.')
        : refuse(c, 415, 'UnsupportedMediaType', 'Send the request body as application/json.'),
  });
  const limit = bodyLimit<GuardEnv>({
    maxSize: API_BODY_LIMIT,
    onTooLarge: (c) => refuse(c, 413, 'TooLarge', 'The request body is too large.'),
    onUnreadable: (c) => refuse(c, 400, 'BadRequest', 'The request body could not be read: the connection closed before it ended.'),
  });
  // Joining a room needs no sign-in, so its routes carry the body cap and the Origin check.
  if (deps.room) mountRoomPublic(api, deps.room, [limit, guardOrigin]);
  else api.all('/room/*', notARoom);
  api.use('*', identify(deps.token, sessions, deps.room?.room));
  // The body cap runs after the token check, so strangers cost no reading.
  api.use('*', limit);
  api.use('*', guardOrigin);
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  if (deps.room) mountRoom(api, deps.room);
  // Everything else is a lesson route of the caller's own seat: a learner's reaches only theirs.
  api.all('*', (c) => {
    const learnerId = c.get('learner');
    if (!learnerId) return own.fetch(c.req.raw, c.env);
    const room = deps.room!.room!;
    const seat = room.learner(learnerId).seat;
    const run = /^\/api\/lessons\/([^/]+)\/(?:steps\/([^/]+)\/run|try)$/.exec(c.req.path);
    if (run && c.req.method === 'POST') {
      const slug = decodeURIComponent(run[1]);
      const phase = run[2] ? seat.workshop.describe().find((l) => l.slug === slug)?.steps.find((s) => s.id === decodeURIComponent(run[2]))?.phase : undefined;
      room.checkOpen(slug, phase);
    }
    return seat.api.fetch(c.req.raw, c.env);
  });
  api.onError((error, c) => apiError(error, c, deps));
  app.route('/api', api);
  if (deps.room?.room) {
    const proxy = consoleProxy(() => deps.room?.sandboxUrl);
    app.use('/console', consoleBodyLimit).use('/console/*', consoleBodyLimit);
    app.use('*', async (c, next) => (await proxy(c)) ?? next());
  }

  // Compression: the built site only, from the .br/.gz copies the build writes beside each page,
  // script and stylesheet (scripts/precompress.ts), so serving costs no CPU and a run's NDJSON
  // stream stays unbuffered, event by event. API answers are never compressed: some carry a
  // secret on purpose (a reveal, the QR code), and a secret compressed next to text a page can
  // influence is what BREACH-style attacks measure; they are small anyway.
  if (deps.distDir) {
    app.use('/*', serveStatic({ root: deps.distDir, precompressed: true }));
    app.notFound((c) => c.text('Not found', 404));
  }
  return app;
}
