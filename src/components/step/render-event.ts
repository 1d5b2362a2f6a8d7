/**
 * Pure text helpers for the step output: status labels, call summaries, durations, JSON, API
 * error messages, how an error event is labelled (a Stop reads as "Stopped", not as a failure),
 * which progress events share one bar, the time of a remembered run and the advice under a
 * refused MFA code. No DOM here (step-output.ts and run-step.ts build elements with textContent
 * only), so everything is testable with node:test.
 */
import type { LessonsAnswer } from '../../api/contract.ts';
import type { StepEvent, StepStatus } from '../../lessons/events.ts';

/** The exact text of a step's status indicator (`data-testid="status"`). */
export const statusLabel: Record<StepStatus, string> = {
  idle: 'idle',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  'expected-failure': 'failed as expected',
  cancelled: 'cancelled',
};

const knownStatuses = new Set<string>(Object.keys(statusLabel));

export function isStepStatus(value: unknown): value is StepStatus {
  return typeof value === 'string' && knownStatuses.has(value);
}

/** "14 ms", "1.2 s", "2 min 5 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** "STSClient" → "STS", "GetCallerIdentityCommand" → "GetCallerIdentity". */
export function serviceName(service: string): string {
  return service.replace(/Client$/, '') || service;
}
export function operationName(operation: string): string {
  return operation.replace(/Command$/, '') || operation;
}

type CallEvent = Extract<StepEvent, { type: 'call' }>;

/** The one-line summary of an SDK call: "STS · GetCallerIdentity · 200 · 14 ms" (the HTTP status when known). */
export function callSummary(call: Pick<CallEvent, 'service' | 'operation' | 'ms' | 'httpStatus'>): string {
  const parts = [serviceName(call.service), operationName(call.operation)];
  if (call.httpStatus) parts.push(String(call.httpStatus));
  const took = formatMs(call.ms);
  if (took) parts.push(took);
  return parts.join(' · ');
}

/** Pretty JSON for input/output/result blocks; strings are shown as they are. */
export function pretty(value: unknown): string {
  if (value === undefined) return '(no value)';
  if (typeof value === 'string') return value;
  try {
    const seen = new WeakSet<object>();
    const text = JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (typeof v === 'bigint') return v.toString();
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[circular]';
          seen.add(v);
        }
        return v;
      },
      2,
    );
    return text ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The message to show for a non-2xx API answer. The API answers `{ error: { code, message } }`;
 * anything else (a proxy page, an empty body) falls back to the HTTP status.
 */
export function apiErrorMessage(status: number, bodyText: string): string {
  let message = '';
  try {
    const body = JSON.parse(bodyText) as { error?: { code?: unknown; message?: unknown } };
    if (body && typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // not JSON
  }
  if (status === 401) {
    const hint = 'Open the notebook with the URL the terminal printed when it started.';
    if (/printed/i.test(message)) return message; // the server already says how to get in
    return message ? `${message} ${hint}` : `Not signed in to the notebook server. ${hint}`;
  }
  if (message) return message;
  if (status === 409) return 'This step is already running.';
  if (status === 404) return 'The notebook server does not know this step (HTTP 404).';
  return `The notebook server answered HTTP ${status}.`;
}

/** Step statuses from `GET /api/lessons`, keyed `<lesson>/<step>`. */
export function statusesFrom(body: LessonsAnswer): Map<string, StepStatus> {
  return new Map(body.lessons.flatMap((lesson) => lesson.steps.map((step) => [`${lesson.slug}/${step.id}`, step.status] as const)));
}

/** The line shown when a run ends: "Succeeded in 14 ms". */
export function endLine(status: StepStatus, ms: number): string {
  const label = statusLabel[status];
  const took = formatMs(ms);
  const text = label.charAt(0).toUpperCase() + label.slice(1);
  return took ? `${text} in ${took}` : text;
}

/** How an `error` event is shown: its small heading, its tone (the box's style) and its text. */
export interface ErrorView {
  kind: string;
  tone: 'unexpected' | 'expected' | 'cancelled';
  /** The error's name, shown in bold; omitted for a Stop (the heading says it all). */
  name?: string;
  message: string;
}

/**
 * The view of an `error` event. A run stopped with Stop ends with the runner's `Cancelled` error,
 * whose text speaks of "the call in flight" even when the step was only waiting (a backoff, a
 * countdown): the page says what is true in every case instead, in a neutral tone.
 */
export function errorView(name: string, message: string, expected: boolean): ErrorView {
  if (name === 'Cancelled' && !expected) {
    return { kind: 'Stopped', tone: 'cancelled', message: 'You pressed Stop: the step ended where it was, in a call or a wait, and went no further.' };
  }
  return expected ? { kind: 'Denied as expected', tone: 'expected', name, message } : { kind: 'Error', tone: 'unexpected', name, message };
}

/**
 * What progress events share one bar: the label without a trailing count ("Waiting for IAM to
 * propagate, 6 s" → "Waiting for IAM to propagate"; "The credentials expire in 40 s" → "The
 * credentials expire in"), so a retry loop moves one bar instead of drawing a new one each time.
 */
export function progressStem(label: string): string {
  const stem = label
    .replace(/[\s,;:.(–-]*\d+(?:[.,]\d+)?(?:\s*\/\s*\d+)?(?:\s*(?:ms|s|secs?|seconds?|min|mins|minutes?|%))?\)?\s*$/i, '')
    .trim();
  return stem || label.trim();
}

/** "AssumeRole: ready": the event that ends a wait (shared/propagation.ts, shared/mfa-setup.ts). */
export function isReadyLabel(label: string): boolean {
  return /:\s*ready\s*$/i.test(label);
}

/**
 * When a remembered run started (its `start` event's `at`), for "Last run, 14:32:05": the time
 * alone on the same day, with the date otherwise; '' when `at` is not a date. `locale` and
 * `timeZone` default to the browser's.
 */
export function lastRunTime(at: string, now: Date, options: { locale?: string; timeZone?: string } = {}): string {
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return '';
  const { locale, timeZone } = options;
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(when);
  if (day(when) === day(now)) return time;
  const date = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' }).format(when);
  return `${date}, ${time}`;
}

/**
 * What to do next, shown under an unexpected error for the errors a learner fixes by waiting or
 * typing again: an MFA code refused by STS (wrong, already used, too old), two codes refused by
 * IAM's EnableMFADevice, an MFA device STS does not associate with the caller. Why it happened is
 * said just above it (inspector/error-explanations.ts), so this is the action only. Undefined for
 * anything else, and for an error the step expected (the lesson's own denials need no advice).
 */
export function errorHint(name: string, message: string, expected = false): string | undefined {
  if (expected) return undefined;
  if (message.startsWith('MultiFactorAuthentication failed with invalid MFA one time pass code')) {
    return 'Wait for the authenticator to show the next code, then run the step again with that one (AWS accepts each code only once).';
  }
  if (/^InvalidAuthenticationCode/.test(name) || message === 'Authentication code for device is not valid.') {
    return 'Wait for the next code, fill in both fields again (first the current code, then the one after it: two consecutive codes) and run the step at once.';
  }
  if (message.startsWith('MultiFactorAuthentication failed, unable to validate MFA code')) {
    return 'Run the setup step that takes two codes to enable the device for the user first.';
  }
  if (message.startsWith('MultiFactorAuthentication failed, must provide both')) {
    return 'Send both the device\'s serial number and a code, or neither.';
  }
  return undefined;
}
