/**
 * Verifies a web identity token for AssumeRoleWithWebIdentity as AWS does, in AWS's order: a JWT
 * (jose decodes and verifies; nothing hand-written), whose `iss` names an IAM OIDC provider in
 * the role's account, whose signature verifies against that issuer's JWKS, whose `aud` (or
 * `azp`) is one of the provider's client ids, that has a `sub`, and that is within
 * `nbf`/`iat`/`exp` by the sandbox's (simulated) clock. The sandbox's own issuer resolves in
 * process; an issuer on loopback is fetched (discovery, then `jwks_uri`, on loopback only, with
 * a timeout); any other is never contacted. It returns the claims and the condition keys a trust
 * policy sees (`<issuer>:sub`, `:aud`, `:oaud`, `:amr`); it authorizes nothing.
 */
import type { JSONWebKeySet, JWTPayload } from 'jose';
import { AwsError } from '../errors.ts';
import type { ContextKeys } from '../policy/types.ts';
import type { SandboxState } from '../state.ts';
import type { Account, OidcProvider } from '../store.ts';
import { jose } from './libraries.ts';
import { oidcIssuerJwks, SANDBOX_ISSUER } from './oidc-issuer.ts';

export interface VerifiedWebIdentity {
  provider: OidcProvider;
  claims: JWTPayload;
  subject: string;
  audience: string;
  keys: ContextKeys;
}

// The STS model's documented text for InvalidIdentityToken; AWS's exact text for a malformed
// token or a bad signature could not be confirmed.
const NOT_VALIDATED = 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.';
// Seen in public reports (aws-sdk-js-v3 #3052), double space included.
const NO_KEY = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
const FETCH_TIMEOUT_MS = 5000;

export const invalidIdentityToken = (message: string) => new AwsError('InvalidIdentityToken', message, 400);

export async function verifyWebIdentityToken(state: SandboxState, account: Account | undefined, token: string): Promise<VerifiedWebIdentity> {
  const { compactVerify, createLocalJWKSet, decodeJwt } = await jose();
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw invalidIdentityToken(NOT_VALIDATED);
  }
  const iss = claims.iss;
  if (typeof iss !== 'string' || iss === '') throw invalidIdentityToken('Missing a required claim: iss'); // by analogy with the aud wording
  const provider = account ? findProvider(account, iss) : undefined;
  // AWS's wording, seen in public reports (aws-actions/configure-aws-credentials #280, #721).
  if (!provider) throw invalidIdentityToken(`No OpenIDConnect provider found in your account for ${iss}`);

  const jwks = createLocalJWKSet(await issuerKeys(state, iss));
  try {
    await compactVerify(token, jwks, { algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] });
  } catch {
    throw invalidIdentityToken(NOT_VALIDATED);
  }

  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  if (audiences.length === 0) throw invalidIdentityToken('Missing a required claim: aud'); // seen in aws-sdk-ruby #2698
  const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
  const audience = azp ?? audiences.find((a) => provider.clientIds.includes(a));
  if (audience === undefined || !provider.clientIds.includes(audience)) throw invalidIdentityToken('Incorrect token audience'); // seen in awslabs/amazon-eks-irsa-cfn #18

  const now = Math.floor(state.clock.now() / 1000);
  if (typeof claims.exp !== 'number') throw invalidIdentityToken('Missing a required claim: exp'); // by analogy, unconfirmed
  if (now >= claims.exp) {
    // AWS's wording, seen in public reports (aws-sdk-java-v2 #5709), epoch seconds.
    throw new AwsError('ExpiredTokenException', `Token expired: current date/time ${now} must be before the expiration date/time ${claims.exp}`, 400);
  }
  // Not yet valid, or issued in the future beyond five minutes of skew: AWS's text unconfirmed.
  if ((typeof claims.nbf === 'number' && now < claims.nbf) || (typeof claims.iat === 'number' && claims.iat > now + 300)) {
    throw invalidIdentityToken(NOT_VALIDATED);
  }
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') {
    // The model's IDPRejectedClaim text; that AWS answers a token without `sub` so is unconfirmed.
    throw new AwsError('IDPRejectedClaim', 'The identity provider (IdP) reported that authentication failed. This might be because the claim is invalid.', 403);
  }
  return { provider, claims, subject, audience, keys: claimKeys(iss, claims, subject, audience) };
}

/** The provider whose URL is the token's issuer (IAM keeps the URL; its ARN drops https://). */
function findProvider(account: Account, iss: string): OidcProvider | undefined {
  for (const provider of account.oidcProviders.values()) if (provider.url === iss) return provider;
  return undefined;
}

/** `<issuer>:aud` is `azp` when the token has one (then `:oaud` is `aud`), `:sub`, `:amr`. */
function claimKeys(iss: string, claims: JWTPayload, subject: string, audience: string): ContextKeys {
  const prefix = iss.replace(/^https:\/\//, '');
  const keys: ContextKeys = Object.create(null);
  keys[`${prefix}:aud`] = audience;
  if (typeof claims.azp === 'string' && claims.aud !== undefined) keys[`${prefix}:oaud`] = claims.aud;
  keys[`${prefix}:sub`] = subject;
  if (Array.isArray(claims.amr)) keys[`${prefix}:amr`] = claims.amr.map(String);
  else if (typeof claims.amr === 'string') keys[`${prefix}:amr`] = claims.amr;
  return keys;
}

/** The issuer's JWKS: in process for the sandbox's own, fetched on loopback only, else refused. */
async function issuerKeys(state: SandboxState, iss: string): Promise<JSONWebKeySet> {
  if (iss === SANDBOX_ISSUER) return (await oidcIssuerJwks(state)) as JSONWebKeySet;
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    throw invalidIdentityToken(NO_KEY);
  }
  if (!isLoopback(url.hostname)) throw invalidIdentityToken(NO_KEY); // the sandbox never leaves the machine
  const discovery = (await fetchJson(`${iss.replace(/\/$/, '')}/.well-known/openid-configuration`)) as { jwks_uri?: unknown };
  if (typeof discovery.jwks_uri !== 'string' || !isLoopback(new URL(discovery.jwks_uri).hostname)) throw invalidIdentityToken(NO_KEY);
  const jwks = (await fetchJson(discovery.jwks_uri)) as JSONWebKeySet;
  if (!Array.isArray(jwks?.keys)) throw invalidIdentityToken(NO_KEY);
  return jwks;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

async function fetchJson(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  } catch {
    // The model's documented text for IDPCommunicationError.
    throw new AwsError(
      'IDPCommunicationError',
      'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions. Retry the request a limited number of times and then try again.',
      400,
    );
  }
  if (!response.ok) throw invalidIdentityToken(NO_KEY);
  try {
    return await response.json();
  } catch {
    throw invalidIdentityToken(NO_KEY);
  }
}
