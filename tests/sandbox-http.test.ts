/**
 * The sandbox's listener, served from node:http directly (server/sandbox/app.ts), on the wire:
 * a malformed Authorization header is IncompleteSignature in the envelope the request's shape
 * suggests (IAM, STS or S3); answers carry their length and type, a HEAD error none of its body;
 * a chunked body is verified like a sized one, and one over the limit gets 413 on a connection
 * that stays usable; a signed request to an extras path (a bucket named `console`) is the
 * pipeline's while the unsigned one is the console's; a foreign Host gets 403 before anything.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { withSandbox } from './support/sandbox.ts';

let sandbox: Awaited<ReturnType<typeof withSandbox>>;
before(async () => {
  sandbox = await withSandbox();
});
after(() => sandbox.close());

interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  chunks?: (string | Uint8Array)[];
  agent?: Agent;
}

function send({ method = 'POST', path = '/', headers = {}, chunks = [], agent }: Sent): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sandbox.port, method, path, headers: { host: `127.0.0.1:${sandbox.port}`, ...headers }, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

async function signedHeaders(service: string, body: string, path = '/', method = 'POST'): Promise<Record<string, string>> {
  const admin = sandbox.admins[0];
  const signer = new SignatureV4({ credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey }, region: 'us-east-1', service, sha256: Sha256 });
  const host = `127.0.0.1:${sandbox.port}`;
  const signed = await signer.sign({ method, protocol: 'http:', hostname: '127.0.0.1', port: sandbox.port, path, headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, body });
  return signed.headers as Record<string, string>;
}

test('a malformed Authorization header is IncompleteSignature in the envelope the request looks like', async () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 nonsense' };
  const iam = await send({ headers: form, chunks: ['Action=ListUsers&Version=2010-05-08'] });
  assert.equal(iam.status, 400);
  assert.match(iam.body, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>IncompleteSignature<\/Code>/);
  const sts = await send({ headers: form, chunks: ['Action=GetCallerIdentity&Version=2011-06-15'] });
  assert.match(sts.body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
  const s3 = await send({ method: 'GET', path: '/some-bucket', headers: { authorization: 'AWS4-HMAC-SHA256 nonsense' } });
  assert.equal(s3.status, 400);
  assert.match(s3.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>IncompleteSignature<\/Code>/);
  assert.ok(s3.headers['x-amz-request-id'] && s3.headers['x-amz-id-2']);
});

test('answers carry their length, type, request id and date; a HEAD error carries no body', async () => {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const ok = await send({ headers: await signedHeaders('sts', body), chunks: [body] });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['content-length'], String(Buffer.byteLength(ok.body)));
  assert.equal(ok.headers['content-type'], 'text/xml');
  assert.match(String(ok.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
  assert.ok(!Number.isNaN(Date.parse(String(ok.headers.date))));
  const head = await send({ method: 'HEAD', path: '/no-such-bucket' });
  assert.equal(head.status, 403);
  assert.equal(head.body, '');
});

test('a chunked body is verified like a sized one; over the limit it gets 413 and the connection goes on', async () => {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const chunked = await send({ headers: { ...(await signedHeaders('sts', body)), 'transfer-encoding': 'chunked' }, chunks: [body.slice(0, 10), body.slice(10)], agent });
    assert.equal(chunked.status, 200, chunked.body);
    assert.match(chunked.body, /<GetCallerIdentityResult>/);
    const unknownKey = 'AWS4-HMAC-SHA256 Credential=AKIAZZZZZZZZZZZZZZZZ/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64);
    const big = await send({ headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: unknownKey, 'transfer-encoding': 'chunked' }, chunks: ['x'.repeat(40_000), 'y'.repeat(40_000)], agent });
    assert.equal(big.status, 413);
    assert.equal(big.body, 'Request entity too large');
    const after413 = await send({ headers: await signedHeaders('sts', body), chunks: [body], agent });
    assert.equal(after413.status, 200);
  } finally {
    agent.destroy();
  }
});

test('a signed request to /console is S3 (a bucket named console); an unsigned one is the console', async () => {
  const signed = await send({ method: 'PUT', path: '/console', headers: await signedHeaders('s3', '', '/console', 'PUT') });
  assert.equal(signed.status, 200, signed.body);
  assert.ok(signed.headers['x-amz-request-id']);
  const page = await send({ method: 'GET', path: '/console/' });
  assert.equal(page.headers['x-amz-request-id'], undefined);
  assert.match(String(page.headers['content-security-policy']), /default-src/);
});

test('a foreign Host is refused before anything else', async () => {
  const refused = await send({ method: 'GET', path: '/oidc/jwks', headers: { host: 'evil.test' } });
  assert.equal(refused.status, 403);
  assert.equal(refused.body, 'Forbidden: unknown Host header');
  assert.equal(refused.headers['content-type'], 'text/plain; charset=UTF-8');
  const jwks = await send({ method: 'GET', path: '/oidc/jwks' });
  assert.equal(jwks.status, 200);
  assert.ok(Array.isArray(JSON.parse(jwks.body).keys));
});
