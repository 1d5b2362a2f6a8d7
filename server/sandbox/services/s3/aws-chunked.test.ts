/**
 * aws-chunked decoding and the checksums S3 compares: the unsigned-trailer body SDK v3 sends,
 * AWS's documented signed-chunk example (seed and chunk signatures from the S3 SigV4 streaming
 * docs) and S3's framing errors. The checksums themselves are tested in checksums.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../errors.ts';
import { chunkSignature, decodeAwsChunked, signingKey } from './aws-chunked.ts';
import { checksumBase64 } from './checksums.ts';

const text = (s: string) => new TextEncoder().encode(s);
const code = (expected: string) => (e: unknown) => {
  assert.ok(e instanceof AwsError, String(e));
  assert.equal(e.code, expected);
  return true;
};

test('decodes the unsigned-trailer body SDK v3 sends, with its CRC32 trailer', async () => {
  const out = decodeAwsChunked(text('d\r\nstreamed body\r\n0\r\nx-amz-checksum-crc32:z7Y9bA==\r\n\r\n'));
  assert.equal(Buffer.from(out.data).toString(), 'streamed body');
  assert.equal(out.trailers.get('x-amz-checksum-crc32'), 'z7Y9bA==');
  assert.equal(await checksumBase64('crc32', out.data), 'z7Y9bA==');
});

test('decodes several chunks (all but the last at least 8 KiB) and an empty body', () => {
  const big = 'x'.repeat(8192);
  const out = decodeAwsChunked(text(`2000\r\n${big}\r\n3\r\nend\r\n0\r\n\r\n`));
  assert.equal(Buffer.from(out.data).toString(), big + 'end');
  assert.equal(decodeAwsChunked(text('0\r\n\r\n')).data.length, 0);
});

test('refuses a small chunk before the last one, as S3 does', () => {
  assert.throws(() => decodeAwsChunked(text('3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n')), (e: unknown) => {
    code('InvalidChunkSizeError')(e);
    assert.deepEqual((e as AwsError).extra, { Chunk: '1', BadChunkSize: '3' });
    return true;
  });
});

test('refuses truncated or malformed framing', () => {
  assert.throws(() => decodeAwsChunked(text('10\r\nshort\r\n0\r\n\r\n')), code('IncompleteBody'));
  assert.throws(() => decodeAwsChunked(text('zz\r\nabc\r\n0\r\n\r\n')), code('IncompleteBody'));
  assert.throws(() => decodeAwsChunked(text('3\r\nabcX0\r\n\r\n')), code('IncompleteBody'));
  assert.throws(() => decodeAwsChunked(text('3\r\nabc')), code('IncompleteBody'));
  assert.throws(() => decodeAwsChunked(text('0\r\nno-colon-here\r\n\r\n')), code('MalformedTrailerError'));
});

// AWS docs, "Signature calculations for the Authorization header: transferring payload in
// multiple chunks": 66560 bytes of 'a' in a 65536-byte and a 1024-byte chunk.
const DOC = {
  secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  amzDate: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
  seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
};
const SIGS = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];

function docBody(signatures = SIGS): Uint8Array {
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${signatures[0]}\r\n`),
    Buffer.alloc(65536, 'a'),
    Buffer.from(`\r\n400;chunk-signature=${signatures[1]}\r\n`),
    Buffer.alloc(1024, 'a'),
    Buffer.from(`\r\n0;chunk-signature=${signatures[2]}\r\n\r\n`),
  ]);
}

test("computes AWS's documented chunk signatures", () => {
  const key = signingKey(DOC.secret, DOC.scope);
  const first = chunkSignature(key, DOC, DOC.seedSignature, Buffer.alloc(65536, 'a'));
  assert.equal(first, SIGS[0]);
  const second = chunkSignature(key, DOC, first, Buffer.alloc(1024, 'a'));
  assert.equal(second, SIGS[1]);
  assert.equal(chunkSignature(key, DOC, second, new Uint8Array()), SIGS[2]);
});

test('verifies signed chunks, and refuses a tampered or missing chunk signature', () => {
  const out = decodeAwsChunked(docBody(), { signing: DOC });
  assert.equal(out.data.length, 66560);
  const bad = [...SIGS];
  bad[1] = '0'.repeat(64);
  assert.throws(() => decodeAwsChunked(docBody(bad), { signing: DOC }), code('SignatureDoesNotMatch'));
  assert.throws(() => decodeAwsChunked(text('0\r\n\r\n'), { signing: DOC }), code('SignatureDoesNotMatch'));
  const tampered = Buffer.from(docBody());
  tampered[200] = 'b'.charCodeAt(0);
  assert.throws(() => decodeAwsChunked(tampered, { signing: DOC }), code('SignatureDoesNotMatch'));
});
