/**
 * Decides whether one request is allowed, following AWS's single-account evaluation logic
 * plus the cross-account rule: an explicit Deny in any policy wins; otherwise the identity
 * policies or a resource policy must grant (a role trust policy must always grant, and when it
 * names only the account the identity policies must grant too; cross-account both must), and
 * a permissions boundary and session policies, when present, must also allow. Pure: it takes
 * parsed policies and a request context and never looks anything up. It does not know about
 * SCPs/RCPs, root-user or service-linked shortcuts, or `sts:GetCallerIdentity` being always
 * allowed; callers handle those. Simplification: a boundary or session policy limits every
 * grant, even one from a resource policy naming the caller directly (AWS exempts some).
 */
import { conditionMatches, resolveVariables, wildcardMatches } from './conditions.ts';
import type {
  ContextKeys, Evaluation, EvaluationInput, Policy, PrincipalBlock, PrincipalInfo, RequestContext, Statement,
} from './types.ts';

type Layer = NonNullable<Evaluation['deniedBy']>;

/** How a resource policy's Allow matched the caller: by name (or `*`), or only by account. */
type Grant = 'none' | 'account' | 'specific';

export function evaluate(input: EvaluationInput): Evaluation {
  const { request } = input;
  const warnings: string[] = [];

  const identity = evaluatePolicies(input.identityPolicies, request, warnings);
  const resource = input.resourcePolicy
    ? evaluateResourcePolicy(input.resourcePolicy, request, warnings)
    : { denied: false, grant: 'none' as Grant };
  const boundary = input.boundary ? evaluatePolicies([input.boundary], request, warnings) : undefined;
  const sessionPolicies = input.sessionPolicies ?? [];
  const session = sessionPolicies.length > 0 ? evaluatePolicies(sessionPolicies, request, warnings) : undefined;
  const result = (decision: Evaluation['decision'], deniedBy?: Layer): Evaluation =>
    ({ decision, ...(deniedBy ? { deniedBy } : {}), warnings: [...new Set(warnings)] });

  // 1. An explicit Deny anywhere is final.
  if (identity.denied) return result('ExplicitlyDenied', 'identity');
  if (resource.denied) return result('ExplicitlyDenied', 'resource');
  if (boundary?.denied) return result('ExplicitlyDenied', 'boundary');
  if (session?.denied) return result('ExplicitlyDenied', 'session');

  // 2. Something must grant the request.
  const missing = missingGrant(input, identity.allowed, resource.grant);
  if (missing) return result('ImplicitlyDenied', missing);

  // 3. A permissions boundary and session policies only ever narrow the grant.
  if (boundary && !boundary.allowed) return result('ImplicitlyDenied', 'boundary');
  if (session && !session.allowed) return result('ImplicitlyDenied', 'session');
  return result('Allowed');
}

/**
 * Which grant is missing, if any. A same-account resource policy naming the caller grants on
 * its own; a trust policy, and any resource policy across accounts, must always grant; a
 * principal named only by its account delegates to the identity policies.
 */
function missingGrant(input: EvaluationInput, identityAllowed: boolean, grant: Grant): Layer | undefined {
  const { accountId } = input.request.principal;
  const sameAccount = input.resourceAccountId === undefined || input.resourceAccountId === accountId;
  const resourceGrantRequired = input.resourcePolicyKind === 'trust' || !sameAccount;
  if (resourceGrantRequired && grant === 'none') return 'resource';
  if (grant === 'specific' && sameAccount) return undefined;
  return identityAllowed ? undefined : 'identity';
}

/** Identity, boundary and session policies: the principal is implied, so it is not checked. */
function evaluatePolicies(policies: Policy[], request: RequestContext, warnings: string[]) {
  let denied = false;
  let allowed = false;
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (!statementApplies(statement, policy, request, warnings)) continue;
      if (statement.effect === 'Deny') denied = true;
      else allowed = true;
    }
  }
  return { denied, allowed };
}

function evaluateResourcePolicy(policy: Policy, request: RequestContext, warnings: string[]) {
  let denied = false;
  let grant: Grant = 'none';
  for (const statement of policy.statements) {
    const principal = principalGrant(statement, request.principal);
    if (principal === 'none' || !statementApplies(statement, policy, request, warnings)) continue;
    if (statement.effect === 'Deny') denied = true;
    else if (grant !== 'specific') grant = principal;
  }
  return { denied, grant };
}

/** Action, resource and conditions; unsupported conditions fail closed. */
function statementApplies(statement: Statement, policy: Policy, request: RequestContext, warnings: string[]): boolean {
  const vars = policy.version === '2012-10-17' ? request.keys : null;
  if (statement.actions && !statement.actions.some((a) => actionMatches(a, request.action))) return false;
  if (statement.notActions && statement.notActions.some((a) => actionMatches(a, request.action))) return false;
  if (statement.resources && !statement.resources.some((r) => resourceMatches(r, request.resource, vars))) return false;
  if (statement.notResources && statement.notResources.some((r) => resourceMatches(r, request.resource, vars))) {
    return false;
  }
  for (const clause of statement.conditions) {
    const { match, unsupported } = conditionMatches(clause, request.keys, vars);
    if (unsupported !== undefined) {
      const effect = statement.effect === 'Deny' ? 'Deny applies' : 'Allow does not apply';
      warnings.push(`${unsupported} (fail closed: the ${effect})`);
      if (statement.effect === 'Allow') return false;
    } else if (!match) {
      return false;
    }
  }
  return true;
}

/** Action names are case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatches([{ text: pattern, literal: false }], action, { ignoreCase: true });
}

/** Resource ARNs are case-sensitive; a pattern with an unresolvable variable matches nothing. */
function resourceMatches(pattern: string, resource: string, vars: ContextKeys | null): boolean {
  const resolved = resolveVariables(pattern, vars);
  return resolved !== null && wildcardMatches(resolved, resource);
}

/** Whether the statement's Principal / NotPrincipal covers the caller, and how. */
function principalGrant(statement: Statement, caller: PrincipalInfo): Grant {
  if (statement.principals) return principalMatch(statement.principals, caller);
  if (statement.notPrincipals) return principalMatch(statement.notPrincipals, caller) === 'none' ? 'specific' : 'none';
  return 'none';
}

function principalMatch(principals: PrincipalBlock | '*', caller: PrincipalInfo): Grant {
  if (principals === '*') return 'specific';
  let grant: Grant = 'none';
  for (const value of principals.AWS ?? []) {
    if (value === '*' || value === caller.arn || value === caller.roleArn) return 'specific';
    if (caller.userId !== undefined && (value === caller.userId || value === caller.userId.split(':')[0])) {
      return 'specific';
    }
    const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
    if (account === caller.accountId) grant = 'account';
  }
  // A federated caller (web identity, SAML) is named by its provider, never by an AWS principal.
  if (caller.federated !== undefined && (principals.Federated ?? []).includes(caller.federated)) return 'specific';
  // Service and CanonicalUser principals never match a caller here.
  return grant;
}
