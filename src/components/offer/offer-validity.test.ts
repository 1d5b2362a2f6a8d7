import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clock, offerValidity } from './offer-validity.ts';

const expiresAt = '2030-01-01T00:15:00.000Z';

test('the countdown reads "valid for 14:32 more" and ends in "expired"', () => {
  const at = Date.parse(expiresAt);
  assert.equal(offerValidity(expiresAt, at - (14 * 60 + 32) * 1000).text, 'valid for 14:32 more');
  assert.equal(offerValidity(expiresAt, at - 999).text, 'valid for 0:00 more');
  assert.deepEqual(offerValidity(expiresAt, at), { text: 'expired', expired: true, msLeft: 0 });
  assert.equal(offerValidity(undefined, at).expired, false);
  assert.equal(offerValidity('not a date', at).text, 'no expiry given');
  assert.equal(clock(3_723_000), '1:02:03');
  assert.equal(clock(-5), '0:00');
});
