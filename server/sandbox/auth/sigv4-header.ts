/**
 * The signature a request signed in its Authorization header should carry, computed as
 * @smithy/signature-v4's `sign` computes it (its own request preparation, canonical headers,
 * payload hash, canonical request and string to sign, through the signer's protected methods)
 * but signed with a cached signing key (signing-keys.ts) and without rebuilding a signer, its
 * credential provider and its date formatting per request. sigv4.ts compares the result in
 * constant time; AWS's published test suite checks both paths (sigv4.test.ts).
 */
import { createHmac } from 'node:crypto';
import { Sha256 } from '@smithy/core/checksum';
import { ALGORITHM_IDENTIFIER, AMZ_DATE_HEADER, createScope, getCanonicalHeaders, getPayloadHash, prepareRequest, SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { signingKey } from './signing-keys.ts';

class HeaderSigner extends SignatureV4 {
  constructor(escapePath: boolean) {
    super({ credentials: { accessKeyId: '', secretAccessKey: '' }, region: 'us-east-1', service: 'sts', sha256: Sha256, uriEscapePath: escapePath, applyChecksum: false });
  }

  async signatureFor(unsigned: HttpRequest, signingDate: Date, region: string, service: string, signedHeaders: Set<string>, secretAccessKey: string): Promise<string> {
    const request = prepareRequest(unsigned);
    const longDate = signingDate.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
    const shortDate = longDate.slice(0, 8);
    request.headers[AMZ_DATE_HEADER] = longDate;
    const payloadHash = await getPayloadHash(request, Sha256);
    const canonicalHeaders = getCanonicalHeaders(request, undefined, signedHeaders);
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const stringToSign = await this.createStringToSign(longDate, createScope(shortDate, region, service), canonicalRequest, ALGORITHM_IDENTIFIER);
    return createHmac('sha256', signingKey(secretAccessKey, shortDate, region, service)).update(stringToSign).digest('hex');
  }
}

const signers = { escaped: new HeaderSigner(true), raw: new HeaderSigner(false) };

export function headerSignature(unsigned: HttpRequest, signingDate: Date, region: string, service: string, signedHeaders: Set<string>, secretAccessKey: string, escapePath: boolean): Promise<string> {
  return (escapePath ? signers.escaped : signers.raw).signatureFor(unsigned, signingDate, region, service, signedHeaders, secretAccessKey);
}
