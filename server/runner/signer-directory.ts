/**
 * Who an access key id stands for, learnt from the answers of the calls the runner records: an
 * AssumeRole or AssumeRoleWithSAML/WebIdentity answer names the role session, GetFederationToken
 * the federated user, GetSessionToken inherits its caller, CreateAccessKey names the user, and
 * GetCallerIdentity tells who signed it. The call inspector shows it as "as the role session …"
 * beside the equivalent AWS CLI command. Access key ids and ARNs are not secrets; nothing else is
 * kept. Process-wide (key ids are unique) and bounded; it does not track expiry or deletion.
 */
import type { CallSigner } from '../../src/lessons/events.ts';

const MAX_KEYS = 2000;
const principals = new Map<string, string>();

function remember(accessKeyId: unknown, principal: unknown): void {
  if (typeof accessKeyId !== 'string' || typeof principal !== 'string' || !accessKeyId || !principal) return;
  principals.delete(accessKeyId);
  principals.set(accessKeyId, principal);
  if (principals.size > MAX_KEYS) principals.delete(principals.keys().next().value!);
}

/** The signer with the principal filled in when a recorded call has told it. */
export function describeSigner(signer: CallSigner): CallSigner {
  const principal = principals.get(signer.accessKeyId) ?? signer.principal;
  return principal ? { ...signer, principal } : { ...signer };
}

/** Learns from one successful call's (logged) output; `signer` is who made the call. */
export function learnSigners(operation: string, output: unknown, signer: CallSigner | undefined): void {
  const out = (output ?? {}) as Record<string, any>;
  const issued = out.Credentials?.AccessKeyId;
  switch (operation) {
    case 'AssumeRole':
    case 'AssumeRoleWithSAML':
    case 'AssumeRoleWithWebIdentity':
      remember(issued, out.AssumedRoleUser?.Arn);
      return;
    case 'GetFederationToken':
      remember(issued, out.FederatedUser?.Arn);
      return;
    case 'GetSessionToken':
      if (signer) remember(issued, describeSigner(signer).principal);
      return;
    case 'CreateAccessKey':
      if (out.AccessKey?.UserName) remember(out.AccessKey.AccessKeyId, `IAM user ${out.AccessKey.UserName}`);
      return;
    case 'GetCallerIdentity':
      if (signer) remember(signer.accessKeyId, out.Arn);
      return;
  }
}
