/**
 * The error-explanation rules about access: AccessDenied by what AWS's message says (which
 * policy, which principal, MFA, a missing trust) and who signed the call (unknown, expired or
 * mismatched keys and tokens). Read in order by error-explanations.ts, first match wins; the
 * rules for services, limits and the network are service-rules.ts's. Data only.
 */
import type { Rule } from './error-explanations.ts';

const UNKNOWN_KEY =
  'AWS does not know the access key that signed the call (mistyped, deleted, deactivated, or from another account); signing with an existing, active access key would work.';

function article(what: string): string {
  return /^[aeiou]/i.test(what) ? `an ${what}` : `a ${what}`;
}

export const ACCESS_RULES: Rule[] = [
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
    message: /not authorized to perform: sts:TagSession on resource/,
    explain:
      "The request passes session tags (Tags or TransitiveTagKeys, or transitive tags the calling session carries on), which also needs sts:TagSession, and the role's trust policy (or, when it names only the account, the caller's own policy) does not allow it, or its conditions on the tags were not met; a trust policy allowing sts:TagSession for these tags, or a request without tags, would work.",
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
    operation: /^AssumeRoleWith(WebIdentity|SAML)$/,
    explain: "The role's trust policy does not admit this token or assertion: it trusts another identity provider, or a condition on the claims (aud, sub, SAML:aud) does not match them; a trust policy whose Federated principal and conditions match the claims would allow it.",
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
    codes: ['AuthFailure'],
    explain: "Amazon EC2 could not authenticate the request: the access key id is unknown or its signature does not match (EC2 says AuthFailure where STS and IAM say InvalidClientTokenId or SignatureDoesNotMatch); a valid key and its own secret would work.",
  },
  {
    codes: ['RequestExpired'],
    explain: "Amazon EC2 refused a request whose signature time, or whose temporary credentials, have expired; a freshly signed request with unexpired credentials would work.",
  },
  {
    codes: ['UnauthorizedOperation'],
    explain: "Amazon EC2's AccessDenied: no policy of the caller allows the action, or one denies it (the message's encoded part, decoded by sts:DecodeAuthorizationMessage, says which); a policy that allows the action would let it through.",
  },
  {
    codes: ['DryRunOperation'],
    explain: 'Not a failure: the request asked for a dry run (DryRun=true), and Amazon EC2 answers this code when the caller would have been allowed; the same request without DryRun does the work.',
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
];
