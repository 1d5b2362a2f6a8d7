/**
 * Revoking a role's active sessions, end to end with the real SDK v3 clients: the console's
 * "Revoke active sessions" puts an inline policy AWSRevokeOlderSessions on the role that denies
 * everything to sessions whose aws:TokenIssueTime is before the moment of revocation. Sessions
 * issued before it are refused (an explicit deny, in AWS's words), sessions issued after it work,
 * and even a revoked session may still ask who it is (GetCallerIdentity cannot be denied).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, ListUsersCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCT, credsOf, fails, iamSandbox, trustFor } from './support/iam.ts';
import { signedFetch } from './support/signed-fetch.ts';

const { sandbox, iam } = await iamSandbox();
const admin = { accessKeyId: sandbox.admins[0].accessKeyId, secretAccessKey: sandbox.admins[0].secretAccessKey };

/** Moves the sandbox's clock on, and answers its new time (the sandbox's own signed service). */
async function advance(seconds: number): Promise<string> {
  const response = await signedFetch({ url: sandbox.url, service: 'sandbox', body: `Version=2026-11-01&Action=AdvanceClock&Seconds=${seconds}`, credentials: admin });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return /<Now>([^<]+)<\/Now>/.exec(text)![1];
}

test("a role's AWSRevokeOlderSessions deny stops older sessions and not newer ones", async () => {
  await iam.send(new CreateRoleCommand({ RoleName: 'revocable', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'revocable', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const roleArn = `arn:aws:iam::${ACCT}:role/revocable`;
  const sts = new STSClient(sandbox.config());
  const older = credsOf(await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'older' })));
  await new IAMClient(sandbox.config(older)).send(new ListUsersCommand({}));

  // What the console writes: the time of revocation, to the millisecond, as its JavaScript does.
  const revokedAt = new Date(await advance(60)).toISOString();
  await iam.send(new PutRolePolicyCommand({
    RoleName: 'revocable',
    PolicyName: 'AWSRevokeOlderSessions',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': revokedAt } } }],
    }),
  }));
  await advance(60);
  const newer = credsOf(await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'newer' })));

  await fails(new IAMClient(sandbox.config(older)).send(new ListUsersCommand({})), 'AccessDenied', 403,
    `User: arn:aws:sts::${ACCT}:assumed-role/revocable/older is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCT}:user/ with an explicit deny in an identity-based policy`);
  await fails(new S3Client(sandbox.config(older)).send(new ListBucketsCommand({})), 'AccessDenied', 403,
    `User: arn:aws:sts::${ACCT}:assumed-role/revocable/older is not authorized to perform: s3:ListAllMyBuckets with an explicit deny in an identity-based policy`);
  // A revoked session cannot assume the role again either, and still knows who it is.
  await fails(new STSClient(sandbox.config(older)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'again' })), 'AccessDenied', 403, /sts:AssumeRole/);
  assert.equal((await new STSClient(sandbox.config(older)).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCT}:assumed-role/revocable/older`);

  await new IAMClient(sandbox.config(newer)).send(new ListUsersCommand({}));
  await new S3Client(sandbox.config(newer)).send(new ListBucketsCommand({}));
});
