/**
 * Resetting a learner's lesson for them: if the lesson's run still has resources in their
 * account, its teardown steps run first (run-to-end.ts, as if the learner pressed them); then
 * the lesson is forgotten (Workshop.reset). Answers which resources went, from the ledger's
 * outstanding records for that lesson before and after. A teardown that leaves something
 * behind makes the reset refuse (409 NotTornDown), as it would for the learner.
 */
import type { Lesson } from '../../src/lessons/lesson.ts';
import type { RoomResetAnswer } from '../../src/api/contract.ts';
import type { FileLedger } from '../ledger/ledger.ts';
import type { Target } from '../runner/target.ts';
import type { Workshop } from '../runner/workshop.ts';
import { WorkshopError } from '../runner/workshop-error.ts';
import { runToEnd } from './run-to-end.ts';

export async function resetLesson(seat: { workshop: Workshop; target: Target }, ledger: FileLedger, lesson: Lesson, redact: (text: string) => string): Promise<RoomResetAnswer> {
  const { workshop, target } = seat;
  const outstanding = async () =>
    (await ledger.outstanding({ account: target.accountId, target: target.kind })).filter((r) => r.lesson === lesson.slug).map((r) => `${r.kind} ${r.name}`);
  const before = await outstanding();
  try {
    await workshop.reset(lesson.slug);
  } catch (error) {
    if (!(error instanceof WorkshopError) || error.code !== 'NotTornDown') throw error;
    for (const step of lesson.steps.filter((s) => s.phase === 'teardown')) {
      const outcome = await runToEnd(workshop, lesson, step.id, redact);
      if (outcome.status !== 'succeeded') throw new WorkshopError(409, 'NotTornDown', `"${step.title}" did not succeed (${outcome.error}); the lesson was not reset.`);
    }
    await workshop.reset(lesson.slug);
  }
  const after = new Set(await outstanding());
  return { reset: true, removed: before.filter((name) => !after.has(name)) };
}
