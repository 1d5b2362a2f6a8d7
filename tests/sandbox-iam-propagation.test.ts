/**
 * The simulated IAM eventual consistency (aws-wire-protocol.md §14), with a propagation delay of
 * 2 s and an injected clock: control-plane reads see new entities at once, while a new key gets
 * InvalidClientTokenId, a new role cannot be assumed, and a trust policy cannot name a new user
 * until the delay has passed; UpdateAssumeRolePolicy restarts the role's delay. Without the
 * option, everything is usable at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetUserCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClock } from '../server/sandbox/clock.ts';
import { ACCT, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';
import { withSandbox } from './support/sandbox.ts';

const DELAY = 2000;
let fakeNow = Date.now();
const { sandbox, iam } = await iamSandbox({ clock: createClock(() => fakeNow), options: { propagationDelayMs: DELAY } });
const sts = new STSClient(sandbox.config());
const trust = (aws: string) => JSON.stringify(trustFor(aws));

test("a new user's new key gets InvalidClientTokenId until the delay has passed; GetUser sees the user at once", async () => {
  await iam.send(new CreateUserCommand({ UserName: 'fresh' }));
  assert.equal((await iam.send(new GetUserCommand({ UserName: 'fresh' }))).User!.UserName, 'fresh');
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'fresh' }));
  const asFresh = new STSClient(sandbox.config({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }));
  await fails(asFresh.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, /security token included in the request is invalid/);
  fakeNow += DELAY - 1;
  await fails(asFresh.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, /invalid/);
  fakeNow += 1;
  const who = await asFresh.send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:iam::${ACCT}:user/fresh`);
});

test('a trust policy cannot name a user created a moment ago', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'newcomer' }));
  const arn = `arn:aws:iam::${ACCT}:user/newcomer`;
  const create = () => iam.send(new CreateRoleCommand({ RoleName: 'for-newcomer', AssumeRolePolicyDocument: trust(arn) }));
  await fails(create(), 'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${arn}"`);
  fakeNow += DELAY;
  const out = await create();
  assert.equal(out.Role!.RoleName, 'for-newcomer');
});

test('a new role cannot be assumed until the delay has passed; UpdateAssumeRolePolicy restarts it', async () => {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'slow-role', AssumeRolePolicyDocument: trust(`arn:aws:iam::${ACCT}:root`) }));
  const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'try' }));
  const denied = `User: arn:aws:iam::${ACCT}:user/workshop-admin is not authorized to perform: sts:AssumeRole on resource: ${Role!.Arn}`;
  await fails(assume(), 'AccessDenied', 403, denied);
  fakeNow += DELAY;
  assert.match((await assume()).Credentials!.AccessKeyId!, /^ASIA/);
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'slow-role', PolicyDocument: trust(`arn:aws:iam::${ACCT}:user/workshop-admin`) }));
  await fails(assume(), 'AccessDenied', 403, denied);
  fakeNow += DELAY;
  await assume();
});

test('without the option, new keys work at once', async () => {
  const plain = await withSandbox();
  try {
    const creds = await userWithKey(new IAMClient(plain.config()), 'instant');
    const who = await new STSClient(plain.config(creds)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${ACCT}:user/instant`);
  } finally {
    await plain.close();
  }
});
