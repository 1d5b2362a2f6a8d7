/**
 * MFA helpers shared by the two MFA lessons (assume-role-mfa, session-token-mfa). The SDK calls
 * themselves stay in each lesson's steps, where the page shows them; what lives here is the
 * logic around one-time codes:
 * - `isMfaCodeRefusal`: AWS refused the code itself (wrong, reused or expired), as opposed to an
 *   authorization denial.
 * - `retryWithFreshCode`: the propagation retry for a call that carries an MFA code. A denied
 *   attempt may already have spent the code, and a code a person typed cannot be sent twice, so
 *   every retry waits for the built-in authenticator's next code. Never used around a call whose
 *   point is to be denied.
 * - `notTheCurrentCode`: six digits that are certainly not the device's code right now.
 */
import type { StepContext } from '../lesson.ts';

/** The exact wording of STS's refusals of an MFA code or serial number (aws-wire-protocol.md §7.3). */
export const MFA_CODE_REFUSED = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

/** True when STS refused the MFA code or serial itself rather than the request's permissions. */
export function isMfaCodeRefusal(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return name === 'AccessDenied' && typeof message === 'string' && message.startsWith('MultiFactorAuthentication failed');
}

export interface FreshCodeOptions {
  /** Give up after this long (default 120 s). */
  maxSeconds?: number;
}

/**
 * Calls `attempt(firstCode)`. If AWS answers AccessDenied for a reason other than the code (a
 * new trust policy or permission not yet visible everywhere), waits for the authenticator's
 * next code and tries again with it, within `maxSeconds`. A refusal of the code itself, any
 * other error, or a lesson without a built-in authenticator ends the step at once.
 */
export async function retryWithFreshCode<T>(
  ctx: Pick<StepContext, 'authenticator' | 'sleep' | 'progress' | 'log'>,
  label: string,
  firstCode: string,
  attempt: (code: string) => Promise<T>,
  { maxSeconds = 120 }: FreshCodeOptions = {},
): Promise<T> {
  const started = Date.now();
  const spent = new Set<string>();
  let code = firstCode;
  for (let tries = 1; ; tries++) {
    try {
      spent.add(code);
      const result = await attempt(code);
      if (tries > 1) ctx.progress(`${label}: ready`, 1, 1);
      return result;
    } catch (error) {
      if ((error as { name?: string }).name !== 'AccessDenied' || isMfaCodeRefusal(error)) throw error;
      const codes = ctx.authenticator.codes();
      // Without the device's seed there is no second code to try: only the learner has one.
      if (!codes) throw error;
      const waited = (Date.now() - started) / 1000;
      if (waited + codes.secondsLeft > maxSeconds) throw error;
      if (tries === 1) {
        ctx.log(
          `${label}: got AccessDenied although STS accepted the code. A new trust policy or permission takes a few seconds to reach every endpoint. ` +
            'The code may already count as used, so the next attempt waits for the authenticator\'s next code.',
        );
      }
      // Wait until the code changes (and, should the clock stand still, a little longer).
      let next = codes;
      do {
        ctx.progress(`Waiting for IAM to propagate and for a fresh code, ${Math.round((Date.now() - started) / 1000)} s`, Math.min(Math.round(waited), maxSeconds), maxSeconds);
        await ctx.sleep(Math.max(next.secondsLeft, 1) * 1000 + 200);
        next = ctx.authenticator.codes() ?? next;
        if ((Date.now() - started) / 1000 > maxSeconds) throw error;
      } while (spent.has(next.code));
      code = next.code;
    }
  }
}

/** Six digits that differ from `code` (and from `nextCode`, if given): a deliberately wrong code. */
export function notTheCurrentCode(code: string, nextCode?: string): string {
  for (let shift = 500_000; ; shift += 111_111) {
    const wrong = String((Number(code) + shift) % 1_000_000).padStart(6, '0');
    if (wrong !== code && wrong !== nextCode) return wrong;
  }
}
