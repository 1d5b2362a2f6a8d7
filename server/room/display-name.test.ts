import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkshopError } from '../runner/workshop-error.ts';
import { displayName, learnerTag } from './display-name.ts';

test('names are trimmed and collapsed; duplicates get a suffix, not a clash', () => {
  assert.equal(displayName('  Ada   Lovelace ', []), 'Ada Lovelace');
  assert.equal(displayName('ada', ['Ada']), 'ada (2)');
  assert.equal(displayName('Ada', ['Ada', 'ada (2)']), 'Ada (3)');
});

test('empty, overlong, non-text and control characters are refused with BadName', () => {
  for (const bad of ['', '   ', 'x'.repeat(41), 42, undefined, 'a\nb', 'a\u0000b', 'a\u2028b']) {
    assert.throws(() => displayName(bad, []), (e: unknown) => e instanceof WorkshopError && e.code === 'BadName' && e.status === 400, String(bad));
  }
  assert.equal(displayName('é'.repeat(40), []), 'é'.repeat(40));
});

test('a learner’s log prefix quotes the name, so a name cannot pass for a log line', () => {
  assert.equal(learnerTag('Ada'), '[learner "Ada"] ');
  assert.equal(learnerTag('x] end who-am-i/get-caller-identity: succeeded [y'), '[learner "x] end who-am-i/get-caller-identity: succeeded [y"] ');
  assert.equal(learnerTag('a"b'), '[learner "a\\"b"] ');
});
