/**
 * Policy evaluation for one request: gathers the policies that apply to a principal (inline and
 * attached managed policies of the user or role, the session's session policies, a permissions
 * boundary, and a resource policy such as a role's trust policy when one is given), fills the
 * request context (the principal's keys, the tags of the IAM user or role acted on, the
 * operation's own keys) and asks the pure evaluator for a decision (`evaluationInput` is that question,
 * for whoever explains a refusal). `deniedMessage` words the refusal as AWS does for IAM/STS, S3,
 * AssumeRole and EC2. The account root is allowed everything, as in AWS.
 * A federated user (GetFederationToken) gets the calling user's policies intersected with its
 * session policies (none passed: no permissions) and is refused every IAM action. The authorize
 * stage (pipeline/authorize.ts) calls it with what each operation declares.
 */
import { evaluate } from '../policy/evaluate.ts';
import type { ContextKeys, Evaluation, EvaluationInput, Policy } from '../policy/types.ts';
import type { SandboxState } from '../state.ts';
import type { Account, ManagedPolicy, Role, User } from '../store.ts';
import { contextKeys, resourceTagKeys } from './context-keys.ts';
import { principalArn, principalUserId, type Principal } from './principal.ts';

export interface AuthorizeRequest {
  action: string;
  resource: string;
  /** Extra request-specific keys (sts:RoleSessionName, aws:RequestTag/…, MFA of the AssumeRole call). */
  context?: ContextKeys;
  resourcePolicy?: { policy: Policy; kind: 'trust' | 'resource'; accountId: string };
}

export function evaluateAccess(state: SandboxState, principal: Principal, region: string, request: AuthorizeRequest): Evaluation {
  if (principal.type === 'Root') return { decision: 'Allowed', warnings: [] };
  if (principal.type === 'FederatedUser' && request.action.toLowerCase().startsWith('iam:')) {
    // GetFederationToken credentials cannot call any IAM operation through the API (AWS docs).
    return { decision: 'ImplicitlyDenied', warnings: [FEDERATED_IAM_WARNING] };
  }
  return evaluate(evaluationInput(state, principal, region, request));
}

/** What the evaluator is asked about a (non-root) principal: the request context, every policy layer. */
export function evaluationInput(state: SandboxState, principal: Exclude<Principal, { type: 'Root' }>, region: string, request: AuthorizeRequest): EvaluationInput {
  const keys = { ...contextKeys(state, principal, region), ...resourceTagKeys(state, request.resource), ...request.context };
  const layers = policyLayers(state, principal);
  return {
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
    ...layers,
    resourcePolicy: request.resourcePolicy?.policy,
    resourcePolicyKind: request.resourcePolicy?.kind,
    resourceAccountId: request.resourcePolicy?.accountId,
  };
}

const FEDERATED_IAM_WARNING = 'GetFederationToken credentials cannot call IAM operations through the API.';

/** Stands in for "every permission" (the root user federating) and for "no session policy at all". */
const ALLOW_ALL: Policy = { version: '2012-10-17', statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'], conditions: [] }] };
const NOTHING: Policy = { version: '2012-10-17', statements: [] };

/** The identity policies, boundary and session policies that apply to a (non-root) principal. */
function policyLayers(state: SandboxState, principal: Exclude<Principal, { type: 'Root' }>): Pick<EvaluationInput, 'identityPolicies' | 'boundary' | 'sessionPolicies'> {
  const boundaryOf = (entity: User | Role) => (entity.permissionsBoundary ? findPolicy(state, principal.account, entity.permissionsBoundary)?.parsed : undefined);
  switch (principal.type) {
    case 'User':
      return { identityPolicies: identityPolicies(state, principal.account, principal.user), boundary: boundaryOf(principal.user) };
    case 'AssumedRole':
      return {
        identityPolicies: identityPolicies(state, principal.account, principal.role),
        boundary: boundaryOf(principal.role),
        sessionPolicies: principal.session.sessionPolicies?.map((d) => d.parsed),
      };
    case 'FederatedUser': {
      // The intersection of the calling user's permissions and the session policies; without a
      // session policy, nothing (an empty session policy allows nothing). A root-federated user
      // starts from root's "everything"; a user that no longer exists grants nothing.
      const given = principal.session.sessionPolicies?.map((d) => d.parsed) ?? [];
      const fromRoot = principal.session.userName === undefined;
      return {
        identityPolicies: principal.user ? identityPolicies(state, principal.account, principal.user) : fromRoot ? [ALLOW_ALL] : [],
        boundary: principal.user ? boundaryOf(principal.user) : undefined,
        sessionPolicies: given.length > 0 ? given : [NOTHING],
      };
    }
  }
}

export function deniedMessage(
  principal: Principal,
  action: string,
  resource: string,
  result: Evaluation,
  style: 'iam' | 's3' | 'assume-role' | 'ec2',
): string {
  const head = `User: ${principalArn(principal)} is not authorized to perform: ${action}`;
  if (style === 'assume-role') return `${head} on resource: ${resource}`;
  // EC2 names no resource for an action on `*` (DescribeInstances): "… perform: ec2:X because …".
  const on = style === 'ec2' && resource === '*' ? '' : ` on resource: ${resource}`;
  // No policy is to blame when GetFederationToken credentials call IAM: AWS's standard wording
  // without a "because …" reason (the exact AWS text for this case is unconfirmed).
  if (principal.type === 'FederatedUser' && result.warnings.includes(FEDERATED_IAM_WARNING)) return `${head} on resource: ${resource}`;
  const where = { identity: 'an identity-based policy', session: 'a session policy', boundary: 'a permissions boundary', resource: 'a resource-based policy' }[
    result.deniedBy ?? 'identity'
  ];
  const why =
    result.decision === 'ExplicitlyDenied'
      ? `with an explicit deny in ${where}`
      : `because no ${result.deniedBy === 'session' ? 'session policy' : result.deniedBy === 'boundary' ? 'permissions boundary' : 'identity-based policy'} allows the ${action} action`;
  return style === 's3' ? `${head} ${why}` : `${head}${on} ${why}`;
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
