/**
 * The sentences the built-in authenticator shows about codes: what filling a step's MFA inputs
 * did (and whether a step on the page already sent those codes, which AWS accepts only once),
 * the countdown, and the "already sent" warning under the current code. Pure: no DOM, no fetch
 * (fill-mfa-codes.ts fills the inputs, mfa-authenticator.ts shows the text), so it is testable
 * with node:test.
 */
import type { View } from './authenticator-answer.ts';

/** Which MFA inputs a step has: `code1` + `code2` (EnableMFADevice), one `code`, or none. */
export type MfaFields = 'pair' | 'single' | 'none';

/** The sandbox's way out of the wait for an unused code (Step.astro, Authenticator.astro). */
export const SKIP_WAIT_LABEL = 'Skip the wait (sandbox)';
export const SKIP_WAIT_WHY = 'AWS refuses a code twice; the sandbox lets you skip the wait.';

/** "1 second", "17 seconds". */
export function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}

/** A longer span in words: seconds under two minutes, then whole minutes, then hours. */
export function duration(n: number): string {
  if (n < 120) return seconds(n);
  if (n < 7200) return `${Math.round(n / 60)} minutes`;
  const hours = Math.round(n / 360) / 10;
  return `${hours} hours`;
}

/** Seconds until a code nobody on this page has sent yet is current (the next one may be spent too). */
export function freshIn(view: View, sent: ReadonlySet<string>): number {
  return sent.has(view.nextCode) ? view.secondsLeft + 30 : view.secondsLeft;
}

/**
 * Seconds until the codes a step with `fields` would be filled with are unused and have at least
 * `minLeft` seconds of their window left; 0 when they can be used now. (Pair: both codes.)
 */
export function codesWait(fields: MfaFields, view: View, sent: ReadonlySet<string>, minLeft = 0): number {
  if (fields === 'none') return 0;
  const spent = sent.has(view.code) || (fields === 'pair' && sent.has(view.nextCode));
  if (spent) return Math.max(1, freshIn(view, sent));
  return view.secondsLeft < minLeft ? Math.max(1, view.secondsLeft) : 0;
}

/** What filling a step's inputs from `view` did; `sent` holds the codes steps on the page sent. */
export function mfaFillText(fields: MfaFields, view: View, sent: ReadonlySet<string>): string {
  const changes = `The current code changes in ${seconds(view.secondsLeft)}.`;
  if (fields === 'pair') {
    const again = sent.has(view.code) || sent.has(view.nextCode);
    return again
      ? `Filled in ${view.code} and ${view.nextCode}, but a step on this page has already sent one of them and AWS accepts each code only once: wait ${seconds(freshIn(view, sent))}, then fill in again.`
      : `Filled in ${view.code} and the next code, ${view.nextCode}. Run the step now. ${changes}`;
  }
  if (fields === 'single') {
    return sent.has(view.code)
      ? `Filled in ${view.code}, but a step on this page has already sent it and AWS accepts each code only once: wait ${seconds(freshIn(view, sent))} for an unused one, then fill in again.`
      : `Filled in ${view.code}. ${changes}`;
  }
  return 'This step has no MFA code to fill in.';
}

/** The warning under the current code when a step already sent it; '' when it did not. */
export function usedCodeText(view: View, sent: ReadonlySet<string>): string {
  return sent.has(view.code)
    ? `A step on this page has already sent ${view.code}, and AWS accepts each code only once: an unused code comes in ${seconds(freshIn(view, sent))}.`
    : '';
}
