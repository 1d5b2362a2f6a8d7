/**
 * Test support: sends arbitrary (even malformed) bodies to the sandbox, correctly SigV4-signed
 * with the admin's key, so that fuzz tests reach the parsers behind authentication.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';

export interface SignedFetchOptions {
  url: string;
  service: 'sts' | 'iam' | 's3' | 'ec2' | 'sandbox';
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export async function signedFetch(o: SignedFetchOptions): Promise<Response> {
  const url = new URL(o.url);
  const signer = new SignatureV4({ credentials: o.credentials, region: 'us-east-1', service: o.service, sha256: Sha256, uriEscapePath: o.service !== 's3' });
  const body = o.body ?? '';
  const signed = await signer.sign({
    method: o.method ?? 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: o.path ?? '/',
    query: o.query,
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded', ...o.headers },
    body,
  });
  const qs = o.query ? '?' + Object.entries(o.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : '';
  return fetch(`${o.url}${o.path ?? '/'}${qs}`, { method: o.method ?? 'POST', headers: signed.headers as Record<string, string>, body: o.method === 'GET' || o.method === 'HEAD' ? undefined : (body as BodyInit) });
}
