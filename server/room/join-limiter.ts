/**
 * Rate limit for joining a room, within a sliding window (a minute by default): at most
 * `perAddress` attempts from one address, whatever they are (checking a code, joining, right or
 * wrong), so one machine cannot guess join codes quickly; and at most `overall` admissions in
 * all, counted only for joins that bring the right code, so that a script spraying wrong codes
 * from many addresses cannot lock the room's learners out (with 31^8 codes, guessing from many
 * addresses is as hopeless as from one). Time is injected. It answers yes or no; the route
 * words the 429.
 */
export interface JoinLimits {
  perAddress: number;
  overall: number;
  windowMs: number;
}

// Generous enough for a room behind one NAT address or a reverse proxy.
export const DEFAULT_JOIN_LIMITS: JoinLimits = { perAddress: 60, overall: 300, windowMs: 60_000 };

export class JoinLimiter {
  readonly #limits: JoinLimits;
  readonly #now: () => number;
  readonly #byAddress = new Map<string, number[]>();
  #admitted: number[] = [];

  constructor(limits: JoinLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Counts an attempt from `address`; false when the address is over its limit (and then not counted). */
  attempt(address: string): boolean {
    const now = this.#now();
    const since = now - this.#limits.windowMs;
    const mine = (this.#byAddress.get(address) ?? []).filter((t) => t > since);
    const allowed = mine.length < this.#limits.perAddress;
    if (allowed) mine.push(now);
    this.#byAddress.set(address, mine);
    if (this.#byAddress.size > 10_000) for (const [a, times] of this.#byAddress) if (!times.some((t) => t > since)) this.#byAddress.delete(a);
    return allowed;
  }

  /** Counts a join that brought the right code; false when the room has admitted its limit in this window. */
  admit(): boolean {
    const now = this.#now();
    this.#admitted = this.#admitted.filter((t) => t > now - this.#limits.windowMs);
    if (this.#admitted.length >= this.#limits.overall) return false;
    this.#admitted.push(now);
    return true;
  }
}
