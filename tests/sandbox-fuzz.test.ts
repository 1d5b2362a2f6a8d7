/**
 * Throws malformed input at the sandbox, signed so it reaches the parsers: random bytes,
 * broken percent-encoding, huge and odd `member.N` indexes, `__proto__`/`constructor` keys,
 * unknown actions, bad policy JSON, and junk XML for S3. Every answer must be a well-formed AWS
 * error (4xx, or 5xx with well-formed XML), nothing may pollute Object.prototype, and the
 * sandbox must keep answering.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { withSandbox } from './support/sandbox.ts';
import { signedFetch } from './support/signed-fetch.ts';

let sandbox: Awaited<ReturnType<typeof withSandbox>>;
before(async () => {
  sandbox = await withSandbox({ onInternalError: () => {} });
});
after(() => sandbox.close());

const creds = () => ({ accessKeyId: sandbox.admins[0].accessKeyId, secretAccessKey: sandbox.admins[0].secretAccessKey });

async function expectAwsError(response: Response, label: string) {
  const text = await response.text();
  assert.ok(response.status >= 400, `${label}: expected an error, got ${response.status} ${text.slice(0, 200)}`);
  assert.ok(text.length > 0, `${label}: empty body`);
  assert.equal(XMLValidator.validate(text), true, `${label}: not well-formed XML: ${text.slice(0, 200)}`);
  assert.match(text, /<Code>[A-Za-z.]+<\/Code>/, label);
  assert.ok(response.headers.get('x-amzn-requestid') || response.headers.get('x-amz-request-id'), `${label}: no request id`);
}

const queryPiece = fc.oneof(
  fc.constantFrom('%', '%zz', '%FF', '+', '=', '&&', '__proto__=1', '__proto__[polluted]=yes', 'constructor.prototype.polluted=yes',
    'Tags.member.999999999.Key=a', 'Tags.member.0.Key=a', 'Tags.member.-1.Key=a', 'Tags.member.1e3.Key=a', 'PolicyArns.member.__proto__.arn=x',
    'Action=', 'Action=__proto__', 'Action=constructor', 'Action=toString', 'Version=2010-05-08', 'UserName=' + 'a'.repeat(5000)),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })).map(([k, v]) => `${k}=${v}`),
);

test('malformed query bodies to STS and IAM get well-formed AWS errors', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('sts', 'iam') as fc.Arbitrary<'sts' | 'iam'>, fc.constantFrom('CreateUser', 'AssumeRole', 'TagUser', 'GetSessionToken', 'Nope', 'CreatePolicy'), fc.array(queryPiece, { maxLength: 8 }), async (service, action, pieces) => {
      const body = [`Action=${action}`, ...pieces].join('&');
      const response = await signedFetch({ url: sandbox.url, service, body, credentials: creds() });
      if (response.status < 400) {
        await response.text();
        return; // some random combinations are valid requests
      }
      await expectAwsError(response, body);
    }),
    { numRuns: 150 },
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('random bytes and huge member indexes are refused cleanly', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
      const response = await signedFetch({ url: sandbox.url, service: 'iam', body: bytes, credentials: creds() });
      await expectAwsError(response, 'random bytes');
    }),
    { numRuns: 60 },
  );
  const huge = await signedFetch({ url: sandbox.url, service: 'sts', body: 'Action=AssumeRole&Version=2011-06-15&Tags.member.999999999.Key=a', credentials: creds() });
  await expectAwsError(huge, 'huge index');
  const many = await signedFetch({ url: sandbox.url, service: 'iam', body: 'Action=ListUsers&' + 'a=1&'.repeat(5000), credentials: creds() });
  await expectAwsError(many, 'too many parameters');
});

test('bad policy documents get MalformedPolicyDocument, never a crash', async () => {
  const documents = ['', '{', 'null', '[]', '"x"', '{"__proto__":{"polluted":1}}', '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","constructor":1}}',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}', 'x'.repeat(20000)];
  for (const doc of documents) {
    const body = `Action=CreatePolicy&Version=2010-05-08&PolicyName=p&PolicyDocument=${encodeURIComponent(doc)}`;
    const response = await signedFetch({ url: sandbox.url, service: 'iam', body, credentials: creds() });
    await expectAwsError(response, doc.slice(0, 40));
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('junk XML and odd paths to S3 get S3 errors', async () => {
  const bodies = ['<', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><CreateBucketConfiguration>&a;</CreateBucketConfiguration>', '\u0000\u0001', '<a>'.repeat(2000)];
  for (const body of bodies) {
    const response = await signedFetch({ url: sandbox.url, service: 's3', method: 'PUT', path: '/fuzz-bucket-' + Math.random().toString(36).slice(2, 8), headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-type': 'application/xml' }, body, credentials: creds() });
    if (response.status < 400) {
      await response.text();
      continue; // S3 may accept a bucket whose configuration it ignores
    }
    await expectAwsError(response, body.slice(0, 30));
  }
  for (const path of ['/%', '/%zz/x', '/a/%FF', '/' + 'x'.repeat(2000), '/__proto__/constructor']) {
    const response = await signedFetch({ url: sandbox.url, service: 's3', method: 'GET', path, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, credentials: creds() });
    await expectAwsError(response, path.slice(0, 30));
  }
});

test('the sandbox still answers after all of it', async () => {
  const out = await new STSClient(sandbox.config()).send(new GetCallerIdentityCommand({}));
  assert.equal(out.Account, '123456789012');
});
