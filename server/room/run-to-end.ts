/**
 * Runs one step of a seat's Workshop to its end without a page watching, as the lesson API's
 * run route does (every event redacted, the run remembered, so the learner's page shows it as if
 * they had pressed Run): for the facilitator's catch-up and reset. Fills MFA inputs from the
 * learner's built-in authenticator after moving the sandbox clock a minute on, so the codes
 * have not been used (AWS accepts each code once). Answers the final status, and the error of a
 * run that failed. Checks before the run (a step already running, a missing prerequisite) throw
 * WorkshopError as they would for the learner.
 */
import type { Lesson } from '../../src/lessons/lesson.ts';
import type { StepStatus } from '../../src/lessons/events.ts';
import type { Workshop } from '../runner/workshop.ts';
import { WorkshopError } from '../runner/workshop-error.ts';

export interface RunOutcome {
  status: Exclude<StepStatus, 'idle' | 'running'>;
  error?: string;
}

export async function runToEnd(workshop: Workshop, lesson: Lesson, stepId: string, redact: (text: string) => string): Promise<RunOutcome> {
  const step = lesson.step(stepId);
  const inputs: Record<string, string> = {};
  const mfa = (step.inputs ?? []).filter((i) => i.kind === 'mfa-code');
  if (mfa.length > 0) {
    await workshop.advanceClock(60);
    const codes = workshop.authenticators.view(lesson.slug);
    if (!codes) throw new WorkshopError(409, 'NoDevice', `"${step.title}" needs MFA codes, and this lesson has no MFA device yet.`);
    const pair = mfa.some((i) => i.name === 'code2');
    for (const input of mfa) inputs[input.name] = pair && input.name === 'code2' ? codes.nextCode : codes.code;
  }
  const missing = (step.inputs ?? []).find((i) => i.kind !== 'mfa-code' && i.required);
  if (missing) throw new WorkshopError(409, 'NeedsInput', `"${step.title}" needs "${missing.label}", which only the learner can give.`);
  const events = workshop.start(lesson.slug, stepId, inputs);
  const lines: string[] = [];
  let outcome: RunOutcome = { status: 'failed' };
  let error: string | undefined;
  for await (const event of events) {
    lines.push(redact(JSON.stringify(event)));
    if (event.type === 'error') error = redact(`${event.name}: ${event.message}`);
    if (event.type === 'end') {
      outcome = { status: event.status };
      workshop.rememberRun(lesson.slug, stepId, lines);
    }
  }
  if (outcome.status === 'failed' || outcome.status === 'cancelled') outcome.error = error ?? outcome.status;
  return outcome;
}
