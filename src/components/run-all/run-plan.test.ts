import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LessonsAnswer, StepSummary } from '../../api/contract.ts';
import type { StepStatus } from '../../lessons/events.ts';
import { asMeant, doneText, lessonStatuses, runAllPlan, runningText, runToHerePlan, stoppedText, teardownPlan, type PlanStep } from './run-plan.ts';

const step = (id: string, phase: PlanStep['phase'], status: PlanStep['status'] = 'idle', stale = false): PlanStep => ({ id, title: id.toUpperCase(), phase, status, stale });
const ids = (steps: PlanStep[]) => steps.map((s) => s.id);

// who-am-i's page order: two usage steps, then a setup step, two more usage steps, a teardown.
const whoAmI = [
  step('get-caller-identity', 'usage'),
  step('regional-endpoints', 'usage'),
  step('create-role', 'setup'),
  step('as-role-session', 'usage'),
  step('as-session-token', 'usage'),
  step('delete-role', 'teardown'),
];

test('Run all: setup first, then usage, each in page order, no teardown', () => {
  const plan = runAllPlan(whoAmI);
  assert.deepEqual(ids(plan.run), ['create-role', 'get-caller-identity', 'regional-endpoints', 'as-role-session', 'as-session-token']);
  assert.deepEqual(plan.skipped, []);
});

test('Run all skips what is done in this run-through, not what failed, was stopped or is stale', () => {
  const steps = [
    step('a', 'setup', 'succeeded'),
    step('b', 'setup', 'succeeded', true),
    step('c', 'usage', 'expected-failure'),
    step('d', 'usage', 'failed'),
    step('e', 'usage', 'cancelled'),
    step('f', 'usage', 'expected-failure', true),
    step('g', 'usage', 'running'),
  ];
  const plan = runAllPlan(steps);
  assert.deepEqual(ids(plan.run), ['b', 'd', 'e', 'f', 'g']);
  assert.deepEqual(ids(plan.skipped), ['a', 'c']);
});

test('Run to here: the not-done setup and usage steps above, then the step itself even when done', () => {
  const steps = [step('a', 'setup', 'succeeded'), step('b', 'usage'), step('c', 'setup'), step('d', 'usage', 'succeeded'), step('e', 'usage')];
  const plan = runToHerePlan(steps, 'd');
  assert.deepEqual(ids(plan.run), ['c', 'b', 'd']);
  assert.deepEqual(ids(plan.skipped), ['a']);
  assert.deepEqual(ids(runToHerePlan(steps, 'a').run), ['a']);
});

test('Run to here refuses teardown steps and unknown ids', () => {
  assert.deepEqual(runToHerePlan(whoAmI, 'delete-role'), { run: [], skipped: [] });
  assert.deepEqual(runToHerePlan(whoAmI, 'nope'), { run: [], skipped: [] });
});

test('Reset runs the teardown steps in page order, whatever their status', () => {
  const steps = [step('a', 'setup'), step('t2', 'teardown', 'succeeded'), step('b', 'usage'), step('t1', 'teardown')];
  assert.deepEqual(ids(teardownPlan(steps)), ['t2', 't1']);
});

test('outcomes the sequence goes on after', () => {
  assert.equal(asMeant('succeeded'), true);
  assert.equal(asMeant('expected-failure'), true);
  for (const o of ['failed', 'cancelled', 'refused'] as const) assert.equal(asMeant(o), false);
});

test('the sentences', () => {
  assert.equal(runningText(3, 9, 'Assume the role'), 'Running 4 of 9: Assume the role');
  assert.equal(runningText(0, 2, 'Delete the role', true), 'Tearing down 1 of 2: Delete the role');
  assert.equal(doneText(5, 0), 'Done: 5 steps ran as meant.');
  assert.equal(doneText(1, 1), 'Done: 1 step ran as meant. 1 step already done in this run-through was skipped.');
  assert.equal(doneText(2, 3), 'Done: 2 steps ran as meant. 3 steps already done in this run-through were skipped.');
  assert.equal(doneText(0, 4), 'Nothing to run: every step is already done in this run-through.');
  assert.equal(stoppedText(1, 5, 'Create a user', 'failed', false), 'Stopped at 2 of 5: "Create a user" did not end as meant (it failed); its output says why.');
  assert.equal(stoppedText(1, 5, 'Create a user', 'refused', false), 'Stopped at 2 of 5: "Create a user" did not end as meant (it could not start); its output says why.');
  assert.equal(stoppedText(1, 5, 'Create a user', 'cancelled', true), 'Stopped at 2 of 5: "Create a user".');
  assert.equal(stoppedText(0, 2, 'Delete the role', 'failed', false, true), 'Reset stopped at 1 of 2: "Delete the role" did not end as meant (it failed); its output says why. The lesson was not reset.');
});

test('lessonStatuses reads one lesson of GET /api/lessons, with staleness', () => {
  const step = (id: string, status: StepStatus, stale?: StepSummary['stale']): StepSummary => ({ id, title: id, phase: 'usage', expect: 'ok', inputs: [], requires: [], status, stale });
  const lesson = (slug: string, steps: StepSummary[]) => ({ slug, title: slug, summary: '', completed: false, steps });
  const body: LessonsAnswer = {
    target: 'sandbox',
    lessons: [lesson('other', [step('x', 'failed')]), lesson('who-am-i', [step('a', 'succeeded', 'teardown'), step('b', 'idle')])],
  };
  const map = lessonStatuses(body, 'who-am-i');
  assert.deepEqual([...map], [
    ['a', { status: 'succeeded', stale: true }],
    ['b', { status: 'idle', stale: false }],
  ]);
  assert.equal(lessonStatuses({ target: 'sandbox', lessons: [] }, 'who-am-i').size, 0);
});
