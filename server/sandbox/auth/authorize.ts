/**
 * Authorization: gathers the policies that apply to a principal (inline and attached managed
 * policies of the user or role, the session's session policies, a permissions boundary, and a
 * resource policy such as a role's trust policy when one is given), fills the request context
 * and asks the pure evaluator for a decision. `deniedMessage` words AccessDenied as AWS does
 * for IAM/STS, S3 and AssumeRole. The account root is allowed everything, as in AWS.
 */
import { accessDenied } from '../errors.ts';
import { evaluate } from '../policy/evaluate.ts';
import type { ContextKeys, Evaluation, Policy } from '../policy/types.ts';
import type { SandboxState } from '../state.ts';
import type { Account, ManagedPolicy, Role, User } from '../store.ts';
import { contextKeys } from './context-keys.ts';
import { principalArn, principalUserId, type Principal } from './principal.ts';

export interface AuthorizeRequest {
  action: string;
  resource: string;
  /** Extra request-specific keys (sts:RoleSessionName, aws:RequestTag/…, MFA of the AssumeRole call). */
  context?: ContextKeys;
  resourcePolicy?: { policy: Policy; kind: 'trust' | 'resource'; accountId: string };
}

export function authorize(state: SandboxState, principal: Principal, region: string, request: AuthorizeRequest): Evaluation {
  if (principal.type === 'Root') return { decision: 'Allowed', warnings: [] };
  const keys = { ...contextKeys(state, principal, region), ...request.context };
  const entity = principal.type === 'User' ? principal.user : principal.role;
  return evaluate({
    request: {
      principal: {
        arn: principalArn(principal),
        accountId: principal.account.id,
        roleArn: principal.type === 'AssumedRole' ? principal.role.arn : undefined,
        userId: principalUserId(principal),
      },
      action: request.action,
      resource: request.resource,
      keys,
    },
    identityPolicies: identityPolicies(state, principal.account, entity),
    sessionPolicies: principal.type === 'AssumedRole' ? principal.session.sessionPolicies?.map((d) => d.parsed) : undefined,
    boundary: entity.permissionsBoundary ? findPolicy(state, principal.account, entity.permissionsBoundary)?.parsed : undefined,
    resourcePolicy: request.resourcePolicy?.policy,
    resourcePolicyKind: request.resourcePolicy?.kind,
    resourceAccountId: request.resourcePolicy?.accountId,
  });
}

/** Authorizes and throws AccessDenied (IAM/STS wording) unless allowed. */
export function requireAllowed(state: SandboxState, principal: Principal, region: string, request: AuthorizeRequest): void {
  const result = authorize(state, principal, region, request);
  if (result.decision !== 'Allowed') throw accessDenied(deniedMessage(principal, request.action, request.resource, result, 'iam'));
}

export function deniedMessage(
  principal: Principal,
  action: string,
  resource: string,
  result: Evaluation,
  style: 'iam' | 's3' | 'assume-role',
): string {
  const head = `User: ${principalArn(principal)} is not authorized to perform: ${action}`;
  if (style === 'assume-role') return `${head} on resource: ${resource}`;
  const where = { identity: 'an identity-based policy', session: 'a session policy', boundary: 'a permissions boundary', resource: 'a resource-based policy' }[
    result.deniedBy ?? 'identity'
  ];
  const why =
    result.decision === 'ExplicitlyDenied'
      ? `with an explicit deny in ${where}`
      : `because no ${result.deniedBy === 'session' ? 'session policy' : result.deniedBy === 'boundary' ? 'permissions boundary' : 'identity-based policy'} allows the ${action} action`;
  return style === 's3' ? `${head} ${why}` : `${head} on resource: ${resource} ${why}`;
}

function identityPolicies(state: SandboxState, account: Account, entity: User | Role): Policy[] {
  const policies = [...entity.inlinePolicies.values()].map((d) => d.parsed);
  for (const arn of entity.attachedPolicies) {
    const found = findPolicy(state, account, arn);
    if (found) policies.push(found.parsed);
  }
  return policies;
}

function findPolicy(state: SandboxState, account: Account, arn: string) {
  const policy: ManagedPolicy | undefined = account.policies.get(arn) ?? state.store.awsManagedPolicies.get(arn);
  return policy?.versions.get(policy.defaultVersionId)?.document;
}
