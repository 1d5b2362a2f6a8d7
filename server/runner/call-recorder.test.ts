import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import type { StepEvent } from '../../src/lessons/events.ts';
import { withSandbox } from '../../tests/support/sandbox.ts';
import { createCallRecorder, signedRequest } from './call-recorder.ts';

type CallEvent = Extract<StepEvent, { type: 'call' }>;

const sandbox = await withSandbox();
after(() => sandbox.close());
const admin = sandbox.admins[0];

function recorded() {
  const calls: CallEvent[] = [];
  const recorder = createCallRecorder({
    onCall: (event) => calls.push(event),
    onLog: () => {},
    registerSecret: () => {},
    signal: new AbortController().signal,
    now: () => performance.now(),
    ownAccessKeyId: admin.accessKeyId,
    ownPrincipal: admin.userArn,
  });
  const config = (credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => ({
    ...sandbox.config(credentials),
    logger: recorder.logger,
    requestHandler: recorder.requestHandler,
  });
  return { calls, config };
}

test('failed calls carry the status of their last response', async () => {
  const { calls, config } = recorded();
  await assert.rejects(new IAMClient(config()).send(new GetRoleCommand({ RoleName: 'no-such-role' })));
  assert.equal(calls[0].error?.name, 'NoSuchEntityException');
  assert.equal(calls[0].httpStatus, 404);
  assert.deepEqual(calls[0].signer, { accessKeyId: admin.accessKeyId, kind: 'notebook', principal: admin.userArn }, "the notebook's own principal, without a GetCallerIdentity first");
  await assert.rejects(new S3Client(config({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x'.repeat(40) })).send(new ListBucketsCommand({})));
  assert.equal(calls[1].httpStatus, 403);
  assert.deepEqual(calls[1].signer, { accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', kind: 'access-key' });
});

test('a call event carries the HTTP status, the signer, the region and the sandbox endpoint', async () => {
  const { calls, config } = recorded();
  await new STSClient(config()).send(new GetCallerIdentityCommand({}));
  const [call] = calls;
  assert.equal(call.httpStatus, 200);
  assert.deepEqual(call.signer, { accessKeyId: admin.accessKeyId, kind: 'notebook', principal: admin.userArn });
  assert.equal(call.region, 'us-east-1');
  assert.equal(call.endpoint, sandbox.url);
});

test('a role session is named by the AssumeRole answer that issued it, in later runs too', async () => {
  const first = recorded();
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });
  const role = await new IAMClient(first.config()).send(new CreateRoleCommand({ RoleName: 'recorder-test-role', AssumeRolePolicyDocument: trust }));
  const out = await new STSClient(first.config()).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'inspector' }));
  const creds = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  const later = recorded();
  await assert.rejects(new IAMClient(later.config(creds)).send(new GetRoleCommand({ RoleName: 'recorder-test-role' })));
  assert.deepEqual(later.calls[0].signer, {
    accessKeyId: creds.accessKeyId,
    kind: 'temporary',
    principal: 'arn:aws:sts::123456789012:assumed-role/recorder-test-role/inspector',
  });
  assert.equal(later.calls[0].httpStatus, 403);
});

test('signedRequest reads the credential scope and leaves AWS endpoints out', () => {
  const auth = 'AWS4-HMAC-SHA256 Credential=ASIAQWERTYUIOPASDFGH/20300101/eu-west-1/sts/aws4_request, SignedHeaders=host, Signature=abc';
  assert.deepEqual(signedRequest({ protocol: 'https:', hostname: 'sts.eu-west-1.amazonaws.com', headers: { authorization: auth } }), {
    signer: { accessKeyId: 'ASIAQWERTYUIOPASDFGH', kind: 'temporary' },
    region: 'eu-west-1',
  });
  assert.deepEqual(signedRequest({ protocol: 'http:', hostname: '127.0.0.1', port: 4566, headers: {} }), { endpoint: 'http://127.0.0.1:4566' });
  assert.equal(signedRequest({ protocol: 'http:', hostname: '::1', port: 4566, headers: {} }).endpoint, 'http://[::1]:4566');
});
