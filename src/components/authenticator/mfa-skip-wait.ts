/**
 * Getting a step unused MFA codes without sitting out the wait. AWS accepts each code only once,
 * so right after a step sent the current (and next) code the learner waits up to a minute for
 * the authenticator's next window. On the offline sandbox the wait is not needed: its clock can
 * move to that window (`POST /api/sandbox/clock`, which the authenticator follows). On a real
 * account the wait stays, counted down. `fillFreshCodes` does either, then fills the step's
 * inputs (fill-mfa-codes.ts); the buttons that offer it live in step-mfa-buttons.ts and
 * mfa-authenticator.ts, and Run all calls it for each MFA step. It draws nothing itself.
 */
import { apiGet, apiPost } from '../../api/api-client.ts';
import { fetchAuthenticator } from './authenticator-api.ts';
import { NO_DEVICE, type View } from './authenticator-answer.ts';
import { fillMfaCodes, mfaFieldsOf } from './fill-mfa-codes.ts';
import { codesWait, seconds } from './mfa-fill-text.ts';
import { sentCodes } from './sent-codes.ts';

let sandbox: Promise<boolean> | undefined;

/** Whether this page may skip the wait on the sandbox clock (GET /api/session), asked once per
 *  page: on the offline sandbox, except for a workshop room's learners, who share its clock. */
export function isSandboxTarget(): Promise<boolean> {
  sandbox ??= apiGet('/api/session')
    .then((session) => session.target === 'sandbox' && session.room?.role !== 'learner')
    .catch(() => {
      sandbox = undefined; // ask again next time
      return false;
    });
  return sandbox;
}

/** Moves the whole sandbox clock forward; rejects with a sentence to show. */
export async function advanceSandboxClock(secondsAhead: number): Promise<void> {
  await apiPost('/api/sandbox/clock', { seconds: Math.max(1, Math.round(secondsAhead)) });
}

export interface FreshCodeOptions {
  /** Move the sandbox clock instead of waiting (sandbox only). */
  skip: boolean;
  /** Seconds a code must have left before it is filled in (so it does not change in flight). */
  minLeft?: number;
  /** Called about once a second while waiting (real AWS): seconds until an unused code. */
  onWait?: (secondsLeft: number) => void;
  signal?: AbortSignal;
}

/** What filling did: the sentence for the step's note, how far the sandbox clock moved, and the codes used. */
export interface FreshCodes {
  text: string;
  skipped: number;
  view: View;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('Stopped.'));
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', stop);
      resolve();
    }
    function stop() {
      clearTimeout(timer);
      reject(new Error('Stopped.'));
    }
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Fills `step`'s MFA inputs with codes no step on this page has sent yet, first moving the
 * sandbox clock (`skip`) or waiting until there are some. Rejects with a sentence to show when
 * there is no device, the server cannot be reached, or `signal` aborts.
 */
export async function fillFreshCodes(step: HTMLElement, lesson: string, options: FreshCodeOptions): Promise<FreshCodes> {
  const fields = mfaFieldsOf(step);
  let skipped = 0;
  for (let skips = 0; ; ) {
    const answer = await fetchAuthenticator(lesson);
    if (!('view' in answer)) throw new Error('missing' in answer ? NO_DEVICE : answer.problem);
    const sent = sentCodes(lesson);
    const wait = codesWait(fields, answer.view, sent, options.minLeft);
    if (wait === 0) return { text: fillMfaCodes(step, answer.view, sent), skipped, view: answer.view };
    if (options.signal?.aborted) throw new Error('Stopped.');
    if (options.skip) {
      if (++skips > 4) throw new Error(`The sandbox clock moved ${seconds(skipped)} and the authenticator still has no unused code.`);
      await advanceSandboxClock(wait);
      skipped += wait;
    } else {
      options.onWait?.(wait);
      await pause(1000, options.signal);
    }
  }
}
