/**
 * The simulated IAM eventual consistency (aws-wire-protocol.md §14), with a propagation delay of
 * 2 s and an injected clock: control-plane reads see new entities at once, while a new key gets
 * InvalidClientTokenId, a new role cannot be assumed, and a trust policy cannot name a new user
 * until the delay has passed; UpdateAssumeRolePolicy restarts the role's delay. Without the
 * option, everything is usable at once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetUserCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClock } from '../server/sandbox/clock.ts';
import { withSandbox } from './support/sandbox.ts';

const DELAY = 2000;
const ACCT = '123456789012';
let fakeNow = Date.now();
let sandbox: Awaited<ReturnType<typeof withSandbox>>;
let iam: IAMClient;
let sts: STSClient;

before(async () => {
  sandbox = await withSandbox({ clock: createClock(() => fakeNow), options: { propagationDelayMs: DELAY } });
  iam = new IAMClient(sandbox.config());
  sts = new STSClient(sandbox.config());
});
after(() => sandbox.close());

async function fails(promise: Promise<unknown>, code: string, status: number, message: string | RegExp) {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.Code, code);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

const trustFor = (aws: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }] });

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
  const create = () => iam.send(new CreateRoleCommand({ RoleName: 'for-newcomer', AssumeRolePolicyDocument: trustFor(arn) }));
  await fails(create(), 'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${arn}"`);
  fakeNow += DELAY;
  const out = await create();
  assert.equal(out.Role!.RoleName, 'for-newcomer');
});

test('a new role cannot be assumed until the delay has passed; UpdateAssumeRolePolicy restarts it', async () => {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'slow-role', AssumeRolePolicyDocument: trustFor(`arn:aws:iam::${ACCT}:root`) }));
  const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'try' }));
  const denied = `User: arn:aws:iam::${ACCT}:user/workshop-admin is not authorized to perform: sts:AssumeRole on resource: ${Role!.Arn}`;
  await fails(assume(), 'AccessDenied', 403, denied);
  fakeNow += DELAY;
  assert.match((await assume()).Credentials!.AccessKeyId!, /^ASIA/);
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'slow-role', PolicyDocument: trustFor(`arn:aws:iam::${ACCT}:user/workshop-admin`) }));
  await fails(assume(), 'AccessDenied', 403, denied);
  fakeNow += DELAY;
  await assume();
});

test('without the option, new keys work at once', async () => {
  const plain = await withSandbox();
  try {
    const plainIam = new IAMClient(plain.config());
    await plainIam.send(new CreateUserCommand({ UserName: 'instant' }));
    const { AccessKey } = await plainIam.send(new CreateAccessKeyCommand({ UserName: 'instant' }));
    const who = await new STSClient(plain.config({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! })).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${ACCT}:user/instant`);
  } finally {
    await plain.close();
  }
});
