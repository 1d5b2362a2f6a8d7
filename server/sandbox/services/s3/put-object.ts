/**
 * S3 PutObject: raw or aws-chunked bodies (the signed variants verified chunk by chunk with the
 * secret the request was signed with), Content-MD5 and flexible checksums from a header or a
 * trailer (without one, S3 stores a CRC64NVME), user metadata (2 KB at most), the standard
 * headers S3 keeps with an object, and conditional writes (If-None-Match: *, If-Match). ETags
 * are the quoted MD5 of the body. Reading and deleting objects is objects.ts.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../auth/principal.ts';
import type { RestOutput } from '../../protocol/rest-xml.ts';
import type { SandboxState } from '../../state.ts';
import type { S3Object } from '../../store.ts';
import { objectAccess, ownBucket, s3Operation } from './access.ts';
import { decodeAwsChunked, type ChunkSigning } from './aws-chunked.ts';
import { EXAMPLE_BUCKET } from './buckets.ts';
import { CHECKSUM_ALGORITHMS, checksumBase64, isChecksumAlgorithm, wellFormedChecksum, type ChecksumAlgorithm } from './checksums.ts';
import { setObjectExtras } from './object-meta.ts';
import { etagMatches } from './objects.ts';
import {
  badDigest,
  incompleteBody,
  invalidDigest,
  invalidRequest,
  metadataTooLarge,
  missingContentLength,
  noSuchKey,
  notImplemented,
  preconditionFailed,
} from './s3-errors.ts';

const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-language', 'expires', 'x-amz-website-redirect-location'];
const SIGNED_STREAMING = ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'];
const UNSIGNED_STREAMING = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const MAX_METADATA = 2048;

export const putObject = s3Operation({
  input: ({ bucket, key, headers, body }) => ({ bucket: bucket!, key: key!, headers, body }),
  access: objectAccess('s3:PutObject'),
  invoke: (request, { state, principal }) => storeObject(state, principal, request),
  example: { Bucket: EXAMPLE_BUCKET, Key: 'example.txt', Body: 'changed' },
});

interface PutRequest {
  bucket: string;
  key: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

async function storeObject(state: SandboxState, principal: Principal, request: PutRequest): Promise<RestOutput> {
  const { headers, key } = request;
  const bucket = ownBucket(state, principal, request.bucket);
  const { data, trailers, contentEncoding } = readPayload(request, principal);
  verifyContentMd5(headers['content-md5'], data);
  const checksum = await verifyChecksum(headers, trailers, data);

  const metadata: Record<string, string> = {};
  let metadataSize = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-')) continue;
    metadata[name.slice('x-amz-meta-'.length)] = value;
    metadataSize += Buffer.byteLength(name.slice('x-amz-meta-'.length)) + Buffer.byteLength(value);
  }
  if (metadataSize > MAX_METADATA) throw metadataTooLarge();

  const existing = bucket.objects.get(key);
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') throw notImplemented();
    if (existing) throw preconditionFailed('If-None-Match');
  }
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!existing) throw noSuchKey(key);
    if (!etagMatches(ifMatch, existing.etag)) throw preconditionFailed('If-Match');
  }

  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) if (headers[name] !== undefined) stored[name] = headers[name];
  if (contentEncoding) stored['content-encoding'] = contentEncoding;
  const object: S3Object = {
    key,
    body: data,
    etag: `"${createHash('md5').update(data).digest('hex')}"`,
    lastModified: new Date(Math.floor(state.clock.now() / 1000) * 1000),
    contentType: headers['content-type'] || 'binary/octet-stream',
    metadata,
  };
  setObjectExtras(object, { checksum, headers: stored });
  bucket.objects.set(key, object);
  return {
    headers: {
      etag: object.etag,
      'x-amz-server-side-encryption': 'AES256',
      [`x-amz-checksum-${checksum.algorithm}`]: checksum.value,
      'x-amz-checksum-type': 'FULL_OBJECT',
    },
  };
}

interface Payload {
  data: Uint8Array;
  trailers: Map<string, string>;
  /** Content-Encoding to store: what the client sent, without aws-chunked. */
  contentEncoding: string;
}

function readPayload(request: PutRequest, principal: Principal): Payload {
  const { headers, body } = request;
  const sha = headers['x-amz-content-sha256'] ?? '';
  const encodings = (headers['content-encoding'] ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const chunked = encodings.some((e) => e.toLowerCase() === 'aws-chunked') || sha.startsWith('STREAMING-');
  const contentEncoding = encodings.filter((e) => e.toLowerCase() !== 'aws-chunked').join(',');
  if (!chunked) return { data: body, trailers: new Map(), contentEncoding };
  if (sha !== UNSIGNED_STREAMING && !SIGNED_STREAMING.includes(sha)) throw notImplemented();

  const declared = headers['x-amz-decoded-content-length'];
  if (declared === undefined || !/^\d+$/.test(declared)) throw missingContentLength();
  const signing = SIGNED_STREAMING.includes(sha) ? chunkSigning(headers, principal) : undefined;
  const { data, trailers } = decodeAwsChunked(body, { signing });
  if (data.length !== Number(declared)) throw incompleteBody();
  const expected = (headers['x-amz-trailer'] ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  for (const name of expected) {
    if (!trailers.has(name)) {
      throw invalidRequest(`The request contained a trailing header ${name} that was not sent.`);
    }
  }
  for (const name of trailers.keys()) {
    if (!expected.includes(name)) throw invalidRequest(`The request contained trailing data that was not declared in x-amz-trailer: ${name}`);
  }
  return { data, trailers, contentEncoding };
}

function chunkSigning(headers: Record<string, string>, principal: Principal): ChunkSigning {
  const match = /Credential=[^/,\s]+\/([^,\s]+),.*Signature=([0-9a-f]{64})/.exec(headers.authorization ?? '');
  const secret = secretOf(principal);
  if (!match || !secret) throw invalidRequest('Unable to verify the chunk signatures of this request.');
  return { secret, amzDate: headers['x-amz-date'] ?? '', scope: match[1], seedSignature: match[2] };
}

/** The secret the request was signed with (authenticate.ts has already checked the seed signature). */
function secretOf(principal: Principal): string | undefined {
  if (principal.session) return principal.session.secret;
  return principal.type === 'User' || principal.type === 'Root' ? principal.key?.secret : undefined;
}

function verifyContentMd5(sent: string | undefined, data: Uint8Array): void {
  if (sent === undefined) return;
  const bytes = Buffer.from(sent, 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== sent.trim()) throw invalidDigest();
  if (createHash('md5').update(data).digest('base64') !== bytes.toString('base64')) throw badDigest('Content-MD5');
}

/** The one flexible checksum sent (header or trailer) must match; without one, S3 stores a CRC64NVME. */
async function verifyChecksum(headers: Record<string, string>, trailers: Map<string, string>, data: Uint8Array): Promise<{ algorithm: ChecksumAlgorithm; value: string }> {
  const sent: { algorithm: ChecksumAlgorithm; value: string; where: 'header' | 'trailing header' }[] = [];
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    if (headers[name] !== undefined) sent.push({ algorithm, value: headers[name].trim(), where: 'header' });
    if (trailers.has(name)) sent.push({ algorithm, value: trailers.get(name)!, where: 'trailing header' });
  }
  const declared = headers['x-amz-sdk-checksum-algorithm']?.trim().toLowerCase();
  if (declared !== undefined && !isChecksumAlgorithm(declared)) {
    throw invalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  }
  if (sent.length > 1) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  if (sent.length === 0) {
    if (declared !== undefined) {
      throw invalidRequest('x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.');
    }
    return { algorithm: 'crc64nvme', value: await checksumBase64('crc64nvme', data) };
  }
  const [{ algorithm, value, where }] = sent;
  if (declared !== undefined && declared !== algorithm) {
    throw invalidRequest(`Value for x-amz-sdk-checksum-algorithm header is invalid.`);
  }
  if (!wellFormedChecksum(algorithm, value)) throw invalidRequest(`Value for x-amz-checksum-${algorithm} ${where} is invalid.`);
  if ((await checksumBase64(algorithm, data)) !== value) throw badDigest(algorithm.toUpperCase());
  return { algorithm, value };
}

