import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LearnerSessions } from './learner-sessions.ts';

test('a session needs its cookie id and its key; an ended one says why', () => {
  let n = 0;
  const sessions = new LearnerSessions(() => `random-${++n}`);
  const a = sessions.create('ada');
  const b = sessions.create('bob');
  assert.deepEqual(sessions.identify(a.id, a.key), { learnerId: 'ada' });
  assert.equal(sessions.identify(a.id, b.key), undefined, 'another learner’s key');
  assert.equal(sessions.identify(a.id, undefined), undefined);
  assert.equal(sessions.identify(undefined, a.key), undefined);
  sessions.end('ada', 'Removed');
  assert.deepEqual(sessions.identify(a.id, a.key), { gone: 'Removed' });
  assert.deepEqual(sessions.identify(b.id, b.key), { learnerId: 'bob' });
});
