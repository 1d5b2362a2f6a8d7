/**
 * One sandbox, several accounts: nothing is shared between account ids (users, keys, roles),
 * bucket names stay globally unique as in S3, and a cross-account AssumeRole needs both the
 * role's trust policy and the caller's own identity policy, as AWS requires.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { fails, trustFor, userWithKey } from './support/iam.ts';
import { withSandbox, type TestSandbox } from './support/sandbox.ts';

let sandbox: TestSandbox;
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
  await fails(
    new S3Client(as(1)).send(new CreateBucketCommand({ Bucket: 'only-one-in-the-world' })),
    'BucketAlreadyExists', 409,
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
  );
});

test('cross-account AssumeRole needs the trust policy and the caller\'s own permission', async () => {
  const trust = JSON.stringify(trustFor('arn:aws:iam::111111111111:root'));
  const role = await new IAMClient(as(1)).send(new CreateRoleCommand({ RoleName: 'from-111', AssumeRolePolicyDocument: trust }));
  const out = await new STSClient(as(0)).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'visitor' }));
  assert.equal(out.AssumedRoleUser!.Arn, 'arn:aws:sts::222222222222:assumed-role/from-111/visitor');
  const bare = new STSClient(sandbox.config(await userWithKey(new IAMClient(as(0)), 'no-permissions')));
  await fails(
    bare.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'visitor' })),
    'AccessDenied', 403, `User: arn:aws:iam::111111111111:user/no-permissions is not authorized to perform: sts:AssumeRole on resource: ${role.Role!.Arn}`,
  );
});
