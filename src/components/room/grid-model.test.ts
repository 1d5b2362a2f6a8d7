import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GridLearner } from '../../api/contract.ts';
import { cellLabel, cellText, countSentence, failuresOf, lessonOpen, lessonProgress, lessonsInProgress, nextLessonToOpen, stepOf, type RoomLesson } from './grid-model.ts';

const lessons: RoomLesson[] = [
  { slug: 'a', title: 'A', steps: [{ id: 's1', title: 'Make a role', phase: 'setup' }, { id: 'u1', title: 'Assume the role', phase: 'usage' }, { id: 't1', title: 'Delete it', phase: 'teardown' }] },
  { slug: 'b', title: 'B', steps: [{ id: 'x', title: 'Ask', phase: 'usage' }] },
];
const ada: GridLearner = {
  id: '1',
  name: 'Ada',
  accountId: '210987654321',
  joinedAt: '2026-01-01T00:00:00Z',
  lessons: { a: { completed: false, steps: { s1: { status: 'succeeded' }, u1: { status: 'failed', error: 'AccessDenied' }, t1: { status: 'idle' } } } },
};

test('a cell reads by shape and by word, with the error code of an unexpected failure', () => {
  assert.equal(cellText(stepOf(ada, 'a', 's1')), '✓');
  assert.equal(cellText(stepOf(ada, 'a', 'u1')), '✗ AccessDenied');
  assert.equal(cellLabel('Ada', 'Assume the role', stepOf(ada, 'a', 'u1')), 'Ada, Assume the role: failed (AccessDenied)');
  assert.equal(cellLabel('Ada', 'Ask', stepOf(ada, 'b', 'x')), 'Ada, Ask: not run', 'a lesson the server did not list reads as not run');
  assert.equal(cellLabel('Ada', 'Deny', { status: 'expected-failure' }), 'Ada, Deny: denied as meant');
});

test('counts read as a sentence', () => {
  assert.equal(countSentence({ ran: 18, failed: 0 }, 24, 'Assume the role with an MFA code'), '18 of 24 have run Assume the role with an MFA code');
  assert.equal(countSentence({ ran: 1, failed: 1 }, 1, 'X'), '1 of 1 has run X; 1 failed unexpectedly');
  assert.equal(countSentence(undefined, 0, 'X'), 'Nobody has joined yet to run X');
});

test('failures, progress and pacing', () => {
  assert.deepEqual(failuresOf(ada, lessons), [{ lesson: 'a', step: 'u1', title: 'Assume the role', error: 'AccessDenied' }]);
  assert.deepEqual(lessonProgress(ada, lessons[0]!), { done: 1, total: 3 });
  assert.equal(nextLessonToOpen({ mode: 'open', open: [] }, lessons), undefined);
  assert.equal(nextLessonToOpen({ mode: 'paced', open: ['a'] }, lessons)?.slug, 'b');
  assert.equal(nextLessonToOpen({ mode: 'paced', open: ['a', 'b'] }, lessons), undefined);
  assert.equal(lessonOpen({ mode: 'paced', open: ['a'] }, 'b'), false);
  assert.equal(lessonOpen({ mode: 'open', open: [] }, 'b'), true);
});

test('switching to one lesson at a time keeps the lessons learners have begun open, in course order', () => {
  const course: RoomLesson[] = [
    { slug: 'who-am-i', title: 'Who am I?', steps: [] },
    { slug: 'assume-role', title: 'Assume a role', steps: [] },
    { slug: 'profiles', title: 'Profiles', steps: [] },
  ];
  const counts = {
    profiles: { a: { ran: 1, succeeded: 1, failed: 0 } },
    'who-am-i': { a: { ran: 0, succeeded: 0, failed: 0 }, b: { ran: 2, succeeded: 2, failed: 0 } },
    'assume-role': { a: { ran: 0, succeeded: 0, failed: 0 } },
  };
  assert.deepEqual(lessonsInProgress(counts, course), ['who-am-i', 'profiles']);
  assert.deepEqual(lessonsInProgress({}, course), []);
});
