/**
 * Where steps run: the offline sandbox or a real AWS account. A Target carries the region,
 * endpoint, the notebook's own credentials (never serialized), the account and ARN shown in
 * the banner, and the federation endpoint. `describeTarget` is the public view the page gets.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface Target {
  kind: 'sandbox' | 'aws';
  region: string;
  /** Set for the sandbox; undefined means AWS's own endpoints. */
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  accountId: string;
  arn: string;
  federationUrl: string;
}

export function describeTarget(target: Target) {
  return { target: target.kind, accountId: target.accountId, region: target.region, arn: target.arn, endpoint: target.endpoint ?? null };
}
