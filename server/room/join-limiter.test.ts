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

test('attempts from many addresses do not use up the room’s admissions; admissions are capped per window', () => {
  let now = 0;
  const limiter = new JoinLimiter({ perAddress: 10, overall: 3, windowMs: 60_000 }, () => now);
  for (let i = 0; i < 500; i++) assert.equal(limiter.attempt(`10.0.${i >> 8}.${i & 255}`), true);
  assert.deepEqual([1, 2, 3, 4].map(() => limiter.admit()), [true, true, true, false]);
  now = 60_001;
  assert.equal(limiter.admit(), true);
});
