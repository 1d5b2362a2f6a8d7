/**
 * STS AssumeRoleWithWebIdentity, unsigned as AWS takes it: the OIDC token is the credential.
 * `input` validates the request (AWS's ValidationError wording) and verifies the token against
 * the IAM OIDC providers of the role's account (idp/web-identity-token.ts: issuer, signature
 * from the issuer's JWKS, audience, expiry); the authorize stage then evaluates the role's trust
 * policy for the provider (`"Federated": <provider ARN>`) with the token's claims as condition
 * keys (`<issuer>:sub`, `:aud`, `:amr`); a refusal is AWS's `Not authorized to perform
 * sts:AssumeRoleWithWebIdentity`. The answer carries the role session's credentials,
 * SubjectFromWebIdentityToken, Audience and Provider (the provider's ARN).
 */
import { verifyWebIdentityToken } from '../../idp/web-identity-token.ts';
import { check, length, maxItems, pattern, range, required } from '../../protocol/validate.ts';
import { queryOperation } from '../operation.ts';
import { issueFederatedSession, requireRole, targetRole } from './federated-session.ts';

// AWS's wording, seen in public reports (GitHub Actions' "Not authorized to perform sts:AssumeRoleWithWebIdentity").
const DENIAL = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

export const assumeRoleWithWebIdentity = queryOperation({
  unsigned: 'AWS takes AssumeRoleWithWebIdentity without credentials: the web identity token is verified instead',
  async input(params, { state }) {
    const roleArn = params.get('RoleArn');
    const sessionName = params.get('RoleSessionName');
    const token = params.get('WebIdentityToken');
    const providerId = params.get('ProviderId');
    const duration = params.get('DurationSeconds');
    const policyText = params.get('Policy');
    const policyArns = params.members('PolicyArns').map((m) => m.arn ?? '');
    check(
      required(roleArn, 'roleArn'),
      length(roleArn, 'roleArn', 20, 2048),
      required(sessionName, 'roleSessionName'),
      length(sessionName, 'roleSessionName', 2, 64),
      pattern(sessionName, 'roleSessionName', '[\\w+=,.@-]*'),
      required(token, 'webIdentityToken'),
      length(token, 'webIdentityToken', 4, 20000),
      length(providerId, 'providerId', 4, 2048),
      range(duration, 'durationSeconds', 900, 43200),
      length(policyText, 'policy', 1, 2048),
      maxItems(policyArns.length, 'policyArns', 10),
    );
    const target = targetRole(state, roleArn!);
    const identity = await verifyWebIdentityToken(state, target.roleAccount, token!);
    return { ...target, sessionName: sessionName!, duration: duration === undefined ? 3600 : Number(duration), policyText, policyArns, identity };
  },
  access: {
    action: 'sts:AssumeRoleWithWebIdentity',
    before: (input, { state }) => requireRole(state, input, DENIAL),
    resource: ({ roleArn }) => roleArn,
    resourcePolicy: ({ role, roleAccount }) => ({ policy: role!.trustPolicy.parsed, kind: 'trust', accountId: roleAccount!.id }),
    context: ({ sessionName }) => ({ 'sts:RoleSessionName': sessionName }),
    caller: ({ identity, roleAccount }) => ({
      principal: { arn: identity.provider.arn, accountId: roleAccount!.id, federated: identity.provider.arn },
      keys: identity.keys,
      denial: DENIAL,
    }),
  },
  invoke(input, { state }) {
    const { identity } = input;
    const session = issueFederatedSession(state, input, { ...input, provider: identity.provider.arn });
    return {
      Credentials: session.Credentials,
      SubjectFromWebIdentityToken: identity.subject,
      AssumedRoleUser: session.AssumedRoleUser,
      PackedPolicySize: session.PackedPolicySize,
      Provider: identity.provider.arn,
      Audience: identity.audience,
    };
  },
  example: { RoleArn: 'arn:aws:iam::123456789012:role/reader', RoleSessionName: 'example', WebIdentityToken: 'a token minted by the sandbox issuer' },
});
