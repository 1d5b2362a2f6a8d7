/**
 * The countdown an offered secret's control shows: `offerValidity` turns an offer's expiry (an
 * ISO time, or none) and the current time into "valid for 14:32 more", "expired" or "no expiry
 * given", with whether it has expired (which drives the control's state) and the milliseconds
 * left (under a minute the timer is marked low); `clock` writes a duration as "14:32" or
 * "1:02:03". Both take the time as an argument, so they are pure and tested with node:test.
 */

/** "14:32", "1:02:03"; never negative. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** "valid for 14:32 more", "expired", or "no expiry given"; `expired` drives the control's state. */
export function offerValidity(expiresAt: string | undefined, now: number): { text: string; expired: boolean; msLeft?: number } {
  if (expiresAt === undefined) return { text: 'no expiry given', expired: false };
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return { text: 'no expiry given', expired: false };
  const msLeft = at - now;
  if (msLeft <= 0) return { text: 'expired', expired: true, msLeft: 0 };
  return { text: `valid for ${clock(msLeft)} more`, expired: false, msLeft };
}
