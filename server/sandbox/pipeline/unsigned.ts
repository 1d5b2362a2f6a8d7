/**
 * The few operations AWS takes without a SigV4 signature (AssumeRoleWithWebIdentity and
 * AssumeRoleWithSAML: the token or assertion they carry is the credential, verified by their
 * `input`). authenticate asks `takesUnsigned` before refusing an unsigned request: the service's
 * protocol names the operation, and only one declared `unsigned` passes. Such a request's Call
 * has no signer: reading its principal throws, so nothing can mistake it for an authenticated
 * caller (its access declaration names a federated `caller` instead). The region comes from an
 * AWS-style Host (`sts.eu-west-1.amazonaws.com`), else us-east-1.
 */
import type { Principal } from '../auth/principal.ts';
import type { Call } from '../services/operation.ts';
import type { RequestContext } from './context.ts';

export function takesUnsigned(ctx: RequestContext): boolean {
  try {
    const { operation } = ctx.service.protocol.parse(ctx.request, ctx.service, unsignedCall(ctx));
    return Object.hasOwn(ctx.service.operations, operation) && ctx.service.operations[operation].unsigned !== undefined;
  } catch {
    return false; // the request names no operation: refused as unsigned
  }
}

export function unsignedCall(ctx: RequestContext): Call {
  const region = /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?::\d+)?$/.exec(ctx.request.host)?.[1] ?? 'us-east-1';
  return {
    state: ctx.state,
    region,
    requestId: ctx.requestId,
    get principal(): Principal {
      throw new Error('An unsigned operation read the signer of its request; it has none.');
    },
  };
}
