/**
 * Trust-policy actions beyond sts:AssumeRole, with the real SDK v3 clients: session tags
 * (Tags, TransitiveTagKeys) need sts:TagSession, a source identity sts:SetSourceIdentity (also
 * when role chaining carries one on), in the role's trust policy; AWS's AccessDenied names the
 * missing action. Without them, AssumeRole without tags or source identity still works.
 */
import { test } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCT, credsOf, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';

const { sandbox, iam } = await iamSandbox();
const caller = await userWithKey(iam, 'tagger');
const callerArn = `arn:aws:iam::${ACCT}:user/tagger`;
await iam.send(new PutUserPolicyCommand({
  UserName: 'tagger', PolicyName: 'sts',
  PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' }] }),
}));

async function role(name: string, actions: string[]): Promise<string> {
  const out = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trustFor(callerArn, actions)) }));
  return out.Role!.Arn!;
}
const sts = (creds: Creds) => new STSClient(sandbox.config(creds));
const denied = (action: string, roleArn: string, who = callerArn) => `User: ${who} is not authorized to perform: ${action} on resource: ${roleArn}`;

test('session tags need sts:TagSession in the trust policy', async () => {
  const plain = await role('plain', ['sts:AssumeRole']);
  await sts(caller).send(new AssumeRoleCommand({ RoleArn: plain, RoleSessionName: 'untagged' }));
  await fails(sts(caller).send(new AssumeRoleCommand({ RoleArn: plain, RoleSessionName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }] })),
    'AccessDenied', 403, denied('sts:TagSession', plain));
  await fails(sts(caller).send(new AssumeRoleCommand({ RoleArn: plain, RoleSessionName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }], TransitiveTagKeys: ['team'] })),
    'AccessDenied', 403, denied('sts:TagSession', plain));
  const tagging = await role('tagging', ['sts:AssumeRole', 'sts:TagSession']);
  await sts(caller).send(new AssumeRoleCommand({ RoleArn: tagging, RoleSessionName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }], TransitiveTagKeys: ['team'] }));
});

test('a source identity needs sts:SetSourceIdentity, also when role chaining carries it on', async () => {
  const plain = await role('plain-2', ['sts:AssumeRole']);
  await fails(sts(caller).send(new AssumeRoleCommand({ RoleArn: plain, RoleSessionName: 'sourced', SourceIdentity: 'alice' })),
    'AccessDenied', 403, denied('sts:SetSourceIdentity', plain));
  const sourcing = await role('sourcing', ['sts:AssumeRole', 'sts:SetSourceIdentity']);
  const first = await sts(caller).send(new AssumeRoleCommand({ RoleArn: sourcing, RoleSessionName: 'sourced', SourceIdentity: 'alice' }));

  // The session (with its source identity) chains into a role whose trust allows only AssumeRole.
  const sessionArn = `arn:aws:sts::${ACCT}:assumed-role/sourcing/sourced`;
  await iam.send(new CreateRoleCommand({ RoleName: 'next-plain', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:role/sourcing`, 'sts:AssumeRole')) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'next-sourcing', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:role/sourcing`, ['sts:AssumeRole', 'sts:SetSourceIdentity'])) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'sourcing', PolicyName: 'chain', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
  const nextPlain = `arn:aws:iam::${ACCT}:role/next-plain`;
  await fails(sts(credsOf(first)).send(new AssumeRoleCommand({ RoleArn: nextPlain, RoleSessionName: 'chained' })),
    'AccessDenied', 403, denied('sts:SetSourceIdentity', nextPlain, sessionArn));
  await sts(credsOf(first)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/next-sourcing`, RoleSessionName: 'chained' }));
});

test("the caller's own policies must allow sts:TagSession too, when the trust policy delegates to the account", async () => {
  const limited = await userWithKey(iam, 'limited');
  await iam.send(new PutUserPolicyCommand({
    UserName: 'limited', PolicyName: 'sts',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
  }));
  const out = await iam.send(new CreateRoleCommand({ RoleName: 'account-trust', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`, ['sts:AssumeRole', 'sts:TagSession'])) }));
  const arn = out.Role!.Arn!;
  await sts(limited).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'plain' }));
  await fails(sts(limited).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'tagged', Tags: [{ Key: 'k', Value: 'v' }] })),
    'AccessDenied', 403, denied('sts:TagSession', arn, `arn:aws:iam::${ACCT}:user/limited`));
});
