/**
 * Where STS is, for the lesson "Prove who you are to someone else": the endpoint the prover
 * signs its request for (the notebook's own: the sandbox's URL, or the Region's STS endpoint on
 * AWS) and the endpoints the verifier trusts to answer (AWS's global and regional STS endpoints
 * on a real account; on the sandbox, only the sandbox, which stands in for STS there). This is
 * the one place the lesson knows which target it runs on; the prover and the verifier do not.
 * It sends nothing.
 */
import type { AwsContext } from '../lesson.ts';

/** The STS endpoint the notebook's own clients use, as an origin (`https://host[:port]`). */
export function stsEndpointOf(aws: AwsContext): string {
  const sandbox = aws.config().endpoint;
  return sandbox ? new URL(sandbox).origin : `https://sts.${aws.region}.amazonaws.com`;
}

/**
 * The origins a verifier accepts tokens for. On AWS: the global endpoint and the Region's (a
 * real verifier lists the Regions it accepts; aws-iam-authenticator and Vault do). On the
 * sandbox: the sandbox alone, since it is the STS there.
 */
export function trustedStsEndpoints(aws: AwsContext): string[] {
  if (aws.target === 'sandbox') return [stsEndpointOf(aws)];
  return ['https://sts.amazonaws.com', `https://sts.${aws.region}.amazonaws.com`];
}
