/**
 * The sandbox's one error type. Every failure a client can see is an AwsError carrying AWS's
 * code, message and HTTP status; named constructors keep the exact wording in one place.
 * Serialization is not here: each protocol (protocol/query.ts, protocol/rest-xml.ts)
 * turns an AwsError into its own envelope.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra elements some S3 errors carry (BucketName, Key, …). */
  readonly extra: Record<string, string>;

  constructor(code: string, message: string, status: number, extra: Record<string, string> = {}) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = status;
    this.extra = extra;
  }
}

export const accessDenied = (message: string) => new AwsError('AccessDenied', message, 403);
export const validationError = (message: string) => new AwsError('ValidationError', message, 400);
export const invalidInput = (message: string) => new AwsError('InvalidInput', message, 400);
export const noSuchEntity = (message: string) => new AwsError('NoSuchEntity', message, 404);
export const entityAlreadyExists = (message: string) => new AwsError('EntityAlreadyExists', message, 409);
export const deleteConflict = (message: string) => new AwsError('DeleteConflict', message, 409);
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', message, 409);
export const malformedPolicy = (message: string) => new AwsError('MalformedPolicyDocument', message, 400);
export const missingParameter = (message: string) => new AwsError('MissingParameter', message, 400);
export const internalFailure = () =>
  new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);

/** STS ends this message with a period; real IAM does not (aws-wire-protocol.md §4.3). */
export const invalidClientTokenId = (service = 'sts') =>
  new AwsError('InvalidClientTokenId', `The security token included in the request is invalid${service === 'iam' ? '' : '.'}`, 403);
export const signatureDoesNotMatch = () =>
  new AwsError(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    403,
  );
export const expiredToken = () => new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
export const missingAuthenticationToken = () =>
  new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
export const incompleteSignature = (message: string) => new AwsError('IncompleteSignature', message, 400);
