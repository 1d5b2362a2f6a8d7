/**
 * The facilitator's grid as text, from `GET /api/room` (a RoomAnswer): each step's status as a
 * shape and a word (never colour alone), a cell's accessible name, the per-step counts as a
 * sentence ("18 of 24 have run Assume the role with an MFA code"), a learner's unexpected
 * failures, and which lesson pacing opens next. Pure: room-grid.ts draws, room-console.ts asks.
 */
import type { GridLearner, GridStep, Pacing, RoomAnswer } from '../../api/contract.ts';
import type { StepStatus } from '../../lessons/events.ts';

export type RoomLesson = RoomAnswer['lessons'][number];

/** A shape per status: readable without colour, and in the cell's accessible name as a word. */
export const STATUS_MARK: Record<StepStatus, { mark: string; word: string }> = {
  idle: { mark: '·', word: 'not run' },
  running: { mark: '◐', word: 'running' },
  succeeded: { mark: '✓', word: 'succeeded' },
  'expected-failure': { mark: '⊘', word: 'denied as meant' },
  failed: { mark: '✗', word: 'failed' },
  cancelled: { mark: '■', word: 'stopped' },
};

/** The step's status for one learner; a step the server did not list reads as not run. */
export function stepOf(learner: GridLearner, lesson: string, step: string): GridStep {
  return learner.lessons[lesson]?.steps[step] ?? { status: 'idle' };
}

/** What a cell shows: the mark, and the error code of an unexpected failure. */
export function cellText(cell: GridStep): string {
  const { mark } = STATUS_MARK[cell.status] ?? STATUS_MARK.idle;
  return cell.status === 'failed' && cell.error ? `${mark} ${cell.error}` : mark;
}

/** A cell's accessible name: "Ada, Assume the role: failed (AccessDenied)". */
export function cellLabel(name: string, stepTitle: string, cell: GridStep): string {
  const { word } = STATUS_MARK[cell.status] ?? STATUS_MARK.idle;
  return `${name}, ${stepTitle}: ${word}${cell.status === 'failed' && cell.error ? ` (${cell.error})` : ''}`;
}

/** "18 of 24 have run Assume the role with an MFA code" (and how many failed, if any did). */
export function countSentence(count: { ran: number; failed: number } | undefined, learners: number, stepTitle: string): string {
  const ran = count?.ran ?? 0;
  const failed = count?.failed ?? 0;
  const verb = ran === 1 && learners === 1 ? 'has' : 'have';
  const base = learners === 0 ? `Nobody has joined yet to run ${stepTitle}` : `${ran} of ${learners} ${verb} run ${stepTitle}`;
  return failed > 0 ? `${base}; ${failed} failed unexpectedly` : base;
}

export interface Failure {
  lesson: string;
  step: string;
  title: string;
  error: string;
}

/** The steps a learner failed when they were meant to succeed, in course order. */
export function failuresOf(learner: GridLearner, lessons: RoomLesson[]): Failure[] {
  return lessons.flatMap((lesson) =>
    lesson.steps.flatMap((step) => {
      const cell = stepOf(learner, lesson.slug, step.id);
      return cell.status === 'failed' ? [{ lesson: lesson.slug, step: step.id, title: step.title, error: cell.error ?? 'failed' }] : [];
    }),
  );
}

/** "3 of 14 steps" done (succeeded or denied as meant) in one lesson. */
export function lessonProgress(learner: GridLearner, lesson: RoomLesson): { done: number; total: number } {
  const done = lesson.steps.filter((s) => {
    const status = stepOf(learner, lesson.slug, s.id).status;
    return status === 'succeeded' || status === 'expected-failure';
  }).length;
  return { done, total: lesson.steps.length };
}

/** The first lesson, in course order, that paced learners cannot open yet. */
export function nextLessonToOpen(pacing: Pacing, lessons: RoomLesson[]): RoomLesson | undefined {
  if (pacing.mode !== 'paced') return undefined;
  return lessons.find((l) => !pacing.open.includes(l.slug));
}

/**
 * The lessons to keep open when the facilitator switches to one lesson at a time: those some
 * learner has run a step of (in course order), so nobody is locked out mid-lesson; none when
 * nothing has run ("Open the next lesson" then opens the first).
 */
export function lessonsInProgress(counts: Record<string, Record<string, { ran: number }>>, lessons: RoomLesson[]): string[] {
  return lessons.filter((l) => Object.values(counts[l.slug] ?? {}).some((c) => c.ran > 0)).map((l) => l.slug);
}

/** Whether a learner may run a lesson's steps now. */
export function lessonOpen(pacing: Pacing, slug: string): boolean {
  return pacing.mode === 'open' || pacing.open.includes(slug);
}
