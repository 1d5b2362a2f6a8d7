/**
 * One plain sentence for every error a lesson can meet: why it happened and what would allow the
 * call. Rules are keyed by AWS error code (the SDK's "…Exception" class names are looked up
 * without that suffix), narrowed where needed by service, operation or a pattern in AWS's
 * message (an MFA refusal and a missing trust are both AccessDenied); network failures are found
 * by their Node error code in the message. Covers every code the sandbox can return (a test
 * derives them from server/sandbox) and the SDK's and AWS's usual ones. Pure; no DOM, and no
 * advice on what to click (render-event.ts's errorHint does that for MFA codes).
 */

export interface ErrorContext {
  /** The error's name as the event carries it: "AccessDenied", "NoSuchEntityException", "TimeoutError". */
  name: string;
  message: string;
  /** "STS", "IAM", "S3" (or "STSClient"…), when the failed call is known. */
  service?: string;
  operation?: string;
}

interface Rule {
  codes: string[];
  service?: string;
  operation?: RegExp;
  message?: RegExp;
  explain: string | ((match: RegExpExecArray) => string);
}

const THROTTLED =
  'AWS received more requests than its rate limit for this API allows and turned this one away; the SDK retries with a growing pause, and calling less often (or a moment later) lets it through.';
const UNKNOWN_KEY =
  'AWS does not know the access key that signed the call (mistyped, deleted, or from another account); signing with an existing, active access key would work.';
const SERVER_SIDE = 'The service failed on its own side while handling the request, not because of anything in it; running the step again usually works.';
const NETWORK_CODES = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)\b|socket hang up/;

const RULES: Rule[] = [
  // ── Access denied, by what AWS's message says ───────────────────────────────────────────────
  {
    codes: ['AccessDenied'],
    message: /MultiFactorAuthentication failed with invalid MFA one time pass code/,
    explain:
      'STS checked the code against the MFA device and refused it because it was wrong, already used or from a 30-second window that has passed; a fresh code from the device, used once, would be accepted.',
  },
  {
    codes: ['AccessDenied'],
    message: /MultiFactorAuthentication failed, unable to validate MFA code/,
    explain: 'STS knows no enabled MFA device with this serial number for the caller; enabling the device for this user (EnableMFADevice with two codes) first would allow it.',
  },
  {
    codes: ['AccessDenied'],
    message: /must provide both MFA serial number and one time pass code/,
    explain: 'The call sent only one of SerialNumber and TokenCode; STS needs both of them (or neither) to check an MFA code.',
  },
  {
    codes: ['AccessDenied'],
    message: /Cannot call (GetSessionToken|GetFederationToken) with session credentials/,
    explain: (m) => `${m[1]} must be called with an IAM user's long-term access key, not with temporary credentials; calling it with the user's own access key would work.`,
  },
  {
    codes: ['AccessDenied'],
    message: /Roles may not be assumed by root accounts/,
    explain: "AWS does not let an account's root user assume roles; an IAM user or role that the role's trust policy allows would.",
  },
  {
    codes: ['AccessDenied'],
    message: /SourceIdentity cannot be changed/,
    explain: 'A role session keeps the SourceIdentity it was given, so a chained AssumeRole may not set another one; leaving SourceIdentity out, or passing the same value, would work.',
  },
  {
    codes: ['AccessDenied'],
    message: /not authorized to perform: (\S+) .*with an explicit deny in an? ([a-z -]+?policy|permissions boundary)/,
    explain: (m) => `A Deny statement in ${article(m[2])} matches ${m[1]} for this caller, and an explicit deny always wins over any Allow; only removing or narrowing that statement would allow it.`,
  },
  {
    codes: ['AccessDenied'],
    message: /not authorized to perform: (\S+).* because no session policy allows/,
    explain: (m) => `The credentials were issued with a session policy that limits them, and it does not allow ${m[1]}; credentials issued with a session policy that allows it (or none) would work.`,
  },
  {
    codes: ['AccessDenied'],
    message: /not authorized to perform: (\S+).* because no permissions boundary allows/,
    explain: (m) => `The caller's permissions boundary caps what its policies may grant, and it does not allow ${m[1]}; a boundary that allows it, as well as a policy that grants it, would.`,
  },
  {
    codes: ['AccessDenied'],
    message: /not authorized to perform: (\S+).* because no identity-based policy allows/,
    explain: (m) => `None of the policies attached to the caller (its user, role or groups) allows ${m[1]}, and AWS denies whatever is not allowed; a policy that allows ${m[1]} on this resource would.`,
  },
  {
    codes: ['AccessDenied'],
    message: /not authorized to perform: sts:AssumeRole on resource/,
    explain:
      "STS did not let this caller assume the role: the role's trust policy does not name the caller, or one of its conditions (such as MFA) was not met, or the caller's own policy does not allow sts:AssumeRole on it (AWS says the same when the role does not exist); a trust policy naming the caller, with its conditions met, would allow it.",
  },
  {
    codes: ['AccessDenied'],
    message: /not authorized to perform: (\S+)/,
    explain: (m) => `The caller's policies do not allow ${m[1]} on this resource; a policy that allows that action for this caller would.`,
  },
  {
    codes: ['AccessDenied'],
    service: 's3',
    explain:
      'S3 refused the request without giving a reason (it does not tell a caller about buckets it may not see); a policy allowing the caller this action on the bucket, or the right owner, would allow it.',
  },
  {
    codes: ['AccessDenied', 'AccessDeniedException'],
    service: 'sts',
    explain: 'STS refused the call for this caller; a trust policy or identity policy that allows the caller this STS action would allow it.',
  },
  {
    codes: ['AccessDenied', 'AccessDeniedException'],
    service: 'iam',
    explain: "IAM refused the call because the caller's policies do not allow this IAM action on this entity; a policy that allows it would.",
  },
  {
    codes: ['AccessDenied', 'AccessDeniedException'],
    explain: "The caller's policies do not allow this action on this resource, and AWS denies whatever is not allowed; a policy that allows it would.",
  },

  // ── Who signed the call ─────────────────────────────────────────────────────────────────────
  { codes: ['InvalidClientTokenId', 'InvalidAccessKeyId', 'UnrecognizedClient'], explain: UNKNOWN_KEY },
  {
    codes: ['SignatureDoesNotMatch'],
    message: /Signature (expired|not yet current)/,
    explain: 'The request was signed at a time more than 15 minutes away from AWS\'s clock, so its signature no longer counts; a machine clock in sync, and a fresh signature, would work.',
  },
  {
    codes: ['SignatureDoesNotMatch'],
    explain: "The signature was made with a secret that does not belong to the access key id (or the request changed on the way); signing with that key's own secret access key would work.",
  },
  {
    codes: ['RequestTimeTooSkewed'],
    explain: "The caller's clock is more than 15 minutes away from AWS's, so the signed time is refused; setting the clock right would allow it.",
  },
  {
    codes: ['AuthorizationHeaderMalformed'],
    explain: "The request was signed for a different region than the one that holds the bucket (the error names the region expected); signing for that region, or a client set to it, would work.",
  },
  {
    codes: ['AuthorizationQueryParametersError'],
    explain: 'A presigned URL whose X-Amz-* query parameters are missing, malformed or out of range (for example X-Amz-Expires above seven days); a URL made by an SDK presigner within those limits would work.',
  },
  {
    codes: ['IncompleteSignature'],
    explain: 'The request\'s SigV4 signature lacks a part AWS needs (a date, a signed header or the credential scope); a request signed by an SDK or the CLI has them all.',
  },
  {
    codes: ['MissingAuthenticationToken'],
    explain: 'The request carried no signature at all, and AWS answers only signed requests; sending it through an SDK or the CLI with credentials would sign it.',
  },
  {
    codes: ['ExpiredToken'],
    operation: /^AssumeRoleWith/,
    explain: "The identity provider's token or assertion has expired; a fresh one from the provider would be accepted.",
  },
  {
    codes: ['ExpiredToken'],
    explain: 'The temporary credentials that signed the call have expired (they last from 15 minutes to 36 hours, fixed when STS issued them); asking STS for new ones would allow it.',
  },
  {
    codes: ['InvalidToken'],
    explain: 'The session token sent with the temporary credentials is malformed or does not belong to their access key; sending the token STS issued with that key would work.',
  },

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
    explain: 'The web identity token is not valid (bad signature, unknown issuer or wrong audience for the role); a token from the provider the role trusts, for its audience, would be accepted.',
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

  // ── Rate limits and AWS's own failures ─────────────────────────────────────────────────────
  { codes: ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'RequestThrottled'], explain: THROTTLED },
  {
    codes: ['ServiceUnavailable', 'ServiceUnavailableException'],
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

function article(what: string): string {
  return /^[aeiou]/i.test(what) ? `an ${what}` : `a ${what}`;
}

function base(code: string): string {
  return code.replace(/Exception$/, '');
}

/** The sentence for this error, or undefined when nothing is known about it (a Stop, a code bug). */
export function explainError(error: ErrorContext): string | undefined {
  const name = error.name.trim();
  const service = error.service?.replace(/Client$/, '').toLowerCase();
  const operation = error.operation?.replace(/Command$/, '');
  for (const rule of RULES) {
    const named = rule.codes.includes('*') || rule.codes.some((code) => code === name || base(code) === base(name));
    if (!named) continue;
    if (rule.service && rule.service !== service) continue;
    if (rule.operation && !(operation && rule.operation.test(operation))) continue;
    let match: RegExpExecArray | null = null;
    if (rule.message) {
      match = rule.message.exec(error.message);
      if (!match) continue;
    }
    return typeof rule.explain === 'string' ? rule.explain : rule.explain(match ?? ([] as unknown as RegExpExecArray));
  }
  return undefined;
}

/** Every code the table names (for the coverage test and for documentation). */
export const explainedCodes: readonly string[] = [...new Set(RULES.flatMap((rule) => rule.codes).filter((code) => code !== '*'))];
