/**
 * The parse stage: the service's protocol names the operation and reads the request into the
 * shape the operation takes (a QueryParams, or S3's routed request), then the operation's own
 * `input` validates it with AWS's wording. Nothing has been authorized or changed yet.
 */
import { callOf, type RequestContext } from './context.ts';

export async function parse(ctx: RequestContext): Promise<void> {
  const call = callOf(ctx);
  const { operation, request } = ctx.service.protocol.parse(ctx.request, ctx.service, call);
  ctx.operationName = operation;
  ctx.operation = ctx.service.operations[operation];
  ctx.input = await ctx.operation.input(request, call);
}
