/**
 * Catching a learner up: runs, in the lesson's order, every step before the chosen one that has
 * not ended as meant in the learner's current run-through (setup and usage steps; a teardown
 * step is never run to catch up), each through run-to-end.ts, and stops at the first that does
 * not end as meant, saying why. The chosen step itself is left for the learner to run.
 */
import type { Lesson } from '../../src/lessons/lesson.ts';
import type { CatchUpAnswer } from '../../src/api/contract.ts';
import type { Workshop } from '../runner/workshop.ts';
import { WorkshopError } from '../runner/workshop-error.ts';
import { runToEnd } from './run-to-end.ts';

export async function catchUp(workshop: Workshop, lesson: Lesson, stepId: unknown, redact: (text: string) => string): Promise<CatchUpAnswer> {
  const index = lesson.steps.findIndex((s) => s.id === stepId);
  if (typeof stepId !== 'string' || index < 0) throw new WorkshopError(400, 'NoSuchStep', `Lesson "${lesson.slug}" has no step "${String(stepId)}".`);
  const summary = workshop.describe().find((l) => l.slug === lesson.slug)!;
  const answer: CatchUpAnswer = { ran: [] };
  for (const step of lesson.steps.slice(0, index)) {
    if (step.phase === 'teardown') continue;
    const now = summary.steps.find((s) => s.id === step.id)!;
    const meant = typeof step.expect === 'object' ? 'expected-failure' : 'succeeded';
    if (now.status === meant && !now.stale) continue;
    try {
      const outcome = await runToEnd(workshop, lesson, step.id, redact);
      answer.ran.push({ step: step.id, status: outcome.status });
      if (outcome.status !== meant) {
        answer.stopped = { step: step.id, reason: outcome.error ?? `it ended ${outcome.status}` };
        break;
      }
    } catch (error) {
      if (!(error instanceof WorkshopError)) throw error;
      answer.stopped = { step: step.id, reason: error.message };
      break;
    }
  }
  return answer;
}
