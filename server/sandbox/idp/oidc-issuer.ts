/**
 * The sandbox's own OpenID Connect issuer, so a CI-style "exchange an OIDC token for role
 * credentials" flow runs offline: an RS256 key pair generated (by jose) the first time a
 * sandbox needs it, so one per sandbox start; its discovery document and JWKS, served by
 * idp-routes.ts; and signed tokens, minted only through the signed `sandbox` control action
 * MintWebIdentityToken (so a random local page cannot mint one). The issuer identifier is an
 * https URL under the reserved `.invalid` domain, as IAM requires https for OIDC providers and
 * nothing may ever fetch it over the network: the verifier resolves it in process.
 */
import type { JWK, JWTPayload } from 'jose';
import type { SandboxState } from '../state.ts';
import { jose } from './libraries.ts';

export const SANDBOX_ISSUER = 'https://sts-workshop.invalid/oidc';

interface IssuerKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const issuers = new WeakMap<SandboxState, Promise<IssuerKeys>>();

function keysOf(state: SandboxState): Promise<IssuerKeys> {
  let keys = issuers.get(state);
  if (!keys) {
    keys = (async () => {
      const { exportJWK, generateKeyPair } = await jose();
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const publicJwk = { ...(await exportJWK(publicKey)), kid: state.ids.hex(8), alg: 'RS256', use: 'sig' };
      return { privateKey, publicJwk };
    })();
    issuers.set(state, keys);
  }
  return keys;
}

/** The issuer's public keys, as its `jwks_uri` serves them. */
export async function oidcIssuerJwks(state: SandboxState): Promise<{ keys: JWK[] }> {
  return { keys: [(await keysOf(state)).publicJwk] };
}

/** The discovery document (`/.well-known/openid-configuration`); its JWKS is served on loopback. */
export function oidcDiscovery(state: SandboxState) {
  return {
    issuer: SANDBOX_ISSUER,
    jwks_uri: `${state.options.baseUrl}/oidc/jwks`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'aud', 'iss', 'exp', 'iat', 'nbf', 'amr', 'azp'],
  };
}

/**
 * Signs `claims` as the sandbox issuer: `iss` defaults to SANDBOX_ISSUER, `iat` to the sandbox's
 * (simulated) now and `exp` to `iat + expiresInSeconds`; claims given explicitly win, so tests
 * and lessons can mint an expired token or one from another issuer.
 */
export async function mintWebIdentityToken(state: SandboxState, claims: JWTPayload, expiresInSeconds: number): Promise<string> {
  const { privateKey, publicJwk } = await keysOf(state);
  const { SignJWT } = await jose();
  const now = Math.floor(state.clock.now() / 1000);
  const payload: JWTPayload = { iss: SANDBOX_ISSUER, iat: now, exp: now + expiresInSeconds, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: publicJwk.kid, typ: 'JWT' }).sign(privateKey);
}
