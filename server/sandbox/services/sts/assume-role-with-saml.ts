/**
 * STS AssumeRoleWithSAML, unsigned as AWS takes it: the IdP's signed assertion is the credential.
 * `input` validates the request, finds the SAML provider (PrincipalArn) in the role's account and
 * verifies the assertion against its metadata certificate (idp/saml-assertion.ts: issuer,
 * signature, audience, validity window, RoleSessionName), then requires that the assertion's
 * Role attribute grant this role through this provider. The authorize stage evaluates the
 * role's trust policy for the provider with `saml:aud`, `saml:sub`, `saml:sub_type`, `saml:iss`,
 * `saml:namequalifier`, `saml:doc` as condition keys. The session lasts DurationSeconds (default
 * one hour) or until the assertion's SessionNotOnOrAfter, whichever is sooner.
 */
import { invalidIdentityToken } from '../../idp/web-identity-token.ts';
import { verifySamlAssertion } from '../../idp/saml-assertion.ts';
import { AwsError } from '../../errors.ts';
import { check, length, maxItems, range, required } from '../../protocol/validate.ts';
import { queryOperation } from '../operation.ts';
import { issueFederatedSession, requireRole, targetRole } from './federated-session.ts';

// AWS's wording, seen in public reports (aws/aws-sdk-net #744).
const DENIAL = 'Not authorized to perform sts:AssumeRoleWithSAML';

export const assumeRoleWithSaml = queryOperation({
  unsigned: 'AWS takes AssumeRoleWithSAML without credentials: the signed SAML assertion is verified instead',
  input(params, { state }) {
    const roleArn = params.get('RoleArn');
    const principalArn = params.get('PrincipalArn');
    const assertion = params.get('SAMLAssertion');
    const duration = params.get('DurationSeconds');
    const policyText = params.get('Policy');
    const policyArns = params.members('PolicyArns').map((m) => m.arn ?? '');
    check(
      required(roleArn, 'roleArn'),
      length(roleArn, 'roleArn', 20, 2048),
      required(principalArn, 'principalArn'),
      length(principalArn, 'principalArn', 20, 2048),
      required(assertion, 'sAMLAssertion'),
      length(assertion, 'sAMLAssertion', 4, 100000),
      range(duration, 'durationSeconds', 900, 43200),
      length(policyText, 'policy', 1, 2048),
      maxItems(policyArns.length, 'policyArns', 10),
    );
    const target = targetRole(state, roleArn!);
    const provider = target.roleAccount?.samlProviders.get(principalArn!);
    // AWS's text for a provider that does not exist is unconfirmed.
    if (!provider) throw invalidIdentityToken(`Specified provider doesn't exist: ${principalArn}`);
    const verified = verifySamlAssertion(state, provider, target.roleAccount!.id, assertion!);
    if (!verified.roles.some((r) => r.role === roleArn && r.provider === principalArn)) {
      // The model's IDPRejectedClaim text; that AWS answers a role missing from the assertion so is unconfirmed.
      throw new AwsError('IDPRejectedClaim', 'The identity provider (IdP) reported that authentication failed. This might be because the claim is invalid.', 403);
    }
    let seconds = duration === undefined ? 3600 : Number(duration);
    if (verified.sessionNotOnOrAfter !== undefined) seconds = Math.min(seconds, Math.max(1, Math.floor((verified.sessionNotOnOrAfter - state.clock.now()) / 1000)));
    return { ...target, provider, verified, seconds, policyText, policyArns };
  },
  access: {
    action: 'sts:AssumeRoleWithSAML',
    before: (input, { state }) => requireRole(state, input, DENIAL),
    resource: ({ roleArn }) => roleArn,
    resourcePolicy: ({ role, roleAccount }) => ({ policy: role!.trustPolicy.parsed, kind: 'trust', accountId: roleAccount!.id }),
    caller: ({ provider, verified, roleAccount }) => ({
      principal: { arn: provider.arn, accountId: roleAccount!.id, federated: provider.arn },
      keys: verified.keys,
      denial: DENIAL,
    }),
  },
  invoke(input, { state }) {
    const { verified } = input;
    const session = issueFederatedSession(state, input, {
      sessionName: verified.sessionName,
      duration: input.seconds,
      policyText: input.policyText,
      policyArns: input.policyArns,
      provider: input.provider.arn,
    });
    return {
      Credentials: session.Credentials,
      AssumedRoleUser: session.AssumedRoleUser,
      PackedPolicySize: session.PackedPolicySize,
      Subject: verified.subject,
      SubjectType: verified.subjectType,
      Issuer: verified.issuer,
      Audience: verified.recipient,
      NameQualifier: verified.nameQualifier,
    };
  },
  example: {
    RoleArn: 'arn:aws:iam::123456789012:role/reader',
    PrincipalArn: 'arn:aws:iam::123456789012:saml-provider/example-idp',
    SAMLAssertion: 'an assertion signed by the sandbox identity provider',
  },
});
