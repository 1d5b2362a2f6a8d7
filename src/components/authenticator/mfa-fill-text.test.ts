import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codesWait, duration, mfaFillText, seconds, usedCodeText } from './mfa-fill-text.ts';

const view = { serialNumber: 'arn:aws:iam::123456789012:mfa/sts-workshop/d', code: '123456', nextCode: '654321', secondsLeft: 17 };
const none = new Set<string>();

test('seconds', () => {
  assert.equal(seconds(1), '1 second');
  assert.equal(seconds(0), '0 seconds');
  assert.equal(seconds(17), '17 seconds');
});

test('mfaFillText for two codes (EnableMFADevice)', () => {
  assert.equal(mfaFillText('pair', view, none), 'Filled in 123456 and the next code, 654321. Run the step now. The current code changes in 17 seconds.');
  assert.match(mfaFillText('pair', view, new Set(['123456'])), /already sent one of them.*wait 17 seconds, then fill in again/);
  // Right after EnableMFADevice both codes are spent: the first unused one is the one after next.
  assert.match(mfaFillText('pair', view, new Set(['123456', '654321'])), /already sent one of them.*wait 47 seconds, then fill in again/);
  assert.match(mfaFillText('pair', view, new Set(['654321'])), /wait 47 seconds/);
});

test('mfaFillText for one code', () => {
  assert.equal(mfaFillText('single', { ...view, secondsLeft: 1 }, none), 'Filled in 123456. The current code changes in 1 second.');
  assert.match(mfaFillText('single', view, new Set(['123456'])), /already sent it and AWS accepts each code only once: wait 17 seconds for an unused one/);
  assert.match(mfaFillText('single', view, new Set(['123456', '654321'])), /wait 47 seconds for an unused one/);
  assert.equal(mfaFillText('single', view, new Set(['654321'])), 'Filled in 123456. The current code changes in 17 seconds.', 'only the current code matters');
  assert.equal(mfaFillText('none', view, none), 'This step has no MFA code to fill in.');
});

test('usedCodeText warns only about a code already sent', () => {
  assert.equal(usedCodeText(view, none), '');
  assert.equal(usedCodeText(view, new Set(['654321'])), '');
  assert.equal(
    usedCodeText(view, new Set(['123456'])),
    'A step on this page has already sent 123456, and AWS accepts each code only once: an unused code comes in 17 seconds.',
  );
  assert.match(usedCodeText(view, new Set(['123456', '654321'])), /an unused code comes in 47 seconds/);
});

test('codesWait: how long until the codes a step needs are unused (and not about to change)', () => {
  assert.equal(codesWait('single', view, none), 0);
  assert.equal(codesWait('single', view, new Set(['654321'])), 0, 'only the current code matters');
  assert.equal(codesWait('single', view, new Set(['123456'])), 17);
  assert.equal(codesWait('single', view, new Set(['123456', '654321'])), 47);
  assert.equal(codesWait('pair', view, new Set(['654321'])), 47, 'a pair needs the next code unused too');
  assert.equal(codesWait('pair', view, new Set(['123456'])), 17);
  assert.equal(codesWait('pair', { ...view, secondsLeft: 2 }, none, 3), 2, 'too little of the window left');
  assert.equal(codesWait('pair', { ...view, secondsLeft: 0 }, none, 3), 1, 'never 0 while waiting');
  assert.equal(codesWait('single', view, none, 3), 0);
  assert.equal(codesWait('none', view, new Set(['123456'])), 0);
});

test('a span in words: seconds, then minutes, then hours', () => {
  assert.equal(duration(1), '1 second');
  assert.equal(duration(90), '90 seconds');
  assert.equal(duration(150), '3 minutes');
  assert.equal(duration(3600), '60 minutes');
  assert.equal(duration(7200), '2 hours');
  assert.equal(duration(9000), '2.5 hours');
});
