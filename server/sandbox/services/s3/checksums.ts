/**
 * S3's flexible checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) as the `x-amz-checksum-*`
 * headers and trailers carry them: base64 of the big-endian digest. The CRCs are the SDK's own
 * implementations (`@aws-sdk/checksums/crc`, the ones its flexible-checksums middleware picks),
 * so the sandbox computes exactly what the client sent; the SHAs come from `node:crypto`. It
 * decides nothing about requests: objects.ts says which header to check and which error to send.
 */
import { createHash } from 'node:crypto';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';

export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Digest length in bytes, to validate a sent value before comparing it. */
export const CHECKSUM_BYTES: Record<ChecksumAlgorithm, number> = { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32 };

const CRCS = { crc32: Crc32, crc32c: Crc32c, crc64nvme: Crc64Nvme };

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

/** The base64 value S3 would put in `x-amz-checksum-<algorithm>`. */
export async function checksumBase64(algorithm: ChecksumAlgorithm, data: Uint8Array): Promise<string> {
  if (algorithm === 'sha1' || algorithm === 'sha256') return createHash(algorithm).update(data).digest('base64');
  const checksum = new CRCS[algorithm]();
  checksum.update(data);
  return Buffer.from(await checksum.digest()).toString('base64');
}

/** True when `value` is canonical base64 of a digest of the right length. */
export function wellFormedChecksum(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === CHECKSUM_BYTES[algorithm] && bytes.toString('base64') === value;
}
