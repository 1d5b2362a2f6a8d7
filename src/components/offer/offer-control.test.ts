import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayMasked, heading } from './offer-control.ts';

const masked = 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=••••';

test('the masked value shows dots even when the redactor replaced them', () => {
  assert.equal(displayMasked('https://x/federation?Action=login&SigninToken=[REDACTED]'), 'https://x/federation?Action=login&SigninToken=••••');
  assert.equal(displayMasked('…&SigninToken=[REDACTED:console sign-in URL]'), '…&SigninToken=••••');
  assert.equal(displayMasked(masked), masked);
});

test('the heading capitalizes the label', () => {
  assert.equal(heading('console sign-in URL'), 'Console sign-in URL');
});
