/**
 * How EC2 words its errors, unlike STS and IAM: authentication failures are `AuthFailure` 401
 * "AWS was not able to validate the provided access credentials" (an unknown or inactive key, a
 * wrong session token, a wrong signature: observed in many public reports), a request signed
 * more than 15 minutes away from the clock or with expired temporary credentials is
 * `RequestExpired` 400 "Request has expired." (observed; EC2's error list documents both causes);
 * an unsigned request is `MissingAuthenticationToken` (EC2's error list; its wording and status
 * here are the query services', unconfirmed for EC2). Instance ids: `InvalidInstanceID.Malformed`
 * `Invalid id: "x"` and `InvalidInstanceID.NotFound` "The instance ID 'i-…' does not exist" /
 * "The instance IDs 'a, b' do not exist" (observed). The denial itself (UnauthorizedOperation)
 * is the authorize stage's (auth/denied-error.ts).
 */
import type { AuthErrors } from '../../auth/auth-errors.ts';
import { AwsError, missingAuthenticationToken } from '../../errors.ts';

const authFailure = () => new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
const requestExpired = () => new AwsError('RequestExpired', 'Request has expired.', 400);

export const ec2AuthErrors: AuthErrors = {
  unsigned: missingAuthenticationToken,
  unknownKey: authFailure,
  badToken: authFailure,
  expiredToken: requestExpired,
  signatureMismatch: authFailure,
  skewed: requestExpired,
};

export const malformedInstanceId = (id: string) => new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`, 400);

export function instancesNotFound(ids: string[]): AwsError {
  const message = ids.length === 1 ? `The instance ID '${ids[0]}' does not exist` : `The instance IDs '${ids.join(', ')}' do not exist`;
  return new AwsError('InvalidInstanceID.NotFound', message, 400);
}

export const invalidParameterValue = (message: string) => new AwsError('InvalidParameterValue', message, 400);

/** A DryRun request the caller was allowed to make (EC2 answers 412, an error the SDKs raise). */
export const dryRunOperation = () => new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
