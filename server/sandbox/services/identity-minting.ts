/**
 * The sandbox identity providers' minting actions, on the signed `sandbox` control service (so
 * only a caller with `sandbox:Mint…` permission, the sandbox administrator, can mint: a random
 * local page cannot). MintWebIdentityToken signs a JWT with the sandbox OIDC issuer's key from
 * JSON `Claims` (`sub`, `aud`, … ; `iss`, `iat`, `exp` defaulted, ExpiresInSeconds 1–86400,
 * default 3600): what a CI runner receives from its OIDC provider. MintSAMLAssertion signs a
 * SAMLResponse with the sandbox IdP's key: Subject, SubjectType, Roles.member.N
 * (`roleArn,providerArn`), RoleSessionName, SessionDuration, Recipient and Audience (default
 * https://signin.aws.amazon.com/saml), ExpiresInSeconds (1–86400, default 300),
 * IssuedOffsetSeconds (to mint stale or not-yet-valid ones); its roles and providers must be in
 * the caller's own account. Not AWS operations.
 */
import type { JWTPayload } from 'jose';
import { mintWebIdentityToken, SANDBOX_ISSUER } from '../idp/oidc-issuer.ts';
import { AWS_SAML_AUDIENCE, mintSamlResponse, SANDBOX_SAML_ENTITY_ID } from '../idp/saml-idp.ts';
import { principalArn } from '../auth/principal.ts';
import { accessDenied } from '../errors.ts';
import { check, range, required, type Clause } from '../protocol/validate.ts';
import { queryOperation } from './operation.ts';

function jsonObject(text: string | undefined, field: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return undefined;
  } catch {
    // reported below
  }
  return `Value '${text}' at '${field}' failed to satisfy constraint: Member must be a JSON object`;
}

export const mintWebIdentityTokenOperation = queryOperation({
  input(params) {
    const claims = params.get('Claims');
    const expiresIn = params.get('ExpiresInSeconds');
    check(required(claims, 'claims'), jsonObject(claims, 'claims'), range(expiresIn, 'expiresInSeconds', 1, 86400));
    return { claims: JSON.parse(claims!) as JWTPayload, expiresIn: expiresIn === undefined ? 3600 : Number(expiresIn) };
  },
  access: { action: 'sandbox:MintWebIdentityToken', resource: () => '*' },
  async invoke({ claims, expiresIn }, { state }) {
    return { WebIdentityToken: await mintWebIdentityToken(state, claims, expiresIn), Issuer: SANDBOX_ISSUER };
  },
  example: { Claims: '{"sub":"repo:example/app:ref:refs/heads/main","aud":"sts.amazonaws.com"}' },
});

function integer(value: string | undefined, field: string): Clause {
  return value === undefined || /^-?\d+$/.test(value) ? undefined : `Value '${value}' at '${field}' failed to satisfy constraint: Member must be an integer`;
}

export const mintSamlAssertionOperation = queryOperation({
  input(params) {
    const subject = params.get('Subject');
    const roles = params.strings('Roles');
    const expiresIn = params.get('ExpiresInSeconds');
    const offset = params.get('IssuedOffsetSeconds');
    check(required(subject, 'subject'), roles.length === 0 ? required(undefined, 'roles') : undefined, range(expiresIn, 'expiresInSeconds', 1, 86400), integer(offset, 'issuedOffsetSeconds'));
    return {
      subject: subject!,
      subjectType: params.get('SubjectType') ?? 'persistent',
      roles,
      roleSessionName: params.get('RoleSessionName'),
      sessionDuration: params.get('SessionDuration'),
      recipient: params.get('Recipient') ?? AWS_SAML_AUDIENCE,
      audience: params.get('Audience') ?? AWS_SAML_AUDIENCE,
      expiresInSeconds: expiresIn === undefined ? 300 : Number(expiresIn),
      issuedOffsetSeconds: offset === undefined ? 0 : Number(offset),
    };
  },
  access: {
    action: 'sandbox:MintSAMLAssertion',
    resource: () => '*',
    // The IdP signs people in to the caller's own account only: an assertion naming another
    // account's role would let any account's administrator into every other (a room's learners).
    before: ({ roles }, { principal }) => {
      for (const arn of roles.flatMap((pair) => pair.split(','))) {
        const account = /^arn:aws:iam::(\d{12}):/.exec(arn.trim())?.[1];
        if (account !== undefined && account !== principal.account.id) {
          throw accessDenied(`User: ${principalArn(principal)} is not authorized to perform: sandbox:MintSAMLAssertion: the sandbox identity provider signs in to the caller's own account only, and ${arn.trim()} is in account ${account}`);
        }
      }
    },
  },
  async invoke(request, { state }) {
    return { SAMLAssertion: await mintSamlResponse(state, request), Issuer: SANDBOX_SAML_ENTITY_ID };
  },
  example: { Subject: 'alice@example.com', Roles: ['arn:aws:iam::123456789012:role/reader,arn:aws:iam::123456789012:saml-provider/example-idp'], RoleSessionName: 'alice' },
});
