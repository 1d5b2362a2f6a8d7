/**
 * The lesson API of one seat: the routes a notebook page calls about its lessons (session,
 * lessons, runs streamed as NDJSON with every line redacted, last runs, stop, the tools, clean-up,
 * progress, credentials, try-it), bound to one Workshop and its Target. Outside a room there is
 * one seat, the notebook's own; in a room each learner has one more, on their own sandbox
 * account (server/room/). app.ts authenticates the caller and hands the request to their seat's
 * API; this module checks no token, Host or Origin itself. Errors are serialized here, once, as
 * `{ "error": { "code", "message" } }`.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { GuardEnv } from './guard/guard-env.ts';
import type { Log } from './log.ts';
import { describeTarget, type Target } from './runner/target.ts';
import type { Workshop } from './runner/workshop.ts';
import { mountCleanup } from './routes/cleanup.ts';
import { mountCredentials } from './routes/credentials.ts';
import { mountProgress } from './routes/progress.ts';
import { mountTools } from './routes/tools.ts';
import { mountTryIt } from './routes/try-it.ts';
import { learnerTag } from './room/display-name.ts';
import { WorkshopError } from './runner/workshop-error.ts';
import type { ApiErrorBody, LessonsAnswer, RoomRole, SessionAnswer, StopAnswer } from '../src/api/contract.ts';

export interface LessonApiDeps {
  workshop: Workshop;
  target: Target;
  redact: (text: string) => string;
  log: Log;
  /** In a room: who this seat is, for the banner; also prefixes the seat's log lines. */
  room?: RoomRole;
  /** Checked before the sandbox clock moves (a room's learners share one clock). */
  checkClock?: (seconds: number) => void;
  /** Maps a revealed value to what the caller's browser can open (a room's console sign-in URL). */
  rewriteOffer?: (value: string, requestOrigin: string) => string;
}

export function createLessonApi(deps: LessonApiDeps): Hono<GuardEnv> {
  const { workshop } = deps;
  const api = new Hono<GuardEnv>().basePath('/api');
  const who = deps.room?.role === 'learner' ? learnerTag(deps.room.name ?? '') : '';

  api.get('/session', (c) =>
    c.json({ ...describeTarget(deps.target), confirmed: workshop.accountConfirmed, ...(deps.room ? { room: deps.room } : {}) } satisfies SessionAnswer),
  );
  api.get('/lessons', (c) => c.json({ target: deps.target.kind, lessons: workshop.describe() } satisfies LessonsAnswer));

  api.post('/lessons/:lesson/steps/:step/run', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new WorkshopError(400, 'BadRequest', 'The request body must be a JSON object of the step inputs.');
    }
    const { lesson, step } = c.req.param();
    const events = workshop.start(lesson, step, body);
    deps.log.info(`${who}run ${lesson}/${step}`);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Content-Type-Options', 'nosniff');
    return stream(c, async (s) => {
      const lines: string[] = [];
      for await (const event of events) {
        const line = deps.redact(JSON.stringify(event));
        lines.push(line);
        if (event.type === 'end') {
          deps.log.info(`${who}end ${lesson}/${step}: ${event.status} in ${event.ms} ms`);
          workshop.rememberRun(lesson, step, lines);
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
    const lines = workshop.lastRun(lesson, step);
    if (!lines) {
      const steps = workshop.describe().find((l) => l.slug === lesson)?.steps;
      if (!steps) throw new WorkshopError(404, 'NoSuchLesson', `There is no lesson "${lesson}".`);
      if (!steps.some((s) => s.id === step)) throw new WorkshopError(404, 'NoSuchStep', `Lesson "${lesson}" has no step "${step}".`);
      return c.body(null, 204);
    }
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    return c.body(lines.join('\n') + '\n');
  });

  api.post('/lessons/:lesson/steps/:step/stop', (c) => {
    const { lesson, step } = c.req.param();
    workshop.stop(lesson, step);
    return c.json({ stopping: true } satisfies StopAnswer, 202);
  });

  mountTools(api, deps);
  mountCleanup(api, deps);
  mountProgress(api, deps);
  mountCredentials(api, deps);
  mountTryIt(api, { ...deps, who });
  // The path is the caller's own text, but errors are redacted like everything else that leaves.
  api.all('*', (c) => c.json({ error: { code: 'NotFound', message: deps.redact(`No API route ${c.req.method} ${c.req.path}.`) } } satisfies ApiErrorBody, 404));
  api.onError((error, c) => apiError(error, c, deps));
  return api;
}

/** The one place an API error becomes JSON: a WorkshopError as it says, anything else a 500. */
export function apiError(error: Error, c: Parameters<Parameters<Hono<GuardEnv>['onError']>[0]>[1], deps: Pick<LessonApiDeps, 'redact' | 'log'>): Response {
  if (error instanceof WorkshopError) return c.json({ error: { code: error.code, message: deps.redact(error.message) } } satisfies ApiErrorBody, error.status);
  deps.log.error('unexpected API error', error);
  return c.json({ error: { code: 'InternalError', message: 'The notebook server failed; see its terminal.' } } satisfies ApiErrorBody, 500);
}
