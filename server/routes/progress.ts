/**
 * Routes around the learner's progress: `POST /api/lessons/:lesson/reset` forgets a lesson
 * (the Workshop refuses while a step runs or while its run still has resources in the
 * account) and `GET /api/report` downloads the redacted Markdown lab report (lab-report.ts),
 * built from the steps' remembered runs. Statuses and completion themselves are part of
 * `GET /api/lessons` (app.ts). No secret passes here: the report is redacted string by string.
 */
import type { Hono } from 'hono';
import type { GuardEnv } from '../guard/guard-env.ts';
import { labReport, reportFilename } from '../runner/lab-report.ts';
import type { Target } from '../runner/target.ts';
import type { Workshop } from '../runner/workshop.ts';
import type { ResetAnswer } from '../../src/api/contract.ts';

export interface ProgressDeps {
  workshop: Workshop;
  target: Target;
  redact: (text: string) => string;
  now?: () => number;
}

export function mountProgress(api: Hono<GuardEnv>, { workshop, target, redact, now = Date.now }: ProgressDeps): void {
  api.post('/lessons/:lesson/reset', async (c) => c.json((await workshop.reset(c.req.param('lesson'))) satisfies ResetAnswer));

  api.get('/report', (c) => {
    const generatedAt = new Date(now());
    const lessons = workshop.describe().map((lesson) => ({
      slug: lesson.slug,
      title: lesson.title,
      completedAt: lesson.completedAt,
      steps: lesson.steps.map((step) => ({ ...step, lastRun: workshop.lastRun(lesson.slug, step.id) })),
    }));
    const body = labReport({
      generatedAt,
      target: { kind: target.kind, accountId: target.accountId, region: target.region, arn: target.arn },
      lessons,
      redact,
    });
    c.header('Content-Type', 'text/markdown; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${reportFilename(generatedAt)}"`);
    return c.body(body);
  });
}
