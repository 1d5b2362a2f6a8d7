import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JoinLimiter } from './join-limiter.ts';

test('an address gets its attempts per window, then waits; others are not held up', () => {
  let now = 0;
  const limiter = new JoinLimiter({ perAddress: 3, overall: 100, windowMs: 60_000 }, () => now);
  assert.deepEqual([1, 2, 3, 4].map(() => limiter.attempt('10.0.0.5')), [true, true, true, false]);
  assert.equal(limiter.attempt('10.0.0.6'), true);
  now = 60_001;
  assert.equal(limiter.attempt('10.0.0.5'), true);
});

test('the overall cap holds across addresses', () => {
  const limiter = new JoinLimiter({ perAddress: 10, overall: 5, windowMs: 60_000 }, () => 0);
  const answers = Array.from({ length: 7 }, (_, i) => limiter.attempt(`10.0.0.${i}`));
  assert.deepEqual(answers, [true, true, true, true, true, false, false]);
});
