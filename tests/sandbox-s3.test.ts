/**
 * The sandbox's S3 REST service driven by the real SDK v3 S3Client (path-style), plus a few raw
 * SigV4-signed requests for what the SDK will not send (a DOCTYPE body, a wrong payload hash,
 * signed aws-chunked uploads, a bad trailer checksum). Covers every operation, keys with
 * spaces, `+`, `~` and unicode, streaming uploads, each error code and status, AccessDenied
 * for a principal without S3 permissions, and the seeded buckets.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { chunkSignature, signingKey } from '../server/sandbox/services/s3/aws-chunked.ts';
import { SEED_BUCKETS } from '../server/sandbox/seed.ts';
import { withSandbox, type Creds } from './support/sandbox.ts';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
let sandbox: Awaited<ReturnType<typeof withSandbox>>;
let s3: S3Client;

before(async () => {
  sandbox = await withSandbox({ accountIds: [ACCOUNT, OTHER] });
  s3 = new S3Client(sandbox.config());
});
after(() => sandbox.close());

/** An IAM user of the default account with an access key and the given inline policies. */
async function addUser(name: string, policies: object[] = []): Promise<Creds> {
  const iam = new IAMClient(sandbox.config());
  await iam.send(new CreateUserCommand({ UserName: name }));
  for (const [i, policy] of policies.entries()) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `inline-${i}`, PolicyDocument: JSON.stringify(policy) }));
  }
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

function expectError(name: string, status: number, check?: (e: any) => void) {
  return (e: any) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    check?.(e);
    return true;
  };
}

const md5 = (data: string | Uint8Array) => `"${createHash('md5').update(data).digest('hex')}"`;
const adminCreds = () => ({ accessKeyId: sandbox.admins[0].accessKeyId, secretAccessKey: sandbox.admins[0].secretAccessKey });

/** A SigV4-signed raw request (what the SDK would never send). */
async function signedFetch(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Uint8Array | string; query?: Record<string, string>; creds?: Creds; region?: string } = {},
) {
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? Buffer.from(options.body) : Buffer.from(options.body);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${sandbox.port}`,
    'x-amz-content-sha256': createHash('sha256').update(body ?? '').digest('hex'),
    ...options.headers,
  };
  const signer = new SignatureV4({ credentials: options.creds ?? adminCreds(), region: options.region ?? 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
  const signed = await signer.sign({ method, protocol: 'http:', hostname: '127.0.0.1', port: sandbox.port, path, query: options.query ?? {}, headers, body });
  const sent = { ...signed.headers } as Record<string, string>;
  delete sent.host;
  const qs = new URLSearchParams(options.query ?? {}).toString();
  return fetch(`${sandbox.url}${path}${qs ? '?' + qs : ''}`, { method, headers: sent, body });
}

test('ListBuckets lists the seeded buckets with Owner and BucketRegion', async () => {
  const out = await s3.send(new ListBucketsCommand({}));
  const names = out.Buckets!.map((b) => b.Name);
  for (const name of SEED_BUCKETS) assert.ok(names.includes(`${name}-${ACCOUNT}`), `${name} listed`);
  assert.ok(!names.some((n) => n!.endsWith(OTHER)), "another account's buckets are not listed");
  assert.match(out.Owner!.ID!, /^[0-9a-f]{64}$/);
  assert.ok(out.Owner!.DisplayName);
  assert.equal(out.Buckets![0].BucketRegion, 'us-east-1');
  assert.ok(out.Buckets![0].CreationDate instanceof Date);
  const paged = await s3.send(new ListBucketsCommand({ MaxBuckets: 1 }));
  assert.equal(paged.Buckets!.length, 1);
  assert.ok(paged.ContinuationToken);
  const next = await s3.send(new ListBucketsCommand({ MaxBuckets: 10, ContinuationToken: paged.ContinuationToken }));
  assert.equal(next.Buckets!.length, names.length - 1);
});

test('CreateBucket, HeadBucket, GetBucketLocation and DeleteBucket', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'lesson-bucket' }));
  const head = await s3.send(new HeadBucketCommand({ Bucket: 'lesson-bucket' }));
  assert.equal(head.BucketRegion, 'us-east-1');
  const listed = await s3.send(new ListBucketsCommand({}));
  assert.ok(listed.Buckets!.some((b) => b.Name === 'lesson-bucket'));
  const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'lesson-bucket' }));
  assert.equal(location.LocationConstraint ?? '', '');
  // us-east-1 legacy: re-creating a bucket you own there answers 200.
  await s3.send(new CreateBucketCommand({ Bucket: 'lesson-bucket' }));
  await s3.send(new DeleteBucketCommand({ Bucket: 'lesson-bucket' }));
  await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: 'lesson-bucket' })), expectError('NotFound', 404));
});

test('CreateBucket with a location constraint, and the region rules', async () => {
  const eu = new S3Client({ ...sandbox.config(), region: 'eu-west-1' });
  await eu.send(new CreateBucketCommand({ Bucket: 'lesson-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'lesson-eu' }));
  assert.equal(location.LocationConstraint, 'eu-west-1');
  const listed = await s3.send(new ListBucketsCommand({ BucketRegion: 'eu-west-1' }));
  assert.deepEqual(listed.Buckets!.map((b) => [b.Name, b.BucketRegion]), [['lesson-eu', 'eu-west-1']]);
  await assert.rejects(
    eu.send(new CreateBucketCommand({ Bucket: 'lesson-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
    expectError('BucketAlreadyOwnedByYou', 409),
  );
  // SDK v3 adds LocationConstraint = its region by itself; a raw request without one is refused.
  await eu.send(new CreateBucketCommand({ Bucket: 'lesson-eu-2' }));
  assert.equal((await eu.send(new HeadBucketCommand({ Bucket: 'lesson-eu-2' }))).BucketRegion, 'eu-west-1');
  // Signed for another region, a request about the bucket is refused (HEAD: the status alone).
  await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: 'lesson-eu-2' })), (e: any) => e.$metadata.httpStatusCode === 400);
  await eu.send(new DeleteBucketCommand({ Bucket: 'lesson-eu-2' }));
  const raw = await signedFetch('PUT', '/lesson-eu-3', { region: 'eu-west-1' });
  assert.equal(raw.status, 400);
  assert.match(await raw.text(), /<Code>IllegalLocationConstraintException<\/Code><Message>The unspecified location constraint is incompatible/);
  await assert.rejects(
    s3.send(new CreateBucketCommand({ Bucket: 'lesson-eu-3', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } })),
    expectError('InvalidLocationConstraint', 400),
  );
  await eu.send(new DeleteBucketCommand({ Bucket: 'lesson-eu' }));
});

test('CreateBucket refuses invalid names and names taken by another account', async () => {
  for (const bad of ['ab', 'Upper-Case', 'under_score', 'a..b', '192.168.1.1', 'xn--bucket', 'bucket-', 'x'.repeat(64)]) {
    await assert.rejects(s3.send(new CreateBucketCommand({ Bucket: bad })), expectError('InvalidBucketName', 400, (e) => assert.equal(e.BucketName, bad)));
  }
  const other = new S3Client(sandbox.config({ accessKeyId: sandbox.admins[1].accessKeyId, secretAccessKey: sandbox.admins[1].secretAccessKey }));
  await assert.rejects(other.send(new CreateBucketCommand({ Bucket: `workshop-data-${ACCOUNT}` })), expectError('BucketAlreadyExists', 409));
});

test('CreateBucket parses the configuration body safely: DOCTYPE and malformed XML are MalformedXML', async () => {
  const doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "eu-west-1">]><CreateBucketConfiguration><LocationConstraint>&e;</LocationConstraint></CreateBucketConfiguration>';
  for (const body of [doctype, '<CreateBucketConfiguration><LocationConstraint>', '<Other/>']) {
    const res = await signedFetch('PUT', '/xml-bucket', { body });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<Code>MalformedXML<\/Code>/);
  }
  const ok = await signedFetch('PUT', '/xml-bucket', {
    body: '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-central-1</LocationConstraint></CreateBucketConfiguration>',
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('location'), '/xml-bucket');
  const res = await s3.send(new GetBucketLocationCommand({ Bucket: 'xml-bucket' }));
  assert.equal(res.LocationConstraint, 'eu-central-1');
});

test('PutObject and GetObject round-trip keys with spaces, +, ~ and unicode', async () => {
  const bucket = `workshop-data-${ACCOUNT}`;
  const keys = ['a b+c~d.txt', 'ünïcödé/日本語 ✓.txt', 'dir/sub/x%41.txt', "quote'&<>.txt"];
  for (const Key of keys) {
    const body = `body of ${Key}`;
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body, ContentType: 'text/plain', Metadata: { lesson: 'one' } }));
    assert.equal(put.ETag, md5(body));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    assert.equal(await got.Body!.transformToString(), body);
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.ETag, md5(body));
    assert.equal(got.ContentLength, Buffer.byteLength(body));
    assert.ok(got.LastModified instanceof Date);
    assert.deepEqual(got.Metadata, { lesson: 'one' });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key }));
    assert.equal(head.ContentLength, Buffer.byteLength(body));
    assert.equal(head.ETag, md5(body));
  }
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  assert.deepEqual(listed.Contents!.map((c) => c.Key).sort(), [...keys].sort());
  for (const Key of keys) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
});

test('GetObject validates the stored checksum, serves ranges, and honours conditional reads', async () => {
  const bucket = `workshop-data-${ACCOUNT}`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digits.txt', Body: '0123456789' }));
  const full = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits.txt', ChecksumMode: 'ENABLED' }));
  assert.equal(await full.Body!.transformToString(), '0123456789');
  assert.ok(full.ChecksumCRC32, 'the CRC32 the SDK sent is returned (and validated by the SDK)');
  const range = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits.txt', Range: 'bytes=2-4' }));
  assert.equal(await range.Body!.transformToString(), '234');
  assert.equal(range.ContentRange, 'bytes 2-4/10');
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits.txt', Range: 'bytes=20-30' })), expectError('InvalidRange', 416));
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits.txt', IfMatch: '"nope"' })), expectError('PreconditionFailed', 412));
  // Without a checksum from the client, S3 stores a CRC64NVME, which the SDK validates too.
  const raw = await signedFetch('PUT', `/${bucket}/plain.txt`, { body: 'no checksum sent' });
  assert.equal(raw.status, 200);
  assert.ok(raw.headers.get('x-amz-checksum-crc64nvme'));
  const plain = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'plain.txt', ChecksumMode: 'ENABLED' }));
  assert.equal(await plain.Body!.transformToString(), 'no checksum sent');
  assert.equal(plain.ChecksumCRC64NVME, raw.headers.get('x-amz-checksum-crc64nvme'));
  assert.equal(plain.ContentType, 'binary/octet-stream');
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'digits.txt' }));
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'plain.txt' }));
});

test('every flexible checksum the SDK sends is accepted, stored and validated by the SDK on the way back', async () => {
  const bucket = `workshop-data-${ACCOUNT}`;
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
    const Key = `checksum-${algorithm}.txt`;
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `checked with ${algorithm}`, ChecksumAlgorithm: algorithm }));
    const field = `Checksum${algorithm}` as const;
    assert.ok(put[field], `${algorithm} echoed`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key, ChecksumMode: 'ENABLED' }));
    assert.equal(await got.Body!.transformToString(), `checked with ${algorithm}`);
    assert.equal(got[field], put[field]);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  }
  const wrong = await signedFetch('PUT', `/${bucket}/wrong-crc32c.txt`, { body: 'abc', headers: { 'x-amz-checksum-crc32c': 'AAAAAA==' } });
  assert.equal(wrong.status, 400);
  assert.match(await wrong.text(), /<Code>BadDigest<\/Code>/);
});

test('streaming PutObject uses aws-chunked with a CRC32 trailer, and the sandbox decodes it', async () => {
  const bucket = `workshop-data-${ACCOUNT}`;
  const client = new S3Client(sandbox.config());
  let sent: Record<string, string> = {};
  client.middlewareStack.add(
    (next) => async (args: any) => {
      sent = { ...args.request.headers };
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'captureHeaders' },
  );
  const parts = [Buffer.alloc(8192, 'a'), Buffer.from(' and a tail')];
  const total = Buffer.concat(parts);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'stream.bin', Body: Readable.from(parts), ContentLength: total.length }));
  assert.equal(sent['content-encoding'], 'aws-chunked');
  assert.equal(sent['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
  assert.equal(sent['x-amz-trailer'], 'x-amz-checksum-crc32');
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'stream.bin', ChecksumMode: 'ENABLED' }));
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), total);
  assert.equal(got.ETag, md5(total));
  assert.equal(got.ContentEncoding, undefined, 'aws-chunked is not stored as the content encoding');

  // Only the last chunk may be under 8 KiB (the SDK then suggests requestStreamBufferSize).
  await assert.rejects(
    client.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.bin', Body: Readable.from([Buffer.from('abc'), Buffer.from('def')]), ContentLength: 6 })),
    expectError('InvalidChunkSizeError', 403),
  );
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'stream.bin' }));
});

test('a wrong CRC32 (header or trailer) is BadDigest; a wrong payload hash is XAmzContentSHA256Mismatch', async () => {
  const bucket = `workshop-data-${ACCOUNT}`;
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad.txt', Body: 'hello', ChecksumCRC32: 'AAAAAA==' })),
    expectError('BadDigest', 400, (e) => assert.equal(e.message, 'The CRC32 you specified did not match the calculated checksum.')),
  );
  const trailer = await signedFetch('PUT', `/${bucket}/bad-trailer.txt`, {
    headers: {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': '13',
      'x-amz-trailer': 'x-amz-checksum-crc32',
    },
    body: 'd\r\nstreamed body\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n',
  });
  assert.equal(trailer.status, 400);
  assert.match(await trailer.text(), /<Code>BadDigest<\/Code>/);
  const good = await signedFetch('PUT', `/${bucket}/good-trailer.txt`, {
    headers: {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': '13',
      'x-amz-trailer': 'x-amz-checksum-crc32',
    },
    body: 'd\r\nstreamed body\r\n0\r\nx-amz-checksum-crc32:z7Y9bA==\r\n\r\n',
  });
  assert.equal(good.status, 200);
  const mismatch = await signedFetch('PUT', `/${bucket}/hash.txt`, {
    headers: { 'x-amz-content-sha256': createHash('sha256').update('something else').digest('hex') },
    body: 'hello',
  });
  assert.equal(mismatch.status, 400);
  assert.match(await mismatch.text(), /<Code>XAmzContentSHA256Mismatch<\/Code>/);
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'good-trailer.txt' }));
});

test('a signed aws-chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) is verified chunk by chunk', async () => {
  const bucket = `workshop-data-${ACCOUNT}`;
  const creds = adminCreds();
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const chunks = [Buffer.alloc(8192, 'z'), Buffer.from('end')];
  const build = async (tamper: boolean) => {
    const headers: Record<string, string> = {
      host: `127.0.0.1:${sandbox.port}`,
      'x-amz-date': amzDate,
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'x-amz-decoded-content-length': String(8195),
    };
    const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
    const path = `/${bucket}/signed-stream.bin`;
    const signed = await signer.sign({ method: 'PUT', protocol: 'http:', hostname: '127.0.0.1', port: sandbox.port, path, query: {}, headers });
    const seed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))![1];
    const key = signingKey(creds.secretAccessKey, scope);
    let previous = seed;
    const pieces: Buffer[] = [];
    for (const data of [...chunks, Buffer.alloc(0)]) {
      const sig = chunkSignature(key, { amzDate, scope }, previous, data);
      previous = sig;
      pieces.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${sig}\r\n`), data, Buffer.from('\r\n'));
    }
    const body = Buffer.concat(pieces);
    if (tamper) body[100] ^= 1;
    const sent = { ...signed.headers } as Record<string, string>;
    delete sent.host;
    return fetch(`${sandbox.url}${path}`, { method: 'PUT', headers: sent, body });
  };
  const ok = await build(false);
  assert.equal(ok.status, 200, await ok.clone().text());
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'signed-stream.bin' }));
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), Buffer.concat(chunks));
  const bad = await build(true);
  assert.equal(bad.status, 403);
  assert.match(await bad.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'signed-stream.bin' }));
});

test('ListObjectsV2: prefix, delimiter, CommonPrefixes, max-keys, continuation, start-after, encoding-type=url', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'list-bucket' }));
  const keys = ['a.txt', 'docs/one.txt', 'docs/two.txt', 'docs/deep/three.txt', 'img/x.png', 'img/y.png', 'z z+~.txt'];
  for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'list-bucket', Key, Body: Key }));

  const all = await s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket' }));
  assert.equal(all.KeyCount, keys.length);
  assert.equal(all.IsTruncated, false);
  assert.deepEqual(all.Contents!.map((c) => c.Key), [...keys].sort());
  assert.equal(all.Contents![0].Size, 'a.txt'.length);
  assert.equal(all.Contents![0].StorageClass, 'STANDARD');
  assert.equal(all.Contents![0].ETag, md5('a.txt'));

  const top = await s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', Delimiter: '/' }));
  assert.deepEqual(top.Contents!.map((c) => c.Key), ['a.txt', 'z z+~.txt']);
  assert.deepEqual(top.CommonPrefixes!.map((p) => p.Prefix), ['docs/', 'img/']);
  assert.equal(top.KeyCount, 4);

  const docs = await s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', Prefix: 'docs/', Delimiter: '/' }));
  assert.deepEqual(docs.Contents!.map((c) => c.Key), ['docs/one.txt', 'docs/two.txt']);
  assert.deepEqual(docs.CommonPrefixes!.map((p) => p.Prefix), ['docs/deep/']);
  assert.equal(docs.Prefix, 'docs/');

  const seen: string[] = [];
  let pages = 0;
  for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket: 'list-bucket', Delimiter: '/' })) {
    pages++;
    assert.ok(page.KeyCount! <= 2);
    seen.push(...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
  }
  assert.equal(pages, 2);
  assert.deepEqual(seen.sort(), ['a.txt', 'docs/', 'img/', 'z z+~.txt']);

  const afterDocs = await s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', StartAfter: 'docs/two.txt' }));
  assert.deepEqual(afterDocs.Contents!.map((c) => c.Key), ['img/x.png', 'img/y.png', 'z z+~.txt']);
  assert.equal(afterDocs.StartAfter, 'docs/two.txt');

  const encoded = await s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', Prefix: 'z z', EncodingType: 'url' }));
  assert.equal(encoded.EncodingType, 'url');
  assert.equal(encoded.Contents![0].Key, 'z%20z%2B~.txt');
  assert.equal(decodeURIComponent(encoded.Contents![0].Key!), 'z z+~.txt');
  assert.equal(encoded.Prefix, 'z%20z');

  const limited = await s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', MaxKeys: 3 }));
  assert.equal(limited.IsTruncated, true);
  assert.equal(limited.MaxKeys, 3);
  const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', ContinuationToken: limited.NextContinuationToken }));
  assert.equal(rest.KeyCount, keys.length - 3);
  assert.equal(rest.ContinuationToken, limited.NextContinuationToken);
  await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', ContinuationToken: 'garbage' })), expectError('InvalidArgument', 400));

  const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'list-bucket', Delimiter: '/', MaxKeys: 2 }));
  assert.equal(v1.IsTruncated, true);
  assert.equal(v1.NextMarker, 'docs/');
  const v1next = await s3.send(new ListObjectsCommand({ Bucket: 'list-bucket', Delimiter: '/', Marker: v1.NextMarker }));
  assert.deepEqual(v1next.CommonPrefixes!.map((p) => p.Prefix), ['img/']);
  assert.deepEqual(v1next.Contents!.map((c) => c.Key), ['z z+~.txt']);

  await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: 'list-bucket' })), expectError('BucketNotEmpty', 409, (e) => assert.equal(e.BucketName, 'list-bucket')));
  for (const Key of keys) await s3.send(new DeleteObjectCommand({ Bucket: 'list-bucket', Key }));
  await s3.send(new DeleteBucketCommand({ Bucket: 'list-bucket' }));
});

test('errors: NoSuchBucket, NoSuchKey, NotFound on HEAD, DeleteObject of a missing key, NotImplemented', async () => {
  await assert.rejects(
    s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })),
    expectError('NoSuchBucket', 404, (e) => {
      assert.equal(e.BucketName, 'no-such-bucket-here');
      assert.equal(e.message, 'The specified bucket does not exist');
    }),
  );
  await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k', Body: 'x' })), expectError('NoSuchBucket', 404));
  await assert.rejects(
    s3.send(new GetObjectCommand({ Bucket: `workshop-data-${ACCOUNT}`, Key: 'missing key.txt' })),
    expectError('NoSuchKey', 404, (e) => assert.equal(e.Key, 'missing key.txt')),
  );
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: `workshop-data-${ACCOUNT}`, Key: 'missing' })), expectError('NotFound', 404));
  await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket-here' })), expectError('NotFound', 404));
  await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: 'no-such-bucket-here' })), expectError('NoSuchBucket', 404));
  const deleted = await s3.send(new DeleteObjectCommand({ Bucket: `workshop-data-${ACCOUNT}`, Key: 'never-existed' }));
  assert.equal(deleted.$metadata.httpStatusCode, 204);
  await assert.rejects(s3.send(new GetBucketAclCommand({ Bucket: `workshop-data-${ACCOUNT}` })), expectError('NotImplemented', 501));
  const res = await signedFetch('GET', `/workshop-data-${ACCOUNT}`, { query: { versioning: '' } });
  assert.equal(res.status, 501);
  assert.ok(res.headers.get('x-amz-request-id'));
  assert.match(await res.text(), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NotImplemented<\/Code>/);
});

test('AccessDenied with S3 wording for a user without S3 permissions', async () => {
  const client = new S3Client(sandbox.config(await addUser('no-s3')));
  await assert.rejects(
    client.send(new ListBucketsCommand({})),
    expectError('AccessDenied', 403, (e) =>
      assert.equal(
        e.message,
        `User: arn:aws:iam::${ACCOUNT}:user/no-s3 is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action`,
      ),
    ),
  );
  await assert.rejects(client.send(new CreateBucketCommand({ Bucket: 'denied-bucket' })), expectError('AccessDenied', 403, (e) => assert.match(e.message, /s3:CreateBucket/)));
  await assert.rejects(client.send(new PutObjectCommand({ Bucket: `workshop-data-${ACCOUNT}`, Key: 'k', Body: 'x' })), expectError('AccessDenied', 403, (e) => assert.match(e.message, /s3:PutObject/)));
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: `workshop-data-${ACCOUNT}`, Key: 'k' })), expectError('AccessDenied', 403));
  await assert.rejects(client.send(new ListObjectsV2Command({ Bucket: `workshop-data-${ACCOUNT}` })), expectError('AccessDenied', 403, (e) => assert.match(e.message, /s3:ListBucket/)));
  await assert.rejects(client.send(new DeleteObjectCommand({ Bucket: `workshop-data-${ACCOUNT}`, Key: 'k' })), expectError('AccessDenied', 403));
  await assert.rejects(client.send(new DeleteBucketCommand({ Bucket: `workshop-logs-${ACCOUNT}` })), expectError('AccessDenied', 403));
  await s3.send(new HeadBucketCommand({ Bucket: `workshop-logs-${ACCOUNT}` })); // still there
});

test('a missing key is NoSuchKey only for callers who may list the bucket; other accounts get Access Denied', async () => {
  const bucket = `workshop-data-${ACCOUNT}`;
  const getOnly = new S3Client(
    sandbox.config(await addUser('get-only', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] }])),
  );
  await assert.rejects(getOnly.send(new GetObjectCommand({ Bucket: bucket, Key: 'nothing-here' })), expectError('AccessDenied', 403));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'readable.txt', Body: 'yes' }));
  const got = await getOnly.send(new GetObjectCommand({ Bucket: bucket, Key: 'readable.txt' }));
  assert.equal(await got.Body!.transformToString(), 'yes');

  const other = new S3Client(sandbox.config({ accessKeyId: sandbox.admins[1].accessKeyId, secretAccessKey: sandbox.admins[1].secretAccessKey }));
  await assert.rejects(other.send(new GetObjectCommand({ Bucket: bucket, Key: 'readable.txt' })), expectError('AccessDenied', 403, (e) => assert.equal(e.message, 'Access Denied')));
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'readable.txt' }));
});
