/**
 * SigV4 verification by re-signing: parse the `Authorization` header, rebuild the request from
 * only the headers it names, sign it again with `@smithy/signature-v4` and the secret we hold,
 * and compare in constant time (aws-wire-protocol.md §15 lists the four settings that make
 * this match SDK v3, botocore and the CLI). It knows nothing of keys, sessions or expiry:
 * authenticate.ts decides whose secret to use and in which order errors are reported.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { incompleteSignature } from '../errors.ts';

export interface ParsedAuthorization {
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 +Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, *SignedHeaders=([a-z0-9;\-]+), *Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: string): ParsedAuthorization {
  const match = AUTH_PATTERN.exec(header.trim());
  if (!match) {
    if (!header.startsWith('AWS4-HMAC-SHA256')) {
      throw incompleteSignature(`Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${header.split(' ')[0]}`);
    }
    throw incompleteSignature('Authorization header is malformed: it must be AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=….');
  }
  const [, accessKeyId, scopeDate, region, service, signed, signature] = match;
  return { accessKeyId, scopeDate, region, service, signedHeaders: signed.split(';'), signature };
}

/** `20261121T210215Z` → Date, or undefined when malformed. */
export function parseAmzDate(text: string | undefined): Date | undefined {
  const m = text && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface SignedRequest {
  method: string;
  /** Host header value, with port. */
  host: string;
  /** The path exactly as sent, still percent-encoded, without the query. */
  rawPath: string;
  /** The query exactly as sent, without the leading `?`. */
  rawQuery: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export async function signatureMatches(
  request: SignedRequest,
  auth: ParsedAuthorization,
  secretAccessKey: string,
  signingDate: Date,
): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  // The signer trusts x-amz-content-sha256 as the payload hash. S3 checks that header against
  // the body itself (and has streaming forms); for every other service the signature must cover
  // the body actually received, so put its real hash in place of whatever the client claimed.
  if (auth.service !== 's3' && headers['x-amz-content-sha256'] !== undefined) {
    headers['x-amz-content-sha256'] = createHash('sha256').update(request.body).digest('hex');
  }
  const [hostname, port] = splitHost(request.host);
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    uriEscapePath: auth.service !== 's3',
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname,
      port,
      path: request.rawPath || '/',
      query: parseRawQuery(request.rawQuery),
      headers,
      body: request.body,
    },
    {
      signingDate,
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: new Set(auth.signedHeaders),
    },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization))?.[1];
  if (!expected) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature));
}

function splitHost(host: string): [string, number | undefined] {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m) return [host, undefined];
  return [m[1], m[2] ? Number(m[2]) : undefined];
}

/** Splits on & and = and percent-decodes; never turns `+` into a space (§15 gotchas). */
export function parseRawQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  if (!raw) return query;
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : safeDecode(pair.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
