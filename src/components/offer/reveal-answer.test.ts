import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkable, revealPath } from './reveal-answer.ts';

test('revealPath escapes the lesson and the offer name; linkable admits http(s) URLs only', () => {
  assert.equal(revealPath('federated-console', 'sign-in-url'), '/api/lessons/federated-console/offers/sign-in-url/reveal');
  assert.equal(revealPath('a/b', 'c?d'), '/api/lessons/a%2Fb/offers/c%3Fd/reveal');
  assert.equal(linkable('https://signin.aws.amazon.com/federation?Action=login'), true);
  assert.equal(linkable('http://127.0.0.1:4566/federation'), true);
  assert.equal(linkable('javascript:alert(1)'), false);
  assert.equal(linkable('not a url'), false);
});
