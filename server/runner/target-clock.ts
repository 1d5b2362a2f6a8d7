/**
 * The clock the target judges by: the sandbox's simulated clock may run ahead of the wall
 * (AdvanceClock), and TOTP codes and credential expiry follow it. For the embedded sandbox the
 * notebook reads it directly; for an external one (`--sandbox-url`) it keeps the offset it last
 * learned from the sandbox's GetClock, and `sync()` learns it again (at start, after a
 * fast-forward, before the authenticator shows codes). Real AWS has the wall clock. It never
 * moves a clock itself.
 */
import { sandboxClockNow } from './sandbox-control.ts';
import type { Target } from './target.ts';

export interface TargetClock {
  now(): number;
  sync(): Promise<void>;
}

export function wallClock(now: () => number): TargetClock {
  return { now, sync: async () => {} };
}

/** Follows an external sandbox's clock by the offset its GetClock reported. */
export function externalSandboxClock(target: Target, wall: () => number): TargetClock {
  let offset = 0;
  return {
    now: () => wall() + offset,
    async sync() {
      const before = wall();
      const sandboxNow = await sandboxClockNow(target);
      // The answer was made somewhere during the round trip: take its middle.
      offset = sandboxNow - (before + wall()) / 2;
    },
  };
}
