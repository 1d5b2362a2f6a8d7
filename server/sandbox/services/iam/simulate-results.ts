/**
 * One member of a simulation's EvaluationResults, shaped as IAM sends it today: one result per
 * action, whatever the number of resources. The top level is the aggregate (the most
 * restrictive decision, the statements behind it, every missing context key, the boundary's
 * verdict); when ResourceArns were given, ResourceSpecificResults holds each resource's own
 * answer, EvalDecisionDetails is present and empty (same-account simulations), and
 * EvalResourceName is the ARN template of the resource type (a small table for the services
 * the sandbox has; `*` otherwise, and when no resources were given). It evaluates nothing.
 */
import type { Explanation, MatchedStatement } from '../../policy/explain.ts';
import type { PolicySource } from './simulate-sources.ts';

type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

const DECISIONS = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' } as const;
const RESTRICTIVENESS: Decision[] = ['allowed', 'implicitDeny', 'explicitDeny'];

/** Resource types of the services the sandbox implements, from the Service Authorization Reference. */
const TEMPLATES: [RegExp, string][] = [
  [/^arn:[^:]+:iam::[^:]*:user\//, 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}'],
  [/^arn:[^:]+:iam::[^:]*:role\//, 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'],
  [/^arn:[^:]+:iam::[^:]*:group\//, 'arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}'],
  [/^arn:[^:]+:iam::[^:]*:policy\//, 'arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}'],
  [/^arn:[^:]+:iam::[^:]*:mfa\//, 'arn:${Partition}:iam::${Account}:mfa/${MfaTokenIdWithPath}'],
  [/^arn:[^:]+:sts::[^:]*:federated-user\//, 'arn:${Partition}:sts::${Account}:federated-user/${UserName}'],
  [/^arn:[^:]+:s3:::[^/]+\/./, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'],
  [/^arn:[^:]+:s3:::[^/]+$/, 'arn:${Partition}:s3:::${BucketName}'],
];

export function evaluationResult(action: string, resources: string[] | undefined, explainFor: (resource: string) => Explanation<PolicySource>) {
  const perResource = (resources ?? ['*']).map((resource) => {
    const explanation = explainFor(resource);
    return { resource, explanation, decision: DECISIONS[explanation.evaluation.decision] as Decision };
  });
  const decision = perResource.map((r) => r.decision).reduce((a, b) => (RESTRICTIVENESS.indexOf(b) > RESTRICTIVENESS.indexOf(a) ? b : a));
  const boundaryVerdicts = perResource.map((r) => r.explanation.allowedByBoundary);
  return {
    EvalActionName: action,
    EvalResourceName: resources ? template(resources[0]) : '*',
    EvalDecision: decision,
    MatchedStatements: statements(perResource.filter((r) => r.decision === decision).flatMap((r) => r.explanation.matched)),
    MissingContextValues: unique(perResource.flatMap((r) => r.explanation.missingKeys)),
    PermissionsBoundaryDecisionDetail: boundaryDetail(boundaryVerdicts),
    EvalDecisionDetails: resources ? {} : undefined,
    ResourceSpecificResults: resources
      ? perResource.map((r) => ({
        EvalResourceName: r.resource,
        EvalResourceDecision: r.decision,
        MatchedStatements: statements(r.explanation.matched),
        MissingContextValues: r.explanation.missingKeys,
        PermissionsBoundaryDecisionDetail: boundaryDetail([r.explanation.allowedByBoundary]),
      }))
      : undefined,
  };
}

function template(resource: string): string {
  return TEMPLATES.find(([shape]) => shape.test(resource))?.[1] ?? '*';
}

function boundaryDetail(verdicts: (boolean | undefined)[]) {
  return verdicts[0] === undefined ? undefined : { AllowedByPermissionsBoundary: verdicts.every(Boolean) };
}

/** Statement members, each statement once. */
function statements(matched: MatchedStatement<PolicySource>[]) {
  const seen = new Set<string>();
  const out = [];
  for (const { source, index } of matched) {
    const key = `${source.type}\n${source.id}\n${index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const span = source.spans?.[index];
    out.push({
      SourcePolicyId: source.id,
      SourcePolicyType: source.type,
      StartPosition: span && { Line: span.start.line, Column: span.start.column },
      EndPosition: span && { Line: span.end.line, Column: span.end.column },
    });
  }
  return out;
}

/** Context key names are case-insensitive: the first spelling wins. */
function unique(keys: string[]): string[] {
  const byLower = new Map<string, string>();
  for (const key of keys) if (!byLower.has(key.toLowerCase())) byLower.set(key.toLowerCase(), key);
  return [...byLower.values()];
}
