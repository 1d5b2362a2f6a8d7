/**
 * The identify stage: which service a request is for, from its SigV4 credential scope
 * (`…/<region>/<service>/aws4_request`). Before a signature is read, the request's shape
 * decides whose envelope an early error is written in: a form POST to `/` is STS, or IAM when
 * its Version is 2010-05-08; anything else is S3. A signing name the sandbox does not serve
 * still authenticates, then fails as unknown-service.ts says. A malformed Authorization header
 * is IncompleteSignature; a missing one is for authenticate to refuse.
 */
import { parseAuthorization } from '../auth/sigv4.ts';
import { SERVICES } from '../services/index.ts';
import { unknownService } from '../services/unknown-service.ts';
import type { RequestContext } from './context.ts';

export function identify(ctx: RequestContext): void {
  const { request } = ctx;
  const looksLikeQuery = request.method === 'POST' && request.rawPath === '/' && (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  ctx.service = looksLikeQuery ? SERVICES[queryServiceOf(request.body)] : SERVICES.s3;
  const header = request.headers.authorization;
  if (header === undefined) return;
  ctx.auth = parseAuthorization(header);
  ctx.service = Object.hasOwn(SERVICES, ctx.auth.service) ? SERVICES[ctx.auth.service] : unknownService(ctx.auth.service);
}

/** Before authentication, the Version parameter tells STS (2011-06-15) from IAM (2010-05-08). */
function queryServiceOf(body: Uint8Array): 'sts' | 'iam' {
  const text = new TextDecoder().decode(body.subarray(0, 4096));
  return /(?:^|&)Version=2010-05-08(?:&|$)/.test(text) ? 'iam' : 'sts';
}
