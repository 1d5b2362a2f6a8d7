/**
 * The S3 REST service, path-style (`/bucket/key`), as SDK v3, botocore and the AWS CLI send it
 * to a local endpoint (aws-wire-protocol.md §11). Routes an authenticated S3Call by method,
 * path and sub-resource to buckets.ts, list-objects.ts and objects.ts; anything else S3 has
 * (ACLs, multipart, versioning, CopyObject, DeleteObjects, …) answers NotImplemented (501). The
 * raw path is decoded exactly once, so keys with spaces, `+`, `~` and unicode round-trip; the
 * claimed payload hash is checked against the body. Errors are thrown as AwsError; the
 * pipeline writes S3's `<Error>` document.
 */
import { createHash } from 'node:crypto';
import { parseRawQuery } from '../../auth/sigv4.ts';
import { AwsError } from '../../errors.ts';
import type { S3Call, S3Handler } from '../s3-call.ts';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets.ts';
import { listObjectsV1, listObjectsV2 } from './list-objects.ts';
import { deleteObject, getObject, headObject, putObject } from './objects.ts';
import { invalidArgument, invalidRequest, invalidUri, keyTooLong, methodNotAllowed, notImplemented, plainAccessDenied } from './s3-errors.ts';

/** Query keys that name an S3 sub-resource or feature the sandbox does not implement. */
const UNSUPPORTED = new Set([
  'abac', 'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'delete', 'encryption', 'intelligent-tiering',
  'inventory', 'legal-hold', 'lifecycle', 'logging', 'metadataConfiguration', 'metadataInventoryTable',
  'metadataJournalTable', 'metadataTable', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'partNumber',
  'policy', 'policyStatus', 'publicAccessBlock', 'renameObject', 'replication', 'requestPayment', 'restore', 'retention',
  'select', 'select-type', 'session', 'tagging', 'torrent', 'uploadId', 'uploads', 'versioning', 'versions', 'website',
]);

const STREAMING = /^STREAMING-(UNSIGNED-PAYLOAD-TRAILER|AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)?|AWS4-ECDSA-P256-SHA256-PAYLOAD(-TRAILER)?|AWS4-HMAC-SHA256-EVENTS)$/;

export const handleS3: S3Handler = (call) => {
  checkPayloadHash(call);
  const { bucket, key } = parsePath(call.rawPath);
  const query = flatQuery(call.rawQuery);
  for (const name of Object.keys(query)) if (UNSUPPORTED.has(name)) throw notImplemented();
  const expectedOwner = call.headers['x-amz-expected-bucket-owner'];
  if (expectedOwner !== undefined && expectedOwner !== call.principal.account.id) throw plainAccessDenied();
  const method = call.method.toUpperCase();

  if (bucket === undefined) {
    if (method === 'GET') return listBuckets(call, query);
    throw methodNotAllowed(method, 'SERVICE');
  }
  if (key === undefined) {
    switch (method) {
      case 'GET':
        if (query.location !== undefined) return getBucketLocation(call, bucket);
        if (query['list-type'] === '2') return listObjectsV2(call, bucket, query);
        if (query['list-type'] !== undefined) throw invalidArgument('Invalid List Type specified in Request', 'list-type', query['list-type']);
        return listObjectsV1(call, bucket, query);
      case 'PUT':
        return createBucket(call, bucket);
      case 'DELETE':
        return deleteBucket(call, bucket);
      case 'HEAD':
        return headBucket(call, bucket);
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
      if (call.headers['x-amz-copy-source'] !== undefined) throw notImplemented();
      return putObject(call, bucket, key);
    case 'GET':
      return getObject(call, bucket, key, query);
    case 'HEAD':
      return headObject(call, bucket, key, query);
    case 'DELETE':
      return deleteObject(call, bucket, key);
    case 'POST':
      throw notImplemented();
    default:
      throw methodNotAllowed(method, 'OBJECT');
  }
};

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

/** SigV4 signs the claimed payload hash, not the body: S3 compares the two itself. */
function checkPayloadHash(call: S3Call): void {
  const claimed = call.headers['x-amz-content-sha256'];
  if (claimed === undefined) throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
  if (claimed === 'UNSIGNED-PAYLOAD' || STREAMING.test(claimed)) return;
  if (!/^[0-9a-fA-F]{64}$/.test(claimed)) {
    throw invalidArgument(
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
      'x-amz-content-sha256',
      claimed,
    );
  }
  const actual = createHash('sha256').update(call.body).digest('hex');
  if (actual !== claimed.toLowerCase()) {
    throw new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
      ClientComputedContentSHA256: claimed,
      S3ComputedContentSHA256: actual,
    });
  }
}
