/**
 * What S3 keeps about an object beyond store.ts's S3Object: its full-object checksum (the one
 * sent, or the CRC64NVME S3 computes when none was) and the standard headers stored with it
 * (Cache-Control, Content-Disposition, …). Held beside the object, keyed by the object itself,
 * so store.ts's shape stays as it is and a deleted object takes its extras with it.
 */
import type { S3Object } from '../../store.ts';
import type { ChecksumAlgorithm } from './checksums.ts';

export interface ObjectExtras {
  checksum: { algorithm: ChecksumAlgorithm; value: string };
  /** Lower-case header name → value, returned on GET/HEAD. */
  headers: Record<string, string>;
}

const extras = new WeakMap<S3Object, ObjectExtras>();

export function setObjectExtras(object: S3Object, value: ObjectExtras): void {
  extras.set(object, value);
}

export function objectExtras(object: S3Object): ObjectExtras | undefined {
  return extras.get(object);
}
