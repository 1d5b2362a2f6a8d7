/**
 * SigV4 signing keys, derived as AWS documents (HMAC-SHA256 of the date, region, service and
 * `aws4_request` in turn, from `AWS4` + the secret) and cached, since the key depends on nothing
 * else: it is the same for every request a credential signs that day in that region for that
 * service, which is what AWS's own derivation lets a verifier reuse. The cache is bounded
 * (oldest dropped first) and holds nothing the store does not already hold. Node's HMAC does the
 * hashing; sigv4-header.ts signs with the key.
 */
import { createHmac } from 'node:crypto';

/** Enough for every credential a workshop room uses in a day, a few MB at most. */
export const MAX_SIGNING_KEYS = 10_000;

const cache = new Map<string, Buffer>();

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

export function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const id = `${shortDate}/${region}/${service}/${secretAccessKey}`;
  let key = cache.get(id);
  if (key) return key;
  key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, shortDate), region), service), 'aws4_request');
  if (cache.size >= MAX_SIGNING_KEYS) cache.delete(cache.keys().next().value!);
  cache.set(id, key);
  return key;
}
