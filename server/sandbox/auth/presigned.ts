/**
 * SigV4 in the query string (presigned requests), the second shape the authenticate stage
 * accepts: X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders, -Signature and, for
 * temporary credentials, -Security-Token. `presignedAuthorization` reads them (an incomplete set
 * is AWS's AuthorizationQueryParametersError), and `presignedWindow` checks the time the way each
 * kind of service does: S3 honours X-Amz-Expires (at most 604800 s; past it, AccessDenied
 * "Request has expired" with X-Amz-Expires, Expires and ServerTime, as S3 answers), while the
 * query services (STS, IAM) ignore it and allow the usual 15 minutes around X-Amz-Date, so a
 * presigned GetCallerIdentity (Vault's AWS auth, the EKS token) lives 15 minutes, as on AWS
 * (aws/aws-sdk-go#2167). The signature itself is checked by sigv4.ts like any other.
 */
import { AwsError } from '../errors.ts';
import type { Protocol } from '../protocol/protocol.ts';
import { SKEW_MS, type AuthErrors } from './auth-errors.ts';
import { parseAmzDate, parsePresignedQuery, parseRawQuery, type ParsedAuthorization } from './sigv4.ts';

export const MAX_PRESIGNED_SECONDS = 604800;

const queryParametersError = (message: string, extra: Record<string, string> = {}) => new AwsError('AuthorizationQueryParametersError', message, 400, extra);

/** Whether the query carries SigV4 at all (an X-Amz-Algorithm or X-Amz-Signature). */
export function isPresigned(rawQuery: string): boolean {
  return /(?:^|&)X-Amz-(?:Algorithm|Signature)=/.test(rawQuery);
}

/** The presigned signature a query carries, or undefined when it carries none. */
export function presignedAuthorization(rawQuery: string): ParsedAuthorization | undefined {
  if (!isPresigned(rawQuery)) return undefined;
  const parsed = parsePresignedQuery(rawQuery);
  if (parsed) return parsed;
  const expires = parseRawQuery(rawQuery)['X-Amz-Expires'];
  if (typeof expires === 'string' && /^\d+$/.test(expires) && Number(expires) > MAX_PRESIGNED_SECONDS) throw tooLong();
  throw queryParametersError(
    'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
  );
}

/** The service credential scope a (possibly incomplete) presigned query names, to pick the envelope of its errors. */
export function presignedService(rawQuery: string): string | undefined {
  const credential = parseRawQuery(rawQuery)['X-Amz-Credential'];
  return typeof credential === 'string' ? credential.split('/')[3] : undefined;
}

function tooLong(): AwsError {
  return queryParametersError(`X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_SECONDS} seconds`);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Whether a presigned request is still valid at `real` (the wall clock, epoch ms), as the
 * service's protocol decides; throws the service's error when not.
 */
export function presignedWindow(auth: ParsedAuthorization, real: number, protocol: Protocol['name'], errors: AuthErrors): void {
  const { amzDate, expiresIn } = auth.presigned!;
  const signedAt = parseAmzDate(amzDate)!.getTime();
  if (protocol !== 'rest-xml') {
    // STS and IAM: X-Amz-Expires is not honoured; the signature lives 15 minutes, like a header's.
    if (Math.abs(real - signedAt) > SKEW_MS) throw errors.skewed(amzDate, real);
    return;
  }
  if (expiresIn > MAX_PRESIGNED_SECONDS) throw tooLong();
  const expires = signedAt + expiresIn * 1000;
  if (signedAt > real + SKEW_MS) {
    // S3 reports X-Amz-Date here in epoch milliseconds (observed: minio/minio#2638).
    throw new AwsError('AccessDenied', 'Request is not yet valid', 403, { 'X-Amz-Date': String(signedAt), Expires: iso(expires), ServerTime: iso(real) });
  }
  if (real > expires) {
    throw new AwsError('AccessDenied', 'Request has expired', 403, { 'X-Amz-Expires': String(expiresIn), Expires: iso(expires), ServerTime: iso(real) });
  }
}
