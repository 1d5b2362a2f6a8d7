/**
 * Statement spans as IAM's policy simulator reports them, checked against the positions in AWS
 * responses seen in public reports: AdministratorAccess as AWS stores it (3:17–8:6), a policy
 * serialised by Python's json.dumps (first statement at column 41) and a compact two-statement
 * policy (the second span starts where the first ends, at the comma).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statementSpans } from './statement-positions.ts';

test('a pretty-printed policy: from just after `[` to just after the closing `}`', () => {
  const admin = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, null, 2);
  assert.deepEqual(statementSpans(admin), [{ start: { line: 3, column: 17 }, end: { line: 8, column: 6 } }]);
});

test('one-line documents: columns count from 1, a later span starts where the previous one ends', () => {
  const dumped = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
  assert.deepEqual(statementSpans(dumped), [{ start: { line: 1, column: 41 }, end: { line: 1, column: dumped.length - 1 } }]);
  const first = '{"Sid":"a","Effect":"Deny","Action":"*","Resource":"*"}';
  const compact = `{"Version":"2012-10-17","Statement":[${first},{"Effect":"Allow","Action":"*","Resource":"*"}]}`;
  const spans = statementSpans(compact)!;
  assert.deepEqual(spans[0], { start: { line: 1, column: 38 }, end: { line: 1, column: 38 + first.length } });
  assert.deepEqual(spans[1].start, spans[0].end);
  assert.equal(spans[1].end.column, compact.length - 1);
});

test('a lone statement object, strings holding brackets and quotes, and text it cannot follow', () => {
  const single = '{"Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "x]}\\"{"}, "Version": "2012-10-17"}';
  const spans = statementSpans(single)!;
  assert.equal(spans.length, 1);
  assert.deepEqual(spans[0].start, { line: 1, column: 14 });
  assert.equal(single[spans[0].end.column - 2], '}');
  assert.equal(statementSpans('{"Statement": [ {"a": 1} ,'), undefined);
  assert.equal(statementSpans('not json'), undefined);
  assert.equal(statementSpans('{"Version": "2012-10-17"}'), undefined);
});
