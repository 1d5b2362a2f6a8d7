/**
 * Authorization cannot be skipped: every operation of every service the sandbox serves (read
 * from the services table, so a new operation is swept without editing this file) is sent, as
 * its declaration's example, by a caller without any permission: the answer is the service's
 * own denial (AccessDenied in the IAM/STS wording or S3's, a HEAD's bare 403, EC2's
 * UnauthorizedOperation with its encoded authorization failure message), naming the declared
 * action, and the sandbox is exactly as it was (store, clock and fault settings compared whole). The examples name a world built here with the administrator's SDK clients.
 * The operations AWS lets any caller perform are a known, short list, and they do work. The
 * operations AWS takes unsigned (their token or assertion is the credential) are sent with a
 * real one from the sandbox's identity providers, for a role whose trust policy does not name
 * that provider: AWS's fixed AccessDenied, and nothing changes.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as iamSdk from '@aws-sdk/client-iam';
import * as s3Sdk from '@aws-sdk/client-s3';
import * as stsSdk from '@aws-sdk/client-sts';
import { SERVICES } from '../server/sandbox/services/index.ts';
import { needsPermission, type Operation } from '../server/sandbox/services/operation.ts';
import { iamSandbox, trustFor, userWithKey, ACCT } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';
import { signedFetch } from './support/signed-fetch.ts';
import { anonymousSts, mintAssertion, mintToken } from './support/identity.ts';

/** What AWS lets every signed caller do, whatever its policies say. */
const NO_PERMISSION = ['sandbox:GetClock', 'sts:GetCallerIdentity', 'sts:GetSessionToken'];

const SDKS: Record<string, { client: new (config: object) => { send(command: unknown): Promise<unknown> }; module: Record<string, unknown> }> = {
  sts: { client: stsSdk.STSClient, module: stsSdk },
  iam: { client: iamSdk.IAMClient, module: iamSdk },
  s3: { client: s3Sdk.S3Client, module: s3Sdk },
  ec2: { client: ec2Sdk.EC2Client, module: ec2Sdk },
};

/** How each denial style refuses: its code, and what its message says before `User: …`. */
const DENIAL: Record<string, { code: string; before: string; after: string }> = {
  ec2: { code: 'UnauthorizedOperation', before: 'You are not authorized to perform this operation\\. ', after: '\\. Encoded authorization failure message: [\\w-]+$' },
};
const DEFAULT_DENIAL = { code: 'AccessDenied', before: '', after: '' };

const { sandbox, iam } = await iamSandbox();
let nobody: Creds;

const everyOperation = Object.values(SERVICES).flatMap((service) =>
  Object.entries(service.operations).map(([name, operation]) => ({ service: service.name, denial: service.denial, name, operation: operation as Operation })),
);

before(async () => {
  // The example world (services/operation.ts): alice, reader, the example policy, alice-mfa, example-bucket.
  const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
  const tags = [{ Key: 'team', Value: 'example' }];
  await userWithKey(iam, 'alice');
  await iam.send(new iamSdk.TagUserCommand({ UserName: 'alice', Tags: tags }));
  await iam.send(new iamSdk.PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'inline', PolicyDocument: document }));
  await iam.send(new iamSdk.AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: readOnly }));
  await iam.send(new iamSdk.CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)), Tags: tags }));
  await iam.send(new iamSdk.PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'inline', PolicyDocument: document }));
  await iam.send(new iamSdk.AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: readOnly }));
  await iam.send(new iamSdk.CreatePolicyCommand({ PolicyName: 'example', PolicyDocument: document, Tags: tags }));
  await iam.send(new iamSdk.CreatePolicyVersionCommand({ PolicyArn: `arn:aws:iam::${ACCT}:policy/example`, PolicyDocument: document }));
  await iam.send(new iamSdk.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-mfa', Tags: tags }));
  const s3 = new s3Sdk.S3Client(sandbox.config());
  await s3.send(new s3Sdk.CreateBucketCommand({ Bucket: 'example-bucket' }));
  await s3.send(new s3Sdk.PutObjectCommand({ Bucket: 'example-bucket', Key: 'example.txt', Body: 'example' }));
  await iam.send(new iamSdk.CreateOpenIDConnectProviderCommand({ Url: 'https://sts-workshop.invalid/oidc', ClientIDList: ['sts.amazonaws.com'], Tags: tags }));
  const metadata = await (await fetch(`${sandbox.url}/saml/metadata`)).text();
  await iam.send(new iamSdk.CreateSAMLProviderCommand({ Name: 'example-idp', SAMLMetadataDocument: metadata, Tags: tags }));
  nobody = await userWithKey(iam, 'nobody');
});

/** For the operations AWS takes unsigned: a real token or assertion replacing the example's placeholder. */
const FEDERATED_CREDENTIAL: Record<string, () => Promise<Record<string, unknown>>> = {
  AssumeRoleWithWebIdentity: async () => ({ WebIdentityToken: await mintToken(sandbox, { sub: 'example', aud: 'sts.amazonaws.com' }) }),
  AssumeRoleWithSAML: async () => ({
    SAMLAssertion: await mintAssertion(sandbox, { Subject: 'example', Roles: [`arn:aws:iam::${ACCT}:role/reader,arn:aws:iam::${ACCT}:saml-provider/example-idp`], RoleSessionName: 'example' }),
  }),
};

/** The whole sandbox as plain data; a key's last-used time (authentication writes it) left out. */
function snapshot(): string {
  const { store, clock, options } = sandbox.state;
  return JSON.stringify({ store, offset: clock.offset(), faults: options.faults.settings }, (key, value) => {
    if (key === 'lastUsed') return undefined;
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof Set) return [...value];
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
    return value;
  });
}

/** Sends the example with the service's SDK client, or as a signed query to the sandbox's own service. */
async function send(service: string, name: string, example: Record<string, unknown>, credentials: Creds) {
  const sdk = SDKS[service];
  if (sdk) {
    const Command = sdk.module[`${name}Command`] as new (input: object) => unknown;
    assert.ok(Command, `the SDK has ${name}Command`);
    const client = new sdk.client(sandbox.config(credentials));
    return client.send(new Command(example)).then(
      () => ({ status: 200, code: undefined, message: '' }),
      (e: { name: string; message: string; $metadata: { httpStatusCode: number } }) => ({ status: e.$metadata.httpStatusCode, code: e.name, message: e.message }),
    );
  }
  const params = Object.entries(example).flatMap(([key, value]) =>
    Array.isArray(value) ? value.map((item, i) => `${key}.member.${i + 1}=${encodeURIComponent(String(item))}`) : [`${key}=${encodeURIComponent(String(value))}`],
  );
  const response = await signedFetch({ url: sandbox.url, service: service as 'sandbox', body: ['Version=2026-11-01', `Action=${name}`, ...params].join('&'), credentials });
  const text = await response.text();
  return { status: response.status, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '' };
}

test('only the operations AWS lets every caller perform are declared without a permission', () => {
  const free = everyOperation.filter(({ operation }) => !needsPermission(operation.access)).map(({ operation }) => operation.access.action);
  assert.deepEqual(free.sort(), NO_PERMISSION);
  // STS, IAM and the sandbox's own service name their actions after their operations.
  for (const { service, name, operation } of everyOperation) {
    if (service !== 's3') assert.equal(operation.access.action, `${service}:${name}`);
  }
});

test('a caller without any permission may still perform those', async () => {
  for (const { service, name, operation } of everyOperation.filter(({ operation }) => !needsPermission(operation.access))) {
    const answer = await send(service, name, operation.example, nobody);
    assert.equal(answer.status, 200, `${service}:${name}: ${answer.code} ${answer.message}`);
  }
});

for (const { name, operation } of everyOperation.filter(({ operation }) => operation.unsigned !== undefined)) {
  test(`sts ${name}, unsigned, for a role that does not trust the provider: AccessDenied, and nothing changes`, async () => {
    const credential = FEDERATED_CREDENTIAL[name];
    assert.ok(credential, `the sweep knows how to make ${name}'s token or assertion`);
    const example = { ...operation.example, ...(await credential()) };
    const before = snapshot();
    const Command = stsSdk[`${name}Command` as keyof typeof stsSdk] as new (input: object) => never;
    const error = await anonymousSts(sandbox).send(new Command(example)).then(() => undefined, (e) => e);
    assert.equal(error?.$metadata?.httpStatusCode, 403, `${error?.name}: ${error?.message}`);
    assert.equal(error.name, 'AccessDenied');
    assert.equal(error.message, `Not authorized to perform ${operation.access.action}`);
    assert.equal(snapshot(), before, 'the sandbox is exactly as it was');
  });
}

for (const { service, denial, name, operation } of everyOperation.filter(({ operation }) => needsPermission(operation.access) && operation.unsigned === undefined)) {
  const expected = DENIAL[denial] ?? DEFAULT_DENIAL;
  test(`${service} ${name} without permission: ${expected.code}, and nothing changes`, async () => {
    const before = snapshot();
    const answer = await send(service, name, operation.example, nobody);
    assert.equal(answer.status, 403, `${answer.code}: ${answer.message}`);
    // A HEAD answer carries no body: its status is all S3 says (the SDK cannot name the code).
    if (!name.startsWith('Head')) {
      assert.equal(answer.code, expected.code);
      const who = `User: arn:aws:iam::${ACCT}:user/nobody is not authorized to perform: ${operation.access.action}`;
      assert.match(answer.message, new RegExp(`^${expected.before}${who}( |$)`));
      if (expected.after) assert.match(answer.message, new RegExp(expected.after));
    }
    assert.equal(snapshot(), before, 'the sandbox is exactly as it was');
  });
}
