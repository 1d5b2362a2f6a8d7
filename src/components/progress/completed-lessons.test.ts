import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completedLessons } from './completed-lessons.ts';

test('only lessons marked completed: true count', () => {
  const body = {
    lessons: [
      { slug: 'who-am-i', completed: true },
      { slug: 'assume-role', completed: false },
      { slug: 'federated-console', completed: 'yes' },
      { completed: true },
      null,
      { slug: 'clean-up', completed: true },
    ],
  };
  assert.deepEqual([...completedLessons(body)], ['who-am-i', 'clean-up']);
});

test('an answer of another shape marks nothing', () => {
  for (const body of [null, undefined, 'text', {}, { lessons: 'x' }, { error: { code: 'Unauthorized' } }]) assert.equal(completedLessons(body).size, 0);
});
