/**
 * One sandbox, several accounts: nothing is shared between account ids (users, keys, roles),
 * bucket names stay globally unique as in S3, and a cross-account AssumeRole needs both the
 * role's trust policy and the caller's own identity policy, as AWS requires.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { withSandbox } from './support/sandbox.ts';

let sandbox: Awaited<ReturnType<typeof withSandbox>>;
before(async () => {
  sandbox = await withSandbox({ accountIds: ['111111111111', '222222222222'] });
});
after(() => sandbox.close());

const as = (i: number) => sandbox.config({ accessKeyId: sandbox.admins[i].accessKeyId, secretAccessKey: sandbox.admins[i].secretAccessKey });

test('each account has its own admin, users and buckets', async () => {
  assert.equal((await new STSClient(as(0)).send(new GetCallerIdentityCommand({}))).Account, '111111111111');
  assert.equal((await new STSClient(as(1)).send(new GetCallerIdentityCommand({}))).Account, '222222222222');
  await new IAMClient(as(0)).send(new CreateUserCommand({ UserName: 'same-name' }));
  await new IAMClient(as(1)).send(new CreateUserCommand({ UserName: 'same-name' }));
  const users0 = (await new IAMClient(as(0)).send(new ListUsersCommand({}))).Users!.map((u) => u.Arn);
  assert.ok(users0.includes('arn:aws:iam::111111111111:user/same-name'));
  assert.ok(!users0.some((arn) => arn!.includes('222222222222')));
  const buckets1 = (await new S3Client(as(1)).send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name);
  assert.ok(buckets1.every((name) => name!.endsWith('-222222222222')));
  await new S3Client(as(0)).send(new CreateBucketCommand({ Bucket: 'only-one-in-the-world' }));
  await assert.rejects(new S3Client(as(1)).send(new CreateBucketCommand({ Bucket: 'only-one-in-the-world' })), (e: any) => e.name === 'BucketAlreadyExists' && e.$metadata.httpStatusCode === 409);
});

test('cross-account AssumeRole needs the trust policy and the caller\'s own permission', async () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] });
  const role = await new IAMClient(as(1)).send(new CreateRoleCommand({ RoleName: 'from-111', AssumeRolePolicyDocument: trust }));
  const out = await new STSClient(as(0)).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'visitor' }));
  assert.equal(out.AssumedRoleUser!.Arn, 'arn:aws:sts::222222222222:assumed-role/from-111/visitor');
  const iam0 = new IAMClient(as(0));
  await iam0.send(new CreateUserCommand({ UserName: 'no-permissions' }));
  const key = (await iam0.send(new CreateAccessKeyCommand({ UserName: 'no-permissions' }))).AccessKey!;
  const bare = new STSClient(sandbox.config({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
  await assert.rejects(bare.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'visitor' })), (e: any) =>
    e.name === 'AccessDenied' && e.message === `User: arn:aws:iam::111111111111:user/no-permissions is not authorized to perform: sts:AssumeRole on resource: ${role.Role!.Arn}`);
});
