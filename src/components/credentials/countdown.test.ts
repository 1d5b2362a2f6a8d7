import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ago, clock, expiredNote, inSentence, secondsLeftNow } from './countdown.ts';

test('seconds left count down from the answer', () => {
  assert.equal(secondsLeftNow({ secondsLeft: 900 }, 1000, 1000), 900);
  assert.equal(secondsLeftNow({ secondsLeft: 900 }, 1000, 2999), 899);
  assert.equal(secondsLeftNow({ secondsLeft: 5 }, 0, 9000), -4);
  assert.equal(secondsLeftNow({}, 0, 9000), undefined);
});

test('a countdown and an age in words', () => {
  assert.equal(clock(899), '14:59');
  assert.equal(clock(5), '0:05');
  assert.equal(clock(3723), '1:02:03');
  assert.equal(clock(-3), '0:00');
  assert.equal(ago(0), 'just now');
  assert.equal(ago(-59), 'just now');
  assert.equal(ago(-125), '2 min ago');
  assert.equal(ago(-3600), '1 h ago');
  assert.equal(ago(-3960), '1 h 6 min ago');
});

test('the note on a step whose credential expired', () => {
  assert.equal(inSentence('Role session'), 'the role session');
  assert.equal(inSentence("The user's access key"), "the user's access key");
  assert.equal(inSentence('Session token with MFA'), 'the session token with MFA');
  const note = expiredNote({ label: 'Role session', heldBy: { id: 'assume-role', title: 'Assume the role' } }, -130);
  assert.deepEqual(note, { before: 'Needs the role session, which expired 2 min ago: run ', step: { id: 'assume-role', title: 'Assume the role' }, after: ' again.' });
  assert.deepEqual(expiredNote({ label: 'Role session' }, 0), { before: 'Needs the role session, which expired just now.', after: '' });
});
