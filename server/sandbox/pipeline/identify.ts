/**
 * The identify stage: which service a request is for, from its SigV4 credential scope
 * (`…/<region>/<service>/aws4_request`). Before a signature is read, the request's shape
 * decides whose envelope an early error is written in: a form POST to `/` is STS, or IAM when
 * its Version is 2010-05-08, EC2 when 2016-11-15; anything else is S3. A signing name the
 * sandbox does not serve still authenticates, then fails as unknown-service.ts says. A malformed
 * Authorization header is IncompleteSignature; a missing one is for authenticate to refuse.
 * Without the header, a signature presigned in the query string (auth/presigned.ts) names the
 * service the same way.
 */
import { presignedAuthorization, presignedService } from '../auth/presigned.ts';
import { parseAuthorization } from '../auth/sigv4.ts';
import { SERVICES } from '../services/index.ts';
import { unknownService } from '../services/unknown-service.ts';
import type { RequestContext } from './context.ts';

export function identify(ctx: RequestContext): void {
  const { request } = ctx;
  const header = request.headers.authorization;
  if (header === undefined) {
    ctx.service = byShape(request);
    const named = presignedService(request.rawQuery);
    if (named !== undefined) ctx.service = serviceNamed(named);
    ctx.auth = presignedAuthorization(request.rawQuery);
    if (ctx.auth) ctx.service = serviceNamed(ctx.auth.service);
    return;
  }
  try {
    ctx.auth = parseAuthorization(header);
  } catch (malformed) {
    ctx.service = byShape(request); // the envelope of the IncompleteSignature
    throw malformed;
  }
  ctx.service = serviceNamed(ctx.auth.service);
}

/** The service a request's shape suggests, before (or without) a signature naming one. */
function byShape(request: RequestContext['request']) {
  const looksLikeQuery = request.method === 'POST' && request.rawPath === '/' && (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return looksLikeQuery ? SERVICES[queryServiceOf(request.body)] : SERVICES.s3;
}

function serviceNamed(name: string) {
  return Object.hasOwn(SERVICES, name) ? SERVICES[name] : unknownService(name);
}

/** Before authentication, the Version parameter tells STS (2011-06-15) from IAM (2010-05-08) and EC2. */
function queryServiceOf(body: Uint8Array): 'sts' | 'iam' | 'ec2' {
  const text = new TextDecoder().decode(body.subarray(0, 4096));
  const version = /(?:^|&)Version=([\d-]+)(?:&|$)/.exec(text)?.[1];
  return version === '2010-05-08' ? 'iam' : version === '2016-11-15' ? 'ec2' : 'sts';
}
