/**
 * Everything a request handler may touch, injected once when the sandbox is created: the
 * store, the clock, the id source and the behaviour switches. No module reads the
 * environment or the real clock on its own; tests build a state with their own clock and
 * random bytes.
 */
import type { SandboxClock } from './clock.ts';
import type { FaultInjector } from './faults.ts';
import type { Ids } from './ids.ts';
import type { Store } from './store.ts';

export interface SandboxOptions {
  /** Simulated IAM propagation delay for new users, keys, roles and trust policies (ms; 0 = off). */
  propagationDelayMs: number;
  /** Whether requests signed with role-session credentials carry aws:MultiFactorAuthPresent=true
   *  when the role was assumed with MFA. AWS documents `false`; CloudTrail suggests otherwise. */
  roleSessionsCarryMfa: boolean;
  /** The public base URL of this sandbox (for the federation and console pages). */
  baseUrl: string;
  /** Fault injection for signed STS/IAM/S3 requests (faults.ts); SetFaults replaces it. */
  faults: FaultInjector;
}

export interface SandboxState {
  store: Store;
  clock: SandboxClock;
  ids: Ids;
  options: SandboxOptions;
}
