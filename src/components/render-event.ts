/**
 * Pure text helpers for the step output: status labels, call summaries, durations, JSON, API
 * error messages and the advice under a refused MFA code. No DOM here (step-output.ts and
 * run-step.ts build elements with textContent only), so everything is testable with node:test.
 */
import type { StepEvent, StepStatus } from '../lessons/events.ts';

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

/** The one-line summary of an SDK call: "STS · GetCallerIdentity · 14 ms". */
export function callSummary(call: Pick<CallEvent, 'service' | 'operation' | 'ms'>): string {
  const parts = [serviceName(call.service), operationName(call.operation)];
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
    return message ? `${message} ${hint}` : `Not signed in to the notebook server. ${hint}`;
  }
  if (message) return message;
  if (status === 409) return 'This step is already running.';
  if (status === 404) return 'The notebook server does not know this step (HTTP 404).';
  return `The notebook server answered HTTP ${status}.`;
}

/**
 * Step statuses from `GET /api/lessons` → `{ lessons: [{ slug, steps: [{ id, status }] }] }`,
 * keyed `<lesson>/<step>`. Unknown or malformed entries are skipped.
 */
export function statusesFrom(body: unknown): Map<string, StepStatus> {
  const map = new Map<string, StepStatus>();
  const lessons = (body as { lessons?: unknown } | null)?.lessons;
  if (!Array.isArray(lessons)) return map;
  for (const lesson of lessons) {
    const slug = (lesson as { slug?: unknown } | null)?.slug;
    const steps = (lesson as { steps?: unknown } | null)?.steps;
    if (typeof slug !== 'string' || !Array.isArray(steps)) continue;
    for (const step of steps) {
      const { id, status } = (step ?? {}) as { id?: unknown; status?: unknown };
      if (typeof id === 'string' && isStepStatus(status)) map.set(`${slug}/${id}`, status);
    }
  }
  return map;
}

/** The line shown when a run ends: "Succeeded in 14 ms". */
export function endLine(status: StepStatus, ms: number): string {
  const label = statusLabel[status];
  const took = formatMs(ms);
  const text = label.charAt(0).toUpperCase() + label.slice(1);
  return took ? `${text} in ${took}` : text;
}

/**
 * Advice shown under an unexpected error, for the errors a learner fixes by waiting or typing
 * again: an MFA code refused by STS (wrong, already used, too old), two codes refused by IAM's
 * EnableMFADevice, an MFA device STS does not associate with the caller. Undefined for anything
 * else, and for an error the step expected (the lesson's own denials need no advice).
 */
export function errorHint(name: string, message: string, expected = false): string | undefined {
  if (expected) return undefined;
  if (message.startsWith('MultiFactorAuthentication failed with invalid MFA one time pass code')) {
    return 'STS refused the MFA code: it was mistyped, already used (AWS accepts each code only once), or too old. Wait for the authenticator to show the next code, then run the step again with that one.';
  }
  if (/^InvalidAuthenticationCode/.test(name) || message === 'Authentication code for device is not valid.') {
    return 'IAM refused the two codes: they must be the codes of two consecutive 30-second windows, neither used before, sent right away. Wait for the next code, fill in both fields again (first the current code, then the one after it) and run the step at once.';
  }
  if (message.startsWith('MultiFactorAuthentication failed, unable to validate MFA code')) {
    return 'STS does not know this MFA device as one of the caller\'s: enable the device for the user first (the setup step that takes two codes).';
  }
  if (message.startsWith('MultiFactorAuthentication failed, must provide both')) {
    return 'Send both the device\'s serial number and a code, or neither.';
  }
  return undefined;
}
