/**
 * The identity providers only the offline sandbox has, for the federation lessons: its OpenID
 * Connect issuer (standing in for a CI provider's, such as GitHub Actions'
 * token.actions.githubusercontent.com) and its SAML identity provider (standing in for an
 * organisation's IdP: Okta, Microsoft Entra ID, IAM Identity Center…). Their public documents
 * (the issuer's discovery document, the IdP's metadata) are plain GETs on the sandbox; tokens and
 * assertions are minted by the sandbox's signed `sandbox` control actions MintWebIdentityToken
 * and MintSAMLAssertion, signed here with the notebook's own credentials (nothing else may mint).
 * On a real AWS account there is nothing to reach: every function throws, saying what a real
 * issuer or IdP would give instead. Not AWS: no step calls it except to get what an identity
 * provider would hand over.
 */
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { AwsContext } from '../lesson.ts';

/** What a step passes to MintSAMLAssertion: who signed in, and the roles the IdP grants them. */
export interface SandboxAssertionRequest {
  /** The NameID: who signed in at the IdP. */
  subject: string;
  /** The Role attribute's values: `roleArn,samlProviderArn` pairs. */
  roles: string[];
  /** The RoleSessionName attribute. */
  roleSessionName: string;
  /** The SessionDuration attribute, in seconds. */
  sessionDuration?: number;
  /** How long the assertion may be redeemed (the IdP's choice; 300 by default). */
  expiresInSeconds?: number;
  /** Back-dates the sign-in (an assertion someone kept from an earlier sign-in). */
  issuedSecondsAgo?: number;
}

function sandboxOf(aws: Pick<AwsContext, 'target' | 'config'>, what: string): { endpoint: string; credentials: AwsCredentialIdentity; region: string } {
  const { endpoint, credentials, region } = aws.config();
  if (aws.target !== 'sandbox' || !endpoint) throw new Error(what);
  return { endpoint, credentials, region };
}

async function get(url: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.text();
}

/** One signed call to the sandbox's control service; its answer's `element`. */
async function mint(aws: Pick<AwsContext, 'target' | 'config' | 'signal'>, what: string, action: string, params: [string, string][], element: string): Promise<string> {
  const { endpoint, credentials, region } = sandboxOf(aws, what);
  const url = new URL(endpoint);
  const body = [['Action', action], ['Version', '2026-11-01'], ...params].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const signer = new SignatureV4({ credentials, region, service: 'sandbox', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const response = await fetch(`${endpoint}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body, signal: aws.signal });
  const text = await response.text();
  const value = new RegExp(`<${element}>([^<]+)</${element}>`).exec(text)?.[1];
  if (!response.ok || !value) throw new Error(`The sandbox refused ${action}: ${/<Message>([^<]*)</.exec(text)?.[1] ?? `HTTP ${response.status}`}`);
  return value;
}

const NO_ISSUER =
  'On a real AWS account this notebook has no OpenID Connect issuer to get a token from: ' +
  "GitHub Actions gives one to a workflow job that has the 'id-token: write' permission, and " +
  'AWS fetches the issuer\'s keys from its public URL to check it. Run this lesson on the sandbox, ' +
  'or use the workflow shown on this page.';

const NO_IDP =
  'On a real AWS account this notebook has no SAML identity provider: the metadata comes from ' +
  "your IdP's administration pages (Okta, Microsoft Entra ID, IAM Identity Center…) and the " +
  'assertion from signing in there. Run this lesson on the sandbox.';

/** The sandbox's OIDC issuer: a stand-in for a CI provider's (GitHub Actions'). */
export const sandboxOidcIssuer = {
  /** The issuer URL, as its discovery document states it (what IAM's provider is created for). */
  async url(aws: Pick<AwsContext, 'target' | 'config' | 'signal'>): Promise<string> {
    const { endpoint } = sandboxOf(aws, NO_ISSUER);
    const discovery = JSON.parse(await get(`${endpoint}/oidc/.well-known/openid-configuration`, aws.signal)) as { issuer: string };
    return discovery.issuer;
  },
  /** A JWT the issuer signs with these claims (`iss`, `iat`, `exp` added): what a CI job receives. */
  token(aws: Pick<AwsContext, 'target' | 'config' | 'signal'>, claims: Record<string, unknown>, expiresInSeconds = 900): Promise<string> {
    return mint(aws, NO_ISSUER, 'MintWebIdentityToken', [['Claims', JSON.stringify(claims)], ['ExpiresInSeconds', String(expiresInSeconds)]], 'WebIdentityToken');
  },
};

/** The sandbox's SAML IdP: a stand-in for an organisation's identity provider. */
export const sandboxSamlIdp = {
  /** The IdP's metadata document (its entityID and signing certificate), served at /saml/metadata. */
  metadata(aws: Pick<AwsContext, 'target' | 'config' | 'signal'>): Promise<string> {
    const { endpoint } = sandboxOf(aws, NO_IDP);
    return get(`${endpoint}/saml/metadata`, aws.signal);
  },
  /** A base64 SAMLResponse with an assertion the IdP signed: what the browser posts after sign-in. */
  assertion(aws: Pick<AwsContext, 'target' | 'config' | 'signal'>, request: SandboxAssertionRequest): Promise<string> {
    const params: [string, string][] = [
      ['Subject', request.subject],
      ['SubjectType', 'persistent'],
      ['RoleSessionName', request.roleSessionName],
      ...request.roles.map((role, i): [string, string] => [`Roles.member.${i + 1}`, role]),
    ];
    if (request.sessionDuration !== undefined) params.push(['SessionDuration', String(request.sessionDuration)]);
    if (request.expiresInSeconds !== undefined) params.push(['ExpiresInSeconds', String(request.expiresInSeconds)]);
    if (request.issuedSecondsAgo !== undefined) params.push(['IssuedOffsetSeconds', String(-request.issuedSecondsAgo)]);
    return mint(aws, NO_IDP, 'MintSAMLAssertion', params, 'SAMLAssertion');
  },
};
