/**
 * The refusal the authorize stage throws, in the wording of the operation's denial style:
 * AccessDenied 403 for IAM/STS, S3 and AssumeRole (evaluate-access.ts's `deniedMessage`), and for
 * EC2 UnauthorizedOperation 403, "You are not authorized to perform this operation. User: … is
 * not authorized to perform: ec2:… because no identity-based policy allows the ec2:… action.
 * Encoded authorization failure message: …" (AWS's order of parts, observed). The encoded part
 * (authorization-message.ts) holds what STS DecodeAuthorizationMessage answers, in AWS's shape:
 * `allowed`, `explicitDeny`, `matchedStatements` (the Deny statements that matched: each checked
 * alone by the evaluator, so the list cannot disagree with the decision; empty for an implicit
 * deny, as AWS's examples show), `failures`, and the `context` (principal id and ARN, action,
 * resource, every condition key the evaluation saw). Built only on a refusal.
 */
import { AwsError, accessDenied } from '../errors.ts';
import { evaluate } from '../policy/evaluate.ts';
import type { ContextKeys, Evaluation, EvaluationInput, Policy } from '../policy/types.ts';
import type { Call, DenialStyle } from '../services/operation.ts';
import { authorizationMessage } from './authorization-message.ts';
import { deniedMessage, evaluationInput, type AuthorizeRequest } from './evaluate-access.ts';
import { principalArn, principalUserId } from './principal.ts';

export function deniedError(call: Call, request: AuthorizeRequest, result: Evaluation, style: DenialStyle): AwsError {
  const text = deniedMessage(call.principal, request.action, request.resource, result, style);
  if (style !== 'ec2') return accessDenied(text);
  const encoded = authorizationMessage.encode(call.state.ids, call.principal.account.id, JSON.stringify(decodedMessage(call, request, result)));
  return new AwsError('UnauthorizedOperation', `You are not authorized to perform this operation. ${text}. Encoded authorization failure message: ${encoded}`, 403);
}

const items = <T>(list: T[]) => ({ items: list });
const values = (list: string[]) => items(list.map((value) => ({ value })));

/** What DecodeAuthorizationMessage answers for this refusal (AWS's JSON shape). */
function decodedMessage(call: Call, request: AuthorizeRequest, result: Evaluation) {
  const { principal } = call;
  const input = principal.type === 'Root' ? undefined : evaluationInput(call.state, principal, call.region, request);
  const explicitDeny = result.decision === 'ExplicitlyDenied';
  const userId = principalUserId(principal);
  return {
    allowed: false,
    explicitDeny,
    matchedStatements: items(explicitDeny && input ? matchedDenies(input).map((s) => statementView(s.policy.statements[0], userId.split(':')[0])) : []),
    failures: items([]),
    context: {
      principal: { id: userId, ...(principal.type === 'User' ? { name: principal.user.name } : {}), arn: principalArn(principal) },
      action: request.action,
      resource: request.resource,
      conditions: items(conditionItems(input?.request.keys ?? request.context ?? {})),
    },
  };
}

/** Each Deny statement of every layer that, alone, denies the request. */
function matchedDenies(input: EvaluationInput): { policy: Policy }[] {
  const singles = (policy: Policy) => policy.statements.filter((s) => s.effect === 'Deny').map((s) => ({ version: policy.version, statements: [s] }));
  const layers = [...input.identityPolicies, ...(input.boundary ? [input.boundary] : []), ...(input.sessionPolicies ?? [])];
  const found = layers.flatMap(singles).filter((policy) => evaluate({ request: input.request, identityPolicies: [policy] }).decision === 'ExplicitlyDenied');
  if (input.resourcePolicy) {
    for (const policy of singles(input.resourcePolicy)) {
      const alone = evaluate({ request: input.request, identityPolicies: [], resourcePolicy: policy, resourcePolicyKind: input.resourcePolicyKind, resourceAccountId: input.resourceAccountId });
      if (alone.decision === 'ExplicitlyDenied') found.push(policy);
    }
  }
  return found.map((policy) => ({ policy }));
}

function statementView(s: Policy['statements'][number], principalId: string) {
  return {
    statementId: s.sid ?? '',
    effect: s.effect.toUpperCase(),
    principals: values([principalId]),
    principalGroups: items([]),
    actions: values(s.actions ?? s.notActions ?? []),
    resources: values(s.resources ?? s.notResources ?? []),
    conditions: items(s.conditions.map((c) => ({ key: c.key, values: values(c.values) }))),
  };
}

function conditionItems(keys: ContextKeys) {
  return Object.entries(keys)
    .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
    .map(([key, value]) => ({ key, values: values(Array.isArray(value) ? value : [value]) }));
}
