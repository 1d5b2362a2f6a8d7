/**
 * The sandbox's own controls (signed `sandbox` service): AgeCredentials expires one session and
 * nothing else; AdvanceClock moves the whole clock; both need an administrator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { closeAccount, openAccount, partnerAccount } from '../server/sandbox/accounts.ts';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { iamSandbox, credsOf } from './support/iam.ts';
import { signedFetch } from './support/signed-fetch.ts';

const { sandbox, iam } = await iamSandbox();
const admin = { accessKeyId: sandbox.admins[0].accessKeyId, secretAccessKey: sandbox.admins[0].secretAccessKey };
const control = (body: string, credentials = admin) =>
  signedFetch({ url: sandbox.url, service: 'sandbox', body: `Version=2026-11-01&${body}`, credentials });

test('AgeCredentials expires one session and leaves the others and the clock alone', async () => {
  const sts = new STSClient(sandbox.config());
  const aged = credsOf(await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
  const other = credsOf(await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
  const response = await control(`Action=AgeCredentials&AccessKeyId=${aged.accessKeyId}&Seconds=901`);
  assert.equal(response.status, 200, await response.clone().text());
  assert.match(await response.text(), /<AgeCredentialsResult><AccessKeyId>ASIA/);
  await assert.rejects(new STSClient(sandbox.config(aged)).send(new GetCallerIdentityCommand({})), (e: any) => e.name === 'ExpiredToken');
  assert.ok((await new STSClient(sandbox.config(other)).send(new GetCallerIdentityCommand({}))).Arn);
  assert.match(await (await control('Action=GetClock')).text(), /<OffsetSeconds>0<\/OffsetSeconds>/);
});

test('AgeCredentials refuses unknown keys and non-administrators', async () => {
  const unknown = await control('Action=AgeCredentials&AccessKeyId=ASIAZZZZZZZZZZZZZZZZ&Seconds=10');
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /<Code>NoSuchEntity<\/Code>/);
  await iam.send(new CreateUserCommand({ UserName: 'plain' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'plain' }))).AccessKey!;
  const denied = await control('Action=AdvanceClock&Seconds=10', { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  assert.equal(denied.status, 403);
  assert.match(await denied.text(), /not authorized to perform: sandbox:AdvanceClock/);
  const missing = await control('Action=AgeCredentials&Seconds=10');
  assert.equal(missing.status, 400);
  assert.match(await missing.text(), /Value null at 'accessKeyId' failed/, 'apostrophes stay raw, as AWS sends them');
});

test('AdvanceClock moves the whole sandbox clock', async () => {
  const response = await control('Action=AdvanceClock&Seconds=60');
  assert.equal(response.status, 200);
  assert.match(await response.text(), /<OffsetSeconds>60<\/OffsetSeconds>/);
  assert.match(await (await control('Action=GetClock')).text(), /<OffsetSeconds>60<\/OffsetSeconds>/);
});

test('what every account shares (the clock, the faults) only the accounts the sandbox started with may change', async () => {
  const learner = openAccount(sandbox.state, () => '555555555555');
  const learnerAdmin = { accessKeyId: learner.accessKeyId, secretAccessKey: learner.secretAccessKey };
  const clock = sandbox.state.clock.now();
  for (const body of ['Action=AdvanceClock&Seconds=3600', 'Action=SetFaults&Rate=1&Seed=1']) {
    const refused = await control(body, learnerAdmin);
    assert.equal(refused.status, 403, body);
    assert.match(await refused.text(), /User: arn:aws:iam::555555555555:user\/workshop-admin is not authorized to perform: sandbox:(AdvanceClock|SetFaults): every account shares/);
  }
  assert.ok(sandbox.state.clock.now() - clock < 60_000, 'the clock did not move');
  assert.equal(sandbox.state.options.faults.settings.rate, 0, 'no faults were set');
  // A partner account's administrator (OrganizationAccountAccessRole) neither.
  const partner = partnerAccount(sandbox.state, sandbox.admins[0].accountId, () => '666666666666')!;
  const session = credsOf(await new STSClient(sandbox.config()).send(new AssumeRoleCommand({ RoleArn: partner.roleArn, RoleSessionName: 'partner-admin' })));
  assert.equal((await control('Action=AdvanceClock&Seconds=60', session)).status, 403);
  // What is the learner's own stays theirs: their clock reading and partner account.
  assert.equal((await control('Action=GetClock', learnerAdmin)).status, 200);
  assert.equal((await control('Action=GetPartnerAccount', learnerAdmin)).status, 200);
  closeAccount(sandbox.state, learner.accountId);
});
