import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completedLessons } from './completed-lessons.ts';

const lesson = (slug: string, completed: boolean) => ({ slug, title: slug, summary: '', completed, steps: [] });

test('only lessons marked completed count', () => {
  const body = { target: 'sandbox' as const, lessons: [lesson('who-am-i', true), lesson('assume-role', false), lesson('clean-up', true)] };
  assert.deepEqual([...completedLessons(body)], ['who-am-i', 'clean-up']);
});

test('no lessons, nothing completed', () => {
  assert.equal(completedLessons({ target: 'sandbox', lessons: [] }).size, 0);
});
