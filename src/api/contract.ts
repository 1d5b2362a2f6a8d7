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
  /** In a workshop room: the caller's role (and a learner's name); absent outside one. */
  room?: RoomRole;
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
  /**
   * How far the sandbox clock runs ahead of this machine's (skipped waits), in whole seconds,
   * when that is 30 or more: a phone app's codes follow real time and do not match meanwhile.
   */
  clockAheadSeconds?: number;
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

/** Who the caller is in a workshop room (`--room`); absent outside one. */
export interface RoomRole {
  role: 'facilitator' | 'learner';
  /** The learner's display name (learners only). */
  name?: string;
}

/** How learners are paced: every lesson open, or only the ones the facilitator opened. */
export interface Pacing {
  mode: 'open' | 'paced';
  /** Lesson slugs learners may run when paced (ignored when open). */
  open: string[];
}

export interface Announcement {
  text: string;
  at: string;
}

/** `GET /api/room/join-info?code=` (no sign-in needed): whether the code lets someone in now. */
export interface JoinInfoAnswer {
  open: true;
  learners: number;
  maxLearners: number;
}

/** `POST /api/room/join` (no sign-in needed): the learner's session; the cookie is set too. */
export interface JoinAnswer {
  /** Goes to localStorage (KEY_STORAGE) like the launch exchange's key. */
  key: string;
  learner: { id: string; name: string; accountId: string };
}

/** `GET /api/room/me`: what a learner's page shows around the lessons (the facilitator gets role only). */
export interface RoomMeAnswer {
  role: 'facilitator' | 'learner';
  learner?: { id: string; name: string; accountId: string; joinedAt: string };
  announcement?: Announcement;
  pacing: Pacing;
}

/** One learner's step in the facilitator's grid. */
export interface GridStep {
  status: StepStatus;
  /** The AWS (or notebook) error code of a step that failed when it was meant to succeed. */
  error?: string;
}

export interface GridLearner {
  id: string;
  name: string;
  accountId: string;
  joinedAt: string;
  /** Lesson slug → step id → status. */
  lessons: Record<string, { completed: boolean; steps: Record<string, GridStep> }>;
  /** Something is running or being cleaned for this learner (catch-up, reset, leave). */
  busy?: string;
}

/** `GET /api/room` (facilitator): the live grid and the room's settings. */
export interface RoomAnswer {
  code: string;
  joinUrl: string;
  locked: boolean;
  maxLearners: number;
  pacing: Pacing;
  announcement?: Announcement;
  lessons: { slug: string; title: string; steps: { id: string; title: string; phase: Phase }[] }[];
  learners: GridLearner[];
  /** Lesson slug → step id → how many learners have run it, and how many as meant. */
  counts: Record<string, Record<string, { ran: number; succeeded: number; failed: number }>>;
}

/** `POST /api/room/learners/:id/catch-up` {lesson, step}: the steps run for the learner, in order. */
export interface CatchUpAnswer {
  ran: { step: string; status: StepStatus }[];
  /** Set when catch-up stopped early: the step and why. */
  stopped?: { step: string; reason: string };
}

/** `POST /api/room/learners/:id/reset` {lesson}: what teardown removed, then the lesson was forgotten. */
export interface RoomResetAnswer {
  reset: true;
  removed: string[];
}

/** `POST /api/room/leave` (learner), `DELETE /api/room/learners/:id`, `POST /api/room/end`: what was removed. */
export interface RoomCleanAnswer {
  removed: string[];
  failed: string[];
  learners: number;
}

/** `POST /api/room/join-qr` (facilitator): the join URL as a QR code (not a secret). */
export interface JoinQrAnswer {
  dataUrl: string;
  joinUrl: string;
}

/** JSON answers of GET routes, by path. */
export interface GetRoutes {
  '/api/health': HealthAnswer;
  '/api/session': SessionAnswer;
  '/api/lessons': LessonsAnswer;
  '/api/room': RoomAnswer;
  '/api/room/me': RoomMeAnswer;
  [joinInfo: `/api/room/join-info?code=${string}`]: JoinInfoAnswer;
  '/api/cleanup': CleanupLookAnswer;
  [authenticator: `/api/lessons/${string}/authenticator`]: AuthenticatorCodes | undefined;
  [credentials: `/api/lessons/${string}/credentials`]: CredentialsAnswer;
}

/** POST routes with a JSON answer, by path: what they take and what they answer. */
export interface PostRoutes {
  '/api/cleanup': { body: Record<string, never>; answer: CleanupAnswer };
  '/api/account/confirm': { body: { accountId: string }; answer: ConfirmAnswer };
  '/api/sandbox/clock': { body: { seconds: number }; answer: ClockAnswer };
  '/api/room/join': { body: { code: string; name: string }; answer: JoinAnswer };
  '/api/room/leave': { body: Record<string, never>; answer: RoomCleanAnswer };
  '/api/room/end': { body: Record<string, never>; answer: RoomCleanAnswer };
  '/api/room/join-qr': { body: Record<string, never>; answer: JoinQrAnswer };
  '/api/room/code': { body: Record<string, never>; answer: { code: string; joinUrl: string } };
  '/api/room/lock': { body: { locked: boolean }; answer: { locked: boolean } };
  '/api/room/announce': { body: { text: string }; answer: { announcement?: Announcement } };
  '/api/room/pacing': { body: Pacing; answer: Pacing };
  [catchUp: `/api/room/learners/${string}/catch-up`]: { body: { lesson: string; step: string }; answer: CatchUpAnswer };
  [roomReset: `/api/room/learners/${string}/reset`]: { body: { lesson: string }; answer: RoomResetAnswer };
  [remove: `/api/room/learners/${string}/remove`]: { body: Record<string, never>; answer: RoomCleanAnswer };
  [reset: `/api/lessons/${string}/reset`]: { body: Record<string, never>; answer: ResetAnswer };
  [qr: `/api/lessons/${string}/authenticator/qr`]: { body: Record<string, never>; answer: QrAnswer };
  [reveal: `/api/lessons/${string}/offers/${string}/reveal`]: { body: Record<string, never>; answer: RevealAnswer };
  [stop: `/api/lessons/${string}/stop`]: { body: Record<string, never>; answer: StopAnswer };
}
