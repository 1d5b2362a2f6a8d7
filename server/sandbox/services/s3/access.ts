/**
 * Who may touch which bucket: bucket lookup across accounts (names are global), and what S3's
 * operations declare for the authorize stage: the bucket (or object) ARN, after S3's own first
 * refusal (the bucket must be the caller's: NoSuchBucket when no account has it, the short
 * `Access Denied` S3 uses across accounts when another does; the sandbox has no bucket policies
 * or ACLs). `isAllowed` is for an operation that asks a second question once authorized
 * (GetObject of a missing key: NoSuchKey only for callers who may list the bucket).
 */
import { evaluateAccess } from '../../auth/evaluate-access.ts';
import type { Principal } from '../../auth/principal.ts';
import type { ContextKeys } from '../../policy/types.ts';
import type { SandboxState } from '../../state.ts';
import type { Account, Bucket } from '../../store.ts';
import type { Access, Call, Operation } from '../operation.ts';
import type { S3Request } from './route.ts';
import { noSuchBucket, plainAccessDenied } from './s3-errors.ts';

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/** Declares an S3 operation (its input reads the routed S3Request). */
export function s3Operation<In>(operation: Operation<In, S3Request>): Operation<In, S3Request> {
  return operation;
}

export function findBucket(state: SandboxState, name: string): { account: Account; bucket: Bucket } | undefined {
  for (const account of state.store.accounts.values()) {
    const bucket = account.buckets.get(name);
    if (bucket) return { account, bucket };
  }
  return undefined;
}

/** The caller's own bucket; NoSuchBucket when no account has it, Access Denied when another does. */
export function ownBucket(state: SandboxState, principal: Principal, name: string): Bucket {
  const own = principal.account.buckets.get(name);
  if (own) return own;
  if (findBucket(state, name)) throw plainAccessDenied();
  throw noSuchBucket(name);
}

/** `action` on the caller's own bucket, with optional condition keys. */
export function bucketAccess<In extends { bucket: string }>(action: string, context?: (input: In, call: Call) => ContextKeys): Access<In> {
  return { action, before: ({ bucket }, { state, principal }) => void ownBucket(state, principal, bucket), resource: ({ bucket }) => bucketArn(bucket), context };
}

/** `action` on an object of the caller's own bucket. */
export function objectAccess<In extends { bucket: string; key: string }>(action: string): Access<In> {
  return { action, before: ({ bucket }, { state, principal }) => void ownBucket(state, principal, bucket), resource: ({ bucket, key }) => objectArn(bucket, key) };
}

export function isAllowed(call: Call, action: string, resource: string): boolean {
  return evaluateAccess(call.state, call.principal, call.region, { action, resource }).decision === 'Allowed';
}
