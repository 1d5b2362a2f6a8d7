/**
 * The lesson model shared by the site and the runner: what a lesson and its steps are, the
 * context a step runs with, and the events a run streams. A step's `run` is plain AWS SDK v3
 * code; its body sits between `// #region <step-id>` and `// #endregion` in the lesson's
 * `steps.ts` (or in the `shared/` module it imports the step from), and the site shows exactly
 * that region (see source.ts). This module knows nothing
 * of HTTP, of the sandbox or of how runs are scheduled; it holds types and `defineLesson` only.
 */
import type { AwsCredentialIdentity, HttpHandlerOptions, Logger, RequestHandler } from '@smithy/types';
import type { HoldAbout } from './credentials.ts';

export type Phase = 'setup' | 'usage' | 'teardown';

/** One value the learner types before running a step (an MFA code, a duration). */
export interface InputSpec {
  name: string;
  label: string;
  kind: 'mfa-code' | 'text' | 'number';
  /** Regular expression (full match) the value must satisfy; checked by the runner. */
  pattern?: string;
  required?: boolean;
  placeholder?: string;
  help?: string;
}

/** `ok`: the step must succeed. `{ error }`: the step must fail with that AWS error code. */
export type Expectation = 'ok' | { error: string };

/** The client configuration a step passes to `new STSClient(...)` and friends. */
export interface ClientConfig {
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials: AwsCredentialIdentity;
  logger: Logger;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  requestHandler: RequestHandler<any, any, HttpHandlerOptions>;
  maxAttempts?: number;
}

export interface AwsContext {
  target: 'sandbox' | 'aws';
  region: string;
  /** The account the notebook works in (shown in the banner). */
  accountId: string;
  /** Client config signed with the notebook's own (admin) credentials, or with `credentials`. */
  config(credentials?: AwsCredentialIdentity): ClientConfig;
  /** Base URL of the console federation endpoint (sandbox or https://signin.aws.amazon.com). */
  federationUrl: string;
  /** Aborted when the learner presses Stop. */
  signal: AbortSignal;
  /** Sandbox-only controls; undefined on real AWS. */
  sandbox?: {
    /** Fast-forwards one session's clock: its temporary credentials age by `seconds`. */
    ageCredentials(accessKeyId: string, seconds: number): Promise<{ accessKeyId: string; expiration: Date }>;
    /** Moves the whole sandbox's clock forward (every credential, TOTP windows). */
    advanceClock(seconds: number): Promise<{ now: string; offsetSeconds: number }>;
    /**
     * This account's partner account, a second account for lessons with two parties (opened on
     * first use): its id and the OrganizationAccountAccessRole the notebook's credentials assume
     * to act there (shared/other-accounts.ts).
     */
    partnerAccount(): Promise<{ accountId: string; roleArn: string }>;
  };
}

/** Everything a step may use. State holds names, ARNs and (in memory only) credentials. */
export interface StepContext<S = Record<string, unknown>> {
  aws: AwsContext;
  inputs: Record<string, string>;
  state: S;
  log(text: string): void;
  progress(label: string, done: number, total: number): void;
  /** Registers a secret so that it is redacted from everything that leaves the server. */
  secret<T extends string | Uint8Array | undefined>(value: T, label?: string): T;
  /** A deterministic, run-scoped resource name: `sts-workshop-<run>-<kind>`. */
  name(kind: string): string;
  /** IAM path and tags every created resource carries. */
  ownership: { path: string; tags: { Key: string; Value: string }[] };
  /** Records intent (fsynced) before a create call, then the result; see server/ledger. */
  ledger: Ledger;
  /**
   * Files on the notebook's machine (an AWS config file, say): `dir` is this run's own directory
   * under the notebook's state directory (`<state dir>/lesson-files/<target>-<account>/<run id>`),
   * never the learner's home or ~/.aws. It does not exist until a step makes it (0700, after
   * recording it in the ledger as kind 'file'); everything in it is removed with it
   * (shared/local-files.ts).
   */
  files: { dir: string };
  /** Sleeps `ms`, or rejects when the run is stopped. */
  sleep(ms: number): Promise<void>;
  /** The current time as the target sees it (the sandbox's clock may run ahead of the wall). */
  now(): Date;
  /**
   * Holds a secret the learner may need to see (a console sign-in URL) in server memory and
   * returns a masked placeholder for the step's result. The page reveals it only on an explicit
   * POST, once, and never in the stream, the log or the ledger.
   */
  offer(name: string, value: string, details: { label: string; expiresAt?: Date; mask: string }): OfferRef;
  /**
   * The page's credentials panel: lists credentials kept in `state` (this very object, in one
   * of its fields) with their label, principal, kind and expiry, for as long as the state
   * holds them. Never their secret parts. See credentials.ts.
   */
  credentials: {
    hold(credentials: AwsCredentialIdentity, about: HoldAbout): void;
  };
  /** The page's built-in authenticator: register the virtual MFA device setup created. */
  authenticator: {
    register(serialNumber: string, base32Seed: string, label: string): void;
    /** The current code and the one after it, computed on the server. */
    codes(): { code: string; nextCode: string; secondsLeft: number } | undefined;
  };
}

/**
 * A resource a lesson creates, as the ledger records it. Names: a user, role or policy name; an
 * access key id; an MFA device's serial number (its ARN, known before creation); for an
 * attachment, the attached policy's ARN with the user or role as parent; an OIDC or SAML
 * identity provider's ARN (known before creation too).
 */
/** What a step's result carries in place of an offered secret; the page renders a reveal control. */
export interface OfferRef {
  $offer: string;
  label: string;
  masked: string;
  /** On the target's clock (the sandbox's may run ahead of the wall). */
  expiresAt?: string;
  /** Lifetime left when the offer was made: what a countdown in the page should start from. */
  expiresInSeconds?: number;
}

export interface LedgerResource {
  kind: 'user' | 'access-key' | 'mfa-device' | 'role' | 'policy' | 'user-policy' | 'role-policy' | 'attachment' | 'bucket' | 'oidc-provider' | 'saml-provider' | 'file';
  /** For a 'file', its absolute path (a file or a directory, removed with what it holds). */
  name: string;
  /** The owning user or role, for children (access keys, inline policies, attachments). */
  parent?: string;
  parentKind?: 'user' | 'role';
  arn?: string;
  /**
   * The account it lives in, when that is not the notebook's own (a lesson's second account, on
   * the sandbox): it is removed there (shared/other-accounts.ts).
   */
  inAccount?: string;
}

export interface Ledger {
  /** Appends and fsyncs an intent record; call it before the create call. */
  intend(resource: LedgerResource): Promise<void>;
  created(resource: LedgerResource): Promise<void>;
  deleted(resource: LedgerResource): Promise<void>;
  /** Resources recorded in this account and target and not yet deleted, by any run, oldest first. */
  outstanding(): Promise<(LedgerResource & { runId: string; lesson: string })[]>;
}

export interface Step<S = any> {
  id: string;
  title: string;
  phase: Phase;
  expect?: Expectation;
  inputs?: InputSpec[];
  /** Steps (ids in this lesson) that must have succeeded before this one may run. */
  requires?: string[];
  run(ctx: StepContext<S>): Promise<unknown>;
}

export interface Lesson<S = any> {
  slug: string;
  title: string;
  summary: string;
  steps: Step<S>[];
  step(id: string): Step<S>;
}

export interface LessonSpec<S> {
  slug: string;
  title: string;
  summary: string;
  steps: Step<S>[];
}

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Validates a lesson's shape once, at import time, and adds `step(id)`. */
export function defineLesson<S = Record<string, unknown>>(spec: LessonSpec<S>): Lesson<S> {
  if (!kebab.test(spec.slug)) throw new Error(`Lesson slug "${spec.slug}" must be kebab-case`);
  const ids = new Set<string>();
  for (const step of spec.steps) {
    if (!kebab.test(step.id)) throw new Error(`Step id "${step.id}" in ${spec.slug} must be kebab-case`);
    if (ids.has(step.id)) throw new Error(`Duplicate step id "${step.id}" in ${spec.slug}`);
    if (step.id === 'try-it') throw new Error(`Step id "try-it" in ${spec.slug} is the try-it cell's; choose another`);
    for (const need of step.requires ?? []) {
      if (!ids.has(need)) throw new Error(`Step "${step.id}" requires unknown or later step "${need}" in ${spec.slug}`);
    }
    ids.add(step.id);
  }
  return {
    ...spec,
    step(id: string) {
      const found = spec.steps.find((s) => s.id === id);
      if (!found) throw new Error(`Lesson "${spec.slug}" has no step "${id}"`);
      return found;
    },
  };
}
