/**
 * Rate limit for joining a room: at most `perAddress` attempts per address and `overall`
 * attempts in all within a sliding window (a minute by default), so a script on the network
 * cannot fill the room or guess join codes quickly. Attempts are counted whether they succeed
 * or not. Time is injected. It answers yes or no; the route words the 429.
 */
export interface JoinLimits {
  perAddress: number;
  overall: number;
  windowMs: number;
}

// Generous enough for a room behind one NAT address or a reverse proxy; guessing an 8-letter code
// (31^8 codes) at these rates is hopeless.
export const DEFAULT_JOIN_LIMITS: JoinLimits = { perAddress: 60, overall: 300, windowMs: 60_000 };

export class JoinLimiter {
  readonly #limits: JoinLimits;
  readonly #now: () => number;
  readonly #byAddress = new Map<string, number[]>();
  #all: number[] = [];

  constructor(limits: JoinLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Counts an attempt from `address`; false when it is over either limit (and then not counted). */
  attempt(address: string): boolean {
    const now = this.#now();
    const since = now - this.#limits.windowMs;
    this.#all = this.#all.filter((t) => t > since);
    const mine = (this.#byAddress.get(address) ?? []).filter((t) => t > since);
    if (mine.length >= this.#limits.perAddress || this.#all.length >= this.#limits.overall) {
      this.#byAddress.set(address, mine);
      return false;
    }
    mine.push(now);
    this.#all.push(now);
    this.#byAddress.set(address, mine);
    if (this.#byAddress.size > 10_000) for (const [a, times] of this.#byAddress) if (!times.some((t) => t > since)) this.#byAddress.delete(a);
    return true;
  }
}
