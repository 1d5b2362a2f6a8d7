/**
 * The sandbox identity providers' public documents, unsigned routes mounted with the other
 * extras: the OIDC issuer's discovery document (`/oidc/.well-known/openid-configuration`) and
 * JWKS (`/oidc/jwks`), and the SAML identity provider's metadata (`/saml/metadata`), what an
 * administrator uploads to IAM to create a SAML provider. Nothing here mints or verifies
 * anything; a SigV4-signed request falls through to the pipeline (an S3 bucket named `oidc`).
 */
import { Hono, type Context } from 'hono';
import type { SandboxState } from '../state.ts';
import { oidcDiscovery, oidcIssuerJwks } from './oidc-issuer.ts';
import { samlIdpMetadata } from './saml-idp.ts';

export function createIdentityProviderRoutes(state: SandboxState, isSigned: (c: Context) => boolean): Hono {
  const app = new Hono();
  app.get('/oidc/.well-known/openid-configuration', (c, next) => (isSigned(c) ? next() : c.json(oidcDiscovery(state))));
  app.get('/oidc/jwks', async (c, next) => (isSigned(c) ? next() : c.json(await oidcIssuerJwks(state))));
  app.get('/saml/metadata', async (c, next) => (isSigned(c) ? next() : c.body(await samlIdpMetadata(state), 200, { 'content-type': 'application/samlmetadata+xml' })));
  return app;
}
