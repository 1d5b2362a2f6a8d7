/**
 * How a service words each authentication failure, so the authenticate stage can report them
 * in AWS's order without knowing which service asks: the query services' errors are here
 * (`queryAuthErrors`: InvalidClientTokenId, ExpiredToken, SignatureDoesNotMatch with AWS's
 * skew messages; IAM's InvalidClientTokenId has no final period, aws-wire-protocol.md §4.3);
 * S3's live with its other errors (services/s3/s3-errors.ts).
 */
import { AwsError, expiredToken, invalidClientTokenId, missingAuthenticationToken, signatureDoesNotMatch } from '../errors.ts';
import { parseAmzDate } from './sigv4.ts';

export const SKEW_MS = 15 * 60 * 1000;

export interface AuthErrors {
  /** No signature at all. */
  unsigned(): AwsError;
  /** A key the sandbox did not issue, an inactive one, or one not yet propagated. */
  unknownKey(accessKeyId: string): AwsError;
  /** A session token that is not the one issued with the key. */
  badToken(): AwsError;
  expiredToken(token: string): AwsError;
  signatureMismatch(): AwsError;
  /** X-Amz-Date more than 15 minutes from the wall clock (`real`, epoch ms). */
  skewed(amzDate: string, real: number): AwsError;
}

export function queryAuthErrors(service: string): AuthErrors {
  return {
    unsigned: missingAuthenticationToken,
    unknownKey: () => invalidClientTokenId(service),
    badToken: () => invalidClientTokenId(service),
    expiredToken: () => expiredToken(),
    signatureMismatch: signatureDoesNotMatch,
    skewed(amzDate, real) {
      const fmt = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      const signedAt = parseAmzDate(amzDate)!.getTime();
      if (signedAt < real) {
        return new AwsError('SignatureDoesNotMatch', `Signature expired: ${amzDate} is now earlier than ${fmt(real - SKEW_MS)} (${fmt(real)} - 15 min.)`, 403);
      }
      return new AwsError('SignatureDoesNotMatch', `Signature not yet current: ${amzDate} is still later than ${fmt(real + SKEW_MS)} (${fmt(real)} + 15 min.)`, 403);
    },
  };
}
