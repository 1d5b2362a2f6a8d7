/**
 * The sandbox's own controls (signed `sandbox` service): AgeCredentials expires one session and
 * nothing else; AdvanceClock moves the whole clock; both need an administrator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
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
