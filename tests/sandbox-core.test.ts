/**
 * The sandbox's pipeline driven by the real SDK v3 STS client: GetCallerIdentity succeeds for
 * the seeded admin; a wrong secret, an unknown key, a skewed clock and a malformed body get
 * AWS's codes, statuses and messages; responses carry AWS's request-id headers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { withSandbox } from './support/sandbox.ts';

let sandbox: Awaited<ReturnType<typeof withSandbox>>;
before(async () => {
  sandbox = await withSandbox();
});
after(() => sandbox.close());

test('GetCallerIdentity returns the seeded admin user', async () => {
  const sts = new STSClient(sandbox.config());
  const out = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(out.Account, '123456789012');
  assert.equal(out.Arn, 'arn:aws:iam::123456789012:user/workshop-admin');
  assert.match(out.UserId!, /^AIDA[A-Z2-7]{17}$/);
  assert.match(out.$metadata.requestId!, /^[0-9a-f-]{36}$/);
});

test('a wrong secret gets SignatureDoesNotMatch (403)', async () => {
  const admin = sandbox.admins[0];
  const sts = new STSClient(sandbox.config({ accessKeyId: admin.accessKeyId, secretAccessKey: 'x'.repeat(40) }));
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e: any) => {
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.match(e.message, /^The request signature we calculated does not match the signature you provided/);
    return true;
  });
});

test('an unknown key gets InvalidClientTokenId (403)', async () => {
  const sts = new STSClient(sandbox.config({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x'.repeat(40) }));
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e: any) => {
    assert.equal(e.name, 'InvalidClientTokenId');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.equal(e.message, 'The security token included in the request is invalid.');
    return true;
  });
});

test('an unsigned request gets MissingAuthenticationToken in the query error envelope', async () => {
  const res = await fetch(sandbox.url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  assert.equal(res.status, 403);
  assert.ok(res.headers.get('x-amzn-requestid'));
  const text = await res.text();
  assert.match(text, /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
});

test('a request with a foreign Host header is refused', async () => {
  const res = await fetch(sandbox.url + '/', { headers: { host: 'evil.example:80' } }).catch(() => undefined);
  // fetch may refuse to override Host; when it does send it, the sandbox must refuse it.
  if (res) assert.equal(res.status, 403);
});

test('IAM words InvalidClientTokenId without the final period, as real IAM does', async () => {
  const { IAMClient, ListUsersCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient(sandbox.config({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x'.repeat(40) }));
  await assert.rejects(iam.send(new ListUsersCommand({})), (e: any) => e.name === 'InvalidClientTokenId' && e.message === 'The security token included in the request is invalid');
});

test('an absolute-form request target naming another host is refused', async () => {
  const { request } = await import('node:http');
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sandbox.port, method: 'GET', path: 'http://evil.test/federation', headers: { host: `127.0.0.1:${sandbox.port}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 403);
});

test('the signature covers the body: a signed request replayed with another body is refused', async () => {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Sha256 } = await import('@smithy/core/checksum');
  const admin = sandbox.admins[0];
  const url = new URL(sandbox.url);
  const signer = new SignatureV4({ credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey }, region: 'us-east-1', service: 'iam', sha256: Sha256 });
  const body = 'Action=ListUsers&Version=2010-05-08';
  const { createHash } = await import('node:crypto');
  const signed = await signer.sign({
    method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded', 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
    body,
  });
  const headers = signed.headers as Record<string, string>;
  const ok = await fetch(sandbox.url + '/', { method: 'POST', headers, body });
  assert.equal(ok.status, 200);
  const tampered = await fetch(sandbox.url + '/', { method: 'POST', headers, body: 'Action=CreateUser&UserName=pwned&Version=2010-05-08' });
  assert.equal(tampered.status, 403);
  assert.match(await tampered.text(), /SignatureDoesNotMatch/);
  await assert.rejects(new IAMClient(sandbox.config()).send(new GetUserCommand({ UserName: 'pwned' })), (e: Error) => e.name === 'NoSuchEntityException' || e.name === 'NoSuchEntity');
});

test('a request naming no key the sandbox issued is refused without reading a large body', async () => {
  const big = new Uint8Array(2 * 1024 * 1024);
  const res = await fetch(sandbox.url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAZZZZZZZZZZZZZZZZ/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64) },
    body: big,
  });
  assert.equal(res.status, 413);
  const unsigned = await fetch(sandbox.url + '/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
  assert.equal(unsigned.status, 413);
});
