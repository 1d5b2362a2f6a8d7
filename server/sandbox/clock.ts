/**
 * The sandbox clock. `now()` is the simulated time every credential expiry, TOTP window and
 * policy date is judged by; a lesson may fast-forward it to show ExpiredToken without waiting.
 * `real()` is wall time, used for the `Date` header and the SigV4 skew check, because SDK v3
 * resets its own signing clock from `Date` (aws-wire-protocol.md §3.1). It does not schedule
 * anything.
 */
export interface SandboxClock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** Wall-clock epoch milliseconds. */
  real(): number;
  /** Moves simulated time forward by `ms` (never backwards). */
  advance(ms: number): void;
  /** How far simulated time runs ahead of wall time, in ms. */
  offset(): number;
}

export function createClock(real: () => number = Date.now): SandboxClock {
  let ahead = 0;
  return {
    now: () => real() + ahead,
    real,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The sandbox clock only moves forward');
      ahead += ms;
    },
    offset: () => ahead,
  };
}
