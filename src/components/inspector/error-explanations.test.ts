import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainedCodes, explainError } from './error-explanations.ts';

/** Every error code the sandbox can answer with, read from its own code (`new AwsError('Code', …)`). */
function sandboxErrorCodes(): string[] {
  const root = new URL('../../../server/sandbox/', import.meta.url).pathname;
  const codes = new Set<string>();
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(/new AwsError\(\s*['"`]([A-Za-z0-9]+)['"`]/g)) codes.add(m[1]);
  }
  return [...codes].sort();
}

const ONE_SENTENCE = /^[A-Z][^]*[.]$/;

function assertSentence(text: string | undefined, what: string): asserts text is string {
  assert.ok(text, `no explanation for ${what}`);
  assert.match(text, ONE_SENTENCE, `${what}: one sentence with a capital and a full stop`);
  assert.doesNotMatch(text.slice(0, -1), /[.!?]\s+[A-Z]/, `${what}: a single sentence`);
  assert.match(text, /;/, `${what}: why it happened; what would allow it`);
}

test('every error code the sandbox can return is explained (derived from server/sandbox, so new codes count)', () => {
  const codes = sandboxErrorCodes();
  for (const known of ['AccessDenied', 'NoSuchEntity', 'ExpiredToken', 'Throttling', 'NoSuchBucket', 'InvalidAuthenticationCode']) {
    assert.ok(codes.includes(known), `the scan of server/sandbox found ${known} (is the scan still right?)`);
  }
  assert.ok(codes.length >= 40, `only ${codes.length} codes found in server/sandbox`);
  const missing = codes.filter((code) => !explainError({ name: code, message: '' }));
  assert.deepEqual(missing, [], `add these codes to src/components/inspector/error-explanations.ts: ${missing.join(', ')}`);
  for (const code of codes) assertSentence(explainError({ name: code, message: '' }), code);
});

test('the SDK\'s, AWS\'s and the network\'s usual errors are explained too', () => {
  const names = [
    'TimeoutError',
    'ExpiredToken',
    'ExpiredTokenException',
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'ValidationError',
    'NoSuchEntityException',
    'EntityAlreadyExistsException',
    'DeleteConflictException',
    'LimitExceededException',
    'MalformedPolicyDocumentException',
    'RegionDisabledException',
    'IDPRejectedClaimException',
    'IDPCommunicationErrorException',
    'InvalidIdentityTokenException',
    'PackedPolicyTooLargeException',
    'InvalidAuthenticationCodeException',
    'InvalidInputException',
    'Throttling',
    'ThrottlingException',
    'ServiceUnavailable',
    'CredentialsProviderError',
    'UnexpectedSuccess',
    'AbortError',
  ];
  for (const name of names) assertSentence(explainError({ name, message: '' }), name);
  for (const service of ['STS', 'IAMClient', 'S3']) assertSentence(explainError({ name: 'AccessDenied', message: '', service }), `AccessDenied from ${service}`);
  for (const message of ['connect ECONNREFUSED 127.0.0.1:4566', 'getaddrinfo ENOTFOUND sts.nowhere.amazonaws.com', 'read ECONNRESET', 'socket hang up']) {
    assertSentence(explainError({ name: 'Error', message }), message);
  }
  assert.match(explainError({ name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:4566' })!, /Nothing is listening/);
  assert.equal(explainedCodes.includes('*'), false);
  for (const code of explainedCodes) assertSentence(explainError({ name: code, message: '' }), code);
});

test('AccessDenied is explained by what AWS says: the action, the policy that is missing or denies', () => {
  const user = 'User: arn:aws:iam::123456789012:user/sts-workshop/u';
  const noPolicy = explainError({ name: 'AccessDenied', message: `${user} is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action`, service: 'S3' });
  assert.match(noPolicy!, /^None of the policies attached to the caller .* allows s3:ListAllMyBuckets/);
  const explicit = explainError({ name: 'AccessDenied', message: `${user} is not authorized to perform: s3:CreateBucket on resource: arn:aws:s3:::b with an explicit deny in an identity-based policy` });
  assert.match(explicit!, /^A Deny statement in an identity-based policy matches s3:CreateBucket .* explicit deny always wins/);
  assert.match(explainError({ name: 'AccessDenied', message: `${user} is not authorized to perform: s3:CreateBucket because no session policy allows the s3:CreateBucket action` })!, /session policy/);
  assert.match(explainError({ name: 'AccessDenied', message: `${user} is not authorized to perform: iam:CreateUser on resource: x because no permissions boundary allows the iam:CreateUser action` })!, /permissions boundary/);
  const trust = explainError({ name: 'AccessDenied', message: `${user} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/r`, service: 'STS' });
  assert.match(trust!, /trust policy/);
  assert.match(trust!, /MFA/);
  assert.match(explainError({ name: 'AccessDenied', message: 'Access Denied', service: 'S3' })!, /^S3 refused the request without giving a reason/);
  assert.match(explainError({ name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials', service: 'STS' })!, /^GetSessionToken must be called with an IAM user's long-term access key/);
});

test('MFA refusals get their own sentences, not the generic denial', () => {
  assert.match(explainError({ name: 'AccessDenied', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' })!, /wrong, already used or from a 30-second window/);
  assert.match(
    explainError({ name: 'AccessDenied', message: 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.' })!,
    /no enabled MFA device/,
  );
  assert.match(explainError({ name: 'AccessDenied', message: 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.' })!, /SerialNumber and TokenCode/);
  assert.match(explainError({ name: 'InvalidAuthenticationCodeException', message: 'Authentication code for device is not valid.' })!, /two consecutive, unused codes/);
});

test('narrower rules: expiry of an identity token, session durations, clock skew', () => {
  assert.match(explainError({ name: 'ExpiredTokenException', message: 'Token expired', operation: 'AssumeRoleWithWebIdentityCommand' })!, /identity provider's token/);
  assert.match(explainError({ name: 'ExpiredToken', message: 'The security token included in the request is expired', operation: 'ListBuckets' })!, /temporary credentials .* have expired/);
  assert.match(explainError({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' })!, /MaxSessionDuration/);
  assert.match(explainError({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' })!, /role chaining/);
  assert.match(explainError({ name: 'SignatureDoesNotMatch', message: 'Signature expired: 20300101T000000Z is now earlier than …' })!, /15 minutes/);
});

test('session tags: sts:TagSession refused, a transitive tag set again, tags that break the rules', () => {
  const tagSession = explainError({ name: 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/u is not authorized to perform: sts:TagSession on resource: arn:aws:iam::123456789012:role/r', service: 'STS' });
  assert.match(tagSession!, /^The request passes session tags .* sts:TagSession/);
  assertSentence(tagSession, 'sts:TagSession refused');
  const conflict = explainError({ name: 'InvalidParameterValue', message: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session." });
  assert.match(conflict!, /inherited down the role chain/);
  assertSentence(conflict, 'transitive tag set again');
  for (const message of ['The specified transitive tag key must be included in the requested tags.', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.']) {
    const rule = explainError({ name: 'InvalidParameterValue', message });
    assert.match(rule!, /TransitiveTagKeys must also be passed in Tags/);
    assertSentence(rule, message);
  }
});

test('a Stop, a bug in the step\'s code and unknown names get no invented explanation', () => {
  assert.equal(explainError({ name: 'Cancelled', message: 'Stopped by the learner; the call in flight was aborted.' }), undefined);
  assert.equal(explainError({ name: 'TypeError', message: "Cannot read properties of undefined (reading 'Arn')" }), undefined);
  assert.equal(explainError({ name: 'SomethingNew', message: '' }), undefined);
});

test('a federated AssumeRole refusal is explained by the trust policy and the claims, not by the caller’s policies', () => {
  for (const operation of ['AssumeRoleWithWebIdentityCommand', 'AssumeRoleWithSAML']) {
    const why = explainError({ name: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity', service: 'STS', operation });
    assert.match(why ?? '', /trust policy does not admit this token/);
  }
  assert.doesNotMatch(explainError({ name: 'AccessDenied', message: 'x', service: 'STS', operation: 'AssumeRole' }) ?? '', /token/);
});
