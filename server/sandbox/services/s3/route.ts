/**
 * S3's routing, path-style (`/bucket/key`), as SDK v3, botocore and the AWS CLI send it to a
 * local endpoint (aws-wire-protocol.md §11): which operation a request names, by method, path
 * and sub-resource, after S3's own checks in S3's order (the claimed payload hash against the
 * body, a path that decodes, sub-resources the sandbox does not implement (NotImplemented, 501:
 * ACLs, multipart, versioning, CopyObject, DeleteObjects, …), the expected bucket owner, the
 * method allowed on a service, bucket or object, the key's length and version). The raw path is
 * decoded exactly once, so keys with spaces, `+`, `~` and unicode round-trip.
 */
import { createHash } from 'node:crypto';
import { parseRawQuery, type SignedRequest } from '../../auth/sigv4.ts';
import { isPresigned } from '../../auth/presigned.ts';
import { AwsError } from '../../errors.ts';
import type { Call } from '../operation.ts';
import { invalidArgument, invalidRequest, invalidUri, keyTooLong, methodNotAllowed, notImplemented, plainAccessDenied } from './s3-errors.ts';

/** What an S3 operation reads: the routed request. */
export interface S3Request {
  method: string;
  bucket?: string;
  key?: string;
  /** The query, decoded, the first value of each name. */
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Query keys that name an S3 sub-resource or feature the sandbox does not implement. */
const UNSUPPORTED = new Set([
  'abac', 'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'delete', 'encryption', 'intelligent-tiering',
  'inventory', 'legal-hold', 'lifecycle', 'logging', 'metadataConfiguration', 'metadataInventoryTable',
  'metadataJournalTable', 'metadataTable', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'partNumber',
  'policy', 'policyStatus', 'publicAccessBlock', 'renameObject', 'replication', 'requestPayment', 'restore', 'retention',
  'select', 'select-type', 'session', 'tagging', 'torrent', 'uploadId', 'uploads', 'versioning', 'versions', 'website',
]);

const STREAMING = /^STREAMING-(UNSIGNED-PAYLOAD-TRAILER|AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)?|AWS4-ECDSA-P256-SHA256-PAYLOAD(-TRAILER)?|AWS4-HMAC-SHA256-EVENTS)$/;

export function routeS3(raw: SignedRequest, call: Call): { operation: string; request: S3Request } {
  checkPayloadHash(raw.headers, raw.body, isPresigned(raw.rawQuery));
  const { bucket, key } = parsePath(raw.rawPath);
  const query = flatQuery(raw.rawQuery);
  for (const name of Object.keys(query)) if (UNSUPPORTED.has(name)) throw notImplemented();
  const expectedOwner = raw.headers['x-amz-expected-bucket-owner'];
  if (expectedOwner !== undefined && expectedOwner !== call.principal.account.id) throw plainAccessDenied();
  const method = raw.method.toUpperCase();
  const request: S3Request = { method, bucket, key, query, headers: raw.headers, body: raw.body };
  return { operation: operationOf(request), request };
}

function operationOf({ method, bucket, key, query, headers }: S3Request): string {
  if (bucket === undefined) {
    if (method === 'GET') return 'ListBuckets';
    throw methodNotAllowed(method, 'SERVICE');
  }
  if (key === undefined) {
    switch (method) {
      case 'GET':
        if (query.location !== undefined) return 'GetBucketLocation';
        if (query['list-type'] === '2') return 'ListObjectsV2';
        if (query['list-type'] !== undefined) throw invalidArgument('Invalid List Type specified in Request', 'list-type', query['list-type']);
        return 'ListObjects';
      case 'PUT':
        return 'CreateBucket';
      case 'DELETE':
        return 'DeleteBucket';
      case 'HEAD':
        return 'HeadBucket';
      case 'POST':
        throw notImplemented();
      default:
        throw methodNotAllowed(method, 'BUCKET');
    }
  }
  if (Buffer.byteLength(key, 'utf8') > 1024) throw keyTooLong();
  const versionId = query.versionId;
  if (versionId !== undefined && versionId !== 'null') throw invalidArgument('Invalid version id specified', 'versionId', versionId);
  switch (method) {
    case 'PUT':
      if (headers['x-amz-copy-source'] !== undefined) throw notImplemented();
      return 'PutObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return 'DeleteObject';
    case 'POST':
      throw notImplemented();
    default:
      throw methodNotAllowed(method, 'OBJECT');
  }
}

/** `/` → service; `/b` or `/b/` → bucket; `/b/k…` → object. Each part is percent-decoded once. */
export function parsePath(rawPath: string): { bucket?: string; key?: string } {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (path === '') return {};
  const slash = path.indexOf('/');
  const rawBucket = slash === -1 ? path : path.slice(0, slash);
  const rawKey = slash === -1 ? '' : path.slice(slash + 1);
  try {
    const bucket = decodeURIComponent(rawBucket);
    return rawKey === '' ? { bucket } : { bucket, key: decodeURIComponent(rawKey) };
  } catch {
    throw invalidUri(rawPath);
  }
}

function flatQuery(rawQuery: string): Record<string, string> {
  const parsed = parseRawQuery(rawQuery);
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(parsed)) out[name] = Array.isArray(value) ? value[0] : value;
  return out;
}

/**
 * SigV4 signs the claimed payload hash, not the body: S3 compares the two itself. A presigned
 * request needs no header: its payload is UNSIGNED-PAYLOAD.
 */
function checkPayloadHash(headers: Record<string, string>, body: Uint8Array, presigned: boolean): void {
  const claimed = headers['x-amz-content-sha256'];
  if (claimed === undefined && presigned) return;
  if (claimed === undefined) throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
  if (claimed === 'UNSIGNED-PAYLOAD' || STREAMING.test(claimed)) return;
  if (!/^[0-9a-fA-F]{64}$/.test(claimed)) {
    throw invalidArgument(
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
      'x-amz-content-sha256',
      claimed,
    );
  }
  const actual = createHash('sha256').update(body).digest('hex');
  if (actual !== claimed.toLowerCase()) {
    throw new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
      ClientComputedContentSHA256: claimed,
      S3ComputedContentSHA256: actual,
    });
  }
}
