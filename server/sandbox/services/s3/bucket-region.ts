/**
 * S3's signing-region rule (the s3 service's `checkRegion`): a request about an existing bucket
 * must be signed for the bucket's region, else `AuthorizationHeaderMalformed` "The authorization
 * header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'" with a `Region`
 * element (400; for a presigned URL `AuthorizationQueryParametersError` "Error parsing the
 * X-Amz-Credential parameter; the region … is wrong; expecting …", as S3 words it for query
 * signatures: the query form's wording is unconfirmed). A request naming no bucket (ListBuckets)
 * or a missing one goes to the global endpoint, which takes any region of the partition and
 * expects us-east-1 for any other name. GetBucketLocation is answered from any region, as on
 * AWS's global endpoint; CreateBucket has its own location rules (buckets.ts).
 */
import type { ParsedAuthorization, SignedRequest } from '../../auth/sigv4.ts';
import { AwsError } from '../../errors.ts';
import { isRegion } from '../../regions.ts';
import type { SandboxState } from '../../state.ts';
import { findBucket } from './access.ts';
import { parsePath } from './route.ts';

export function bucketRegion(request: SignedRequest, auth: ParsedAuthorization, state: SandboxState): void {
  let bucketName: string | undefined;
  try {
    bucketName = parsePath(request.rawPath).bucket;
  } catch {
    return; // an undecodable path is the router's InvalidURI
  }
  const bucket = bucketName === undefined ? undefined : findBucket(state, bucketName)?.bucket;
  const isLocation = /(?:^|&)location(?:=|&|$)/.test(request.rawQuery) && request.method === 'GET';
  const creates = request.method === 'PUT' && !request.rawPath.slice(1).replace(/\/$/, '').includes('/');
  let expected: string | undefined;
  if (bucket && !isLocation && !creates) expected = bucket.region;
  else if (!isRegion(auth.region)) expected = 'us-east-1';
  if (expected === undefined || expected === auth.region) return;
  if (auth.presigned) {
    throw new AwsError('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; the region '${auth.region}' is wrong; expecting '${expected}'`, 400, { Region: expected });
  }
  throw new AwsError('AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${expected}'`, 400, { Region: expected });
}
