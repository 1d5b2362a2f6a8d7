/**
 * The sandbox identity providers' minting actions, on the signed `sandbox` control service (so
 * only a caller with `sandbox:Mint…` permission, the sandbox administrator, can mint: a random
 * local page cannot). MintWebIdentityToken signs a JWT with the sandbox OIDC issuer's key from
 * JSON `Claims` (`sub`, `aud`, … ; `iss`, `iat`, `exp` defaulted, ExpiresInSeconds 1–86400,
 * default 3600): what a CI runner receives from its OIDC provider. Not AWS operations.
 */
import type { JWTPayload } from 'jose';
import { mintWebIdentityToken, SANDBOX_ISSUER } from '../idp/oidc-issuer.ts';
import { check, range, required } from '../protocol/validate.ts';
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
