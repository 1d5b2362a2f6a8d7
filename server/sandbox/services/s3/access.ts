/**
 * Who may touch which bucket: bucket lookup across accounts (names are global), and the
 * authorization every S3 operation performs through auth/authorize.ts, with S3's wording of
 * AccessDenied. The sandbox has no bucket policies or ACLs, so another account's bucket is
 * always `Access Denied` (the short form S3 uses across accounts).
 */
import { authorize, deniedMessage } from '../../auth/authorize.ts';
import type { Principal } from '../../auth/principal.ts';
import { accessDenied } from '../../errors.ts';
import type { ContextKeys } from '../../policy/types.ts';
import type { SandboxState } from '../../state.ts';
import type { Account, Bucket } from '../../store.ts';
import { noSuchBucket, plainAccessDenied } from './s3-errors.ts';

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

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

export function isAllowed(state: SandboxState, principal: Principal, region: string, action: string, resource: string, context?: ContextKeys): boolean {
  return authorize(state, principal, region, { action, resource, context }).decision === 'Allowed';
}

/** Authorizes and throws S3's AccessDenied unless allowed. */
export function requireS3(state: SandboxState, principal: Principal, region: string, action: string, resource: string, context?: ContextKeys): void {
  const evaluation = authorize(state, principal, region, { action, resource, context });
  if (evaluation.decision !== 'Allowed') throw accessDenied(deniedMessage(principal, action, resource, evaluation, 's3'));
}
