import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, PolicyError } from './parse.ts';
import type { PolicyKind } from './parse.ts';

const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
const TRUST = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, Action: 'sts:AssumeRole' };

function doc(statement: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statement, ...extra });
}

function rejects(text: string, kind: PolicyKind, message: string): void {
  assert.throws(() => parsePolicy(text, kind), (error: unknown) => {
    assert.ok(error instanceof PolicyError);
    assert.equal(error.message, message);
    return true;
  });
}

test('normalises strings to lists and keeps the version', () => {
  const policy = parsePolicy(doc({ Sid: 'S1', ...ALLOW_ALL }), 'identity');
  assert.deepEqual(policy, {
    version: '2012-10-17',
    statements: [{ sid: 'S1', effect: 'Allow', actions: ['*'], resources: ['*'], conditions: [] }],
  });
});

test('Statement may be an array; NotAction / NotResource are kept apart', () => {
  const policy = parsePolicy(doc([
    { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], NotResource: 'arn:aws:s3:::b/*' },
    ALLOW_ALL,
  ]), 'identity');
  assert.equal(policy.statements.length, 2);
  assert.deepEqual(policy.statements[0].notActions, ['iam:*', 'sts:*']);
  assert.deepEqual(policy.statements[0].notResources, ['arn:aws:s3:::b/*']);
  assert.equal(policy.statements[0].actions, undefined);
});

test('missing Version means 2008-10-17; 2008-10-17 is accepted', () => {
  assert.equal(parsePolicy(JSON.stringify({ Statement: ALLOW_ALL }), 'identity').version, '2008-10-17');
  assert.equal(parsePolicy(doc(ALLOW_ALL, { Version: '2008-10-17' }), 'identity').version, '2008-10-17');
});

test('Principal forms: "*", and AWS / Service / Federated as string or list', () => {
  assert.equal(parsePolicy(doc({ ...TRUST, Principal: '*' }), 'trust').statements[0].principals, '*');
  const policy = parsePolicy(doc({
    ...TRUST,
    Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:root'], Service: 'ec2.amazonaws.com', Federated: 'cognito-identity.amazonaws.com' },
  }), 'trust');
  assert.deepEqual(policy.statements[0].principals, {
    AWS: ['111122223333', 'arn:aws:iam::111122223333:root'],
    Service: ['ec2.amazonaws.com'],
    Federated: ['cognito-identity.amazonaws.com'],
  });
  const not = parsePolicy(doc({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: '*' }), 'trust');
  assert.deepEqual(not.statements[0].notPrincipals, { AWS: ['*'] });
});

test('resource policies need a Principal and may have a Resource', () => {
  const policy = parsePolicy(doc({ ...TRUST, Resource: 'arn:aws:s3:::b' }), 'resource');
  assert.deepEqual(policy.statements[0].resources, ['arn:aws:s3:::b']);
  rejects(doc(ALLOW_ALL), 'resource', 'Missing required field Principal.');
});

test('Condition values: strings, booleans, numbers and lists become string lists', () => {
  const policy = parsePolicy(doc({
    ...ALLOW_ALL,
    Condition: {
      Bool: { 'aws:MultiFactorAuthPresent': true },
      NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
      'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*', 'b'], 's3:prefix': 'home/' },
    },
  }), 'identity');
  assert.deepEqual(policy.statements[0].conditions, [
    { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] },
    { operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600'] },
    { operator: 'ForAnyValue:StringLike', key: 'aws:TagKeys', values: ['a*', 'b'] },
    { operator: 'ForAnyValue:StringLike', key: 's3:prefix', values: ['home/'] },
  ]);
});

test('e2: unknown action names are accepted (the sandbox does not check the action catalogue)', () => {
  const policy = parsePolicy(doc({ Effect: 'Allow', Action: 's3:NotARealAction', Resource: '*' }), 'identity');
  assert.deepEqual(policy.statements[0].actions, ['s3:NotARealAction']);
});

test('e1: invalid Effect', () => {
  rejects(doc({ ...ALLOW_ALL, Effect: 'Permit' }), 'identity', 'Invalid effect: Permit');
  rejects(doc({ ...ALLOW_ALL, Effect: 'allow' }), 'identity', 'Invalid effect: allow');
});

test('Syntax errors in policy.', () => {
  const cases: [string, PolicyKind][] = [
    ['{not json', 'identity'],
    ['[]', 'identity'],
    ['"text"', 'identity'],
    ['null', 'identity'],
    [JSON.stringify({ Version: '2012-10-17' }), 'identity'], // no Statement
    [doc(ALLOW_ALL, { Extra: 1 }), 'identity'], // unknown top-level field
    [doc({ ...ALLOW_ALL, Effects: 'Allow' }), 'identity'], // unknown statement field
    [doc(['not an object']), 'identity'],
    [doc({ Action: '*', Resource: '*' }), 'identity'], // no Effect
    [doc({ ...ALLOW_ALL, Action: ['s3:Get*', 3] }), 'identity'],
    [doc({ ...ALLOW_ALL, NotAction: 's3:*' }), 'identity'], // Action and NotAction
    [doc({ ...ALLOW_ALL, NotResource: 'x' }), 'identity'], // Resource and NotResource
    [doc({ ...ALLOW_ALL, Condition: 'x' }), 'identity'],
    [doc({ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }), 'identity'],
    [doc({ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:username': [] } } }), 'identity'],
    [doc({ ...ALLOW_ALL, Condition: { 'String Equals': { 'aws:username': 'a' } } }), 'identity'],
    [doc({ ...TRUST, Principal: 'alice' }), 'trust'],
    [doc({ ...TRUST, Principal: { Users: 'alice' } }), 'trust'],
    [doc({ ...TRUST, NotPrincipal: '*' }), 'trust'], // Principal and NotPrincipal
    [doc(ALLOW_ALL, { Version: 2012 }), 'identity'],
  ];
  for (const [text, kind] of cases) rejects(text, kind, 'Syntax errors in policy.');
});

test('__proto__, constructor and prototype keys are refused anywhere, without pollution', () => {
  rejects('{"__proto__": {"polluted": true}, "Statement": []}', 'identity', 'Syntax errors in policy.');
  rejects(doc({ ...ALLOW_ALL, Condition: { StringEquals: { constructor: 'x' } } }), 'identity', 'Syntax errors in policy.');
  rejects(doc({ ...ALLOW_ALL, Condition: { prototype: { 'aws:a': 'x' } } }), 'identity', 'Syntax errors in policy.');
  rejects(`{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"__proto__": "x"}}}]}`,
    'identity', 'Syntax errors in policy.');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('Policy document must be version 2012-10-17 or greater.', () => {
  rejects(doc(ALLOW_ALL, { Version: '2012-10-18' }), 'identity', 'Policy document must be version 2012-10-17 or greater.');
  rejects(doc(ALLOW_ALL, { Version: '2023-01-01' }), 'identity', 'Policy document must be version 2012-10-17 or greater.');
});

test('Policy statement must contain actions.', () => {
  rejects(doc({ Effect: 'Allow', Resource: '*' }), 'identity', 'Policy statement must contain actions.');
  rejects(doc({ Effect: 'Allow', Action: [], Resource: '*' }), 'identity', 'Policy statement must contain actions.');
});

test('Policy statement must contain resources. (identity and session policies)', () => {
  rejects(doc({ Effect: 'Allow', Action: '*' }), 'identity', 'Policy statement must contain resources.');
  rejects(doc({ Effect: 'Allow', Action: '*' }), 'session', 'Policy statement must contain resources.');
  rejects(doc({ Effect: 'Allow', Action: '*', Resource: [] }), 'identity', 'Policy statement must contain resources.');
});

test('Has prohibited field Resource. (trust policies)', () => {
  rejects(doc({ ...TRUST, Resource: '*' }), 'trust', 'Has prohibited field Resource.');
  rejects(doc({ ...TRUST, NotResource: '*' }), 'trust', 'Has prohibited field NotResource.');
});

test('Has prohibited field Principal. (identity and session policies)', () => {
  rejects(doc({ ...ALLOW_ALL, Principal: '*' }), 'identity', 'Has prohibited field Principal.');
  rejects(doc({ ...ALLOW_ALL, Principal: { AWS: '111122223333' } }), 'session', 'Has prohibited field Principal.');
  rejects(doc({ ...ALLOW_ALL, NotPrincipal: '*' }), 'identity', 'Has prohibited field NotPrincipal.');
});

test('Missing required field Principal. (trust policies)', () => {
  rejects(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', 'Missing required field Principal.');
});

test('Actions/Conditions must be prefaced by a vendor', () => {
  const message = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  rejects(doc({ ...ALLOW_ALL, Action: 'GetObject' }), 'identity', message);
  rejects(doc({ ...ALLOW_ALL, Action: ['s3:GetObject', 's3:'] }), 'identity', message);
  rejects(doc({ ...ALLOW_ALL, Condition: { StringEquals: { username: 'alice' } } }), 'identity', message);
});

test('Invalid principal in policy', () => {
  rejects(doc({ ...TRUST, Principal: { AWS: 'alice' } }), 'trust', 'Invalid principal in policy: "AWS":"alice"');
});
