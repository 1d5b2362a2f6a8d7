/**
 * The sandbox's partner accounts (sandbox:GetPartnerAccount, accounts.ts), with the real SDK
 * clients: each account gets one second account, opened on first use and the same afterwards,
 * reached by its owner's administrator through AssumeRole into OrganizationAccountAccessRole as a
 * management account reaches a member account (its own buckets, IAM that is its own); another
 * account's administrator is refused by the role's trust policy; a partner has no partner; and
 * closing the owner closes the partner with every credential that signs for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { closeAccount } from '../server/sandbox/accounts.ts';
import { credsOf, fails, iamSandbox } from './support/iam.ts';
import { signedFetch } from './support/signed-fetch.ts';
import type { Creds } from './support/sandbox.ts';

const { sandbox } = await iamSandbox({ accountIds: ['111111111111', '222222222222'] });
const adminOf = (i: number): Creds => ({ accessKeyId: sandbox.admins[i].accessKeyId, secretAccessKey: sandbox.admins[i].secretAccessKey });

async function partnerOf(credentials: Creds) {
  const response = await signedFetch({ url: sandbox.url, service: 'sandbox', body: 'Version=2026-11-01&Action=GetPartnerAccount', credentials });
  const text = await response.text();
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  return { status: response.status, text, accountId: field('AccountId'), roleArn: field('RoleArn') };
}

test('GetPartnerAccount opens one partner account per account, reached through OrganizationAccountAccessRole', async () => {
  const first = await partnerOf(adminOf(0));
  assert.equal(first.status, 200, first.text);
  assert.match(first.accountId!, /^[1-9]\d{11}$/);
  assert.notEqual(first.accountId, '111111111111');
  assert.equal(first.roleArn, `arn:aws:iam::${first.accountId}:role/OrganizationAccountAccessRole`);
  const again = await partnerOf(adminOf(0));
  assert.deepEqual([again.accountId, again.roleArn], [first.accountId, first.roleArn], 'the same partner the second time');
  const other = await partnerOf(adminOf(1));
  assert.notEqual(other.accountId, first.accountId, 'each account has its own partner');

  const session = credsOf(await new STSClient(sandbox.config(adminOf(0))).send(new AssumeRoleCommand({ RoleArn: first.roleArn, RoleSessionName: 'reach' })));
  const me = await new STSClient(sandbox.config(session)).send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, `arn:aws:sts::${first.accountId}:assumed-role/OrganizationAccountAccessRole/reach`);
  const buckets = (await new S3Client(sandbox.config(session)).send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name);
  assert.deepEqual(buckets.sort(), ['workshop-data', 'workshop-logs', 'workshop-reports'].map((n) => `${n}-${first.accountId}`));
  await new IAMClient(sandbox.config(session)).send(new CreateUserCommand({ UserName: 'vendor-side' }));
  const ownUsers = (await new IAMClient(sandbox.config(adminOf(0))).send(new ListUsersCommand({}))).Users!.map((u) => u.UserName);
  assert.ok(!ownUsers.includes('vendor-side'), 'the partner is another account');

  await fails(
    new STSClient(sandbox.config(adminOf(1))).send(new AssumeRoleCommand({ RoleArn: first.roleArn, RoleSessionName: 'intruder' })),
    'AccessDenied',
    403,
    `User: arn:aws:iam::222222222222:user/workshop-admin is not authorized to perform: sts:AssumeRole on resource: ${first.roleArn}`,
  );

  const nested = await partnerOf(session);
  assert.equal(nested.status, 400);
  assert.match(nested.text, /<Code>ValidationError<\/Code>/);
  assert.match(nested.text, new RegExp(`Account ${first.accountId} is itself a partner account; it has no partner of its own.`));

  assert.equal(closeAccount(sandbox.state, '111111111111'), true);
  assert.equal(sandbox.state.store.accounts.has(first.accountId!), false, 'closed with its owner');
  await fails(new STSClient(sandbox.config(session)).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  assert.ok(sandbox.state.store.accounts.has(other.accountId!), 'another account’s partner stays');
});
