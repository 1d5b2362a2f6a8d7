/**
 * The global condition keys a request carries (iam-policy-evaluation.md §3.1 and §3.2), derived
 * from the principal and the session its credentials came from. MFA is carried exactly as AWS
 * does: absent for long-term keys, true or false for GetSessionToken credentials, false for
 * role sessions (unless the sandbox switch says otherwise) and for GetFederationToken
 * credentials (they never carry MFA). Principal tags follow AWS's precedence, keys compared
 * without case: a role session's tags (passed and inherited transitive ones) over its role's, a
 * federated user's session tags over the user's. `resourceTagKeys` gives the tags of the IAM
 * user or role a request acts on (`aws:ResourceTag/…`, `iam:ResourceTag/…`). Pure; it evaluates
 * nothing.
 */
import type { ContextKeys } from '../policy/types.ts';
import type { SandboxState } from '../state.ts';
import type { Tag } from '../store.ts';
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
      addTags(keys, 'aws:PrincipalTag/', principal.user.tags);
      break;
    case 'AssumedRole':
      // For role sessions aws:PrincipalArn is the role's ARN (with its path), not the session's.
      keys['aws:PrincipalArn'] = principal.role.arn;
      keys['aws:PrincipalType'] = 'AssumedRole';
      addTags(keys, 'aws:PrincipalTag/', principal.role.tags, principal.session.tags);
      break;
    case 'FederatedUser':
      // arn:aws:sts::ACCT:federated-user/<Name>; no aws:username. Session tags override the
      // calling user's tags of the same key.
      keys['aws:PrincipalType'] = 'FederatedUser';
      addTags(keys, 'aws:PrincipalTag/', principal.user?.tags ?? [], principal.session.tags);
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

/**
 * Adds `<prefix><key>` for each tag; a later list overrides an earlier one's tag of the same key,
 * whatever its case (tag keys are case-insensitive), and the later spelling is kept.
 */
function addTags(keys: ContextKeys, prefix: string, ...lists: Tag[][]): void {
  const byKey = new Map<string, Tag>();
  for (const list of lists) for (const tag of list) byKey.set(tag.Key.toLowerCase(), tag);
  for (const tag of byKey.values()) keys[`${prefix}${tag.Key}`] = tag.Value;
}

const IAM_ENTITY = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/;

/**
 * `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>` for the IAM user or role `resource` names
 * (an ARN), when it exists: how IAM's own operations and sts:AssumeRole see a role's tags. Other
 * resources carry none here.
 */
export function resourceTagKeys(state: SandboxState, resource: string): ContextKeys {
  const keys: ContextKeys = Object.create(null);
  const match = IAM_ENTITY.exec(resource);
  if (!match) return keys;
  const account = state.store.accounts.get(match[1]);
  const entity = match[2] === 'user' ? account?.users.get(match[3]) : account?.roles.get(match[3]);
  if (!entity || entity.arn !== resource) return keys;
  addTags(keys, 'aws:ResourceTag/', entity.tags);
  addTags(keys, 'iam:ResourceTag/', entity.tags);
  return keys;
}
