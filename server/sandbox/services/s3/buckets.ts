/**
 * S3 bucket operations: ListBuckets, CreateBucket (name rules, an optional
 * CreateBucketConfiguration, AWS's location-constraint rules and the us-east-1 legacy 200 for a
 * bucket you already own), DeleteBucket, HeadBucket and GetBucketLocation. Buckets live in the
 * caller's account; names are global. The sandbox console runs ListBuckets' authorization and
 * CreateBucket through the same declarations, so it is judged exactly like a signed request.
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AwsError } from '../../errors.ts';
import type { Account, Bucket } from '../../store.ts';
import { bucketAccess, bucketArn, findBucket, ownBucket, s3Operation } from './access.ts';
import {
  bucketAlreadyExists,
  bucketAlreadyOwnedByYou,
  bucketNotEmpty,
  invalidArgument,
  invalidBucketName,
  malformedXml,
} from './s3-errors.ts';

export const EXAMPLE_BUCKET = 'example-bucket';

/** The canonical user id S3 reports as Owner/ID: 64 hex characters, stable per account. */
export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`sts-workshop-sandbox:${accountId}`).digest('hex');
}

export function owner(accountId: string) {
  return { ID: canonicalUserId(accountId), DisplayName: `sts-workshop-${accountId}` };
}

/** General purpose bucket naming rules (S3 User Guide, "Bucket naming rules"). */
export function validBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return false;
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return false;
  return true;
}

/** The account's buckets in name order: what ListBuckets lists (and the console shows). */
export function bucketsOf(account: Account): Bucket[] {
  return [...account.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const listBuckets = s3Operation({
  input: ({ query }) => ({ query }),
  access: { action: 's3:ListAllMyBuckets', resource: () => 'arn:aws:s3:::*' },
  invoke({ query }, { principal }) {
    let buckets = bucketsOf(principal.account);
    const prefix = query.prefix;
    const bucketRegion = query['bucket-region'];
    if (prefix) buckets = buckets.filter((b) => b.name.startsWith(prefix));
    if (bucketRegion) buckets = buckets.filter((b) => b.region === bucketRegion);
    const token = query['continuation-token'];
    if (token !== undefined) {
      const after = decodeToken(token);
      if (after === undefined) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
      buckets = buckets.filter((b) => b.name > after);
    }
    let max = 10000;
    if (query['max-buckets'] !== undefined) {
      const n = Number(query['max-buckets']);
      if (!/^\d+$/.test(query['max-buckets']) || n < 1 || n > 10000) {
        throw invalidArgument('Argument max-buckets must be an integer between 1 and 10000', 'max-buckets', query['max-buckets']);
      }
      max = n;
    }
    const page = buckets.slice(0, max);
    const truncated = buckets.length > max;
    const content = {
      Owner: owner(principal.account.id),
      Buckets: { Bucket: page.map((b) => ({ Name: b.name, CreationDate: b.createDate, BucketRegion: b.region, BucketArn: bucketArn(b.name) })) },
      ContinuationToken: truncated ? encodeToken(page[page.length - 1].name) : undefined,
      Prefix: prefix,
    };
    return { document: { root: 'ListAllMyBucketsResult', content } };
  },
  example: {},
});

const encodeToken = (after: string) => Buffer.from(JSON.stringify({ a: after })).toString('base64');
function decodeToken(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    const after = (parsed as { a?: unknown } | null)?.a;
    return typeof after === 'string' ? after : undefined;
  } catch {
    return undefined;
  }
}

export const createBucket = s3Operation({
  input({ bucket, body }) {
    const constraint = parseCreateBucketConfiguration(body);
    if (!validBucketName(bucket!)) throw invalidBucketName(bucket!);
    return { bucket: bucket!, constraint };
  },
  access: { action: 's3:CreateBucket', resource: ({ bucket }) => bucketArn(bucket) },
  invoke({ bucket: name, constraint }, { state, principal, region }) {
    const bucketRegion = resolveLocation(region, constraint);
    const existing = findBucket(state, name);
    if (existing) {
      if (existing.account.id !== principal.account.id) throw bucketAlreadyExists(name);
      // The us-east-1 legacy: re-creating a bucket you own there is 200 and changes nothing.
      if (region === 'us-east-1' && existing.bucket.region === 'us-east-1') return { headers: { location: `/${name}` } };
      throw bucketAlreadyOwnedByYou(name);
    }
    principal.account.buckets.set(name, { name, region: bucketRegion, createDate: new Date(state.clock.now()), objects: new Map() });
    return { headers: { location: `/${name}` } };
  },
  example: { Bucket: 'example-new-bucket' },
});

function resolveLocation(region: string, constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') {
    if (region !== 'us-east-1') {
      throw new AwsError('IllegalLocationConstraintException', 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.', 400);
    }
    return 'us-east-1';
  }
  const location = constraint === 'EU' ? 'eu-west-1' : constraint;
  if (constraint === 'us-east-1' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(location)) {
    throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint });
  }
  // The us-east-1 (global) endpoint creates buckets anywhere; a regional endpoint only in its region.
  if (region !== 'us-east-1' && location !== region) {
    throw new AwsError('IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
  }
  return location;
}

/** The optional `<CreateBucketConfiguration>` body: entities off, DOCTYPE refused. */
export function parseCreateBucketConfiguration(body: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(body).trim();
  if (text === '') return undefined;
  if (/<!DOCTYPE|<!ENTITY/i.test(text) || XMLValidator.validate(text) !== true) throw malformedXml();
  const parser = new XMLParser({
    processEntities: false,
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch {
    throw malformedXml();
  }
  const root = parsed && typeof parsed === 'object' ? Object.keys(parsed) : [];
  if (root.length !== 1 || root[0] !== 'CreateBucketConfiguration') throw malformedXml();
  const config = (parsed as Record<string, unknown>).CreateBucketConfiguration;
  if (config === '' || config === undefined) return undefined;
  if (typeof config !== 'object' || config === null) throw malformedXml();
  const constraint = (config as Record<string, unknown>).LocationConstraint;
  if (constraint === undefined) return undefined;
  if (typeof constraint !== 'string') throw malformedXml();
  return constraint.trim();
}

export const deleteBucket = s3Operation({
  input: ({ bucket }) => ({ bucket: bucket! }),
  access: bucketAccess('s3:DeleteBucket'),
  invoke({ bucket: name }, { state, principal }) {
    if (ownBucket(state, principal, name).objects.size > 0) throw bucketNotEmpty(name);
    principal.account.buckets.delete(name);
    return { status: 204 };
  },
  example: { Bucket: EXAMPLE_BUCKET },
});

export const headBucket = s3Operation({
  input: ({ bucket }) => ({ bucket: bucket! }),
  access: bucketAccess('s3:ListBucket'),
  invoke({ bucket }, { state, principal }) {
    const region = ownBucket(state, principal, bucket).region;
    return { headers: { 'x-amz-bucket-region': region, 'x-amz-access-point-alias': 'false', 'content-type': 'application/xml' } };
  },
  example: { Bucket: EXAMPLE_BUCKET },
});

export const getBucketLocation = s3Operation({
  input: ({ bucket }) => ({ bucket: bucket! }),
  access: bucketAccess('s3:GetBucketLocation'),
  invoke({ bucket }, { state, principal }) {
    const region = ownBucket(state, principal, bucket).region;
    return { document: { root: 'LocationConstraint', content: { '#text': region === 'us-east-1' ? '' : region } } };
  },
  example: { Bucket: EXAMPLE_BUCKET },
});
