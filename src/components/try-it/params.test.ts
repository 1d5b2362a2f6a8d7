import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleFor, parseParams } from './params.ts';

test('parameters are a JSON object', () => {
  assert.deepEqual(parseParams('{ "UserName": "alice" }'), { ok: true, value: { UserName: 'alice' } });
  assert.deepEqual(parseParams('  '), { ok: true, value: {} });
  const list = parseParams('[1]');
  assert.equal(list.ok, false);
  assert.match((list as { message: string }).message, /JSON object .* not a list/);
  assert.match((parseParams('"x"') as { message: string }).message, /not a string/);
  assert.match((parseParams('null') as { message: string }).message, /not null/);
  assert.match((parseParams('{ UserName: 1 }') as { message: string }).message, /^Not valid JSON: /);
});

test('examples start from something that parses', () => {
  assert.equal(exampleFor('sts', 'GetCallerIdentity'), '{}');
  assert.deepEqual(JSON.parse(exampleFor('iam', 'CreateUser')), { UserName: 'try-it-user' });
  assert.equal(parseParams(exampleFor('sts', 'AssumeRole')).ok, true);
});
