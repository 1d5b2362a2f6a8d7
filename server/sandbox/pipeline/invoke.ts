/**
 * The invoke stage: runs the authorized operation with its validated input. What it answers
 * (result members, or a REST output) waits on the context for serialize; an AwsError it throws
 * ends the chain. `runOperation` is parse's `input`, authorize and invoke for one operation,
 * for callers that are not HTTP requests (the sandbox console), judged exactly alike.
 */
import type { Call } from '../services/operation.ts';
import type { Service } from '../services/service.ts';
import { authorizeOperation } from './authorize.ts';
import { callOf, type RequestContext } from './context.ts';

export async function invoke(ctx: RequestContext): Promise<void> {
  ctx.output = await ctx.operation!.invoke(ctx.input, callOf(ctx));
}

export async function runOperation<Req>(service: Service<Req>, name: string, request: Req, call: Call): Promise<unknown> {
  const operation = service.operations[name];
  const input = await operation.input(request, call);
  authorizeOperation(service, operation, input, call);
  return operation.invoke(input, call);
}
