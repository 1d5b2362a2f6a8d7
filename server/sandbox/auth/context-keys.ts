/**
 * The global condition keys a request carries (iam-policy-evaluation.md §3.1 and §3.2), derived
 * from the principal and the session its credentials came from. MFA is carried exactly as AWS
 * does: absent for long-term keys, true or false for GetSessionToken credentials, false for
 * role sessions (unless the sandbox switch says otherwise) and for GetFederationToken
 * credentials (they never carry MFA). Pure; it evaluates nothing.
 */
import type { ContextKeys } from '../policy/types.ts';
import type { SandboxState } from '../state.ts';
import type { Principal } from './principal.ts';
import { principalArn, principalUserId } from './principal.ts';

export function contextKeys(state: SandboxState, principal: Principal, region: string): ContextKeys {
  const now = state.clock.now();
  const keys: ContextKeys = Object.create(null);
  keys['aws:PrincipalAccount'] = principal.account.id;
  keys['aws:userid'] = principalUserId(principal);
  keys['aws:CurrentTime'] = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  keys['aws:EpochTime'] = String(Math.floor(now / 1000));
  keys['aws:SecureTransport'] = 'false';
  keys['aws:RequestedRegion'] = region;
  keys['aws:PrincipalArn'] = principalArn(principal);
  switch (principal.type) {
    case 'User':
      keys['aws:PrincipalType'] = 'User';
      keys['aws:username'] = principal.user.name;
      for (const tag of principal.user.tags) keys[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
      break;
    case 'AssumedRole':
      // For role sessions aws:PrincipalArn is the role's ARN (with its path), not the session's.
      keys['aws:PrincipalArn'] = principal.role.arn;
      keys['aws:PrincipalType'] = 'AssumedRole';
      for (const tag of principal.role.tags) keys[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
      for (const tag of principal.session.tags) keys[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
      break;
    case 'FederatedUser':
      // arn:aws:sts::ACCT:federated-user/<Name>; no aws:username. Session tags override the
      // calling user's tags of the same key.
      keys['aws:PrincipalType'] = 'FederatedUser';
      for (const tag of principal.user?.tags ?? []) keys[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
      for (const tag of principal.session.tags) keys[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
      break;
    case 'Root':
      keys['aws:PrincipalType'] = 'Account';
      break;
  }
  const session = principal.session;
  if (session) {
    keys['aws:TokenIssueTime'] = new Date(session.issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const carriesMfa =
      session.mfaPresent || (session.source === 'AssumeRole' && state.options.roleSessionsCarryMfa && session.mfaAuthAt !== undefined);
    keys['aws:MultiFactorAuthPresent'] = carriesMfa ? 'true' : 'false';
    if (carriesMfa && session.mfaAuthAt !== undefined) {
      keys['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((now - session.mfaAuthAt) / 1000)));
    }
    if (session.sourceIdentity) keys['aws:SourceIdentity'] = session.sourceIdentity;
    if (session.federatedProvider) keys['aws:FederatedProvider'] = session.federatedProvider;
  }
  return keys;
}
