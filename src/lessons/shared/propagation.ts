/**
 * IAM is eventually consistent: a new key, role or trust policy may not work for a few seconds.
 * No fixed sleeps: `untilPropagated` retries the real call with exponential backoff on the
 * errors propagation produces, shows progress ("waiting for IAM to propagate, 6 s"), and gives
 * up after a bounded time. Never use it around a call whose point is to be denied.
 */
import type { StepContext } from '../lesson.ts';

export interface PropagationOptions {
  /** Error names that mean "not propagated yet" (e.g. InvalidClientTokenId, AccessDenied). */
  retryOn: string[];
  /** Give up after this long (default 120 s). */
  maxSeconds?: number;
}

export async function untilPropagated<T>(
  ctx: Pick<StepContext, 'sleep' | 'progress' | 'log'>,
  label: string,
  attempt: () => Promise<T>,
  { retryOn, maxSeconds = 120 }: PropagationOptions,
): Promise<T> {
  const started = Date.now();
  let delay = 500;
  for (let tries = 1; ; tries++) {
    try {
      const result = await attempt();
      if (tries > 1) ctx.progress(`${label}: ready`, 1, 1);
      return result;
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      const waited = (Date.now() - started) / 1000;
      if (!retryOn.includes(name) || waited + delay / 1000 > maxSeconds) throw error;
      if (tries === 1) ctx.log(`${label}: got ${name}; IAM changes take a few seconds to reach every endpoint, retrying with backoff.`);
      ctx.progress(`Waiting for IAM to propagate, ${Math.round(waited)} s`, Math.round(waited), maxSeconds);
      await ctx.sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }
}
