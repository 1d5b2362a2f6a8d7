/**
 * The `aws-chunked` content encoding S3 uses for streaming uploads (aws-wire-protocol.md
 * §11.2): `hex-size[;chunk-signature=sig]\r\n<data>\r\n` repeated, a zero-size chunk, then
 * optional trailer lines (`x-amz-checksum-crc32:…`) and a blank line. Decodes the whole body
 * (the pipeline has already read it), enforces S3's framing rules (only the last data chunk
 * may be under 8 KiB) and, for the signed variants (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`),
 * verifies the chain of chunk signatures and the trailer signature. Checksums in the trailers
 * are returned, not checked: objects.ts compares them with the decoded data.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../errors.ts';

export const MIN_CHUNK = 8192;
const CRLF = 0x0d0a;

export interface ChunkSigning {
  secret: string;
  /** `x-amz-date` of the request, e.g. 20130524T000000Z. */
  amzDate: string;
  /** `20130524/us-east-1/s3/aws4_request`. */
  scope: string;
  /** The signature from the Authorization header: the first chunk's "previous signature". */
  seedSignature: string;
}

export interface AwsChunkedOptions {
  /** Present for the signed variants: every chunk (and the trailer) must carry a valid signature. */
  signing?: ChunkSigning;
}

export interface AwsChunkedBody {
  data: Uint8Array;
  /** Trailer headers, lower-case names (the trailer signature excluded). */
  trailers: Map<string, string>;
}

const incomplete = () => new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
const malformedTrailer = () =>
  new AwsError('MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.', 400);
export const s3SignatureMismatch = () =>
  new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403);

export function decodeAwsChunked(raw: Uint8Array, options: AwsChunkedOptions = {}): AwsChunkedBody {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const parts: Buffer[] = [];
  const sizes: number[] = [];
  const signing = options.signing;
  const key = signing ? signingKey(signing.secret, signing.scope) : undefined;
  let previous = signing?.seedSignature ?? '';
  let pos = 0;

  for (;;) {
    const eol = buf.indexOf('\r\n', pos, 'latin1');
    if (eol === -1 || eol - pos > 4096) throw incomplete();
    const header = buf.toString('latin1', pos, eol);
    pos = eol + 2;
    const [sizeText, ...extensions] = header.split(';');
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText.trim())) throw incomplete();
    const size = parseInt(sizeText.trim(), 16);
    if (pos + size > buf.length) throw incomplete();
    const data = buf.subarray(pos, pos + size);
    pos += size;

    if (signing && key) {
      const sent = extensions.map((e) => /^chunk-signature=([0-9a-f]{64})$/.exec(e.trim())?.[1]).find(Boolean);
      if (!sent) throw s3SignatureMismatch();
      const expected = chunkSignature(key, signing, previous, data);
      if (!safeEqual(expected, sent)) throw s3SignatureMismatch();
      previous = expected;
    }
    if (size === 0) break;
    if (pos + 2 > buf.length || buf.readUInt16BE(pos) !== CRLF) throw incomplete();
    pos += 2;
    parts.push(data);
    sizes.push(size);
  }

  // Only the last data chunk may be smaller than 8 KiB.
  for (let i = 0; i < sizes.length - 1; i++) {
    if (sizes[i] < MIN_CHUNK) {
      throw new AwsError('InvalidChunkSizeError', 'Only the last chunk is allowed to have a size less than 8192 bytes', 403, {
        Chunk: String(i + 1),
        BadChunkSize: String(sizes[i]),
      });
    }
  }

  const trailers = new Map<string, string>();
  let trailerText = '';
  let trailerSignature: string | undefined;
  for (;;) {
    if (pos >= buf.length) break; // tolerate a missing final blank line
    const eol = buf.indexOf('\r\n', pos, 'latin1');
    const line = buf.toString('latin1', pos, eol === -1 ? buf.length : eol);
    pos = eol === -1 ? buf.length : eol + 2;
    if (line === '') {
      if (pos !== buf.length) throw incomplete();
      break;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformedTrailer();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      trailerSignature = value;
      continue;
    }
    if (trailers.has(name)) throw malformedTrailer();
    trailers.set(name, value);
    trailerText += `${name}:${value}\n`;
  }
  if (signing && key && trailers.size > 0) {
    if (!trailerSignature) throw s3SignatureMismatch();
    const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', signing.amzDate, signing.scope, previous, sha256Hex(trailerText)].join('\n');
    if (!safeEqual(hmac(key, stringToSign).toString('hex'), trailerSignature)) throw s3SignatureMismatch();
  }
  return { data: new Uint8Array(Buffer.concat(parts)), trailers };
}

/** The SigV4 signing key for `date/region/service/aws4_request`. */
export function signingKey(secret: string, scope: string): Buffer {
  const [date, region, service] = scope.split('/');
  let key = hmac(Buffer.from('AWS4' + secret, 'utf8'), date);
  key = hmac(key, region);
  key = hmac(key, service);
  return hmac(key, 'aws4_request');
}

export function chunkSignature(key: Buffer, signing: Pick<ChunkSigning, 'amzDate' | 'scope'>, previous: string, data: Uint8Array): string {
  const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', signing.amzDate, signing.scope, previous, sha256Hex(''), sha256Hex(data)].join('\n');
  return hmac(key, stringToSign).toString('hex');
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
