/**
 * Types shared by the sandbox's IAM policy evaluator: the parsed form of a policy document
 * (produced by `parse.ts`), the request context a check runs against, and the evaluation
 * input and result (used by `evaluate.ts`). Types only: this module has no runtime code and
 * does not describe the stored IAM entities (users, roles, managed policies) themselves.
 */

/** Where a policy document is used; decides which elements are required or prohibited. */
export type PolicyKind = 'identity' | 'trust' | 'session' | 'resource';

/** A parsed, validated policy document. */
export interface Policy {
  /** `2012-10-17` or `2008-10-17` (the default when the document has no Version). */
  version: string;
  statements: Statement[];
}

/** The object form of a `Principal` / `NotPrincipal` element, every value normalised to a list. */
export interface PrincipalBlock {
  AWS?: string[];
  Service?: string[];
  Federated?: string[];
  CanonicalUser?: string[];
}

export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: PrincipalBlock | '*';
  notPrincipals?: PrincipalBlock | '*';
  /** One entry per (operator, key) pair of the `Condition` block; all of them must match. */
  conditions: ConditionClause[];
}

/** `"Condition": { operator: { key: values } }`, one key of one operator. */
export interface ConditionClause {
  /** As written, including any `ForAnyValue:` / `ForAllValues:` prefix and `IfExists` suffix. */
  operator: string;
  key: string;
  /** Booleans and numbers are converted to strings; the values are ORed. */
  values: string[];
}

/**
 * Request context keys, named as in policies (e.g. `aws:MultiFactorAuthPresent` -> `'true'`).
 * A key that is missing or `undefined` is absent from the request. Lookups are case-insensitive.
 */
export type ContextKeys = Record<string, string | string[] | undefined>;

export interface PrincipalInfo {
  /** The caller's ARN: user ARN, or `arn:aws:sts::ACCT:assumed-role/Name/Session` for a role session. */
  arn: string;
  accountId: string;
  /** Set for assumed-role sessions: `arn:aws:iam::ACCT:role/path/Name`. */
  roleArn?: string;
  /** Unique ID: `AIDA…` for users, `AROA…:session` for role sessions. */
  userId?: string;
  /** A web identity or SAML caller: the provider a trust policy's `Federated` principal names. */
  federated?: string;
}

export interface RequestContext {
  principal: PrincipalInfo;
  /** e.g. `sts:AssumeRole`. */
  action: string;
  /** The resource ARN, or `*` for actions without a resource. */
  resource: string;
  keys: ContextKeys;
}

export interface EvaluationInput {
  request: RequestContext;
  /** The user's or role's inline and attached managed policies. */
  identityPolicies: Policy[];
  /** AssumeRole `Policy` / `PolicyArns`. `undefined` or `[]`: the session has no session policy. */
  sessionPolicies?: Policy[];
  /** Permissions boundary of the user or role, if one is set. */
  boundary?: Policy;
  /** Resource-based policy of the target, e.g. a role's trust policy. */
  resourcePolicy?: Policy;
  /** `trust` (default `resource`): the trust policy must allow even within one account. */
  resourcePolicyKind?: 'trust' | 'resource';
  /** Account owning the resource; when it differs from the caller's, both grants are required. */
  resourceAccountId?: string;
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Evaluation {
  decision: Decision;
  /**
   * For `ExplicitlyDenied`: the kind of policy holding the matching Deny.
   * For `ImplicitlyDenied`: the kind of policy whose Allow was missing.
   */
  deniedBy?: 'identity' | 'resource' | 'session' | 'boundary';
  /** Things the evaluator could not check (e.g. an unsupported condition operator). */
  warnings: string[];
}
