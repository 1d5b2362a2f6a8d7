/**
 * STS in the sandbox, with the real SDK v3 clients: AssumeRole's validation (session names,
 * durations, MaxSessionDuration, the role-chaining cap), session policies and PolicyArns, tags
 * and SourceIdentity, MFA failures in AWS's words, GetSessionToken's rules and durations, and
 * the life of temporary credentials (ASIA keys need their token; expired ones get ExpiredToken).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { AttachRolePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { credsOf, fails, iamSandbox, trustFor } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';

const { sandbox, iam } = await iamSandbox();
const adminArn = sandbox.admins[0].userArn;
const trust = JSON.stringify(trustFor('arn:aws:iam::123456789012:root', ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']));
const role = await iam.send(new CreateRoleCommand({ RoleName: 'sts-test-role', Path: '/team/', AssumeRolePolicyDocument: trust, MaxSessionDuration: 7200 }));
const roleArn = role.Role!.Arn!;
await iam.send(new AttachRolePolicyCommand({ RoleName: 'sts-test-role', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));

const sts = (creds?: Creds) => new STSClient(sandbox.config(creds));

test('AssumeRole returns ASIA credentials, the assumed-role ARN without the path, and a default hour', async () => {
  const before = Date.now();
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'alice@example.com' }));
  assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(out.Credentials!.SecretAccessKey!.length, 40);
  assert.ok(out.Credentials!.SessionToken!.length > 100);
  const lifetime = out.Credentials!.Expiration!.getTime() - before;
  assert.ok(lifetime > 3590_000 && lifetime <= 3601_000, String(lifetime));
  assert.equal(out.AssumedRoleUser!.Arn, 'arn:aws:sts::123456789012:assumed-role/sts-test-role/alice@example.com');
  assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:alice@example\.com$/);
  assert.equal(out.PackedPolicySize, undefined);
  const me = await sts(credsOf(out)).send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, out.AssumedRoleUser!.Arn);
  assert.equal(me.UserId, out.AssumedRoleUser!.AssumedRoleId);
});

test('AssumeRole validates like AWS', async () => {
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bad name!' })), 'ValidationError', 400,
    "1 validation error detected: Value 'bad name!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'x' })), 'ValidationError', 400, /at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2/);
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's', DurationSeconds: 100 })), 'ValidationError', 400, /^2 validation errors detected: .*roleSessionName.*; Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900$/);
  await fails(sts().send(new AssumeRoleCommand({ RoleSessionName: 'ok' } as never)), 'ValidationError', 400, /Value null at 'roleArn' failed to satisfy constraint: Member must not be null/);
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ok', DurationSeconds: 7201 })), 'ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ok', TokenCode: '12ab56', SerialNumber: 'arn:aws:iam::123456789012:mfa/x' })), 'ValidationError', 400, /tokenCode.*regular expression pattern: \[\\d\]\*/);
});

test('a missing role, or one the caller is not trusted for, is AccessDenied naming caller and role', async () => {
  const missing = 'arn:aws:iam::123456789012:role/nope';
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 'ok' })), 'AccessDenied', 403,
    `User: ${adminArn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`);
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::210987654321:role/elsewhere', RoleSessionName: 'ok' })), 'AccessDenied', 403, /not authorized to perform: sts:AssumeRole/);
});

test('role chaining is capped at one hour, and GetSessionToken refuses session credentials', async () => {
  const first = credsOf(await sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'first', DurationSeconds: 7200 })));
  await fails(sts(first).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'second', DurationSeconds: 3601 })), 'ValidationError', 400,
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  const chained = await sts(first).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'second', DurationSeconds: 3600 }));
  assert.equal(chained.AssumedRoleUser!.Arn, 'arn:aws:sts::123456789012:assumed-role/sts-test-role/second');
  await fails(sts(first).send(new GetSessionTokenCommand({})), 'AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
});

test('a session policy narrows the role: only what both allow works', async () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'narrow', Policy: policy }));
  assert.ok(out.PackedPolicySize! >= 1 && out.PackedPolicySize! <= 100);
  const creds = credsOf(out);
  const buckets = await new S3Client(sandbox.config(creds)).send(new ListBucketsCommand({}));
  assert.ok(buckets.Buckets!.length >= 3);
  await fails(new IAMClient(sandbox.config(creds)).send(new ListUsersCommand({})), 'AccessDenied', 403, /because no session policy allows the iam:ListUsers action$/);
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bad', Policy: '{"Version":"2012-10-17"' })), 'MalformedPolicyDocument', 400, /Syntax errors in policy/);
  const managed = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'arns', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }] }));
  await new IAMClient(sandbox.config(credsOf(managed))).send(new ListUsersCommand({}));
  await fails(new IAMClient(sandbox.config(credsOf(managed))).send(new CreateUserCommand({ UserName: 'nope' })), 'AccessDenied', 403, /iam:CreateUser/);
});

test('tags and SourceIdentity travel with the session; SourceIdentity cannot change when chaining', async () => {
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }], SourceIdentity: 'alice' }));
  assert.equal(out.SourceIdentity, 'alice');
  assert.ok(out.PackedPolicySize! >= 1);
  const session = sandbox.state.store.sessions.get(out.Credentials!.AccessKeyId!)!;
  assert.deepEqual(session.tags, [{ Key: 'team', Value: 'blue' }]);
  await fails(sts(credsOf(out)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'next', SourceIdentity: 'mallory' })), 'AccessDenied', 403, /SourceIdentity/);
  const next = await sts(credsOf(out)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'next' }));
  assert.equal(next.SourceIdentity, 'alice');
});

test('MFA failures on AssumeRole use AWS\'s exact words', async () => {
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mfa', TokenCode: '123456' })), 'AccessDenied', 403,
    'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.');
  await fails(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mfa', SerialNumber: 'arn:aws:iam::123456789012:mfa/none', TokenCode: '123456' })), 'AccessDenied', 403,
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.');
});

test('GetSessionToken: 12 hours by default, ASIA keys that need their token, and ExpiredToken at the end', async () => {
  const before = Date.now();
  const out = await sts().send(new GetSessionTokenCommand({}));
  const lifetime = out.Credentials!.Expiration!.getTime() - before;
  assert.ok(lifetime > 43190_000 && lifetime <= 43201_000, String(lifetime));
  const creds = credsOf(out);
  assert.equal((await sts(creds).send(new GetCallerIdentityCommand({}))).Arn, adminArn);
  await fails(sts({ ...creds, sessionToken: undefined }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  await fails(sts({ ...creds, sessionToken: creds.sessionToken!.slice(0, -4) + 'AAAA' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, /invalid/);
  await fails(new IAMClient(sandbox.config(creds)).send(new ListUsersCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid');
  await fails(sts().send(new GetSessionTokenCommand({ DurationSeconds: 129601 })), 'ValidationError', 400, /durationSeconds.*less than or equal to 129600/);
  const short = credsOf(await sts().send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
  sandbox.state.clock.advance(901_000);
  await fails(sts(short).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403, 'The security token included in the request is expired');
  await fails(new S3Client(sandbox.config(short)).send(new ListBucketsCommand({})), 'ExpiredToken', 400, 'The provided token has expired.');
  assert.equal((await sts(creds).send(new GetCallerIdentityCommand({}))).Arn, adminArn, 'the 12-hour credentials still work');
});

test('credentials of a deleted role stay valid until they expire but are allowed nothing', async () => {
  const { CreateRoleCommand: Create, DeleteRoleCommand, AttachRolePolicyCommand, DetachRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });
  const role = await iam.send(new Create({ RoleName: 'short-lived', AssumeRolePolicyDocument: trust }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'short-lived', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'before' }));
  const s3 = new S3Client(sandbox.config(credsOf(out)));
  assert.ok((await s3.send(new ListBucketsCommand({}))).Buckets!.length > 0);
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'short-lived', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  await iam.send(new DeleteRoleCommand({ RoleName: 'short-lived' }));
  assert.equal((await sts(credsOf(out)).send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:sts::123456789012:assumed-role/short-lived/before');
  await fails(s3.send(new ListBucketsCommand({})), 'AccessDenied', 403, /assumed-role\/short-lived\/before is not authorized to perform: s3:ListAllMyBuckets/);
  // A new role of the same name does not bring the old session back.
  await iam.send(new Create({ RoleName: 'short-lived', AssumeRolePolicyDocument: trust }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'short-lived', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  await fails(s3.send(new ListBucketsCommand({})), 'AccessDenied', 403, /not authorized/);
});
