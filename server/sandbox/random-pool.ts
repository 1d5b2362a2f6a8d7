/**
 * Random bytes for the sandbox's ids, drawn from the operating system 4 KB at a time and handed
 * out in slices: a request id, a key id and a secret each took a system call of their own
 * before. A slice is never reused (each refill is a new buffer), so a caller may keep what it
 * got. Tests that need repeatable ids inject their own source instead (sandbox.ts).
 */
import { randomFillSync } from 'node:crypto';
import type { RandomBytes } from './ids.ts';

const POOL = 4096;

export function pooledRandomBytes(): RandomBytes {
  let pool = new Uint8Array(0);
  let used = 0;
  return (size) => {
    if (size > POOL) return randomFillSync(new Uint8Array(size));
    if (used + size > pool.length) [pool, used] = [randomFillSync(new Uint8Array(POOL)), 0];
    const slice = pool.subarray(used, used + size);
    used += size;
    return slice;
  };
}
