/**
 * S3 GetObject and HeadObject (conditional reads, a single byte range, `response-*` overrides,
 * the stored checksum when `x-amz-checksum-mode: ENABLED`) and DeleteObject (204 even when the
 * key is missing). A missing key is NoSuchKey only for callers who may s3:ListBucket, otherwise
 * Access Denied, as S3 does. Writing objects is put-object.ts.
 */
import type { RestOutput } from '../../protocol/rest-xml.ts';
import type { S3Object } from '../../store.ts';
import type { Call } from '../operation.ts';
import { bucketArn, isAllowed, objectAccess, ownBucket, s3Operation } from './access.ts';
import { EXAMPLE_BUCKET } from './buckets.ts';
import { objectExtras } from './object-meta.ts';
import type { S3Request } from './route.ts';
import { invalidRange, noSuchKey, plainAccessDenied, preconditionFailed } from './s3-errors.ts';

export function etagMatches(condition: string, etag: string): boolean {
  return condition.split(',').map((c) => c.trim()).some((c) => c === '*' || c === etag || `"${c}"` === etag);
}

/** The object, or NoSuchKey (may list) / Access Denied (may not), once s3:GetObject is allowed. */
function readableObject(call: Call, bucketName: string, key: string): S3Object {
  const object = ownBucket(call.state, call.principal, bucketName).objects.get(key);
  if (object) return object;
  if (isAllowed(call, 's3:ListBucket', bucketArn(bucketName))) throw noSuchKey(key);
  throw plainAccessDenied();
}

interface ReadRequest {
  bucket: string;
  key: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

const readInput = ({ bucket, key, query, headers }: S3Request): ReadRequest => ({ bucket: bucket!, key: key!, query, headers });

export const getObject = s3Operation({
  input: readInput,
  access: objectAccess('s3:GetObject'),
  invoke: (request, call) => readObject(call, request, true),
  example: { Bucket: EXAMPLE_BUCKET, Key: 'example.txt' },
});

export const headObject = s3Operation({
  input: readInput,
  access: objectAccess('s3:GetObject'),
  invoke: (request, call) => readObject(call, request, false),
  example: { Bucket: EXAMPLE_BUCKET, Key: 'example.txt' },
});

function readObject(call: Call, { bucket, key, query, headers }: ReadRequest, withBody: boolean): RestOutput {
  const object = readableObject(call, bucket, key);
  const extras = objectExtras(object);
  const base: Record<string, string> = {
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
  };

  const notModified = conditionalRead(headers, object);
  if (notModified === 304) return { status: 304, headers: base };

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
    return { status: 206, headers: out, body: withBody ? new Uint8Array(slice) : undefined };
  }
  if (extras && headers['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED') {
    out[`x-amz-checksum-${extras.checksum.algorithm}`] = extras.checksum.value;
    out['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  out['content-length'] = String(size);
  return { headers: out, body: withBody ? new Uint8Array(object.body) : undefined };
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

export const deleteObject = s3Operation({
  input: ({ bucket, key }) => ({ bucket: bucket!, key: key! }),
  access: objectAccess('s3:DeleteObject'),
  invoke({ bucket, key }, { state, principal }) {
    ownBucket(state, principal, bucket).objects.delete(key);
    return { status: 204 };
  },
  example: { Bucket: EXAMPLE_BUCKET, Key: 'example.txt' },
});
