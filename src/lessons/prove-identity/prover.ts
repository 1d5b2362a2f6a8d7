/**
 * The prover's side of the lesson "Prove who you are to someone else": a GetCallerIdentity
 * request signed with the caller's own credentials and never sent, handed over as a token in the
 * format EKS uses (`k8s-aws-v1.` and the presigned URL in base64url, what `aws eks get-token`
 * prints), with the name of the server it is meant for signed into the `x-k8s-aws-id` header.
 * Signing is local: nothing leaves the machine here. The page shows the `prover` region in full
 * (index.mdx, <SourceRegion>); the steps call it. It sends, verifies and keeps nothing.
 */
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

// #region prover
/** Names the server a token is for. Signed, so it cannot be changed. */
export const SERVER_ID_HEADER = 'x-k8s-aws-id';
export const TOKEN_PREFIX = 'k8s-aws-v1.';

export interface TokenFor {
  endpoint: string;
  region: string;
  serverId: string;
  signingDate?: Date;
}

export async function identityToken(
  credentials: AwsCredentialIdentity,
  to: TokenFor,
): Promise<string> {
  const sts = new URL(to.endpoint);
  const signer = new SignatureV4({
    credentials,
    region: to.region,
    service: 'sts',
    sha256: Sha256,
  });
  // The request the verifier will send for us: signed here, sent there.
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: sts.protocol,
      hostname: sts.hostname,
      port: sts.port ? Number(sts.port) : undefined,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: sts.host, [SERVER_ID_HEADER]: to.serverId },
    },
    // STS ignores X-Amz-Expires: it accepts the signature for 15
    // minutes after X-Amz-Date, whatever this says. EKS sends 60.
    { expiresIn: 60, signingDate: to.signingDate },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>);
  const url = `${sts.origin}/?${query}`;
  return TOKEN_PREFIX + Buffer.from(url).toString('base64url');
}
// #endregion
