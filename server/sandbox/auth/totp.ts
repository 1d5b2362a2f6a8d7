/**
 * RFC 6238 TOTP as AWS virtual MFA devices use it (SHA-1, 6 digits, 30-second steps), on top of
 * the `otpauth` library. Time is passed in, never read. `matchStep` says which time step a code
 * belongs to within a ±window, so callers can refuse reuse (a step at or before the last
 * accepted one) and check that two codes are consecutive. It stores nothing.
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

function totp(seed: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: PERIOD });
}

export function timeStep(atMs: number): number {
  return Math.floor(atMs / 1000 / PERIOD);
}

export function codeAt(seed: string, atMs: number): string {
  return totp(seed).generate({ timestamp: atMs });
}

/** The time step whose code is `code`, searching `window` steps either side of `atMs`. */
export function matchStep(seed: string, code: string, atMs: number, window = 1): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(seed).validate({ token: code, timestamp: atMs, window });
  return delta === null ? undefined : timeStep(atMs) + delta;
}
