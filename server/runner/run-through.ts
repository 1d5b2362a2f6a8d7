/**
 * The bookkeeping of one lesson's run-through, apart from its state: each step's status and
 * last run (what the page shows), which steps ran in this run-through (only their statuses
 * describe the state in memory, so only they satisfy a `requires`), which ended as meant, and
 * when the lesson was first completed (every step ended as meant, succeeded or expected-failure,
 * at least once in one run-through, teardown included). A run-through ends when the lesson's
 * teardown leaves nothing outstanding, or when the notebook restarts (the state was in memory);
 * the statuses and outputs stay, marked stale. Pure data and functions: workshop.ts runs steps
 * and holds the state; progress-store.ts puts `progressOf` on disk.
 */
import type { StepStatus } from '../../src/lessons/events.ts';
import type { Lesson } from '../../src/lessons/lesson.ts';
import type { FinalStepStatus, LessonProgress, Progress } from './progress-store.ts';

export interface RunThrough {
  statuses: Map<string, StepStatus>;
  /** Each step's last run as streamed (redacted NDJSON lines), for a reloaded page. */
  lastRuns: Map<string, string[]>;
  /** Steps run in this run-through: only their statuses describe the state in memory. */
  touched: Set<string>;
  /** Steps that ended as meant at least once in this run-through. */
  done: Set<string>;
  /** When every step first ended as meant in one run-through (ISO time); kept until a reset. */
  completedAt?: string;
  /** What ended the run-through the untouched statuses come from. */
  before?: 'restart' | 'teardown';
}

export type Staleness = 'restart' | 'teardown';

const DONE: StepStatus[] = ['succeeded', 'expected-failure'];

export function newRunThrough(): RunThrough {
  return { statuses: new Map(), lastRuns: new Map(), touched: new Set(), done: new Set() };
}

/** Whether a step's status ended as meant and belongs to this run-through's state. */
export function satisfies(run: RunThrough, stepId: string): boolean {
  return DONE.includes(run.statuses.get(stepId) ?? 'idle') && run.touched.has(stepId);
}

/** Why a step's shown status no longer describes the lesson's state, if it does not. */
export function staleness(run: RunThrough, stepId: string): Staleness | undefined {
  const status = run.statuses.get(stepId) ?? 'idle';
  if (status === 'idle' || status === 'running' || run.touched.has(stepId)) return undefined;
  return run.before ?? 'restart';
}

/** A setup step starts: earlier teardown results no longer describe what exists. */
export function forgetTeardown(run: RunThrough, lesson: Lesson): void {
  for (const step of lesson.steps) {
    if (step.phase !== 'teardown') continue;
    run.statuses.delete(step.id);
    run.touched.delete(step.id);
    run.done.delete(step.id);
  }
}

/** A step ended: its status, and whether the lesson is now completed. */
export function recordOutcome(run: RunThrough, lesson: Lesson, stepId: string, status: FinalStepStatus, now: number): void {
  run.statuses.set(stepId, status);
  run.touched.add(stepId);
  if (DONE.includes(status)) run.done.add(stepId);
  if (!run.completedAt && lesson.steps.every((s) => run.done.has(s.id))) run.completedAt = new Date(now).toISOString();
}

/** The teardown left nothing: the statuses and outputs stay to read, the next run starts anew. */
export function endRunThrough(run: RunThrough): void {
  run.touched.clear();
  run.done.clear();
  run.before = 'teardown';
}

/** A lesson as an earlier launch left it: statuses and outputs to read, nothing to build on. */
export function restoreRunThrough(lesson: Lesson, saved: LessonProgress | undefined): RunThrough {
  const run = newRunThrough();
  if (!saved) return run;
  const known = new Set(lesson.steps.map((s) => s.id));
  for (const [id, status] of Object.entries(saved.statuses)) if (known.has(id)) run.statuses.set(id, status);
  for (const [id, lines] of Object.entries(saved.lastRuns)) if (known.has(id)) run.lastRuns.set(id, lines);
  run.completedAt = saved.completedAt;
  run.before = 'restart';
  return run;
}

/** What the progress file keeps: final statuses, outputs and completion of lessons that have any. */
export function progressOf(runs: Iterable<[string, RunThrough]>): Progress {
  const progress: Progress = {};
  for (const [slug, run] of runs) {
    const statuses: Record<string, FinalStepStatus> = {};
    for (const [id, status] of run.statuses) if (status !== 'idle' && status !== 'running') statuses[id] = status;
    if (Object.keys(statuses).length === 0 && run.lastRuns.size === 0 && !run.completedAt) continue;
    progress[slug] = { ...(run.completedAt ? { completedAt: run.completedAt } : {}), statuses, lastRuns: Object.fromEntries(run.lastRuns) };
  }
  return progress;
}
