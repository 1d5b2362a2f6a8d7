/**
 * Test support for web identity and SAML federation: mints a token or an assertion from the
 * sandbox's own identity providers through the signed `sandbox` control service (as the
 * administrator), and makes the STS client a federated caller uses: no credentials at all, as
 * AWS lets AssumeRoleWithWebIdentity and AssumeRoleWithSAML be called.
 */
import { STSClient } from '@aws-sdk/client-sts';
import type { TestSandbox } from './sandbox.ts';
import { signedFetch } from './signed-fetch.ts';

async function control(sandbox: TestSandbox, action: string, params: Record<string, string | string[]>): Promise<string> {
  const body = ['Version=2026-11-01', `Action=${action}`];
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach((v, i) => body.push(`${key}.member.${i + 1}=${encodeURIComponent(v)}`));
    else body.push(`${key}=${encodeURIComponent(value)}`);
  }
  const admin = sandbox.admins[0];
  const response = await signedFetch({ url: sandbox.url, service: 'sandbox', body: body.join('&'), credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${action}: ${response.status} ${text}`);
  return text;
}

/** A JWT signed by the sandbox issuer with these claims (iss, iat, exp defaulted). */
export async function mintToken(sandbox: TestSandbox, claims: Record<string, unknown>, expiresInSeconds?: number): Promise<string> {
  const text = await control(sandbox, 'MintWebIdentityToken', { Claims: JSON.stringify(claims), ...(expiresInSeconds ? { ExpiresInSeconds: String(expiresInSeconds) } : {}) });
  return /<WebIdentityToken>([^<]+)<\/WebIdentityToken>/.exec(text)![1];
}

/** A base64 SAMLResponse signed by the sandbox IdP (MintSAMLAssertion's parameters). */
export async function mintAssertion(sandbox: TestSandbox, params: Record<string, string | string[]>): Promise<string> {
  const text = await control(sandbox, 'MintSAMLAssertion', params);
  return /<SAMLAssertion>([^<]+)<\/SAMLAssertion>/.exec(text)![1];
}

/** An STS client with no credentials: what a CI runner or a SAML sign-in has. */
export function anonymousSts(sandbox: TestSandbox): STSClient {
  return new STSClient({ region: 'us-east-1', endpoint: sandbox.url, maxAttempts: 1 });
}
