/**
 * S3 object operations: PutObject (raw or aws-chunked bodies, Content-MD5 and flexible
 * checksums from a header or a trailer, metadata, conditional writes), GetObject and
 * HeadObject (conditional reads, a single byte range, `response-*` overrides, the stored
 * checksum when `x-amz-checksum-mode: ENABLED`), and DeleteObject (204 even when the key is
 * missing). A missing key is NoSuchKey only for callers who may s3:ListBucket, otherwise
 * Access Denied, as S3 does. ETags are the quoted MD5 of the body.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../auth/principal.ts';
import type { S3Object } from '../../store.ts';
import type { S3Call } from '../s3-call.ts';
import { bucketArn, isAllowed, objectArn, ownBucket, requireS3 } from './access.ts';
import { decodeAwsChunked, type ChunkSigning } from './aws-chunked.ts';
import { CHECKSUM_ALGORITHMS, checksumBase64, isChecksumAlgorithm, wellFormedChecksum, type ChecksumAlgorithm } from './checksums.ts';
import { objectExtras, setObjectExtras } from './object-meta.ts';
import {
  badDigest,
  incompleteBody,
  invalidDigest,
  invalidRange,
  invalidRequest,
  metadataTooLarge,
  missingContentLength,
  noSuchKey,
  notImplemented,
  plainAccessDenied,
  preconditionFailed,
} from './s3-errors.ts';

const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-language', 'expires', 'x-amz-website-redirect-location'];
const SIGNED_STREAMING = ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'];
const UNSIGNED_STREAMING = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const MAX_METADATA = 2048;

export async function putObject(call: S3Call, bucketName: string, key: string): Promise<Response> {
  const { state, principal, region, headers } = call;
  const bucket = ownBucket(state, principal, bucketName);
  requireS3(state, principal, region, 's3:PutObject', objectArn(bucketName, key));

  const { data, trailers, contentEncoding } = readPayload(call);
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
  return new Response(null, {
    status: 200,
    headers: {
      etag: object.etag,
      'x-amz-server-side-encryption': 'AES256',
      [`x-amz-checksum-${checksum.algorithm}`]: checksum.value,
      'x-amz-checksum-type': 'FULL_OBJECT',
    },
  });
}

interface Payload {
  data: Uint8Array;
  trailers: Map<string, string>;
  /** Content-Encoding to store: what the client sent, without aws-chunked. */
  contentEncoding: string;
}

function readPayload(call: S3Call): Payload {
  const { headers, body } = call;
  const sha = headers['x-amz-content-sha256'] ?? '';
  const encodings = (headers['content-encoding'] ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const chunked = encodings.some((e) => e.toLowerCase() === 'aws-chunked') || sha.startsWith('STREAMING-');
  const contentEncoding = encodings.filter((e) => e.toLowerCase() !== 'aws-chunked').join(',');
  if (!chunked) return { data: body, trailers: new Map(), contentEncoding };
  if (sha !== UNSIGNED_STREAMING && !SIGNED_STREAMING.includes(sha)) throw notImplemented();

  const declared = headers['x-amz-decoded-content-length'];
  if (declared === undefined || !/^\d+$/.test(declared)) throw missingContentLength();
  const signing = SIGNED_STREAMING.includes(sha) ? chunkSigning(call) : undefined;
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

function chunkSigning(call: S3Call): ChunkSigning {
  const match = /Credential=[^/,\s]+\/([^,\s]+),.*Signature=([0-9a-f]{64})/.exec(call.headers.authorization ?? '');
  const secret = secretOf(call.principal);
  if (!match || !secret) throw invalidRequest('Unable to verify the chunk signatures of this request.');
  return { secret, amzDate: call.headers['x-amz-date'] ?? '', scope: match[1], seedSignature: match[2] };
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

function etagMatches(condition: string, etag: string): boolean {
  return condition.split(',').map((c) => c.trim()).some((c) => c === '*' || c === etag || `"${c}"` === etag);
}

/** The object, or NoSuchKey (may list) / Access Denied (may not), after s3:GetObject is allowed. */
function readableObject(call: S3Call, bucketName: string, key: string): S3Object {
  const { state, principal, region } = call;
  const bucket = ownBucket(state, principal, bucketName);
  requireS3(state, principal, region, 's3:GetObject', objectArn(bucketName, key));
  const object = bucket.objects.get(key);
  if (object) return object;
  if (isAllowed(state, principal, region, 's3:ListBucket', bucketArn(bucketName))) throw noSuchKey(key);
  throw plainAccessDenied();
}

export function getObject(call: S3Call, bucketName: string, key: string, query: Record<string, string>): Response {
  return readObject(call, bucketName, key, query, true);
}

export function headObject(call: S3Call, bucketName: string, key: string, query: Record<string, string>): Response {
  return readObject(call, bucketName, key, query, false);
}

function readObject(call: S3Call, bucketName: string, key: string, query: Record<string, string>, withBody: boolean): Response {
  const object = readableObject(call, bucketName, key);
  const { headers } = call;
  const extras = objectExtras(object);
  const base: Record<string, string> = {
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
  };

  const notModified = conditionalRead(headers, object);
  if (notModified === 304) return new Response(null, { status: 304, headers: base });

  const out: Record<string, string> = {
    ...base,
    'content-type': object.contentType,
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
    ...(extras?.headers ?? {}),
  };
  for (const [name, value] of Object.entries(object.metadata)) out[`x-amz-meta-${name}`] = value;
  for (const name of ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding']) {
    const override = query[`response-${name}`];
    if (override !== undefined) out[name] = override;
  }

  const size = object.body.length;
  const range = parseRange(headers.range, size);
  if (range) {
    const [start, end] = range;
    const slice = object.body.subarray(start, end + 1);
    out['content-range'] = `bytes ${start}-${end}/${size}`;
    out['content-length'] = String(slice.length);
    return new Response(withBody ? new Uint8Array(slice) : null, { status: 206, headers: out });
  }
  if (extras && headers['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED') {
    out[`x-amz-checksum-${extras.checksum.algorithm}`] = extras.checksum.value;
    out['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  out['content-length'] = String(size);
  return new Response(withBody ? new Uint8Array(object.body) : null, { status: 200, headers: out });
}

/** RFC 9110 order, as S3 applies it: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since. */
function conditionalRead(headers: Record<string, string>, object: S3Object): 304 | undefined {
  const modified = object.lastModified.getTime();
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined && !etagMatches(ifMatch, object.etag)) throw preconditionFailed('If-Match');
  const ifUnmodified = parseHttpDate(headers['if-unmodified-since']);
  if (ifMatch === undefined && ifUnmodified !== undefined && modified > ifUnmodified) throw preconditionFailed('If-Unmodified-Since');
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, object.etag) ? 304 : undefined;
  const ifModified = parseHttpDate(headers['if-modified-since']);
  if (ifModified !== undefined && modified <= ifModified) return 304;
  return undefined;
}

function parseHttpDate(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** One `bytes=` range; S3 ignores malformed or multiple ranges and answers 416 when unsatisfiable. */
function parseRange(header: string | undefined, size: number): [number, number] | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return [start, end];
}

export function deleteObject(call: S3Call, bucketName: string, key: string): Response {
  const { state, principal, region } = call;
  const bucket = ownBucket(state, principal, bucketName);
  requireS3(state, principal, region, 's3:DeleteObject', objectArn(bucketName, key));
  bucket.objects.delete(key);
  return new Response(null, { status: 204 });
}
