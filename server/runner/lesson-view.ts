/**
 * How a lesson's run-through reads from outside: `describeLesson` is one lesson of
 * `GET /api/lessons` (steps with their status, stale or not, and whether the lesson was
 * completed), and `requireBuiltOn` refuses a step whose `requires` are not done in this
 * run-through (409 OutOfOrder), saying when a success is shown but stale (from before a restart
 * or a teardown: what it made was in memory). Pure; it changes nothing.
 */
import type { StepStatus } from '../../src/lessons/events.ts';
import type { Lesson, Step } from '../../src/lessons/lesson.ts';
import { satisfies, staleness, type RunThrough } from './run-through.ts';
import { WorkshopError } from './workshop-error.ts';

const DONE: StepStatus[] = ['succeeded', 'expected-failure'];

export function describeLesson(lesson: Lesson, run: RunThrough, running?: string) {
  return {
    slug: lesson.slug,
    title: lesson.title,
    summary: lesson.summary,
    /** Every step ended as meant in one run-through, teardown included (until a reset). */
    completed: run.completedAt !== undefined,
    completedAt: run.completedAt,
    steps: lesson.steps.map((step) => ({
      id: step.id,
      title: step.title,
      phase: step.phase,
      expect: step.expect ?? 'ok',
      inputs: step.inputs ?? [],
      requires: step.requires ?? [],
      status: running === step.id ? ('running' as const) : (run.statuses.get(step.id) ?? 'idle'),
      /** The status is from before a restart or the lesson's teardown: shown, not built on. */
      stale: staleness(run, step.id),
    })),
  };
}

export function requireBuiltOn(run: RunThrough, lesson: Lesson, step: Step): void {
  for (const need of step.requires ?? []) {
    if (satisfies(run, need)) continue;
    // A success from before a restart or a teardown is shown, but its state is gone.
    const stale = DONE.includes(run.statuses.get(need) ?? 'idle') ? staleness(run, need) : undefined;
    if (!stale) throw new WorkshopError(409, 'OutOfOrder', `Run "${lesson.step(need).title}" first: this step builds on it.`);
    const why =
      stale === 'restart'
        ? 'it ran before the notebook restarted, and what it made (names, credentials) was kept in memory only'
        : 'the lesson was torn down since it ran, so what it made is gone';
    throw new WorkshopError(409, 'OutOfOrder', `Run "${lesson.step(need).title}" again first: ${why}. This step builds on it.`);
  }
}
