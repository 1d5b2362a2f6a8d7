/**
 * S3's error codes, statuses, messages and extra elements (aws-wire-protocol.md §11.4 and
 * the S3 API reference's error list), in one place. The pipeline writes them as S3's bare
 * `<Error>` document; a HEAD request gets the status alone.
 */
import type { AuthErrors } from '../../auth/auth-errors.ts';
import { AwsError } from '../../errors.ts';

export const noSuchBucket = (bucket: string) =>
  new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string) => new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const plainAccessDenied = () => new AwsError('AccessDenied', 'Access Denied', 403);
export const invalidBucketName = (bucket: string) =>
  new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket });
export const bucketAlreadyOwnedByYou = (bucket: string) =>
  new AwsError(
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
    409,
    { BucketName: bucket },
  );
export const bucketAlreadyExists = (bucket: string) =>
  new AwsError(
    'BucketAlreadyExists',
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    409,
    { BucketName: bucket },
  );
export const bucketNotEmpty = (bucket: string) =>
  new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket });
export const notImplemented = () =>
  new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
export const malformedXml = () =>
  new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
export const invalidArgument = (message: string, name: string, value: string) =>
  new AwsError('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });
export const invalidRequest = (message: string) => new AwsError('InvalidRequest', message, 400);
export const invalidUri = (uri: string) => new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400, { URI: uri });
export const keyTooLong = () => new AwsError('KeyTooLongError', 'Your key is too long', 400);
export const badDigest = (what: string) =>
  new AwsError('BadDigest', what === 'Content-MD5' ? 'The Content-MD5 you specified did not match what we received.' : `The ${what} you specified did not match the calculated checksum.`, 400);
export const invalidDigest = () => new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400);
export const missingContentLength = () => new AwsError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
export const incompleteBody = () =>
  new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
export const metadataTooLarge = () =>
  new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400);
export const preconditionFailed = (condition: string) =>
  new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });
export const invalidRange = (requested: string, size: number) =>
  new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: requested, ActualObjectSize: String(size) });
export const methodNotAllowed = (method: string, resourceType: string) =>
  new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType });

/** How S3 words authentication failures (the authenticate stage reports them in AWS's order). */
export const s3AuthErrors: AuthErrors = {
  unsigned: plainAccessDenied,
  unknownKey: (accessKeyId) =>
    new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, { AWSAccessKeyId: accessKeyId }),
  badToken: () => new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400),
  expiredToken: (token) => new AwsError('ExpiredToken', 'The provided token has expired.', 400, { 'Token-0': token }),
  signatureMismatch: () =>
    new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403),
  skewed: () => new AwsError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403),
};
