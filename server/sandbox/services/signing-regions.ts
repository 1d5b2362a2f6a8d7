/**
 * Which SigV4 signing region each service accepts, as AWS answers a wrong one (the services
 * declare these as `checkRegion`; the authenticate stage asks first): IAM is global and takes
 * only us-east-1 (`SignatureDoesNotMatch` "Credential should be scoped to a valid region, not
 * 'us-east-2'. ", observed: JuliaCloud/AWS.jl#565, aws/aws-sdk-go#156); STS takes any enabled
 * region, and a made-up one gets `SignatureDoesNotMatch` "Credential should be scoped to a valid
 * region. " (STS's wording as observed for a scope its endpoint does not serve:
 * namecheap/node-vault-client#25; that AWS answers exactly this for `xx-nowhere-1` is inferred,
 * not observed). S3's rule, the bucket's own region, is services/s3/bucket-region.ts.
 */
import type { ParsedAuthorization } from '../auth/sigv4.ts';
import { AwsError } from '../errors.ts';
import { isRegion } from '../regions.ts';

// AWS ends both messages with a space (visible in the JSON and XML bodies quoted in the reports).
const mismatch = (message: string) => new AwsError('SignatureDoesNotMatch', message, 403);

/** IAM: the global scope only. */
export function globalRegionOnly(_request: unknown, auth: ParsedAuthorization): void {
  if (auth.region !== 'us-east-1') throw mismatch(`Credential should be scoped to a valid region, not '${auth.region}'. `);
}

/** STS: any region of the partition (all enabled in the sandbox). */
export function anyEnabledRegion(_request: unknown, auth: ParsedAuthorization): void {
  if (!isRegion(auth.region)) throw mismatch('Credential should be scoped to a valid region. ');
}
