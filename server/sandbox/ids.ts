/**
 * Identifiers and secrets in AWS's formats (aws-wire-protocol.md §8), drawn from an injected
 * source of random bytes so tests can be deterministic. Unique ids are 21 characters
 * (AIDA…, AROA…, ANPA…), access key ids 20 (AKIA…, ASIA…), secrets 40; all id characters come
 * from the base32 alphabet AWS uses. It keeps no state and checks nothing.
 */
import { randomBytes } from 'node:crypto';

export type RandomBytes = (size: number) => Uint8Array;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64ISH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function createIds(random: RandomBytes = randomBytes) {
  // One flat string per id (not a chain of `+=` pieces, which a session token would keep alive
  // as 340 string fragments until something flattened it).
  const pick = (alphabet: string, length: number) => {
    const bytes = random(length);
    const chars = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) chars[i] = alphabet.charCodeAt(bytes[i] % alphabet.length);
    return chars.toString('latin1');
  };
  return {
    /** `AIDA`, `AROA`, `ANPA`, … + 17 characters. */
    uniqueId: (prefix: string) => prefix + pick(BASE32, 21 - prefix.length),
    /** `AKIA` or `ASIA` + 16 characters. */
    accessKeyId: (prefix: 'AKIA' | 'ASIA') => prefix + pick(BASE32, 16),
    secretAccessKey: () => pick(BASE64ISH, 40),
    /** Opaque, long, base64: starts like AWS's own tokens so that scanners recognise it. */
    sessionToken: () => 'IQoJb3JpZ2luX2Vj' + pick(BASE64ISH, 340),
    /** A 64-character base32 TOTP seed (40 bytes), as IAM issues for virtual MFA devices. */
    totpSeed: () => pick(BASE32, 64),
    signinToken: () => pick(BASE64ISH.replace('+', '-').replace('/', '_'), 400),
    requestId: () => {
      const hex = Buffer.from(random(16)).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
    hex: (bytes: number) => Buffer.from(random(bytes)).toString('hex'),
  };
}

export type Ids = ReturnType<typeof createIds>;
