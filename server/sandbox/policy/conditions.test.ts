import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionMatches, lookupKey, resolveVariables, resolvedText, wildcardMatches } from './conditions.ts';
import type { ContextKeys } from './types.ts';

/** Evaluates `operator: { key: values }` against `keys`, with variables taken from `keys`. */
function check(operator: string, key: string, values: string | string[], keys: ContextKeys): boolean {
  const result = conditionMatches({ operator, key, values: [values].flat() }, keys, keys);
  assert.equal(result.unsupported, undefined, result.unsupported);
  return result.match;
}

test('String operators', () => {
  const keys = { 'aws:username': 'Alice' };
  assert.equal(check('StringEquals', 'aws:username', 'Alice', keys), true);
  assert.equal(check('StringEquals', 'aws:username', 'alice', keys), false);
  assert.equal(check('StringEquals', 'aws:username', ['bob', 'Alice'], keys), true, 'values are ORed');
  assert.equal(check('StringNotEquals', 'aws:username', ['bob', 'carol'], keys), true);
  assert.equal(check('StringNotEquals', 'aws:username', ['bob', 'Alice'], keys), false);
  assert.equal(check('StringEqualsIgnoreCase', 'aws:username', 'ALICE', keys), true);
  assert.equal(check('StringNotEqualsIgnoreCase', 'aws:username', 'ALICE', keys), false);
  assert.equal(check('StringLike', 'aws:username', 'A*', keys), true);
  assert.equal(check('StringLike', 'aws:username', 'Al?ce', keys), true);
  assert.equal(check('StringLike', 'aws:username', 'a*', keys), false, 'StringLike is case-sensitive');
  assert.equal(check('StringNotLike', 'aws:username', 'B*', keys), true);
  assert.equal(check('StringNotLike', 'aws:username', ['B*', '*ce'], keys), false);
  assert.equal(check('StringEquals', 'aws:username', 'A*', keys), false, 'StringEquals takes no wildcards');
});

test('Bool', () => {
  assert.equal(check('Bool', 'aws:MultiFactorAuthPresent', 'true', { 'aws:MultiFactorAuthPresent': 'true' }), true);
  assert.equal(check('Bool', 'aws:MultiFactorAuthPresent', 'true', { 'aws:MultiFactorAuthPresent': 'false' }), false);
  assert.equal(check('Bool', 'aws:MultiFactorAuthPresent', 'True', { 'aws:MultiFactorAuthPresent': 'TRUE' }), true);
  assert.equal(check('Bool', 'aws:MultiFactorAuthPresent', 'false', {}), false, 'absent key: no match');
});

test('Numeric operators', () => {
  const keys = { 'aws:MultiFactorAuthAge': '120' };
  const numeric = (operator: string, value: string) => check(operator, 'aws:MultiFactorAuthAge', value, keys);
  assert.equal(numeric('NumericEquals', '120'), true);
  assert.equal(numeric('NumericEquals', '120.0'), true);
  assert.equal(numeric('NumericNotEquals', '120'), false);
  assert.equal(numeric('NumericNotEquals', '121'), true);
  assert.equal(numeric('NumericLessThan', '3600'), true);
  assert.equal(numeric('NumericLessThan', '120'), false);
  assert.equal(numeric('NumericLessThanEquals', '120'), true);
  assert.equal(numeric('NumericGreaterThan', '119'), true);
  assert.equal(numeric('NumericGreaterThan', '120'), false);
  assert.equal(numeric('NumericGreaterThanEquals', '120'), true);
  assert.equal(check('NumericLessThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': 'soon' }), false);
  assert.equal(check('NumericLessThan', 'aws:MultiFactorAuthAge', '3600', {}), false);
  assert.equal(check('NumericNotEquals', 'aws:MultiFactorAuthAge', '3600', {}), true, 'negated, absent key');
});

test('Date operators: ISO-8601 and epoch seconds', () => {
  const keys = { 'aws:CurrentTime': '2024-06-01T12:00:00Z', 'aws:EpochTime': '1717243200' };
  assert.equal(check('DateEquals', 'aws:CurrentTime', '2024-06-01T12:00:00Z', keys), true);
  assert.equal(check('DateEquals', 'aws:CurrentTime', '1717243200', keys), true, 'epoch seconds');
  assert.equal(check('DateEquals', 'aws:EpochTime', '2024-06-01T12:00:00.000Z', keys), true);
  assert.equal(check('DateNotEquals', 'aws:CurrentTime', '2024-06-01T12:00:00Z', keys), false);
  assert.equal(check('DateLessThan', 'aws:CurrentTime', '2025-01-01T00:00:00Z', keys), true);
  assert.equal(check('DateLessThan', 'aws:CurrentTime', '2024-01-01', keys), false);
  assert.equal(check('DateLessThanEquals', 'aws:CurrentTime', '2024-06-01T12:00:00Z', keys), true);
  assert.equal(check('DateGreaterThan', 'aws:CurrentTime', '2024-01-01', keys), true);
  assert.equal(check('DateGreaterThanEquals', 'aws:CurrentTime', '2024-06-01T12:00:01Z', keys), false);
  assert.equal(check('DateLessThan', 'aws:TokenIssueTime', '2025-01-01', keys), false, 'absent key');
});

test('Arn operators match per ARN component', () => {
  const keys = { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin/Deployer' };
  assert.equal(check('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/admin/Deployer', keys), true);
  assert.equal(check('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/*', keys), true);
  assert.equal(check('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/*', keys), true, 'ArnEquals accepts wildcards too');
  assert.equal(check('ArnLike', 'aws:PrincipalArn', 'arn:aws:*:role/*', keys), false, 'a wildcard does not span components');
  assert.equal(check('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:*', keys), true, 'the resource part may hold colons and slashes');
  assert.equal(check('ArnLike', 'aws:PrincipalArn', '*', keys), true);
  assert.equal(check('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/Admin/*', keys), false, 'case-sensitive');
  assert.equal(check('ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:user/x', keys), true);
  assert.equal(check('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/*', keys), false);
  assert.equal(check('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/*', { 'aws:PrincipalArn': 'not-an-arn' }), false);
});

test('absent keys: positive operators false, negated operators true', () => {
  for (const operator of ['StringEquals', 'StringLike', 'StringEqualsIgnoreCase', 'ArnLike', 'ArnEquals', 'NumericEquals', 'DateEquals']) {
    assert.equal(check(operator, 'aws:Missing', '1', {}), false, operator);
  }
  assert.equal(check('Bool', 'aws:Missing', 'false', {}), false);
  for (const operator of ['StringNotEquals', 'StringNotLike', 'StringNotEqualsIgnoreCase', 'ArnNotLike', 'ArnNotEquals', 'NumericNotEquals', 'DateNotEquals']) {
    assert.equal(check(operator, 'aws:Missing', '1', {}), true, operator);
  }
  assert.equal(check('StringEquals', 'aws:Missing', 'x', { 'aws:Missing': undefined }), false, 'undefined means absent');
});

test('IfExists: true when the key is absent, the plain operator otherwise', () => {
  assert.equal(check('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', {}), true);
  assert.equal(check('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', { 'aws:MultiFactorAuthPresent': 'true' }), false);
  assert.equal(check('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', { 'aws:MultiFactorAuthPresent': 'false' }), true);
  assert.equal(check('StringEqualsIfExists', 'aws:username', 'alice', {}), true);
  assert.equal(check('StringEqualsIfExists', 'aws:username', 'alice', { 'aws:username': 'bob' }), false);
  assert.equal(check('NumericLessThanIfExists', 'aws:MultiFactorAuthAge', '3600', {}), true);
  assert.equal(check('StringNotEqualsIfExists', 'aws:username', 'alice', { 'aws:username': 'alice' }), false);
});

test('Null: true means the key is absent', () => {
  assert.equal(check('Null', 'aws:TokenIssueTime', 'true', {}), true);
  assert.equal(check('Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }), false);
  assert.equal(check('Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }), true);
  assert.equal(check('Null', 'aws:TokenIssueTime', 'false', {}), false);
  assert.equal(check('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] }), true, 'an empty list is absent');
});

test('ForAnyValue / ForAllValues over multivalued keys', () => {
  const keys = { 'aws:TagKeys': ['team', 'cost'] };
  assert.equal(check('ForAnyValue:StringEquals', 'aws:TagKeys', ['team'], keys), true);
  assert.equal(check('ForAnyValue:StringEquals', 'aws:TagKeys', ['owner'], keys), false);
  assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', ['team', 'cost', 'owner'], keys), true);
  assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', ['team'], keys), false);
  assert.equal(check('ForAllValues:StringLike', 'aws:TagKeys', ['*'], keys), true);
  assert.equal(check('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['team'], keys), true, 'cost is not team');
  assert.equal(check('ForAllValues:StringNotEquals', 'aws:TagKeys', ['team'], keys), false);
  // Absent (or empty) keys: ForAllValues is vacuously true, ForAnyValue false.
  assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', ['team'], {}), true);
  assert.equal(check('ForAnyValue:StringEquals', 'aws:TagKeys', ['team'], {}), false);
  assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', ['team'], { 'aws:TagKeys': [] }), true);
  assert.equal(check('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['team'], {}), true);
  // A single string is a one-element set.
  assert.equal(check('ForAnyValue:StringEquals', 'aws:TagKeys', ['team'], { 'aws:TagKeys': 'team' }), true);
});

test('a plain operator on a multivalued key matches when any value matches', () => {
  const keys = { 'aws:TagKeys': ['team', 'cost'] };
  assert.equal(check('StringEquals', 'aws:TagKeys', 'cost', keys), true);
  assert.equal(check('StringNotEquals', 'aws:TagKeys', 'cost', keys), false);
});

test('key names are case-insensitive; values keep their case rules', () => {
  assert.equal(check('Bool', 'AWS:multifactorauthpresent', 'true', { 'aws:MultiFactorAuthPresent': 'true' }), true);
  assert.equal(lookupKey({ 'aws:PrincipalTag/Team': 'x' }, 'aws:principaltag/team'), 'x');
  assert.equal(lookupKey({}, 'toString'), undefined, 'no prototype keys');
  assert.equal(check('StringEquals', 'aws:username', 'ALICE', { 'aws:username': 'alice' }), false);
});

test('unknown operators, Binary and unreadable values are unsupported', () => {
  const unsupported = (operator: string, values: string[]) =>
    conditionMatches({ operator, key: 'aws:x', values }, { 'aws:x': '1' }, null);
  for (const [operator, values] of [
    ['BinaryEquals', ['QmluYXJ5']], ['IpAddress', ['10.0.0.0/8']], ['StringEqualz', ['1']], ['toString', ['1']],
    ['NumericEquals', ['one']], ['DateEquals', ['yesterday']], ['Bool', ['yes']], ['NullIfExists', ['true']],
  ] as const) {
    const result = unsupported(operator, [...values]);
    assert.equal(result.match, false, operator);
    assert.match(result.unsupported ?? '', new RegExp(operator), operator);
  }
});

test('policy variables in condition values', () => {
  const keys = { 'aws:username': 'alice', 's3:prefix': 'home/alice/docs', 'aws:PrincipalTag/team': 'blue', 'aws:userid': 'AIDAEXAMPLE' };
  assert.equal(check('StringLike', 's3:prefix', 'home/${aws:username}/*', keys), true);
  assert.equal(check('StringEquals', 'aws:username', '${aws:username}', keys), true);
  assert.equal(check('StringEquals', 'aws:username', '${AWS:UserName}', keys), true, 'variable names ignore case');
  assert.equal(check('StringLike', 's3:prefix', 'home/${aws:PrincipalTag/team}/*', keys), false);
  assert.equal(check('StringEquals', 'aws:userid', '${aws:userid}', keys), true);
  // An unresolvable variable matches nothing: positive false, negated true.
  assert.equal(check('StringEquals', 'aws:username', '${aws:TokenIssueTime}', keys), false);
  assert.equal(check('StringNotEquals', 'aws:username', '${aws:TokenIssueTime}', keys), true);
  // Defaults.
  assert.equal(check('StringEquals', 'aws:username', "${aws:TokenIssueTime, 'alice'}", keys), true);
  // Variables are not substituted when vars is null (Version 2008-10-17) or for non-string operators.
  const literal = conditionMatches({ operator: 'StringEquals', key: 'p', values: ['${aws:username}'] }, { p: '${aws:username}', 'aws:username': 'alice' }, null);
  assert.equal(literal.match, true);
  assert.equal(check('NumericEquals', 'aws:MultiFactorAuthAge', '1', { 'aws:MultiFactorAuthAge': '1' }), true);
});

test('variable escapes ${*} ${?} ${$} are literal characters', () => {
  assert.deepEqual(resolveVariables('a${*}b${?}c${$}d', {}), [
    { text: 'a', literal: false }, { text: '*', literal: true }, { text: 'b', literal: false },
    { text: '?', literal: true }, { text: 'c', literal: false }, { text: '$', literal: true }, { text: 'd', literal: false },
  ]);
  const star = resolveVariables('file${*}', {});
  assert.ok(star);
  assert.equal(resolvedText(star), 'file*');
  assert.equal(wildcardMatches(star, 'file*'), true);
  assert.equal(wildcardMatches(star, 'file1'), false, 'an escaped * is not a wildcard');
  assert.equal(check('StringLike', 'k:x', 'what${?}', { 'k:x': 'what?' }), true);
  assert.equal(check('StringLike', 'k:x', 'what${?}', { 'k:x': 'whats' }), false);
  // A substituted value never acts as a wildcard either.
  assert.equal(check('StringLike', 'k:x', 'a/${k:y}', { 'k:x': 'a/b', 'k:y': '*' }), false);
  assert.equal(resolveVariables('${aws:username}', {}), null);
  assert.deepEqual(resolveVariables('${aws:username}', null), [{ text: '${aws:username}', literal: false }]);
});

test('wildcards match whole strings and escape regex characters', () => {
  const pattern = (text: string) => [{ text, literal: false }];
  assert.equal(wildcardMatches(pattern('s3:Get*'), 's3:GetObject'), true);
  assert.equal(wildcardMatches(pattern('s3:Get*'), 'xs3:GetObject'), false);
  assert.equal(wildcardMatches(pattern('a.c'), 'abc'), false);
  assert.equal(wildcardMatches(pattern('a(b)+'), 'a(b)+'), true);
  assert.equal(wildcardMatches(pattern('S3:GET*'), 's3:getobject', { ignoreCase: true }), true);
  assert.equal(wildcardMatches(pattern('a*b*c'), 'aXbYbZc'), true);
  assert.equal(wildcardMatches(pattern(''), ''), true);
  assert.equal(wildcardMatches(pattern('**'), ''), true);
  const started = Date.now();
  assert.equal(wildcardMatches(pattern('*a'.repeat(20) + '*b'), 'a'.repeat(5000)), false);
  assert.ok(Date.now() - started < 500, 'no exponential backtracking');
});
