/**
 * The simulator's explanation of a decision: the decision is evaluate()'s, the matched
 * statements are those that take effect (Deny first, a resource statement only when it names the
 * caller), missing keys are the ones relevant statements read and the request lacks, and a
 * boundary's verdict is reported only when there is a boundary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, type ExplainInput } from './explain.ts';
import { parsePolicy } from './parse.ts';
import type { ContextKeys, Policy } from './types.ts';

const ALICE = { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' };
const identity = (...statements: object[]): Policy => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity');
const resourcePolicy = (...statements: object[]): Policy => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'resource');

function run(action: string, resource: string, keys: ContextKeys, layers: Omit<ExplainInput<string>, 'request'>) {
  return explain({ request: { principal: ALICE, action, resource, keys }, ...layers });
}

test('matched statements: every statement that takes effect, Deny first', () => {
  const p = identity(
    { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' },
    { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
  );
  const denied = run('s3:DeleteObject', 'arn:aws:s3:::b/k', {}, { identity: [{ policy: p, source: 'p' }] });
  assert.equal(denied.evaluation.decision, 'ExplicitlyDenied');
  assert.deepEqual(denied.matched.map((m) => [m.index, m.effect]), [[1, 'Deny'], [0, 'Allow']]);
  const other = run('s3:DeleteObject', 'arn:aws:s3:::c/k', {}, { identity: [{ policy: p, source: 'p' }] });
  assert.deepEqual([other.evaluation.decision, other.matched.map((m) => m.index)], ['Allowed', [0]]);
});

test('missing keys: conditions of statements about this request, resource variables, not defaults', () => {
  const p = identity(
    { Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/${aws:username}' },
    { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } },
    { Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
    { Effect: 'Allow', Action: 'iam:GetUser', Resource: "arn:aws:iam::111122223333:user/${aws:PrincipalTag/team, 'none'}" },
  );
  const result = run('iam:GetUser', 'arn:aws:iam::111122223333:user/alice', {}, { identity: [{ policy: p, source: 'p' }] });
  assert.equal(result.evaluation.decision, 'Allowed'); // BoolIfExists on an absent key matches
  assert.deepEqual(result.missingKeys, ['aws:username', 'aws:MultiFactorAuthPresent']);
  const given = run('iam:GetUser', 'arn:aws:iam::111122223333:user/alice', { 'AWS:USERNAME': 'alice', 'aws:multifactorauthpresent': 'false' }, {
    identity: [{ policy: p, source: 'p' }],
  });
  assert.deepEqual([given.missingKeys, given.matched.map((m) => m.index)], [[], [0]]);
});

test('a boundary narrows the grant and reports its verdict; without one there is none', () => {
  const admin = identity({ Effect: 'Allow', Action: '*', Resource: '*' });
  const boundary = identity({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' });
  const layers = { identity: [{ policy: admin, source: 'admin' }], boundary: { policy: boundary, source: 'boundary' } };
  const inside = run('iam:GetUser', '*', {}, layers);
  assert.deepEqual([inside.evaluation.decision, inside.allowedByBoundary, inside.matched.map((m) => m.source)], ['Allowed', true, ['admin', 'boundary']]);
  const outside = run('iam:CreateUser', '*', {}, layers);
  assert.deepEqual([outside.evaluation.decision, outside.allowedByBoundary, outside.matched.map((m) => m.source)], ['ImplicitlyDenied', false, ['admin']]);
  assert.equal('allowedByBoundary' in run('iam:GetUser', '*', {}, { identity: layers.identity }), false);
});

test('a resource policy statement matches only when it names the caller', () => {
  const bucket = resourcePolicy(
    { Effect: 'Allow', Principal: { AWS: ALICE.arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/bob' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  );
  const result = run('s3:GetObject', 'arn:aws:s3:::b/k', {}, { identity: [], resource: { policy: bucket, source: 'bucket' }, resourceAccountId: '111122223333' });
  assert.equal(result.evaluation.decision, 'Allowed');
  assert.deepEqual(result.matched.map((m) => m.index), [0]);
});
