/**
 * The S3 REST service (path-style). Being written; every operation answers NotImplemented,
 * as S3 does for operations it does not support.
 */
import { AwsError } from '../../errors.ts';
import type { S3Handler } from '../s3-call.ts';

export const handleS3: S3Handler = () => {
  throw new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
};
