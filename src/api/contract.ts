/**
 * The notebook's HTTP API as one set of types, shared by the server and the page. Each JSON
 * route's answer is a named type here; the server checks what it sends against it (`c.json(x
 * satisfies SessionAnswer)` in server/app.ts and server/routes/) and the page reads it through
 * apiGet and apiPost (api-client.ts), whose return types come from GetRoutes and PostRoutes by
 * path. An answer that may be `204 No Content` (nothing there yet, which is not an error) has
 * `undefined` in its type. A step run's NDJSON events are StepEvent (src/lessons/events.ts),
 * errors are ApiErrorBody. Types only: no behaviour, no runtime validation.
 */
import type { CredentialsAnswer } from '../lessons/credentials.ts';
import type { StepStatus } from '../lessons/events.ts';
import type { Expectation, InputSpec, LedgerResource, Phase } from '../lessons/lesson.ts';

/** `GET /api/lessons/:lesson/credentials`: the credentials panel's list (defined with the lessons' credentials). */
export type { CredentialsAnswer };

/** Every error: 400 bad input, 401 no token, 403 Host or Origin, 404, 409 state, 415, 5xx. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** `GET /api/health` (no token needed). */
export interface HealthAnswer {
  ok: true;
}

/** `GET /api/session`: where the steps run, as the banner shows it. */
export interface SessionAnswer {
  target: 'sandbox' | 'aws';
  accountId: string;
  region: string;
  arn: string;
  /** The sandbox's URL; null for AWS's own endpoints. */
  endpoint: string | null;
  /** A real account's changes were confirmed for this launch (always true on the sandbox). */
  confirmed: boolean;
}

export interface StepSummary {
  id: string;
  title: string;
  phase: Phase;
  expect: Expectation;
  inputs: InputSpec[];
  requires: string[];
  status: StepStatus;
  /** The status is from before a restart or the lesson's teardown: shown, not built on. */
  stale?: 'restart' | 'teardown';
}

export interface LessonSummary {
  slug: string;
  title: string;
  summary: string;
  /** Every step ended as meant in one run-through, teardown included (until a reset). */
  completed: boolean;
  completedAt?: string;
  steps: StepSummary[];
}

/** `GET /api/lessons`. */
export interface LessonsAnswer {
  target: 'sandbox' | 'aws';
  lessons: LessonSummary[];
}

/** `GET /api/lessons/:lesson/authenticator` (204 before setup created a device). */
export interface AuthenticatorCodes {
  serialNumber: string;
  code: string;
  nextCode: string;
  secondsLeft: number;
}

/** `POST /api/lessons/:lesson/authenticator/qr`: the device secret, on purpose. */
export interface QrAnswer {
  dataUrl: string;
  warning: string;
}

/** `POST /api/lessons/:lesson/offers/:name/reveal`: an offered secret, once. */
export interface RevealAnswer {
  value: string;
  label: string;
  expiresAt?: string;
  expiresInSeconds?: number;
}

/** Something earlier runs left under /sts-workshop/. */
export interface LeftoverItem extends LedgerResource {
  source: 'ledger' | 'iam' | 'both';
  runId?: string;
}

/** `GET /api/cleanup`. */
export interface CleanupLookAnswer {
  account: string;
  target: 'sandbox' | 'aws';
  leftovers: LeftoverItem[];
}

/** `POST /api/cleanup`. */
export interface CleanupAnswer {
  removed: string[];
  failed: string[];
  remaining: LeftoverItem[];
}

/** `POST /api/lessons/:lesson/reset`. */
export interface ResetAnswer {
  reset: true;
}

/** `POST /api/lessons/:lesson/steps/:step/stop` (202). */
export interface StopAnswer {
  stopping: true;
}

/** `POST /api/account/confirm`. */
export interface ConfirmAnswer {
  accountId: string;
  confirmed: true;
}

/** `POST /api/sandbox/clock`. */
export interface ClockAnswer {
  now: string;
  offsetSeconds: number;
}

/** JSON answers of GET routes, by path. */
export interface GetRoutes {
  '/api/health': HealthAnswer;
  '/api/session': SessionAnswer;
  '/api/lessons': LessonsAnswer;
  '/api/cleanup': CleanupLookAnswer;
  [authenticator: `/api/lessons/${string}/authenticator`]: AuthenticatorCodes | undefined;
  [credentials: `/api/lessons/${string}/credentials`]: CredentialsAnswer;
}

/** POST routes with a JSON answer, by path: what they take and what they answer. */
export interface PostRoutes {
  '/api/cleanup': { body: Record<string, never>; answer: CleanupAnswer };
  '/api/account/confirm': { body: { accountId: string }; answer: ConfirmAnswer };
  '/api/sandbox/clock': { body: { seconds: number }; answer: ClockAnswer };
  [reset: `/api/lessons/${string}/reset`]: { body: Record<string, never>; answer: ResetAnswer };
  [qr: `/api/lessons/${string}/authenticator/qr`]: { body: Record<string, never>; answer: QrAnswer };
  [reveal: `/api/lessons/${string}/offers/${string}/reveal`]: { body: Record<string, never>; answer: RevealAnswer };
  [stop: `/api/lessons/${string}/stop`]: { body: Record<string, never>; answer: StopAnswer };
}
