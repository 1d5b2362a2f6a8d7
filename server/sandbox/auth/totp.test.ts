import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeAt, matchStep, timeStep } from './totp.ts';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (base32 below), 6-digit truncation.
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('codes match the RFC 6238 SHA-1 vectors (last 6 digits)', () => {
  assert.equal(codeAt(RFC_SEED, 59_000), '287082');
  assert.equal(codeAt(RFC_SEED, 1111111109_000), '081804');
  assert.equal(codeAt(RFC_SEED, 1234567890_000), '005924');
  assert.equal(codeAt(RFC_SEED, 2000000000_000), '279037');
});

test('matchStep finds the step of a code within the window, and nothing outside it', () => {
  const t = 1_700_000_000_000;
  const code = codeAt(RFC_SEED, t);
  assert.equal(matchStep(RFC_SEED, code, t), timeStep(t));
  assert.equal(matchStep(RFC_SEED, code, t + 30_000), timeStep(t));
  assert.equal(matchStep(RFC_SEED, code, t + 95_000), undefined);
  assert.equal(matchStep(RFC_SEED, '12ab56', t), undefined);
});
