/**
 * Explains one decision of the evaluator, for IAM's policy simulator: the decision itself
 * (evaluate.ts's, unchanged), the statements that apply to the request (every statement whose
 * action, resource, principal and conditions match, Deny statements first), the context keys
 * the relevant statements read that the request does not carry, and whether a permissions
 * boundary allows the request. Each statement is checked by asking `evaluate` about a policy
 * holding only that statement, so the explanation can never disagree with the decision about
 * what matches. Pure; policies arrive labelled by the caller (`source`), which this module
 * passes through without reading. It does not shape any AWS output.
 */
import { lookupKey } from './conditions.ts';
import { evaluate } from './evaluate.ts';
import type { ContextKeys, Evaluation, Policy, RequestContext, Statement } from './types.ts';

export interface Sourced<S> {
  policy: Policy;
  source: S;
}

export interface ExplainInput<S> {
  request: RequestContext;
  /** Identity policies (inline, attached managed, and any extra ones given to the simulator). */
  identity: Sourced<S>[];
  boundary?: Sourced<S>;
  /** A resource-based policy (never a trust policy), and the account that owns the resource. */
  resource?: Sourced<S>;
  resourceAccountId?: string;
}

export interface MatchedStatement<S> {
  source: S;
  /** Index of the statement in its policy. */
  index: number;
  effect: Statement['effect'];
}

export interface Explanation<S> {
  evaluation: Evaluation;
  matched: MatchedStatement<S>[];
  /** Context keys (as written in the policies) that relevant statements read and the request lacks. */
  missingKeys: string[];
  /** Set when there is a boundary: it has an applicable Allow and no applicable Deny. */
  allowedByBoundary?: boolean;
}

type Layer = 'identity' | 'boundary' | 'resource';

/** Stands in for "the identity policies allow" when only a resource statement is being checked. */
const ALLOW_ALL: Policy = { version: '2012-10-17', statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'], conditions: [] }] };

export function explain<S>(input: ExplainInput<S>): Explanation<S> {
  const evaluation = evaluate({
    request: input.request,
    identityPolicies: input.identity.map((p) => p.policy),
    boundary: input.boundary?.policy,
    resourcePolicy: input.resource?.policy,
    resourcePolicyKind: 'resource',
    resourceAccountId: input.resourceAccountId,
  });
  const layers: [Layer, Sourced<S>[]][] = [
    ['identity', input.identity],
    ['boundary', input.boundary ? [input.boundary] : []],
    ['resource', input.resource ? [input.resource] : []],
  ];
  const matched: (MatchedStatement<S> & { layer: Layer })[] = [];
  const missing = new Map<string, string>();
  for (const [layer, policies] of layers) {
    for (const { policy, source } of policies) {
      policy.statements.forEach((statement, index) => {
        if (applies(statement, policy, layer, input)) matched.push({ source, index, effect: statement.effect, layer });
        for (const key of missingKeys(statement, policy, input.request)) if (!missing.has(key.toLowerCase())) missing.set(key.toLowerCase(), key);
      });
    }
  }
  const inBoundary = matched.filter((m) => m.layer === 'boundary');
  return {
    evaluation,
    matched: [...matched.filter((m) => m.effect === 'Deny'), ...matched.filter((m) => m.effect === 'Allow')].map(({ source, index, effect }) => ({ source, index, effect })),
    missingKeys: [...missing.values()],
    ...(input.boundary ? { allowedByBoundary: inBoundary.some((m) => m.effect === 'Allow') && !inBoundary.some((m) => m.effect === 'Deny') } : {}),
  };
}

/** Whether the statement, alone, takes effect: an Allow that grants, a Deny that denies. */
function applies<S>(statement: Statement, policy: Policy, layer: Layer, input: ExplainInput<S>): boolean {
  const single: Policy = { version: policy.version, statements: [statement] };
  // A resource statement must also name the caller; as a "trust" policy beside an identity
  // policy that allows everything, evaluate() grants exactly when the statement covers the caller.
  const evaluation = layer === 'resource'
    ? evaluate({ request: input.request, identityPolicies: [ALLOW_ALL], resourcePolicy: single, resourcePolicyKind: 'trust', resourceAccountId: input.resourceAccountId })
    : evaluate({ request: input.request, identityPolicies: [single] });
  return evaluation.decision === (statement.effect === 'Deny' ? 'ExplicitlyDenied' : 'Allowed');
}

/**
 * The keys a statement reads that the request lacks: for a statement about this action, the
 * policy variables of its Resource / NotResource; when its resource also matches, the keys of
 * its conditions and the variables in their values. Variables with a default are not required.
 */
function missingKeys(statement: Statement, policy: Policy, request: RequestContext): string[] {
  const loose: Statement = { effect: 'Allow', actions: statement.actions, notActions: statement.notActions, resources: statement.resources, notResources: statement.notResources, conditions: [] };
  const matches = (s: Statement) => evaluate({ request, identityPolicies: [{ version: policy.version, statements: [s] }] }).decision === 'Allowed';
  if (!matches({ ...loose, resources: ['*'], notResources: undefined })) return [];
  const variables = policy.version === '2012-10-17';
  const keys = variables ? [...statement.resources ?? [], ...statement.notResources ?? []].flatMap(variableKeys) : [];
  if (matches(loose)) {
    for (const clause of statement.conditions) {
      keys.push(clause.key);
      if (variables) keys.push(...clause.values.flatMap(variableKeys));
    }
  }
  return keys.filter((key) => absent(request.keys, key));
}

/** `${aws:username}` -> `aws:username`; escapes (`${*}`) and variables with a default give nothing. */
function variableKeys(text: string): string[] {
  const keys: string[] = [];
  for (const found of text.matchAll(/\$\{([^}]*)\}/g)) {
    const parts = /^\s*([^\s,']+)\s*(,.*)?$/.exec(found[1]);
    if (parts && parts[2] === undefined && !['*', '?', '$'].includes(parts[1])) keys.push(parts[1]);
  }
  return keys;
}

function absent(keys: ContextKeys, name: string): boolean {
  const value = lookupKey(keys, name);
  return value === undefined;
}
