import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agedOffer, clock, displayMasked, findOffers, heading, isOfferRef, linkable, offerPlaceholder, readReveal, revealPath, validity, withOfferPlaceholders } from './offer-control.ts';

const ref = { $offer: 'sign-in-url', label: 'console sign-in URL', masked: 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=••••', expiresAt: '2030-01-01T00:15:00.000Z' };

test('isOfferRef accepts the runner\'s OfferRef and nothing looser', () => {
  assert.equal(isOfferRef(ref), true);
  assert.equal(isOfferRef({ ...ref, expiresAt: undefined }), true);
  assert.equal(isOfferRef({ $offer: 'x', label: 'l' }), false);
  assert.equal(isOfferRef({ ...ref, $offer: '../../steps' }), false);
  assert.equal(isOfferRef({ ...ref, expiresAt: 5 }), false);
  assert.equal(isOfferRef([ref]), false);
  assert.equal(isOfferRef(null), false);
});

test('findOffers finds OfferRefs anywhere in a result, once per name', () => {
  assert.deepEqual(findOffers({ AssumedRoleArn: 'arn:…', SignInUrl: ref }), [ref]);
  assert.deepEqual(findOffers([{ nested: { deeper: ref } }, ref]), [ref]);
  const other = { ...ref, $offer: 'other' };
  assert.deepEqual(findOffers({ a: ref, b: other }).map((r) => r.$offer), ['sign-in-url', 'other']);
  assert.deepEqual(findOffers('text'), []);
  assert.deepEqual(findOffers(null), []);
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  assert.deepEqual(findOffers(loop), []);
});

test('the countdown reads "valid for 14:32 more" and ends in "expired"', () => {
  const at = Date.parse(ref.expiresAt);
  assert.equal(validity(ref.expiresAt, at - (14 * 60 + 32) * 1000).text, 'valid for 14:32 more');
  assert.equal(validity(ref.expiresAt, at - 999).text, 'valid for 0:00 more');
  assert.deepEqual(validity(ref.expiresAt, at), { text: 'expired', expired: true, msLeft: 0 });
  assert.equal(validity(undefined, at).expired, false);
  assert.equal(validity('not a date', at).text, 'no expiry given');
  assert.equal(clock(3_723_000), '1:02:03');
  assert.equal(clock(-5), '0:00');
});

test('the masked value shows dots even when the redactor replaced them', () => {
  assert.equal(displayMasked('https://x/federation?Action=login&SigninToken=[REDACTED]'), 'https://x/federation?Action=login&SigninToken=••••');
  assert.equal(displayMasked('…&SigninToken=[REDACTED:console sign-in URL]'), '…&SigninToken=••••');
  assert.equal(displayMasked(ref.masked), ref.masked);
});

test('small helpers', () => {
  assert.equal(heading('console sign-in URL'), 'Console sign-in URL');
  assert.equal(revealPath('federated-console', 'sign-in-url'), '/api/lessons/federated-console/offers/sign-in-url/reveal');
  assert.equal(revealPath('a/b', 'c?d'), '/api/lessons/a%2Fb/offers/c%3Fd/reveal');
  assert.equal(linkable('https://signin.aws.amazon.com/federation?Action=login'), true);
  assert.equal(linkable('http://127.0.0.1:4566/federation'), true);
  assert.equal(linkable('javascript:alert(1)'), false);
  assert.equal(linkable('not a url'), false);
});

test('readReveal returns the value, or throws the API\'s message (409 on a second reveal)', async () => {
  const ok = new Response(JSON.stringify({ value: 'https://x/?SigninToken=t', label: 'l', expiresAt: ref.expiresAt }), { status: 200 });
  assert.deepEqual(await readReveal(ok), { value: 'https://x/?SigninToken=t', label: 'l', expiresAt: ref.expiresAt, expiresInSeconds: undefined });
  const again = new Response(JSON.stringify({ error: { code: 'AlreadyRevealed', message: 'The console sign-in URL was already shown once; run the step again for a new one.' } }), { status: 409 });
  await assert.rejects(readReveal(again), /already shown once/);
  await assert.rejects(readReveal(new Response('{}', { status: 200 })), /no value/);
});

test('the result JSON shows a placeholder where an offer is, and keeps everything else', () => {
  const result = { AssumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/r/console-learner', SignInUrl: { ...ref, expiresInSeconds: 900 }, List: [1, ref] };
  assert.deepEqual(withOfferPlaceholders(result), {
    AssumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/r/console-learner',
    SignInUrl: 'console sign-in URL (see below)',
    List: [1, 'console sign-in URL (see below)'],
  });
  assert.equal(withOfferPlaceholders(ref), 'console sign-in URL (see below)');
  assert.equal(offerPlaceholder({ ...ref, label: '' }), 'secret (see below)');
  assert.equal(result.SignInUrl.$offer, 'sign-in-url', 'the original is not changed');
  assert.equal(withOfferPlaceholders('text'), 'text');
  assert.equal(withOfferPlaceholders(null), null);
  const loop: Record<string, unknown> = { a: 1 };
  loop.self = loop;
  assert.doesNotThrow(() => withOfferPlaceholders(loop));
});

test('an offer from a remembered run counts down from when it was made', () => {
  const made = Date.parse('2030-01-01T00:00:00Z');
  const offer = { ...ref, expiresInSeconds: 900 };
  assert.equal(agedOffer(offer, made, made + 60_000).expiresInSeconds, 840);
  assert.equal(agedOffer(offer, made, made + 20 * 60_000).expiresInSeconds, 0);
  assert.equal(agedOffer(offer, made, made - 5_000).expiresInSeconds, 900, 'a clock behind never adds time');
  assert.equal(agedOffer(ref, made, made + 60_000), ref, 'without a lifetime the target-clock expiresAt stays');
  assert.equal(agedOffer(offer, Number.NaN, made), offer);
});
