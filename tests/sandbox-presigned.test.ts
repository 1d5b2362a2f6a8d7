/**
 * Presigned requests (SigV4 in the query string), as users make them: an S3 GET presigned with
 * @aws-sdk/s3-request-presigner works with plain fetch, also with session credentials
 * (X-Amz-Security-Token); tampered, it gets S3's SignatureDoesNotMatch; expired, AccessDenied
 * "Request has expired" with X-Amz-Expires, Expires and ServerTime; with X-Amz-Expires over a week,
 * AuthorizationQueryParametersError. A presigned STS GetCallerIdentity, built the way Vault's AWS
 * auth and aws-iam-authenticator build it (@smithy/signature-v4's presign, the `x-k8s-aws-id`
 * header signed, the EKS token `k8s-aws-v1.` + base64url of the URL), tells a third party who
 * signed it, and only for 15 minutes, as STS does. `aws s3 presign` URLs work too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { ACCT, credsOf, iamSandbox, trustFor } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';

const { sandbox, iam } = await iamSandbox();
const admin: Creds = { accessKeyId: sandbox.admins[0].accessKeyId, secretAccessKey: sandbox.admins[0].secretAccessKey };
const s3 = new S3Client(sandbox.config());
await s3.send(new PutObjectCommand({ Bucket: `workshop-data-${ACCT}`, Key: 'notes/hello world.txt', Body: 'hello, presigned' }));
const object = new GetObjectCommand({ Bucket: `workshop-data-${ACCT}`, Key: 'notes/hello world.txt' });

const code = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

test('a presigned S3 GET works with plain fetch, also with session credentials', async () => {
  const url = await getSignedUrl(s3, object, { expiresIn: 300 });
  assert.match(url, /X-Amz-Signature=[0-9a-f]{64}/);
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'hello, presigned');

  await iam.send(new CreateRoleCommand({ RoleName: 'presigner', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'presigner', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  const session = credsOf(await new STSClient(sandbox.config()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/presigner`, RoleSessionName: 'presigned' })));
  const sessionUrl = await getSignedUrl(new S3Client(sandbox.config(session)), object, { expiresIn: 300 });
  assert.match(sessionUrl, /X-Amz-Security-Token=/);
  const bySession = await fetch(sessionUrl);
  assert.equal(bySession.status, 200, await bySession.clone().text());
  // The session's policies still apply: it may read, not write.
  const put = await getSignedUrl(new S3Client(sandbox.config(session)), new PutObjectCommand({ Bucket: `workshop-data-${ACCT}`, Key: 'x.txt' }), { expiresIn: 300 });
  const refused = await fetch(put, { method: 'PUT', body: 'no' });
  assert.equal(refused.status, 403);
  assert.equal(code(await refused.text()), 'AccessDenied');
});

test('a tampered presigned URL gets SignatureDoesNotMatch in S3 XML', async () => {
  const url = new URL(await getSignedUrl(s3, object, { expiresIn: 300 }));
  const other = new URL(url);
  other.pathname = other.pathname.replace('hello', 'hullo');
  const response = await fetch(other);
  assert.equal(response.status, 403);
  const xml = await response.text();
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated does not match the signature you provided\. Check your key and signing method\.<\/Message>/);
  const longer = new URL(url);
  longer.searchParams.set('X-Amz-Expires', '3600');
  assert.equal(code(await (await fetch(longer)).text()), 'SignatureDoesNotMatch');
});

test('an expired presigned URL gets AccessDenied "Request has expired" as S3 words it', async () => {
  const signingDate = new Date(Date.now() - 2 * 3600_000);
  const url = await getSignedUrl(s3, object, { expiresIn: 60, signingDate });
  const response = await fetch(url);
  assert.equal(response.status, 403);
  const xml = await response.text();
  assert.equal(code(xml), 'AccessDenied');
  assert.equal(element(xml, 'Message'), 'Request has expired');
  assert.equal(element(xml, 'X-Amz-Expires'), '60');
  assert.equal(element(xml, 'Expires'), new Date(Math.floor(signingDate.getTime() / 1000) * 1000 + 60_000).toISOString().replace('.000Z', 'Z'));
  assert.ok(Math.abs(new Date(element(xml, 'ServerTime')!).getTime() - Date.now()) < 5000);
  assert.match(xml, /<ServerTime>[^<]+<\/ServerTime><RequestId>/);
});

test('X-Amz-Expires over a week is refused before the signature is read', async () => {
  const url = new URL(await getSignedUrl(s3, object, { expiresIn: 604800 }));
  assert.equal((await fetch(url)).status, 200);
  url.searchParams.set('X-Amz-Expires', '604801');
  const response = await fetch(url);
  assert.equal(response.status, 400);
  const xml = await response.text();
  assert.equal(code(xml), 'AuthorizationQueryParametersError');
  assert.equal(element(xml, 'Message'), 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
  const partial = new URL(url);
  partial.searchParams.delete('X-Amz-Date');
  assert.equal(code(await (await fetch(partial)).text()), 'AuthorizationQueryParametersError');
});

/** A presigned GetCallerIdentity as aws-iam-authenticator and Vault make it: GET, x-k8s-aws-id signed. */
async function presignedCallerIdentity(creds: Creds, options: { signingDate?: Date; cluster?: string } = {}): Promise<string> {
  const endpoint = new URL(sandbox.url);
  const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'sts', sha256: Sha256 });
  const signed = await signer.presign(
    {
      method: 'GET', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: endpoint.host, 'x-k8s-aws-id': options.cluster ?? 'workshop-cluster' },
    },
    { expiresIn: 60, signingDate: options.signingDate },
  );
  const query = Object.entries(signed.query!).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  return `${sandbox.url}/?${query}`;
}

/** What the verifying party (the EKS control plane, Vault) does with the token. */
async function verify(token: string, cluster = 'workshop-cluster'): Promise<Response> {
  assert.ok(token.startsWith('k8s-aws-v1.'));
  const url = Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString();
  return fetch(url, { headers: { 'x-k8s-aws-id': cluster } });
}

const token = (url: string) => `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;

test('a presigned GetCallerIdentity tells a third party who signed it (the EKS token)', async () => {
  const response = await verify(token(await presignedCallerIdentity(admin)));
  const xml = await response.text();
  assert.equal(response.status, 200, xml);
  assert.match(xml, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>/);
  assert.equal(element(xml, 'Arn'), sandbox.admins[0].userArn);
  assert.equal(element(xml, 'Account'), ACCT);

  const session = credsOf(await new STSClient(sandbox.config()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/presigner`, RoleSessionName: 'eks-user' })));
  const bySession = await (await verify(token(await presignedCallerIdentity(session)))).text();
  assert.equal(element(bySession, 'Arn'), `arn:aws:sts::${ACCT}:assumed-role/presigner/eks-user`);
});

test('the presigned GetCallerIdentity is bound to its signed header and lives 15 minutes, as on STS', async () => {
  const otherCluster = await verify(token(await presignedCallerIdentity(admin)), 'another-cluster');
  assert.equal(otherCluster.status, 403);
  assert.equal(code(await otherCluster.text()), 'SignatureDoesNotMatch');

  // STS ignores X-Amz-Expires: 14 minutes old still works, 16 minutes old is expired.
  const fresh = await verify(token(await presignedCallerIdentity(admin, { signingDate: new Date(Date.now() - 14 * 60_000) })));
  assert.equal(fresh.status, 200);
  const stale = await verify(token(await presignedCallerIdentity(admin, { signingDate: new Date(Date.now() - 16 * 60_000) })));
  assert.equal(stale.status, 403);
  const xml = await stale.text();
  assert.match(xml, /<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: \d{8}T\d{6}Z is now earlier than/);
});

const hasCli = spawnSync('aws', ['--version']).status === 0;
// The CLI presigns with SigV2 (AWSAccessKeyId, Signature, Expires) unless told s3v4; the sandbox
// verifies SigV4 only, so the test's config file says s3v4, as a profile would.
test('an `aws s3 presign` URL (s3v4) works with plain fetch', { skip: !hasCli && 'no AWS CLI on this machine (apt-get install awscli)' }, async () => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const config = join(mkdtempSync(join(tmpdir(), 'presign-')), 'config');
  writeFileSync(config, '[default]\ns3 =\n    signature_version = s3v4\n');
  const out = spawnSync('aws', ['s3', 'presign', `s3://workshop-data-${ACCT}/notes/hello world.txt`, '--expires-in', '120', '--endpoint-url', sandbox.url], {
    encoding: 'utf8',
    env: { ...clean, AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  assert.equal(out.status, 0, out.stderr);
  const response = await fetch(out.stdout.trim());
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(await response.text(), 'hello, presigned');
});
