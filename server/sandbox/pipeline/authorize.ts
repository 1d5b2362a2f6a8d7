/**
 * The authorize stage: evaluates what the operation declares (its IAM action, the resource ARN,
 * the condition keys, a resource policy such as a role's trust policy) for the caller, after
 * the refusals AWS makes first (`before`), and throws the service's refusal unless allowed
 * (auth/denied-error.ts: AccessDenied in its wording, or EC2's UnauthorizedOperation with an
 * encoded authorization failure message). Nothing runs before this: an operation cannot skip
 * it, and one AWS lets every caller perform says so in its declaration (`noPermission`).
 * `authorizeOperation` is the same check for callers that are not HTTP requests (the sandbox
 * console). An unsigned operation's
 * federated caller (a web identity or SAML assertion) is judged by the resource policy alone.
 */
import { deniedError } from '../auth/denied-error.ts';
import { evaluateAccess } from '../auth/evaluate-access.ts';
import { authorizeFederated } from '../auth/evaluate-federated.ts';
import { needsPermission, type Call, type Operation } from '../services/operation.ts';
import type { Service } from '../services/service.ts';
import { callOf, type RequestContext } from './context.ts';

export function authorize(ctx: RequestContext): void {
  authorizeOperation(ctx.service, ctx.operation!, ctx.input, callOf(ctx));
}

export function authorizeOperation(service: Service, operation: Operation, input: unknown, call: Call): void {
  const access = operation.access;
  if (!needsPermission(access)) return;
  access.before?.(input, call);
  const resource = access.resource(input, call);
  if (access.caller) return authorizeFederated(access, input, call, resource);
  const context = access.context?.(input, call);
  const resourcePolicy = access.resourcePolicy?.(input, call);
  for (const action of [access.action, ...(access.alsoRequires?.(input, call) ?? [])]) {
    const request = { action, resource, context, resourcePolicy };
    const result = evaluateAccess(call.state, call.principal, call.region, request);
    if (result.decision !== 'Allowed') throw deniedError(call, request, result, access.denial ?? service.denial);
  }
}
