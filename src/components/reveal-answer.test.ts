import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkable, readRevealAnswer, revealPath } from './reveal-answer.ts';

const expiresAt = '2030-01-01T00:15:00.000Z';

test('revealPath escapes the lesson and the offer name; linkable admits http(s) URLs only', () => {
  assert.equal(revealPath('federated-console', 'sign-in-url'), '/api/lessons/federated-console/offers/sign-in-url/reveal');
  assert.equal(revealPath('a/b', 'c?d'), '/api/lessons/a%2Fb/offers/c%3Fd/reveal');
  assert.equal(linkable('https://signin.aws.amazon.com/federation?Action=login'), true);
  assert.equal(linkable('http://127.0.0.1:4566/federation'), true);
  assert.equal(linkable('javascript:alert(1)'), false);
  assert.equal(linkable('not a url'), false);
});

test('readRevealAnswer returns the value, or throws the API\'s message (409 on a second reveal)', async () => {
  const ok = new Response(JSON.stringify({ value: 'https://x/?SigninToken=t', label: 'l', expiresAt }), { status: 200 });
  assert.deepEqual(await readRevealAnswer(ok), { value: 'https://x/?SigninToken=t', label: 'l', expiresAt, expiresInSeconds: undefined });
  const again = new Response(JSON.stringify({ error: { code: 'AlreadyRevealed', message: 'The console sign-in URL was already shown once; run the step again for a new one.' } }), { status: 409 });
  await assert.rejects(readRevealAnswer(again), /already shown once/);
  await assert.rejects(readRevealAnswer(new Response('{}', { status: 200 })), /no value/);
});
