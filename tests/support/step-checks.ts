/**
 * The two checks every lesson's runner test makes, bound to its lesson: `ok` runs a step to its
 * end and requires it to succeed; `refused` requires an expected failure with AWS's exact error
 * code and message (or a pattern for a message that names something made up at run time). Each
 * returns the outcome for the test to read further. Not for steps that fail unexpectedly: read
 * runToEnd's outcome for those.
 */
import assert from 'node:assert/strict';
import type { Notebook } from '../../server/notebook.ts';
import { runToEnd } from './notebook.ts';

export function stepChecks(lesson: string) {
  async function ok(nb: Notebook, step: string, lessonSlug = lesson) {
    const outcome = await runToEnd(nb, lessonSlug, step);
    assert.equal(outcome.end.status, 'succeeded', `${step}: ${JSON.stringify(outcome.error ?? outcome.events.at(-1))}`);
    return outcome;
  }
  async function refused(nb: Notebook, step: string, code: string, message: string | RegExp) {
    const outcome = await runToEnd(nb, lesson, step);
    assert.equal(outcome.end.status, 'expected-failure', `${step}: ${JSON.stringify(outcome.events.at(-1))}`);
    assert.equal(outcome.error.name, code);
    assert.equal(outcome.error.expected, true);
    if (typeof message === 'string') assert.equal(outcome.error.message, message);
    else assert.match(outcome.error.message, message);
    return outcome;
  }
  return { ok, refused };
}
