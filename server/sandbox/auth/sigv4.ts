/**
 * SigV4 verification by re-signing: take the signature a request claims (from the
 * `Authorization` header, or presigned in the query string), rebuild the request from only the
 * headers it names, sign it again with `@smithy/signature-v4` and the secret we hold, and compare
 * in constant time (aws-wire-protocol.md §15 lists the settings that make this match SDK v3,
 * botocore and the CLI). How the service signs (S3 neither normalizes nor re-encodes the path,
 * and signs the payload hash the client claims) comes in as SigningRules. It knows nothing of
 * keys, sessions or expiry: authenticate.ts decides whose secret to use and in which order
 * errors are reported. AWS's published test suite checks it (sigv4.test.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { incompleteSignature } from '../errors.ts';
import { headerSignature } from './sigv4-header.ts';

export interface ParsedAuthorization {
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** Presigned (query-string) signatures: X-Amz-Date and X-Amz-Expires, which the query carries. */
  presigned?: { amzDate: string; expiresIn: number };
}

/** How a service signs. */
export interface SigningRules {
  /** Normalize the path and URI-encode it once more (every service but S3). */
  escapePath: boolean;
  /** Sign the x-amz-content-sha256 the client claims; the service compares it with the body (S3). */
  claimedPayloadHash: boolean;
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

const QUERY_CREDENTIAL = /^([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request$/;

/**
 * The signature a presigned request carries in its query (X-Amz-Algorithm, -Credential, -Date,
 * -Expires, -SignedHeaders, -Signature), or undefined when the query carries no complete one.
 */
export function parsePresignedQuery(rawQuery: string): ParsedAuthorization | undefined {
  const query = parseRawQuery(rawQuery);
  const one = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const credential = QUERY_CREDENTIAL.exec(one('X-Amz-Credential') ?? '');
  const signedHeaders = one('X-Amz-SignedHeaders');
  const signature = one('X-Amz-Signature');
  const amzDate = one('X-Amz-Date');
  const expires = one('X-Amz-Expires');
  if (one('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !credential || !signedHeaders || !signature || !amzDate || !expires) return undefined;
  if (!/^[0-9a-f]{64}$/.test(signature) || !/^[a-z0-9;-]+$/.test(signedHeaders) || !/^\d{1,6}$/.test(expires)) return undefined;
  const [, accessKeyId, scopeDate, region, service] = credential;
  return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(';'), signature, presigned: { amzDate, expiresIn: Number(expires) } };
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
  rules: SigningRules,
): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  // The signer trusts x-amz-content-sha256 as the payload hash. S3 checks that header against
  // the body itself (and has streaming forms); for every other service the signature must cover
  // the body actually received, so put its real hash in place of whatever the client claimed.
  if (!rules.claimedPayloadHash && headers['x-amz-content-sha256'] !== undefined) {
    headers['x-amz-content-sha256'] = createHash('sha256').update(request.body).digest('hex');
  }
  const [hostname, port] = splitHost(request.host);
  const query = parseRawQuery(request.rawQuery);
  const unsigned = { method: request.method, protocol: 'http:', hostname, port, path: request.rawPath || '/', query, headers, body: request.body };
  if (!auth.presigned) {
    const expected = await headerSignature(unsigned, signingDate, auth.region, auth.service, new Set(auth.signedHeaders), secretAccessKey, rules.escapePath);
    return timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature));
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    uriEscapePath: rules.escapePath,
    applyChecksum: false,
  });
  const options = { signingDate, signingRegion: auth.region, signingService: auth.service, signableHeaders: new Set(auth.signedHeaders) };
  delete query['X-Amz-Signature'];
  // S3 signs a presigned request's payload as UNSIGNED-PAYLOAD (the S3 presigners say so in
  // X-Amz-Content-Sha256 too); the header stands for it here without being signed or hoisted.
  const unsignable = new Set<string>();
  if (rules.claimedPayloadHash && headers['x-amz-content-sha256'] === undefined) {
    headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    unsignable.add('x-amz-content-sha256');
  }
  const names = new Set([...Object.keys(headers)]);
  const presignOptions = { ...options, expiresIn: auth.presigned.expiresIn, unhoistableHeaders: names, unsignableHeaders: unsignable };
  const signed = await signer.presign(unsigned, presignOptions).catch(() => undefined);
  const expected = signed?.query?.['X-Amz-Signature'] as string | undefined;
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
