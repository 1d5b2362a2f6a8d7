import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineLesson } from '../../src/lessons/lesson.ts';
import { endRunThrough, forgetTeardown, newRunThrough, progressOf, recordOutcome, restoreRunThrough, satisfies, staleness } from './run-through.ts';

const noop = async () => undefined;
const lesson = defineLesson({
  slug: 'demo',
  title: 'Demo',
  summary: '',
  steps: [
    { id: 'look', title: 'Look', phase: 'usage', run: noop },
    { id: 'make', title: 'Make', phase: 'setup', run: noop },
    { id: 'use', title: 'Use', phase: 'usage', requires: ['make'], expect: { error: 'AccessDenied' }, run: noop },
    { id: 'remove', title: 'Remove', phase: 'teardown', run: noop },
  ],
});
const T = Date.parse('2030-01-02T03:04:05Z');

test('a lesson is completed once every step ended as meant in one run-through, teardown included', () => {
  const run = newRunThrough();
  recordOutcome(run, lesson, 'look', 'succeeded', T);
  recordOutcome(run, lesson, 'make', 'succeeded', T);
  recordOutcome(run, lesson, 'use', 'failed', T);
  recordOutcome(run, lesson, 'remove', 'succeeded', T);
  assert.equal(run.completedAt, undefined, 'a step that failed unexpectedly is not done');
  recordOutcome(run, lesson, 'use', 'expected-failure', T + 1000);
  assert.equal(run.completedAt, '2030-01-02T03:04:06.000Z');
  // Completion stays through a later failure and the end of the run-through.
  recordOutcome(run, lesson, 'look', 'failed', T + 2000);
  endRunThrough(run);
  assert.equal(run.completedAt, '2030-01-02T03:04:06.000Z');
});

test('a teardown that ends the run-through before the rest ran does not count for the next one', () => {
  const run = newRunThrough();
  recordOutcome(run, lesson, 'remove', 'succeeded', T);
  endRunThrough(run);
  for (const id of ['look', 'make', 'use']) recordOutcome(run, lesson, id, id === 'use' ? 'expected-failure' : 'succeeded', T);
  assert.equal(run.completedAt, undefined);
  recordOutcome(run, lesson, 'remove', 'succeeded', T);
  assert.ok(run.completedAt);
});

test('a new setup forgets the teardown: it must run again after it', () => {
  const run = newRunThrough();
  for (const id of ['look', 'remove']) recordOutcome(run, lesson, id, 'succeeded', T);
  forgetTeardown(run, lesson);
  assert.equal(run.statuses.has('remove'), false);
  for (const id of ['make', 'use']) recordOutcome(run, lesson, id, id === 'use' ? 'expected-failure' : 'succeeded', T);
  assert.equal(run.completedAt, undefined);
});

test('after a teardown or a restart, statuses stay to read but no longer satisfy requires', () => {
  const run = newRunThrough();
  recordOutcome(run, lesson, 'make', 'succeeded', T);
  assert.equal(satisfies(run, 'make'), true);
  assert.equal(staleness(run, 'make'), undefined);
  endRunThrough(run);
  assert.equal(run.statuses.get('make'), 'succeeded');
  assert.equal(satisfies(run, 'make'), false);
  assert.equal(staleness(run, 'make'), 'teardown');
  assert.equal(staleness(run, 'look'), undefined, 'a step that never ran is not stale, just idle');

  const restored = restoreRunThrough(lesson, progressOf([['demo', run]]).demo);
  assert.equal(restored.statuses.get('make'), 'succeeded');
  assert.equal(satisfies(restored, 'make'), false);
  assert.equal(staleness(restored, 'make'), 'restart');
  recordOutcome(restored, lesson, 'make', 'succeeded', T);
  assert.equal(satisfies(restored, 'make'), true);
});

test('progressOf keeps final statuses, outputs and completion only; restore drops unknown steps', () => {
  const run = newRunThrough();
  run.statuses.set('make', 'running');
  run.statuses.set('look', 'succeeded');
  run.lastRuns.set('look', ['{"type":"end"}']);
  const empty = newRunThrough();
  const progress = progressOf([
    ['demo', run],
    ['other', empty],
  ]);
  assert.deepEqual(progress, { demo: { statuses: { look: 'succeeded' }, lastRuns: { look: ['{"type":"end"}'] } } });
  const restored = restoreRunThrough(lesson, { completedAt: '2030-01-01T00:00:00.000Z', statuses: { look: 'succeeded', gone: 'failed' }, lastRuns: { gone: ['x'] } });
  assert.deepEqual([...restored.statuses], [['look', 'succeeded']]);
  assert.equal(restored.lastRuns.size, 0);
  assert.equal(restored.completedAt, '2030-01-01T00:00:00.000Z');
  assert.equal(restored.touched.size + restored.done.size, 0);
});
