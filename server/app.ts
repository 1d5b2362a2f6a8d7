/**
 * The notebook's HTTP surface on one port: the guards in order (Host allowlist → security
 * headers → token exchange → token → Origin/JSON), the JSON API the page, scripts and tests
 * use, and the built site. Runs stream as NDJSON, every line redacted. Errors are serialized
 * here, once, as `{ "error": { "code", "message" } }`. It knows no AWS: the Workshop runs steps.
 */
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { serveStatic } from '@hono/node-server/serve-static';
import type { GuardEnv } from './guard/guard-env.ts';
import { BrowserSessions, requireToken, tokenExchange } from './guard/launch-token.ts';
import { bodyLimit } from './http/body-limit.ts';
import { hostAllowlist, loopbackHosts } from './http/host-allowlist.ts';
import { loopbackOrigins, originCheck } from './http/origin-check.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { Log } from './log.ts';
import { describeTarget, type Target } from './runner/target.ts';
import type { Workshop } from './runner/workshop.ts';
import { mountCleanup } from './routes/cleanup.ts';
import { mountCredentials } from './routes/credentials.ts';
import { mountProgress } from './routes/progress.ts';
import { mountTools } from './routes/tools.ts';
import { mountTryIt } from './routes/try-it.ts';
import { WorkshopError } from './runner/workshop-error.ts';
import type { ApiErrorBody, HealthAnswer, LessonsAnswer, SessionAnswer, StopAnswer } from '../src/api/contract.ts';

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
}

export function createApp(deps: AppDeps): Hono<GuardEnv> {
  const app = new Hono<GuardEnv>();
  const sessions = new BrowserSessions();
  const refuse = (c: Context, status: 400 | 403 | 413 | 415, code: string, message: string) => c.json({ error: { code, message } } satisfies ApiErrorBody, status);
  app.use(
    '*',
    hostAllowlist(
      () => loopbackHosts(deps.port()),
      (c) => refuse(c, 403, 'ForbiddenHost', 'This server only answers to localhost, 127.0.0.1 and [::1] on its own port.'),
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
  api.use('*', requireToken(deps.token, sessions));
  // The body cap runs after the token check, so strangers cost no reading.
  api.use(
    '*',
    bodyLimit({
      maxSize: API_BODY_LIMIT,
      onTooLarge: (c) => refuse(c, 413, 'TooLarge', 'The request body is too large.'),
      onUnreadable: (c) => refuse(c, 400, 'BadRequest', 'The request body could not be read: the connection closed before it ended.'),
    }),
  );
  api.use(
    '*',
    originCheck<GuardEnv>({
      origins: () => loopbackOrigins(deps.port()),
      mayOmitOrigin: (c) => c.get('authVia') === 'bearer',
      contentType: 'application/json',
      refuse: (c, problem) =>
        problem === 'origin'
          ? refuse(c, 403, 'ForbiddenOrigin', 'Cross-origin requests are refused.')
          : refuse(c, 415, 'UnsupportedMediaType', 'Send the request body as application/json.'),
    }),
  );
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  api.get('/session', (c) => c.json({ ...describeTarget(deps.target), confirmed: deps.workshop.accountConfirmed } satisfies SessionAnswer));
  api.get('/lessons', (c) => c.json({ target: deps.target.kind, lessons: deps.workshop.describe() } satisfies LessonsAnswer));

  api.post('/lessons/:lesson/steps/:step/run', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new WorkshopError(400, 'BadRequest', 'The request body must be a JSON object of the step inputs.');
    }
    const { lesson, step } = c.req.param();
    const events = deps.workshop.start(lesson, step, body);
    deps.log.info(`run ${lesson}/${step}`);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Content-Type-Options', 'nosniff');
    return stream(c, async (s) => {
      const lines: string[] = [];
      for await (const event of events) {
        const line = deps.redact(JSON.stringify(event));
        lines.push(line);
        if (event.type === 'end') {
          deps.log.info(`end ${lesson}/${step}: ${event.status} in ${event.ms} ms`);
          deps.workshop.rememberRun(lesson, step, lines);
        }
        if (s.aborted) continue; // the tab went away: finish the run, stop writing
        await s.write(line + '\n').catch(() => {});
      }
    });
  });

  // The last run of a step, as it was streamed (already redacted), so a reloaded page can show it.
  // A step that has not run (or whose lesson was reset) has none: 204, which is not an error.
  api.get('/lessons/:lesson/steps/:step/last-run', (c) => {
    const { lesson, step } = c.req.param();
    const lines = deps.workshop.lastRun(lesson, step);
    if (!lines) {
      const steps = deps.workshop.describe().find((l) => l.slug === lesson)?.steps;
      if (!steps) throw new WorkshopError(404, 'NoSuchLesson', `There is no lesson "${lesson}".`);
      if (!steps.some((s) => s.id === step)) throw new WorkshopError(404, 'NoSuchStep', `Lesson "${lesson}" has no step "${step}".`);
      return c.body(null, 204);
    }
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    return c.body(lines.join('\n') + '\n');
  });

  api.post('/lessons/:lesson/steps/:step/stop', (c) => {
    const { lesson, step } = c.req.param();
    deps.workshop.stop(lesson, step);
    return c.json({ stopping: true } satisfies StopAnswer, 202);
  });

  mountTools(api, deps);
  mountCleanup(api, deps);
  mountProgress(api, deps);
  mountCredentials(api, deps);
  mountTryIt(api, deps);
  // The path is the caller's own text, but errors are redacted like everything else that leaves.
  api.all('*', (c) => c.json({ error: { code: 'NotFound', message: deps.redact(`No API route ${c.req.method} ${c.req.path}.`) } } satisfies ApiErrorBody, 404));
  api.onError((error, c) => {
    if (error instanceof WorkshopError) return c.json({ error: { code: error.code, message: deps.redact(error.message) } } satisfies ApiErrorBody, error.status);
    deps.log.error('unexpected API error', error);
    return c.json({ error: { code: 'InternalError', message: 'The notebook server failed; see its terminal.' } } satisfies ApiErrorBody, 500);
  });
  app.route('/api', api);

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
