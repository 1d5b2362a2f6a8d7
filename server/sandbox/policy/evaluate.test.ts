import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './evaluate.ts';
import { parsePolicy } from './parse.ts';
import type { ContextKeys, EvaluationInput, Policy, PolicyKind, PrincipalInfo } from './types.ts';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/laptop`;

const ALICE: PrincipalInfo = { arn: USER_ARN, accountId: ACCOUNT, userId: 'AIDAALICEEXAMPLE1234' };
const ADMIN_SESSION: PrincipalInfo = {
  arn: SESSION_ARN, accountId: ACCOUNT, roleArn: ROLE_ARN, userId: 'AROAADMINEXAMPLE1234:laptop',
};

const MFA_TRUE = { 'aws:MultiFactorAuthPresent': 'true' };
const MFA_FALSE = { 'aws:MultiFactorAuthPresent': 'false' };
const MFA_ABSENT = {};

/** Parses a policy written as an object literal (Version 2012-10-17 unless given; null: no Version). */
function policy(kind: PolicyKind, statement: unknown, version: string | null = '2012-10-17'): Policy {
  return parsePolicy(JSON.stringify({ ...(version !== null ? { Version: version } : {}), Statement: statement }), kind);
}

function allow(action: string | string[], resource: string | string[] = '*', condition?: unknown): Policy {
  return policy('identity', { Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) });
}

function trust(statements: unknown[]): Policy {
  return policy('trust', statements);
}

/** `sts:AssumeRole` on the role, by `principal`, against `trustPolicy`. */
function assumeRole(trustPolicy: Policy, identityPolicies: Policy[], keys: ContextKeys, principal = ALICE) {
  return evaluate({
    request: { principal, action: 'sts:AssumeRole', resource: ROLE_ARN, keys },
    identityPolicies,
    resourcePolicy: trustPolicy,
    resourcePolicyKind: 'trust',
    resourceAccountId: ACCOUNT,
  });
}

function request(action: string, resource: string, keys: ContextKeys = {}, principal = ALICE): EvaluationInput['request'] {
  return { principal, action, resource, keys };
}

const TRUST_ACCOUNT_MFA = trust([{
  Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole',
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } },
}]);
const ALLOW_ASSUME = allow('sts:AssumeRole', ROLE_ARN);
const TRUST_USER = { Effect: 'Allow', Principal: { AWS: USER_ARN }, Action: 'sts:AssumeRole' };

// §6.1 differential vectors.

test('a1-a3: trust names the account root with Bool MFA=true; identity allows AssumeRole', () => {
  assert.equal(assumeRole(TRUST_ACCOUNT_MFA, [ALLOW_ASSUME], MFA_TRUE).decision, 'Allowed');
  assert.equal(assumeRole(TRUST_ACCOUNT_MFA, [ALLOW_ASSUME], MFA_FALSE).decision, 'ImplicitlyDenied');
  assert.equal(assumeRole(TRUST_ACCOUNT_MFA, [ALLOW_ASSUME], MFA_ABSENT).decision, 'ImplicitlyDenied');
});

test('a4: trust names the account root, no identity policy', () => {
  assert.deepEqual(assumeRole(TRUST_ACCOUNT_MFA, [], MFA_TRUE), { decision: 'ImplicitlyDenied', deniedBy: 'identity', warnings: [] });
  // The account ID form is the same principal.
  const byId = trust([{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }]);
  assert.equal(assumeRole(byId, [], {}).decision, 'ImplicitlyDenied');
  assert.equal(assumeRole(byId, [ALLOW_ASSUME], {}).decision, 'Allowed');
});

test('a5-a6: trust names the user ARN, no identity policy', () => {
  const trustUser = trust([{ ...TRUST_USER, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }]);
  assert.equal(assumeRole(trustUser, [], MFA_TRUE).decision, 'Allowed');
  assert.deepEqual(assumeRole(trustUser, [], MFA_ABSENT), { decision: 'ImplicitlyDenied', deniedBy: 'resource', warnings: [] });
});

test('a7-a8: trust Allow user + Deny BoolIfExists MFA=false', () => {
  const guarded = trust([TRUST_USER, {
    Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole',
    Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  }]);
  assert.deepEqual(assumeRole(guarded, [], MFA_ABSENT), { decision: 'ExplicitlyDenied', deniedBy: 'resource', warnings: [] });
  assert.equal(assumeRole(guarded, [], MFA_TRUE).decision, 'Allowed');
  assert.equal(assumeRole(guarded, [], MFA_FALSE).decision, 'ExplicitlyDenied');
});

test('a9: trust Allow user + Deny Bool MFA=false: the long-term-key loophole', () => {
  const loophole = trust([TRUST_USER, {
    Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole',
    Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
  }]);
  assert.equal(assumeRole(loophole, [], MFA_ABSENT).decision, 'Allowed');
  assert.equal(assumeRole(loophole, [], MFA_FALSE).decision, 'ExplicitlyDenied');
});

test('a10-a12: NumericLessThan aws:MultiFactorAuthAge 3600', () => {
  const fresh = trust([{ ...TRUST_USER, Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } }]);
  assert.equal(assumeRole(fresh, [], { 'aws:MultiFactorAuthAge': '120' }).decision, 'Allowed');
  assert.equal(assumeRole(fresh, [], { 'aws:MultiFactorAuthAge': '7200' }).decision, 'ImplicitlyDenied');
  assert.equal(assumeRole(fresh, [], {}).decision, 'ImplicitlyDenied');
});

test('b1-b4: identity Allow s3:ListAllMyBuckets with Bool MFA=true', () => {
  const mfaOnly = allow('s3:ListAllMyBuckets', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
  const run = (keys: ContextKeys, principal = ALICE) =>
    evaluate({ request: request('s3:ListAllMyBuckets', '*', keys, principal), identityPolicies: [mfaOnly] }).decision;
  assert.equal(run(MFA_TRUE), 'Allowed');
  assert.equal(run(MFA_FALSE), 'ImplicitlyDenied');
  assert.equal(run(MFA_ABSENT), 'ImplicitlyDenied');
  assert.equal(run(MFA_TRUE, ADMIN_SESSION), 'Allowed');
});

const S3_READ_ONLY = parsePolicy(JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'],
    Resource: '*',
  }],
}), 'identity');

test('c1-c2: AmazonS3ReadOnlyAccess', () => {
  const run = (action: string, resource: string) =>
    evaluate({ request: request(action, resource), identityPolicies: [S3_READ_ONLY] }).decision;
  assert.equal(run('s3:ListAllMyBuckets', '*'), 'Allowed');
  assert.equal(run('s3:GetObject', 'arn:aws:s3:::bucket/key'), 'Allowed');
  assert.equal(run('s3:PutObject', 'arn:aws:s3:::bucket/key'), 'ImplicitlyDenied');
});

test('d1: Allow + explicit Deny s3:*', () => {
  const deny = policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*' });
  assert.deepEqual(
    evaluate({ request: request('s3:ListAllMyBuckets', '*'), identityPolicies: [allow('*'), deny] }),
    { decision: 'ExplicitlyDenied', deniedBy: 'identity', warnings: [] },
  );
});

test('f1: ${aws:username} in Resource', () => {
  const own = allow('iam:*AccessKey*', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`);
  const run = (resource: string, keys: ContextKeys) =>
    evaluate({ request: request('iam:CreateAccessKey', resource, keys), identityPolicies: [own] }).decision;
  assert.equal(run(USER_ARN, { 'aws:username': 'alice' }), 'Allowed');
  assert.equal(run(`arn:aws:iam::${ACCOUNT}:user/bob`, { 'aws:username': 'alice' }), 'ImplicitlyDenied');
  assert.equal(run(USER_ARN, {}), 'ImplicitlyDenied', 'no aws:username (e.g. a role session): matches nothing');
});

// Beyond the vectors.

test('a NotResource entry whose variable has no value matches no resource, so it excludes nothing', () => {
  // IAM User Guide, "Policy variables with no value": used in Resource or NotResource, "the resource
  // that includes a policy variable with no value will not match any resource". (iam-simulate
  // drops the whole statement instead; see evaluate.differential.test.ts.)
  const own = `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`;
  const guard = policy('identity', [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', NotResource: own }]);
  const run = (identity: Policy, keys: ContextKeys, principal = ALICE) =>
    evaluate({ request: request('iam:GetUser', USER_ARN, keys, principal), identityPolicies: [identity] }).decision;
  assert.equal(run(guard, { 'aws:username': 'alice' }), 'Allowed', 'own user: excluded from the Deny');
  assert.equal(run(guard, {}, ADMIN_SESSION), 'ExplicitlyDenied', 'no aws:username: the Deny covers every resource');
  const notOwn = policy('identity', { Effect: 'Allow', Action: 'iam:GetUser', NotResource: own });
  assert.equal(run(notOwn, { 'aws:username': 'alice' }), 'ImplicitlyDenied');
  assert.equal(run(notOwn, {}, ADMIN_SESSION), 'Allowed');
});

test('a * in the resource part spans "/" (and any prefix before it)', () => {
  // IAM User Guide, Resource element: "*" can "replace everything within a segment, including
  // characters like a forward slash (/)".
  const p = allow('iam:GetUser', [`arn:aws:iam::${ACCOUNT}:*/alice`]);
  const run = (resource: string) => evaluate({ request: request('iam:GetUser', resource), identityPolicies: [p] }).decision;
  assert.equal(run(USER_ARN), 'Allowed');
  assert.equal(run(`arn:aws:iam::${ACCOUNT}:user/team/alice`), 'Allowed');
  assert.equal(run(`arn:aws:iam::${ACCOUNT}:user/bob`), 'ImplicitlyDenied');
});

test('policy variables are literal text under Version 2008-10-17', () => {
  const old = policy('identity', { Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` }, '2008-10-17');
  const noVersion = policy('identity', { Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` }, null);
  const keys = { 'aws:username': 'alice' };
  for (const p of [old, noVersion]) {
    assert.equal(evaluate({ request: request('iam:GetUser', USER_ARN, keys), identityPolicies: [p] }).decision, 'ImplicitlyDenied');
    const literal = `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`;
    assert.equal(evaluate({ request: request('iam:GetUser', literal, keys), identityPolicies: [p] }).decision, 'Allowed');
  }
  const conditioned = policy('identity', {
    Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } },
  }, '2008-10-17');
  const run = (prefix: string) => evaluate({
    request: request('s3:ListBucket', 'arn:aws:s3:::b', { 'aws:username': 'alice', 's3:prefix': prefix }),
    identityPolicies: [conditioned],
  }).decision;
  assert.equal(run('alice/x'), 'ImplicitlyDenied');
  assert.equal(run('${aws:username}/x'), 'Allowed');
});

test('PrincipalTag variable and ${*} escape in Resource', () => {
  const tagged = allow('s3:GetObject', ['arn:aws:s3:::team-${aws:PrincipalTag/team}/*', 'arn:aws:s3:::literal/${*}']);
  const run = (resource: string) => evaluate({
    request: request('s3:GetObject', resource, { 'aws:PrincipalTag/team': 'blue' }), identityPolicies: [tagged],
  }).decision;
  assert.equal(run('arn:aws:s3:::team-blue/report'), 'Allowed');
  assert.equal(run('arn:aws:s3:::team-red/report'), 'ImplicitlyDenied');
  assert.equal(run('arn:aws:s3:::literal/*'), 'Allowed');
  assert.equal(run('arn:aws:s3:::literal/x'), 'ImplicitlyDenied');
});

test('action names are case-insensitive, resources case-sensitive; ? matches one character', () => {
  const p = allow('S3:getobj?ct', 'arn:aws:s3:::Bucket/*');
  const run = (action: string, resource: string) => evaluate({ request: request(action, resource), identityPolicies: [p] }).decision;
  assert.equal(run('s3:GetObject', 'arn:aws:s3:::Bucket/k'), 'Allowed');
  assert.equal(run('s3:GETOBJECT', 'arn:aws:s3:::Bucket/k'), 'Allowed');
  assert.equal(run('s3:GetObjects', 'arn:aws:s3:::Bucket/k'), 'ImplicitlyDenied');
  assert.equal(run('s3:GetObject', 'arn:aws:s3:::bucket/k'), 'ImplicitlyDenied');
});

test('NotAction and NotResource are complements', () => {
  const p = policy('identity', { Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' });
  const run = (action: string, resource: string) => evaluate({ request: request(action, resource), identityPolicies: [p] }).decision;
  assert.equal(run('s3:GetObject', 'arn:aws:s3:::public/k'), 'Allowed');
  assert.equal(run('iam:CreateUser', 'arn:aws:s3:::public/k'), 'ImplicitlyDenied');
  assert.equal(run('s3:GetObject', 'arn:aws:s3:::secret/k'), 'ImplicitlyDenied');
});

test('no policies at all: implicit deny', () => {
  assert.deepEqual(evaluate({ request: request('s3:GetObject', '*'), identityPolicies: [] }), { decision: 'ImplicitlyDenied', deniedBy: 'identity', warnings: [] });
});

test('trust policies: role ARN matches its sessions, session ARN matches one session, "*" anyone', () => {
  const byRole = trust([{ Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 'sts:AssumeRole' }]);
  const bySession = trust([{ Effect: 'Allow', Principal: { AWS: SESSION_ARN }, Action: 'sts:AssumeRole' }]);
  const other = { ...ADMIN_SESSION, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/other` };
  const anyone = trust([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]);
  assert.equal(assumeRole(byRole, [], {}, ADMIN_SESSION).decision, 'Allowed');
  assert.equal(assumeRole(byRole, [], {}, ALICE).decision, 'ImplicitlyDenied');
  assert.equal(assumeRole(bySession, [], {}, ADMIN_SESSION).decision, 'Allowed');
  assert.equal(assumeRole(bySession, [], {}, other).decision, 'ImplicitlyDenied');
  assert.equal(assumeRole(anyone, [], {}, ALICE).decision, 'Allowed');
  // An identity Allow alone never passes a trust policy that does not name the caller.
  assert.equal(assumeRole(byRole, [allow('sts:AssumeRole')], {}, ALICE).decision, 'ImplicitlyDenied');
  // Trust policies for another action do not grant AssumeRole.
  const tagOnly = trust([{ Effect: 'Allow', Principal: { AWS: USER_ARN }, Action: 'sts:TagSession' }]);
  assert.equal(assumeRole(tagOnly, [], {}).decision, 'ImplicitlyDenied');
});

test('trust policy: an identity Deny still wins over a trust policy naming the user', () => {
  const deny = policy('identity', { Effect: 'Deny', Action: 'sts:*', Resource: '*' });
  assert.deepEqual(assumeRole(trust([TRUST_USER]), [deny], {}), { decision: 'ExplicitlyDenied', deniedBy: 'identity', warnings: [] });
});

test('NotPrincipal in a Deny exempts the named principals', () => {
  const t = trust([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, {
    Effect: 'Deny', NotPrincipal: { AWS: USER_ARN }, Action: 'sts:AssumeRole',
  }]);
  assert.equal(assumeRole(t, [], {}, ALICE).decision, 'Allowed');
  assert.equal(assumeRole(t, [], {}, ADMIN_SESSION).decision, 'ExplicitlyDenied');
});

test('same-account resource policy naming the caller grants on its own; by account it delegates', () => {
  const bucket = 'arn:aws:s3:::shared/k';
  const byUser = policy('resource', { Effect: 'Allow', Principal: { AWS: USER_ARN }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' });
  const byAccount = policy('resource', { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' });
  const run = (resourcePolicy: Policy, identityPolicies: Policy[], resourceAccountId = ACCOUNT) =>
    evaluate({ request: request('s3:GetObject', bucket), identityPolicies, resourcePolicy, resourcePolicyKind: 'resource', resourceAccountId }).decision;
  assert.equal(run(byUser, []), 'Allowed');
  assert.equal(run(byAccount, []), 'ImplicitlyDenied');
  assert.equal(run(byAccount, [allow('s3:GetObject')]), 'Allowed');
  // A resource policy that does not match leaves the identity policies to decide.
  const other = policy('resource', { Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 's3:GetObject', Resource: '*' });
  assert.equal(run(other, [allow('s3:GetObject')]), 'Allowed');
  assert.equal(run(other, []), 'ImplicitlyDenied');
});

test('cross-account requires both the resource policy and the identity policy', () => {
  const caller: PrincipalInfo = { arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`, accountId: OTHER_ACCOUNT };
  const t = trust([{ Effect: 'Allow', Principal: { AWS: caller.arn }, Action: 'sts:AssumeRole' }]);
  const byAccount = trust([{ Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 'sts:AssumeRole' }]);
  assert.equal(assumeRole(t, [], {}, caller).decision, 'ImplicitlyDenied');
  assert.equal(assumeRole(t, [ALLOW_ASSUME], {}, caller).decision, 'Allowed');
  assert.equal(assumeRole(byAccount, [ALLOW_ASSUME], {}, caller).decision, 'Allowed');
  assert.equal(assumeRole(TRUST_ACCOUNT_MFA, [ALLOW_ASSUME], MFA_TRUE, caller).decision, 'ImplicitlyDenied', 'wrong account');
  // No resource policy at all across accounts: denied.
  assert.equal(evaluate({
    request: request('s3:GetObject', 'arn:aws:s3:::theirs/k', {}, caller), identityPolicies: [allow('*')], resourceAccountId: ACCOUNT,
  }).decision, 'ImplicitlyDenied');
  // Same for a resource-kind policy naming the caller.
  const bucketPolicy = policy('resource', { Effect: 'Allow', Principal: { AWS: caller.arn }, Action: 's3:*', Resource: '*' });
  const run = (identityPolicies: Policy[]) => evaluate({
    request: request('s3:GetObject', 'arn:aws:s3:::theirs/k', {}, caller), identityPolicies,
    resourcePolicy: bucketPolicy, resourcePolicyKind: 'resource', resourceAccountId: ACCOUNT,
  }).decision;
  assert.equal(run([]), 'ImplicitlyDenied');
  assert.equal(run([allow('s3:GetObject')]), 'Allowed');
});

test('permissions boundary intersects', () => {
  const run = (boundary: Policy) => evaluate({
    request: request('s3:GetObject', 'arn:aws:s3:::b/k'), identityPolicies: [allow('*')], boundary,
  });
  assert.equal(run(allow('s3:*')).decision, 'Allowed');
  assert.deepEqual(run(allow('iam:*')), { decision: 'ImplicitlyDenied', deniedBy: 'boundary', warnings: [] });
  assert.deepEqual(run(policy('identity', [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Get*', Resource: '*' }])),
    { decision: 'ExplicitlyDenied', deniedBy: 'boundary', warnings: [] });
  // A boundary alone grants nothing.
  assert.equal(evaluate({ request: request('s3:GetObject', '*'), identityPolicies: [], boundary: allow('*') }).decision, 'ImplicitlyDenied');
});

test('session policies intersect; [] and undefined mean no session policy', () => {
  const run = (sessionPolicies: Policy[] | undefined) => evaluate({
    request: request('s3:GetObject', 'arn:aws:s3:::b/k', {}, ADMIN_SESSION), identityPolicies: [allow('*')], sessionPolicies,
  });
  assert.equal(run(undefined).decision, 'Allowed');
  assert.equal(run([]).decision, 'Allowed');
  assert.equal(run([S3_READ_ONLY]).decision, 'Allowed');
  assert.deepEqual(run([allow('iam:*')]), { decision: 'ImplicitlyDenied', deniedBy: 'session', warnings: [] });
  assert.equal(run([allow('iam:*'), S3_READ_ONLY]).decision, 'Allowed', 'session policies are unioned with each other');
  assert.deepEqual(run([allow('*'), policy('session', { Effect: 'Deny', Action: 's3:*', Resource: '*' })]),
    { decision: 'ExplicitlyDenied', deniedBy: 'session', warnings: [] });
  // Session policies limit a trust-policy grant too (role chaining).
  const t = trust([{ Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 'sts:AssumeRole' }]);
  const chained = evaluate({
    request: request('sts:AssumeRole', ROLE_ARN, {}, ADMIN_SESSION), identityPolicies: [allow('*')],
    sessionPolicies: [S3_READ_ONLY], resourcePolicy: t, resourcePolicyKind: 'trust',
  });
  assert.equal(chained.decision, 'ImplicitlyDenied');
});

test('unsupported conditions fail closed: an Allow does not apply, a Deny does, with a warning', () => {
  const binaryAllow = allow('s3:*', '*', { BinaryEquals: { 'aws:x': 'QQ==' } });
  const r1 = evaluate({ request: request('s3:GetObject', '*', { 'aws:x': 'QQ==' }), identityPolicies: [binaryAllow] });
  assert.equal(r1.decision, 'ImplicitlyDenied');
  assert.equal(r1.warnings.length, 1);
  assert.match(r1.warnings[0], /BinaryEquals.*Allow does not apply/);

  const ipDeny = policy('identity', { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
  const r2 = evaluate({ request: request('s3:GetObject', '*'), identityPolicies: [allow('*'), ipDeny] });
  assert.equal(r2.decision, 'ExplicitlyDenied');
  assert.match(r2.warnings[0], /NotIpAddress.*Deny applies/);

  // A statement whose action does not match never reaches its conditions: no warning.
  const unrelated = policy('identity', { Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
  assert.deepEqual(evaluate({ request: request('s3:GetObject', '*'), identityPolicies: [allow('*'), unrelated] }),
    { decision: 'Allowed', warnings: [] });
});

test('conditions in one statement are ANDed; context key names are case-insensitive', () => {
  const p = allow('s3:GetObject', '*', {
    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    StringEquals: { 'AWS:USERNAME': 'alice' },
  });
  const run = (keys: ContextKeys) => evaluate({ request: request('s3:GetObject', '*', keys), identityPolicies: [p] }).decision;
  assert.equal(run({ 'aws:multifactorauthpresent': 'true', 'aws:username': 'alice' }), 'Allowed');
  assert.equal(run({ 'aws:MultiFactorAuthPresent': 'true', 'aws:username': 'bob' }), 'ImplicitlyDenied');
  assert.equal(run({ 'aws:username': 'alice' }), 'ImplicitlyDenied');
});
