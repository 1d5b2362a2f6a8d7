/**
 * A step's inputs as the learner typed them, checked against the step's InputSpecs before
 * anything runs: the body must be a JSON object, required inputs present, each a string that
 * matches its pattern. Unknown fields are ignored. Throws WorkshopError (400); changes nothing.
 */
import type { Step } from '../../src/lessons/lesson.ts';
import { WorkshopError } from './workshop-error.ts';

export function checkInputs(step: Step, raw: unknown): Record<string, string> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new WorkshopError(400, 'BadRequest', 'The request body must be a JSON object of the step inputs.');
  }
  const given = raw as Record<string, unknown>;
  const inputs: Record<string, string> = {};
  for (const spec of step.inputs ?? []) {
    const value = Object.hasOwn(given, spec.name) ? given[spec.name] : undefined;
    if (value === undefined || value === '') {
      if (spec.required !== false) throw new WorkshopError(400, 'MissingInput', `Enter ${spec.label.toLowerCase()} first.`);
      continue;
    }
    if (typeof value !== 'string') throw new WorkshopError(400, 'BadInput', `${spec.label} must be text.`);
    if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) {
      throw new WorkshopError(400, 'BadInput', spec.kind === 'mfa-code' ? `${spec.label} must be the 6 digits your authenticator shows.` : `${spec.label} is not valid.`);
    }
    inputs[spec.name] = value;
  }
  return inputs;
}
