/**
 * The try-it cell's routes: `POST /api/lessons/:lesson/try` with `{ credential, service,
 * operation, input }` runs that one SDK call through the Workshop (runner/try-it.ts) and answers
 * with the same NDJSON events as a step run, each line redacted; `POST …/try/stop` stops it.
 * A bad request is refused (400) before anything runs. Nothing of it is kept for a reload.
 */
import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { GuardEnv } from '../guard/guard-env.ts';
import type { Log } from '../log.ts';
import { TRY_IT_STEP } from '../runner/try-it.ts';
import type { Workshop } from '../runner/workshop.ts';
import { WorkshopError } from '../runner/workshop-error.ts';

export interface TryItDeps {
  workshop: Workshop;
  redact: (text: string) => string;
  log: Log;
  /** The prefix of this seat's log lines in a room (`[learner "Ada"] `), else empty. */
  who?: string;
}

export function mountTryIt(api: Hono<GuardEnv>, { workshop, redact, log, who = '' }: TryItDeps): void {
  api.post('/lessons/:lesson/try', async (c) => {
    const body: unknown = await c.req.json().catch(() => {
      throw new WorkshopError(400, 'BadRequest', 'The request body must be a JSON object: { credential, service, operation, input }.');
    });
    const lesson = c.req.param('lesson');
    const events = await workshop.try(lesson, body);
    const { service, operation } = body as { service: string; operation: string };
    log.info(`${who}try ${lesson}: ${service}:${operation}`);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Cache-Control', 'no-cache, no-transform');
    return stream(c, async (s) => {
      for await (const event of events) {
        if (event.type === 'end') log.info(`${who}end ${lesson}/try: ${event.status} in ${event.ms} ms`);
        if (s.aborted) continue; // the tab went away: finish the run, stop writing
        await s.write(redact(JSON.stringify(event)) + '\n').catch(() => {});
      }
    });
  });

  api.post('/lessons/:lesson/try/stop', (c) => {
    workshop.stop(c.req.param('lesson'), TRY_IT_STEP);
    return c.json({ stopping: true }, 202);
  });
}
