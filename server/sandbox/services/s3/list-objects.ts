/**
 * ListObjectsV2 (`?list-type=2`) and the older ListObjects: keys in UTF-8 byte order, prefix,
 * delimiter with CommonPrefixes, max-keys (1000 at most), continuation-token / start-after
 * (V2) and marker (V1), fetch-owner, and `encoding-type=url`, which URL-encodes Key, Prefix,
 * Delimiter, StartAfter and the markers in the response because botocore decodes them
 * (aws-wire-protocol.md §11.1). Authorized as s3:ListBucket with the s3:prefix,
 * s3:delimiter and s3:max-keys condition keys.
 */
import type { ContextKeys } from '../../policy/types.ts';
import type { Bucket, S3Object } from '../../store.ts';
import { bucketAccess, ownBucket, s3Operation } from './access.ts';
import { EXAMPLE_BUCKET, owner } from './buckets.ts';
import { objectExtras } from './object-meta.ts';
import { invalidArgument } from './s3-errors.ts';

const compareUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

interface Page {
  contents: S3Object[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last?: string;
}

/** One page of keys after `after` (exclusive); a common prefix at or before `after` was already returned. */
function listPage(bucket: Bucket, prefix: string, delimiter: string | undefined, maxKeys: number, after: string | undefined): Page {
  const keys = [...bucket.objects.keys()].sort(compareUtf8);
  const page: Page = { contents: [], commonPrefixes: [], truncated: false };
  let count = 0;
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    if (after !== undefined && compareUtf8(key, after) <= 0) continue;
    let entry: string = key;
    let isPrefix = false;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at !== -1) {
        entry = key.slice(0, at + delimiter.length);
        isPrefix = true;
        if (entry === page.last) continue;
        if (after !== undefined && compareUtf8(entry, after) <= 0) continue;
      }
    }
    if (count === maxKeys) {
      page.truncated = true;
      break;
    }
    if (isPrefix) page.commonPrefixes.push(entry);
    else page.contents.push(bucket.objects.get(key)!);
    page.last = entry;
    count++;
  }
  return page;
}

function maxKeysOf(query: Record<string, string>): number {
  const raw = query['max-keys'];
  if (raw === undefined) return 1000;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2147483647) {
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', raw);
  }
  return Math.min(Number(raw), 1000);
}

function encodingOf(query: Record<string, string>): ((s: string) => string) {
  const type = query['encoding-type'];
  if (type === undefined) return (s) => s;
  if (type.toLowerCase() !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', type);
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

function contentsOf(objects: S3Object[], encode: (s: string) => string, withOwner: string | undefined) {
  return objects.map((o) => {
    const checksum = objectExtras(o)?.checksum;
    return {
      Key: encode(o.key),
      LastModified: o.lastModified,
      ETag: o.etag,
      ChecksumAlgorithm: checksum?.algorithm.toUpperCase(),
      ChecksumType: checksum ? 'FULL_OBJECT' : undefined,
      Size: o.body.length,
      Owner: withOwner ? owner(withOwner) : undefined,
      StorageClass: 'STANDARD',
    };
  });
}

/** s3:ListBucket with the s3:prefix, s3:delimiter and s3:max-keys condition keys. */
const listAccess = bucketAccess<{ bucket: string; query: Record<string, string> }>('s3:ListBucket', ({ query }) => {
  const context: ContextKeys = Object.create(null);
  if (query.prefix !== undefined) context['s3:prefix'] = query.prefix;
  if (query.delimiter !== undefined) context['s3:delimiter'] = query.delimiter;
  context['s3:max-keys'] = query['max-keys'] ?? '1000';
  return context;
});

const listInput = ({ bucket, query }: { bucket?: string; query: Record<string, string> }) => ({ bucket: bucket!, query });

export const listObjectsV2 = s3Operation({
  input: listInput,
  access: listAccess,
  invoke({ bucket: name, query }, { state, principal }) {
    const bucket = ownBucket(state, principal, name);
    const prefix = query.prefix ?? '';
    const delimiter = query.delimiter || undefined;
    const maxKeys = maxKeysOf(query);
    const encode = encodingOf(query);
    const token = query['continuation-token'];
    let after = query['start-after'] || undefined;
    if (token !== undefined) {
      const decoded = decodeToken(token);
      if (decoded === undefined) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
      after = decoded;
    }
    const page = listPage(bucket, prefix, delimiter, maxKeys, after);
    const content = {
      Name: bucket.name,
      Prefix: encode(prefix),
      Delimiter: delimiter === undefined ? undefined : encode(delimiter),
      MaxKeys: maxKeys,
      EncodingType: query['encoding-type'] === undefined ? undefined : 'url',
      KeyCount: page.contents.length + page.commonPrefixes.length,
      IsTruncated: page.truncated,
      ContinuationToken: token,
      NextContinuationToken: page.truncated && page.last !== undefined ? encodeToken(page.last) : undefined,
      StartAfter: query['start-after'] ? encode(query['start-after']) : undefined,
      Contents: contentsOf(page.contents, encode, query['fetch-owner'] === 'true' ? principal.account.id : undefined),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    };
    return { document: { root: 'ListBucketResult', content } };
  },
  example: { Bucket: EXAMPLE_BUCKET, Prefix: 'example' },
});

export const listObjects = s3Operation({
  input: listInput,
  access: listAccess,
  invoke({ bucket: name, query }, { state, principal }) {
    const bucket = ownBucket(state, principal, name);
    const prefix = query.prefix ?? '';
    const delimiter = query.delimiter || undefined;
    const maxKeys = maxKeysOf(query);
    const encode = encodingOf(query);
    const marker = query.marker ?? '';
    const page = listPage(bucket, prefix, delimiter, maxKeys, marker || undefined);
    const content = {
      Name: bucket.name,
      Prefix: encode(prefix),
      Marker: encode(marker),
      NextMarker: page.truncated && delimiter && page.last !== undefined ? encode(page.last) : undefined,
      MaxKeys: maxKeys,
      Delimiter: delimiter === undefined ? undefined : encode(delimiter),
      EncodingType: query['encoding-type'] === undefined ? undefined : 'url',
      IsTruncated: page.truncated,
      Contents: contentsOf(page.contents, encode, principal.account.id),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    };
    return { document: { root: 'ListBucketResult', content } };
  },
  example: { Bucket: EXAMPLE_BUCKET },
});
const encodeToken = (after: string) => Buffer.from(JSON.stringify({ k: after }), 'utf8').toString('base64');

function decodeToken(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    const key = (parsed as { k?: unknown } | null)?.k;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}
