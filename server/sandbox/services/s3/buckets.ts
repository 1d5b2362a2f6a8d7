/**
 * S3 bucket operations: ListBuckets, CreateBucket (name rules, an optional
 * CreateBucketConfiguration, AWS's location-constraint rules and the us-east-1 legacy 200 for a
 * bucket you already own), DeleteBucket, HeadBucket and GetBucketLocation. Buckets live in the
 * caller's account; names are global. `listVisibleBuckets` and `createBucketFor` are also what
 * the sandbox console calls, so it is judged exactly like a signed request.
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Principal } from '../../auth/principal.ts';
import { AwsError } from '../../errors.ts';
import { s3Xml } from '../../protocol/s3-xml.ts';
import type { Bucket } from '../../store.ts';
import type { S3Call } from '../s3-call.ts';
import type { SandboxState } from '../../state.ts';
import { bucketArn, findBucket, ownBucket, requireS3 } from './access.ts';
import {
  bucketAlreadyExists,
  bucketAlreadyOwnedByYou,
  bucketNotEmpty,
  invalidArgument,
  invalidBucketName,
  malformedXml,
} from './s3-errors.ts';

export const XML = { 'content-type': 'application/xml' };

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

/** The buckets ListBuckets returns to this principal (AccessDenied unless s3:ListAllMyBuckets). */
export function listVisibleBuckets(state: SandboxState, principal: Principal, region: string): Bucket[] {
  requireS3(state, principal, region, 's3:ListAllMyBuckets', 'arn:aws:s3:::*');
  return [...principal.account.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function listBuckets(call: S3Call, query: Record<string, string>): Response {
  const { state, principal, region } = call;
  let buckets = listVisibleBuckets(state, principal, region);
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
  const xml = s3Xml('ListAllMyBucketsResult', {
    Owner: owner(principal.account.id),
    Buckets: { Bucket: page.map((b) => ({ Name: b.name, CreationDate: b.createDate, BucketRegion: b.region, BucketArn: bucketArn(b.name) })) },
    ContinuationToken: truncated ? encodeToken(page[page.length - 1].name) : undefined,
    Prefix: prefix,
  });
  return new Response(xml, { status: 200, headers: XML });
}

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

export interface CreateBucketOutcome {
  bucket: Bucket;
  /** False for the us-east-1 legacy case: the caller already owned it, 200 and nothing changes. */
  created: boolean;
}

/** CreateBucket's rules, shared with the console. `locationConstraint` is the parsed configuration value. */
export function createBucketFor(
  state: SandboxState,
  principal: Principal,
  region: string,
  name: string,
  locationConstraint?: string,
): CreateBucketOutcome {
  if (!validBucketName(name)) throw invalidBucketName(name);
  requireS3(state, principal, region, 's3:CreateBucket', bucketArn(name));
  const bucketRegion = resolveLocation(region, locationConstraint);
  const existing = findBucket(state, name);
  if (existing) {
    if (existing.account.id !== principal.account.id) throw bucketAlreadyExists(name);
    if (region === 'us-east-1' && existing.bucket.region === 'us-east-1') return { bucket: existing.bucket, created: false };
    throw bucketAlreadyOwnedByYou(name);
  }
  const bucket: Bucket = { name, region: bucketRegion, createDate: new Date(state.clock.now()), objects: new Map() };
  principal.account.buckets.set(name, bucket);
  return { bucket, created: true };
}

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

export function createBucket(call: S3Call, name: string): Response {
  const constraint = parseCreateBucketConfiguration(call.body);
  const { bucket } = createBucketFor(call.state, call.principal, call.region, name, constraint);
  return new Response(null, { status: 200, headers: { location: `/${bucket.name}` } });
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

export function deleteBucket(call: S3Call, name: string): Response {
  const { state, principal, region } = call;
  const bucket = ownBucket(state, principal, name);
  requireS3(state, principal, region, 's3:DeleteBucket', bucketArn(name));
  if (bucket.objects.size > 0) throw bucketNotEmpty(name);
  principal.account.buckets.delete(name);
  return new Response(null, { status: 204 });
}

export function headBucket(call: S3Call, name: string): Response {
  const { state, principal, region } = call;
  const bucket = ownBucket(state, principal, name);
  requireS3(state, principal, region, 's3:ListBucket', bucketArn(name));
  return new Response(null, {
    status: 200,
    headers: { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false', 'content-type': 'application/xml' },
  });
}

export function getBucketLocation(call: S3Call, name: string): Response {
  const { state, principal, region } = call;
  const bucket = ownBucket(state, principal, name);
  requireS3(state, principal, region, 's3:GetBucketLocation', bucketArn(name));
  const value = bucket.region === 'us-east-1' ? '' : bucket.region;
  return new Response(s3Xml('LocationConstraint', { '#text': value }), { status: 200, headers: XML });
}
