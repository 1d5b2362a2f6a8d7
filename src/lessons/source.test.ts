import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regionOf } from './source.ts';

const text = [
  'const a = 1;',
  '    // #region first',
  '    async run({ aws }) {',
  '      return 1;',
  '    },',
  '    // #endregion',
  '  // #region empty',
  '  // #endregion',
].join('\n');

test('regionOf returns the dedented body between the markers', () => {
  assert.equal(regionOf(text, 'first'), 'async run({ aws }) {\n  return 1;\n},');
});

test('regionOf throws for a missing region', () => {
  assert.throws(() => regionOf(text, 'nope'), /No "\/\/ #region nope"/);
});

test('regionOf throws for a duplicated region', () => {
  assert.throws(() => regionOf(text + '\n// #region first\n// #endregion', 'first'), /appears twice/);
});

test('regionOf throws for an unterminated region', () => {
  assert.throws(() => regionOf('// #region x\nfoo', 'x'), /no "\/\/ #endregion"/);
});
