/**
 * The notebook's run state: for each lesson, the status of each step, the in-memory lesson
 * state (names, ARNs, and credentials that never touch disk), its run id, and the one run in
 * flight. `start` checks everything before anything runs (unknown lesson or step, a run
 * already in flight, a prerequisite not done, bad inputs) and throws WorkshopError without
 * side effects; `stop` aborts the run in flight. Completing the last teardown step ends the
 * lesson's run-through: its state, offers, device and run id go, its statuses and outputs stay
 * (a lesson whose every step ended as meant in one run-through is marked completed). Statuses,
 * outputs and completion are kept on disk (progress-store.ts); after a restart they come back
 * for reading only, as after a teardown: the state they built was in memory, so a step that
 * `requires` one of them asks for it to be run again. `reset` forgets a torn-down lesson.
 * `credentials` lists what steps held (`ctx.credentials.hold`, credential-view.ts); `try` runs
 * the try-it cell's one SDK call as a synthetic step (try-it.ts), whose creates go with the
 * lesson's teardown. It does not speak HTTP (app.ts does).
 */
import type { Ledger, Lesson, Step } from '../../src/lessons/lesson.ts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { iamInOtherAccounts, type IamIn } from '../../src/lessons/shared/other-accounts.ts';
import { removeResources } from '../../src/lessons/shared/teardown.ts';
import type { FileLedger } from '../ledger/ledger.ts';
import { Authenticators } from './authenticator.ts';
import { lessonMakes } from './lesson-effects.ts';
import type { ProgressStore } from './progress-store.ts';
import { endRunThrough, forgetTeardown, newRunThrough, progressOf, recordOutcome, restoreRunThrough, type RunThrough } from './run-through.ts';
import { Sweeper } from './sweeper.ts';
import { advanceSandboxClock, ageSandboxCredentials, sandboxPartnerAccount } from './sandbox-control.ts';
import { runStep, type FinalStatus } from './run-step.ts';
import type { Target } from './target.ts';
import { credentialView, type Held } from './credential-view.ts';
import { parseTry, planTry, tryItStep, TRY_IT_STEP } from './try-it.ts';
import { AccountGuard } from './account-guard.ts';
import { describeLesson, requireBuiltOn } from './lesson-view.ts';
import { checkInputs } from './check-inputs.ts';
import { Offers } from './offers.ts';
import { scopedLedger } from './scoped-ledger.ts';
import { TriedResources } from './tried-resources.ts';
import { WorkshopError } from './workshop-error.ts';

/** Statuses, outputs and completion (run-through.ts), and the state that stays in memory. */
interface LessonRun extends RunThrough {
  offers: Offers;
  state: Record<string, unknown>;
  runId?: string;
  inFlight?: { step: string; controller: AbortController };
}

export interface WorkshopDeps {
  lessons: Lesson[];
  target: Target;
  ledger: FileLedger;
  registerSecret(value: string | Uint8Array, label?: string): void;
  now(): number;
  awsNow?(): number;
  /** Learns the target's clock again (an external sandbox may have been fast-forwarded). */
  syncClock?(): Promise<void>;
  /** Told about a ledger record the sweeper could not check. */
  onProblem?(text: string): void;
  /** Random lowercase base32 text for run ids. */
  randomId(): string;
  faultAfter?: string;
  /** Where lessons' runs keep files (`<state dir>/lesson-files`); each run gets a directory of its own in it. */
  filesDir: string;
  /** How long one SDK call may wait for AWS, retries included (config: --aws-timeout). */
  callTimeoutMs?: number;
  /** Real AWS: changes were confirmed up front (`--confirm-account`); else the first one asks. */
  accountConfirmed?: boolean;
  /** Where statuses, outputs and completion are kept across restarts; memory only without it. */
  progress?: ProgressStore;
  /** Checked before a step moves the sandbox clock (`ctx.sandbox.advanceClock`): a room's learners share it. */
  checkClock?(seconds: number): void;
  /**
   * Whose credentials move the sandbox clock, which every account shares: the notebook's own (the
   * sandbox refuses a room's learner accounts), so a learner's catch-up moves it too. `target` by default.
   */
  clockTarget?: Target;
}

export class Workshop {
  readonly #deps: WorkshopDeps;
  readonly #runs = new Map<string, LessonRun>();
  readonly authenticators: Authenticators;
  /** Clean-up's one home: the start-up report and the /api/cleanup routes go through it. */
  readonly sweeper: Sweeper;
  readonly #account: AccountGuard;
  /** Credentials steps held (`ctx.credentials.hold`), by the object the lesson state keeps. */
  readonly #held = new WeakMap<object, Held>();
  /** What the try-it cell created, by run id: removed with the lesson's teardown. */
  readonly #tried = new TriedResources();

  constructor(deps: WorkshopDeps) {
    this.#deps = deps;
    this.#account = new AccountGuard(deps.target, deps.accountConfirmed === true);
    this.authenticators = new Authenticators(() => (deps.awsNow ?? deps.now)());
    this.sweeper = new Sweeper({
      iam: () => this.adminIam(),
      iamIn: () => this.#iamIn(),
      ledger: this.ledgerFor('clean-up', 'sweep'),
      endpoint: deps.target.endpoint,
      region: deps.target.region,
      onProblem: deps.onProblem,
    });
    for (const lesson of deps.lessons) {
      this.#runs.set(lesson.slug, { ...restoreRunThrough(lesson, deps.progress?.loaded[lesson.slug]), offers: new Offers(), state: {} });
    }
  }

  describe() {
    return this.#deps.lessons.map((lesson) => {
      const run = this.#runs.get(lesson.slug)!;
      return describeLesson(lesson, run, run.inFlight?.step);
    });
  }

  start(slug: string, stepId: string, rawInputs: unknown) {
    const lesson = this.#deps.lessons.find((l) => l.slug === slug);
    if (!lesson) throw new WorkshopError(404, 'NoSuchLesson', `There is no lesson "${slug}".`);
    const step = lesson.steps.find((s) => s.id === stepId);
    if (!step) throw new WorkshopError(404, 'NoSuchStep', `Lesson "${slug}" has no step "${stepId}".`);
    const run = this.#runs.get(slug)!;
    if (run.inFlight) {
      const busy = runningTitle(lesson, run.inFlight.step);
      throw new WorkshopError(409, 'AlreadyRunning', `"${busy}" is still running in this lesson; wait for it to finish or press Stop.`);
    }
    requireBuiltOn(run, lesson, step);
    const inputs = checkInputs(step, rawInputs);
    if (step.phase !== 'usage' && !this.#account.confirmed) this.requireConfirmed(lesson.title, step.phase === 'setup' ? lessonMakes(lesson) : undefined);
    return this.#launch(lesson, step, inputs);
  }

  /**
   * The try-it cell: one SDK call of STS, IAM or S3 with credentials the lesson holds, run as a
   * synthetic step (try-it.ts) through the same runner: events, redaction, ledger, rollback,
   * Stop (`stop(lesson, 'try-it')`), one run at a time. Checked before anything runs (400 for a
   * bad request or a create it cannot track, 409 while a step runs or before a real account is
   * confirmed). What it creates is recorded under the lesson's run id and removed by its
   * teardown (or the clean-up).
   */
  async try(slug: string, body: unknown) {
    const lesson = this.#deps.lessons.find((l) => l.slug === slug);
    if (!lesson) throw new WorkshopError(404, 'NoSuchLesson', `There is no lesson "${slug}".`);
    const request = parseTry(body);
    const run = this.#runs.get(slug)!;
    const busy = () => {
      if (run.inFlight) throw new WorkshopError(409, 'AlreadyRunning', `"${runningTitle(lesson, run.inFlight.step)}" is still running in this lesson; wait for it to finish or press Stop.`);
    };
    busy();
    const signer = this.#signer(run, request.credential);
    if (request.changes !== 'reads' && !this.#account.confirmed) {
      this.requireConfirmed(`Try it: ${request.operation}`, undefined, `"Try it: ${request.operation}" changes this account`);
    }
    const runId = (run.runId ??= this.#deps.randomId());
    const plan = planTry(request, { accountId: this.#deps.target.accountId, ownership: this.#ownership(slug, runId) });
    if (plan.parent) {
      const { kind, name } = plan.parent;
      const target = this.#deps.target;
      const outstanding = await this.#deps.ledger.outstanding({ account: target.accountId, target: target.kind });
      if (!outstanding.some((r) => r.runId === runId && r.kind === kind && r.name === name)) {
        throw new WorkshopError(400, 'NotOurs', `Try it adds to the ${kind} ${name} only if this lesson's run made it (so its teardown removes what is added): run the setup step that makes it, or make one with Create${kind === 'user' ? 'User' : 'Role'} here first.`);
      }
      busy(); // a run may have started while the ledger was read
    }
    return this.#launch(lesson, tryItStep(request, plan, signer.credentials, signer.label), {});
  }

  /** The credentials panel: what the lesson holds now, on the target's clock, never a secret. */
  credentials(slug: string) {
    const lesson = this.#deps.lessons.find((l) => l.slug === slug);
    if (!lesson) throw new WorkshopError(404, 'NoSuchLesson', `There is no lesson "${slug}".`);
    const target = this.#deps.target;
    return credentialView({
      lesson,
      state: this.#runs.get(slug)!.state,
      held: (value) => this.#held.get(value),
      notebook: { arn: target.arn, credentials: target.credentials },
      now: this.#awsNow(),
    });
  }

  /** The credentials a try-it call signs with: the notebook's own (undefined) or one the lesson state holds. */
  #signer(run: LessonRun, name: string): { credentials?: AwsCredentialIdentity; label: string } {
    if (name === 'notebook') return { label: `the notebook (${this.#deps.target.arn})` };
    const value = Object.hasOwn(run.state, name) ? run.state[name] : undefined;
    const about = value !== null && typeof value === 'object' ? this.#held.get(value) : undefined;
    if (!about) throw new WorkshopError(400, 'NoSuchCredential', `This lesson holds no credentials called "${name}" now: run the step that makes them first.`);
    return { credentials: value as AwsCredentialIdentity, label: `${about.label} (${about.principal})` };
  }

  /** IAM path and tags of everything a lesson's run creates. */
  #ownership(slug: string, runId: string) {
    return {
      path: '/sts-workshop/',
      tags: [
        { Key: 'sts-workshop:run', Value: runId },
        { Key: 'sts-workshop:lesson', Value: slug },
      ],
    };
  }

  /** Runs a step that passed its checks: the lesson's own, or the try-it cell's synthetic one. */
  #launch(lesson: Lesson, step: Step, inputs: Record<string, string>) {
    const slug = lesson.slug;
    const run = this.#runs.get(slug)!;
    if (!run.runId) run.runId = this.#deps.randomId();
    const runId = run.runId;
    const tryIt = step.id === TRY_IT_STEP;

    // New setup means earlier teardown results no longer describe what exists.
    if (step.phase === 'setup') forgetTeardown(run, lesson);
    const controller = new AbortController();
    run.inFlight = { step: step.id, controller };
    if (!tryIt) run.statuses.set(step.id, 'running');
    const target = this.#deps.target;
    const ledgerView = this.ledgerFor(slug, runId);
    let reset = false;
    const events = runStep({
      lesson,
      step,
      inputs,
      state: run.state,
      target: this.#deps.target,
      signal: controller.signal,
      registerSecret: this.#deps.registerSecret,
      now: this.#deps.now,
      awsNow: this.#deps.awsNow,
      faultAfter: this.#deps.faultAfter,
      filesDir: join(this.#deps.filesDir, `${target.kind}-${target.accountId}`, runId),
      callTimeoutMs: this.#deps.callTimeoutMs,
      name: (kind) => `stsw-${runId}-${kind}`,
      ownership: this.#ownership(slug, runId),
      ledger: tryIt ? this.#tried.remember(runId, ledgerView) : ledgerView,
      credentials: { hold: (credentials, about) => this.#held.set(credentials, { label: about.label, principal: about.principal, step: step.id }) },
      authenticator: {
        register: (serialNumber, seed, label) => {
          this.#deps.registerSecret(seed, 'MFASeed');
          this.authenticators.register(slug, serialNumber, seed, label);
        },
        codes: () => this.authenticators.view(slug),
      },
      offer: (name, value, details) => {
        this.#deps.registerSecret(value, details.label);
        return run.offers.offer(name, value, details, this.#awsNow());
      },
      sandbox:
        target.kind === 'sandbox'
          ? {
              ageCredentials: (accessKeyId, seconds) => ageSandboxCredentials(target, accessKeyId, seconds),
              advanceClock: (seconds) => {
                this.#deps.checkClock?.(seconds);
                return this.advanceClock(seconds);
              },
              partnerAccount: () => sandboxPartnerAccount(target),
            }
          : undefined,
      rollback: (resources, log) => removeResources(this.adminIam(), ledgerView, resources, log, { iamIn: this.#iamIn() }),
      beforeEnd: async (status, log) => {
        // Teardown steps have no order among them: the run-through ends once one succeeds and
        // nothing this run created is outstanding any more (what Try it made goes first).
        if (status !== 'succeeded' || step.phase !== 'teardown') return;
        await this.#tried.remove(runId, this.adminIam(), ledgerView, log);
        reset = await this.#nothingOutstanding(runId);
      },
    });
    events.done.then((status) => this.#finish(lesson, step, status, reset));
    return events;
  }

  /** Whether changes in a real account were confirmed for this launch (always so on the sandbox). */
  get accountConfirmed(): boolean {
    return this.#account.confirmed;
  }

  /** Before the first change in a real account: 409 ConfirmAccount until confirmed (account-guard.ts). */
  requireConfirmed(what: string, makes?: string, says?: string): void {
    this.#account.require(what, makes, says);
  }

  /** The learner confirms changes in this account for the rest of the launch. */
  confirmAccount(accountId: unknown): void {
    this.#account.confirm(accountId);
  }

  stop(slug: string, stepId: string): void {
    const run = this.#runs.get(slug);
    if (!run) throw new WorkshopError(404, 'NoSuchLesson', `There is no lesson "${slug}".`);
    if (run.inFlight?.step !== stepId) throw new WorkshopError(409, 'NotRunning', 'This step is not running.');
    run.inFlight.controller.abort();
  }

  /** A ledger bound to this target's account, a lesson and a run. */
  ledgerFor(lesson: string, runId: string): Ledger {
    return scopedLedger(this.#deps.ledger, this.#deps.target, lesson, runId);
  }

  /** Moves the sandbox's whole clock forward, then follows it (authenticator, offers). */
  async advanceClock(seconds: number): Promise<{ now: string; offsetSeconds: number }> {
    const moved = await advanceSandboxClock(this.#deps.clockTarget ?? this.#deps.target, seconds);
    await this.syncClock();
    return moved;
  }

  /** Learns the target's clock again; a no-op where the notebook reads it directly. */
  async syncClock(): Promise<void> {
    await this.#deps.syncClock?.();
  }

  async #nothingOutstanding(runId: string): Promise<boolean> {
    const target = this.#deps.target;
    const outstanding = await this.#deps.ledger.outstanding({ account: target.accountId, target: target.kind });
    return !outstanding.some((r) => r.runId === runId);
  }

  /**
   * IAM in another account a lesson made something in (rollback, clean-up): on the sandbox, the
   * notebook account's partner account, through its OrganizationAccountAccessRole. A new one per
   * removal (its sessions last 15 minutes).
   */
  #iamIn(): IamIn {
    const t = this.#deps.target;
    return iamInOtherAccounts((credentials) => ({ region: t.region, endpoint: t.endpoint, credentials: credentials ?? t.credentials }), {
      partner: t.kind === 'sandbox' ? () => sandboxPartnerAccount(t) : undefined,
      secret: (value) => this.#deps.registerSecret(value, 'SessionToken'),
    });
  }

  /** An IAM client with the notebook's own credentials (rollback, clean-up). */
  adminIam(): IAMClient {
    const t = this.#deps.target;
    return new IAMClient({ region: t.region, endpoint: t.endpoint, credentials: t.credentials });
  }

  /** Keeps a step's last run (already redacted lines), capped so a chatty step cannot grow memory. */
  rememberRun(slug: string, stepId: string, lines: string[]): void {
    const run = this.#runs.get(slug);
    if (!run) return;
    let size = 0;
    const kept = lines.filter((line) => (size += line.length) <= 256 * 1024 || line.includes('"type":"end"'));
    run.lastRuns.set(stepId, kept);
    this.#changed();
  }

  lastRun(slug: string, stepId: string): string[] | undefined {
    return this.#runs.get(slug)?.lastRuns.get(stepId);
  }

  /** Hands an offered secret to the page, once (offers.ts); the caller must not log or stream it. */
  reveal(slug: string, name: string): { value: string; label: string; expiresAt?: string; expiresInSeconds?: number } {
    const run = this.#runs.get(slug);
    if (!run) throw new WorkshopError(404, 'NoSuchOffer', 'Nothing to reveal here: run the step that makes it first.');
    return run.offers.reveal(name, this.#awsNow());
  }

  /** Now on the target's clock (the sandbox's may run ahead of the wall). */
  #awsNow(): number {
    return (this.#deps.awsNow ?? this.#deps.now)();
  }

  /** How many seconds the target's clock runs ahead of this machine's (the sandbox's after skipped waits). */
  clockAheadSeconds(): number {
    return Math.round((this.#awsNow() - this.#deps.now()) / 1000);
  }

  /** The lesson state, for the built-in authenticator and the clean-up lesson. */
  stateOf(slug: string): Record<string, unknown> | undefined {
    return this.#runs.get(slug)?.state;
  }

  /**
   * Forgets a lesson: statuses, outputs, completion, state, offers, device and run id, here and
   * on disk. Refused while a step runs, and while its run still has resources in the account
   * (its teardown would no longer find them: the state that names them would be gone).
   */
  async reset(slug: string): Promise<{ reset: true }> {
    const lesson = this.#deps.lessons.find((l) => l.slug === slug);
    if (!lesson) throw new WorkshopError(404, 'NoSuchLesson', `There is no lesson "${slug}".`);
    const busy = () => {
      const inFlight = this.#runs.get(slug)!.inFlight;
      if (inFlight) throw new WorkshopError(409, 'AlreadyRunning', `"${runningTitle(lesson, inFlight.step)}" is still running in this lesson; wait for it to finish or press Stop.`);
    };
    busy();
    const run = this.#runs.get(slug)!;
    if (run.runId && !(await this.#nothingOutstanding(run.runId))) {
      const teardown = lesson.steps.filter((s) => s.phase === 'teardown');
      const pending = teardown.filter((s) => run.statuses.get(s.id) !== 'succeeded');
      const names = (pending.length ? pending : teardown).map((s) => `"${s.title}"`).join(' and ');
      const what = names ? `Run ${names} first` : 'Remove them in the Clean up lesson first';
      throw new WorkshopError(409, 'NotTornDown', `${what}: this lesson's run still has resources in the account, and a reset would forget their names.`);
    }
    busy(); // a run may have started while the ledger was read
    this.#runs.set(slug, { ...newRunThrough(), offers: new Offers(), state: {} });
    this.authenticators.forget(slug);
    this.#changed();
    return { reset: true };
  }

  /** Writes the progress file now (on close, and for tests). */
  async flushProgress(): Promise<void> {
    await this.#deps.progress?.flush();
  }

  /** The progress file gets statuses, outputs and completion (progressOf), never state. */
  #changed(): void {
    this.#deps.progress?.changed(() => progressOf(this.#runs));
  }

  #finish(lesson: Lesson, step: Step, status: FinalStatus, reset: boolean): void {
    const run = this.#runs.get(lesson.slug)!;
    run.inFlight = undefined;
    if (step.id === TRY_IT_STEP) return; // not a step of the lesson: no status, no progress
    recordOutcome(run, lesson, step.id, status, this.#deps.now());
    if (reset) {
      // What the lesson made is gone: its outputs stay to read, its state starts over.
      endRunThrough(run);
      run.state = {};
      run.offers.clear();
      run.runId = undefined;
      this.authenticators.forget(lesson.slug);
    }
    this.#changed();
  }
}

/** The title of what runs in a lesson: one of its steps, or the try-it cell. */
function runningTitle(lesson: Lesson, stepId: string): string {
  return stepId === TRY_IT_STEP ? 'Try it' : lesson.step(stepId).title;
}
