/**
 * The serialize stage: the operation's output, or the error that ended the chain, written by
 * the service's protocol in its own envelope, with the request id and a `Date` from the
 * sandbox's wall clock (SDKs correct their clock skew from it, so never the simulated time).
 * Anything thrown that is not an AwsError is reported (without the request) and answered as
 * AWS's InternalFailure.
 */
import { AwsError, internalFailure } from '../errors.ts';
import type { Answer, Reply } from '../protocol/protocol.ts';
import type { RequestContext } from './context.ts';

export function serialize(ctx: RequestContext, thrown?: unknown, onInternalError?: (error: unknown) => void): Reply | Response {
  const answer: Answer = {
    service: ctx.service,
    operation: ctx.operationName,
    requestId: ctx.requestId,
    method: ctx.request.method,
    date: new Date(ctx.state.clock.real()).toUTCString(),
    ids: ctx.state.ids,
  };
  if (thrown === undefined) return ctx.service.protocol.result(ctx.output, answer);
  if (thrown instanceof AwsError) return ctx.service.protocol.error(thrown, answer);
  onInternalError?.(thrown);
  return ctx.service.protocol.error(internalFailure(), answer);
}
