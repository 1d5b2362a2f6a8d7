import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agedOffer, findOffers, isOfferRef, offerPlaceholder, withOfferPlaceholders } from './offer-ref.ts';

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
