/**
 * S3's flexible checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) as the `x-amz-checksum-*`
 * headers and trailers carry them: base64 of the big-endian digest. CRC32 comes from
 * `zlib.crc32`, the SHAs from `node:crypto`; CRC32C and CRC64NVME are table-driven here
 * (reflected polynomials 0x82F63B78 and 0x9A6C9329AC4BC9B5). It decides nothing about
 * requests: objects.ts says which header to check and which error to send.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Digest length in bytes, to validate a sent value before comparing it. */
export const CHECKSUM_BYTES: Record<ChecksumAlgorithm, number> = { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32 };

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

/** The base64 value S3 would put in `x-amz-checksum-<algorithm>`. */
export function checksumBase64(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  switch (algorithm) {
    case 'crc32':
      return u32(crc32(data));
    case 'crc32c':
      return u32(crc32c(data));
    case 'crc64nvme': {
      const [hi, lo] = crc64nvme(data);
      const out = Buffer.alloc(8);
      out.writeUInt32BE(hi, 0);
      out.writeUInt32BE(lo, 4);
      return out.toString('base64');
    }
    case 'sha1':
    case 'sha256':
      return createHash(algorithm).update(data).digest('base64');
  }
}

/** True when `value` is canonical base64 of a digest of the right length. */
export function wellFormedChecksum(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === CHECKSUM_BYTES[algorithm] && bytes.toString('base64') === value;
}

function u32(value: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out.toString('base64');
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC32C_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-64/NVME in two 32-bit halves (plain numbers are much faster than BigInt per byte). */
const CRC64_TABLES = (() => {
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  const hiT = new Uint32Array(256);
  const loT = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        hi = (hi ^ polyHi) >>> 0;
        lo = (lo ^ polyLo) >>> 0;
      }
    }
    hiT[i] = hi;
    loT[i] = lo;
  }
  return { hiT, loT };
})();

export function crc64nvme(data: Uint8Array): [hi: number, lo: number] {
  const { hiT, loT } = CRC64_TABLES;
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ data[i]) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ loT[idx]) >>> 0;
    hi = ((hi >>> 8) ^ hiT[idx]) >>> 0;
  }
  return [(hi ^ 0xffffffff) >>> 0, (lo ^ 0xffffffff) >>> 0];
}
