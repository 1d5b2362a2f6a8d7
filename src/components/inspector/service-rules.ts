/**
 * The error-explanation rules for each service and the rest: STS, validation by AWS's message,
 * IAM entities, S3, EC2, rate limits and AWS's own failures, the SDK, the network and the runner.
 * Read in order by error-explanations.ts after access-rules.ts's, first match wins. Data only.
 */
import type { Rule } from './error-explanations.ts';

const THROTTLED =
  'AWS received more requests than its rate limit for this API allows and turned this one away; the SDK retries with a growing pause, and calling less often (or a moment later) lets it through.';
const SERVER_SIDE = 'The service failed on its own side while handling the request, not because of anything in it; running the step again usually works.';
const NETWORK_CODES = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)\b|socket hang up/;

export const SERVICE_RULES: Rule[] = [
  // ── STS ─────────────────────────────────────────────────────────────────────────────────────
  {
    codes: ['RegionDisabled', 'RegionDisabledException'],
    explain: "STS is not active for this account in the Region the call went to (an opt-in Region not enabled, or its STS endpoint turned off in the account settings); activating it, or calling another Region's STS, would work.",
  },
  {
    codes: ['IDPRejectedClaim'],
    explain: 'STS rejected the identity provider\'s token or SAML assertion (expired, meant for another audience, or not signed by the provider the role trusts); a fresh, valid one from the trusted provider would be accepted.',
  },
  {
    codes: ['IDPCommunicationError'],
    explain: "STS could not reach the identity provider to check the token (it did not answer in time); trying again once the provider answers would work.",
  },
  {
    codes: ['InvalidIdentityToken'],
    explain: 'The web identity token or SAML assertion is not valid (a signature that does not match, an issuer the account has no provider for, the wrong audience); an unaltered one from the provider the role trusts, for its audience, would be accepted.',
  },
  {
    codes: ['PackedPolicyTooLarge'],
    explain: 'The session policies and session tags passed to STS are too large once packed; fewer or shorter policies and tags would fit.',
  },
  {
    codes: ['InvalidAuthorizationMessage'],
    explain: 'The encoded authorization message is not one AWS issued (or it was cut short); decoding the exact message AWS returned would work.',
  },

  // ── Validation, by what AWS's message says ─────────────────────────────────────────────────
  {
    codes: ['ValidationError'],
    message: /DurationSeconds exceeds the MaxSessionDuration/,
    explain: "The requested session is longer than the role's MaxSessionDuration; a shorter DurationSeconds, or a higher maximum on the role, would allow it.",
  },
  {
    codes: ['ValidationError'],
    message: /1 hour session limit for roles assumed by role chaining/,
    explain: 'A role assumed with another role session (role chaining) may last one hour at most; DurationSeconds of 3600 or less would work.',
  },
  {
    codes: ['ValidationError'],
    explain: 'A parameter breaks the operation\'s rules (missing, too short or too long, or not matching the allowed pattern; the message names it); a value that follows them would work.',
  },
  {
    codes: ['InvalidInput'],
    explain: "IAM refused a parameter's value (wrong format, out of range or in conflict with another parameter; the message says which); a value IAM accepts would work.",
  },
  { codes: ['MissingParameter'], explain: 'A parameter the operation requires was not sent; sending it would work.' },
  {
    codes: ['InvalidParameterValue'],
    message: /conflicts with a transitive tag key from the calling session/,
    explain: 'The calling session carries this tag key as a transitive tag, inherited down the role chain, and a transitive tag cannot be set again on the way; leaving that key out of Tags (the inherited value goes along anyway) would work.',
  },
  {
    codes: ['InvalidParameterValue'],
    message: /transitive tag key must be included in the requested tags|Duplicate tag keys found/,
    explain: 'The session tags break STS\'s rules: every key in TransitiveTagKeys must also be passed in Tags, and no two tags may have the same key (keys are compared without case); tags that follow them would work.',
  },
  {
    codes: ['InvalidParameterValue'],
    explain: "A parameter's value is not valid here (for example a policy ARN that does not exist); a valid value, such as an existing policy's ARN, would work.",
  },
  {
    codes: ['InvalidParameterCombination'],
    explain: 'Two parameters were sent that cannot go together; sending only one of them would work.',
  },
  {
    codes: ['MalformedPolicyDocument'],
    explain: 'The policy document is not a valid IAM policy (bad JSON, an unknown element, or an invalid action, principal or condition); a document that follows the IAM policy grammar would be accepted.',
  },
  {
    codes: ['InvalidAction'],
    explain: 'The endpoint offers no such operation (a misspelt action, a wrong API version, or a service the sandbox does not implement); an operation the service has would work.',
  },
  { codes: ['MissingAction'], explain: 'The request named no operation (its Action parameter); an SDK or the CLI always sends one.' },
  {
    codes: ['MalformedQueryString'],
    explain: "The request's query string could not be decoded (a broken percent-encoding); a request built by an SDK or the CLI is encoded correctly.",
  },

  // ── IAM entities ────────────────────────────────────────────────────────────────────────────
  {
    codes: ['NoSuchEntity'],
    explain: 'There is no user, role, policy or MFA device by that name or ARN in this account (never created, already deleted, or misspelt); creating it first, or using the right name, would work.',
  },
  {
    codes: ['EntityAlreadyExists'],
    explain: 'The account already has one of these by that name (IAM names are unique, ignoring case); a different name, or deleting the existing one first, would allow it.',
  },
  {
    codes: ['DeleteConflict'],
    explain: 'IAM deletes nothing that something else still depends on (access keys, policies, an MFA device or attachments); removing those first would allow the delete.',
  },
  {
    codes: ['LimitExceeded'],
    explain: 'An IAM quota is reached (for example two access keys per user, or ten managed policies per role); deleting one, or a higher quota where AWS allows it, would make room.',
  },
  {
    codes: ['InvalidAuthenticationCode'],
    explain: 'IAM needs two consecutive, unused codes from the device (the current one, then the next) to enable it, and these were not; two fresh consecutive codes sent right away would work.',
  },
  {
    codes: ['EntityTemporarilyUnmodifiable'],
    explain: 'IAM is still busy changing this entity (a role being deleted or a service-linked role being set up); trying again in a moment would work.',
  },
  {
    codes: ['ConcurrentModification'],
    explain: 'Another request changed the same entity at the same moment; trying again would work.',
  },
  {
    codes: ['UnmodifiableEntity'],
    explain: 'This entity is protected from changes (a service-linked role or an AWS managed policy); only the service that owns it can change it.',
  },

  // ── S3 ──────────────────────────────────────────────────────────────────────────────────────
  {
    codes: ['NoSuchBucket'],
    explain: 'No bucket has that name (never created, already deleted, or misspelt); an existing bucket\'s name, or creating the bucket first, would work.',
  },
  { codes: ['NoSuchKey'], explain: 'The bucket holds no object with that key; an existing key, or uploading the object first, would work.' },
  {
    codes: ['BucketAlreadyExists'],
    explain: "Bucket names are shared by every AWS account, and another one already has this name; a different, unique name would work.",
  },
  {
    codes: ['BucketAlreadyOwnedByYou'],
    explain: 'You already own a bucket with this name, so S3 did not create another; using that bucket, or choosing a new name, would work.',
  },
  { codes: ['BucketNotEmpty'], explain: 'S3 deletes only empty buckets; deleting its objects first would allow it.' },
  {
    codes: ['InvalidBucketName'],
    explain: 'Bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit; a name that follows these rules would work.',
  },
  {
    codes: ['IllegalLocationConstraint', 'IllegalLocationConstraintException'],
    explain: "The bucket's LocationConstraint does not match the Region of the endpoint the request went to; sending it to that Region's endpoint, or leaving the constraint out in us-east-1, would work.",
  },
  {
    codes: ['InvalidLocationConstraint'],
    explain: 'The LocationConstraint is not a Region S3 accepts (us-east-1 is chosen by leaving it out); a valid Region name would work.',
  },
  { codes: ['InvalidArgument'], explain: 'S3 refused one of the request\'s arguments (the message names it); a value S3 accepts there would work.' },
  { codes: ['InvalidRequest'], explain: 'S3 refused this combination of options; the message says which, and leaving one of them out would work.' },
  { codes: ['InvalidURI'], explain: "S3 could not parse the request's path; a bucket name and key encoded as an SDK does would work." },
  { codes: ['KeyTooLongError', 'KeyTooLong'], explain: 'Object keys are at most 1,024 bytes long; a shorter key would work.' },
  {
    codes: ['BadDigest'],
    explain: 'The body does not match the checksum sent with it, so S3 assumes it was damaged on the way; sending it again would work.',
  },
  { codes: ['InvalidDigest'], explain: 'The Content-MD5 header is not a valid base64 MD5 digest; the digest of the exact body would work.' },
  { codes: ['MissingContentLength'], explain: 'S3 needs to know the body\'s length (Content-Length) for this upload; sending it would work.' },
  {
    codes: ['IncompleteBody'],
    explain: 'The body ended before the length the request announced (a dropped connection or a wrong length); sending the whole body again would work.',
  },
  { codes: ['MetadataTooLarge'], explain: "An object's user metadata may take at most 2 KB; less metadata would fit." },
  {
    codes: ['PreconditionFailed'],
    explain: 'A condition the request set (If-Match, If-None-Match or If-Unmodified-Since) did not hold, so S3 changed nothing; current values, or no condition, would work.',
  },
  { codes: ['InvalidRange'], explain: "The requested byte range lies beyond the object's end; a range within its size would work." },
  { codes: ['MethodNotAllowed'], explain: 'That HTTP method is not allowed on this kind of resource; the operation meant for it would work.' },
  { codes: ['MalformedXML'], explain: 'The XML body is not well-formed or does not follow S3\'s schema; a body built by an SDK or the CLI would be accepted.' },
  {
    codes: ['XAmzContentSHA256Mismatch'],
    explain: "The body's SHA-256 differs from the x-amz-content-sha256 it was signed with (it changed on the way); sending it again would work.",
  },
  {
    codes: ['InvalidChunkSizeError'],
    explain: 'In a streamed (aws-chunked) upload every chunk but the last must be at least 8 KB; chunks of that size would be accepted.',
  },
  {
    codes: ['MalformedTrailerError'],
    explain: 'The trailing checksum of a streamed upload is malformed; an upload sent by an SDK or the CLI has a well-formed one.',
  },
  {
    codes: ['NotImplemented'],
    explain: 'The request asks for a feature (through one of its headers) that this endpoint does not implement; leaving that option out would work.',
  },

  {
    codes: ['InvalidPaginationToken'],
    explain: 'The NextToken sent is not one that this listing returned (or it belongs to another request); starting the listing again without a token would work.',
  },

  // ── Rate limits and AWS's own failures ─────────────────────────────────────────────────────
  { codes: ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'RequestThrottled'], explain: THROTTLED },
  {
    codes: ['ServiceUnavailable', 'ServiceUnavailableException', 'Unavailable'],
    explain: 'The service could not answer for a moment (a passing failure on its side, not a problem with the request); trying again, as the SDK does, usually works.',
  },
  { codes: ['InternalFailure', 'InternalError', 'InternalServerError', 'ServiceFailure'], explain: SERVER_SIDE },

  // ── The SDK, the network and the runner ────────────────────────────────────────────────────
  {
    codes: ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'],
    explain: 'No answer came from the endpoint within the time limit (it is stopped, overloaded or unreachable); running the step again once it answers would work.',
  },
  {
    codes: ['*'],
    message: /ECONNREFUSED/,
    explain: 'Nothing is listening at the endpoint\'s address (the sandbox or a proxy is not running, or the port is wrong); starting it, or pointing at the right endpoint, would work.',
  },
  {
    codes: ['*'],
    message: /ENOTFOUND|EAI_AGAIN/,
    explain: "The endpoint's host name could not be resolved (no network or DNS, or a misspelt Region or endpoint); a working connection and the right name would work.",
  },
  {
    codes: ['*'],
    message: NETWORK_CODES,
    explain: 'The connection to the endpoint failed or was cut before an answer came (a network problem or a restarted server); trying again usually works.',
  },
  {
    codes: ['CredentialsProviderError'],
    explain: 'The SDK found no credentials to sign with (no profile, environment variables or SSO session that work); configuring credentials for the notebook would allow it.',
  },
  {
    codes: ['AbortError'],
    explain: 'The call was abandoned before it finished (Stop was pressed, or a time limit ran out); running the step again would make the call anew.',
  },
  {
    codes: ['UnexpectedSuccess'],
    explain: 'The step was meant to be refused, but AWS allowed it, so a policy or condition grants more than the lesson expects; checking what the earlier steps attached shows why.',
  },
];
