/**
 * Runs one step and yields what happens as StepEvents: `start`, each SDK `call` (through the
 * call recorder), the step's `log` and `progress` lines, then `result` or `error`, and always a
 * final `end` with the status: succeeded, failed, expected-failure (the step was meant to be
 * denied and was, with that error code) or cancelled (Stop aborted it). A step that was meant
 * to fail but succeeded is a failure. It schedules nothing and keeps no state between runs.
 */
import type { StepEvent, StepStatus } from '../../src/lessons/events.ts';
import type { AwsContext, Ledger, LedgerResource, Lesson, Step, StepContext } from '../../src/lessons/lesson.ts';
import { createCallRecorder } from './call-recorder.ts';
import { EventQueue } from './event-queue.ts';
import type { Target } from './target.ts';

export interface RunStepInput {
  lesson: Lesson;
  step: Step;
  inputs: Record<string, string>;
  state: Record<string, unknown>;
  target: Target;
  ledger: Ledger;
  signal: AbortSignal;
  registerSecret(value: string | Uint8Array, label?: string): void;
  name(kind: string): string;
  ownership: StepContext['ownership'];
  now(): number;
  /** The sandbox clock when the sandbox runs ahead (fast-forward); defaults to now(). */
  awsNow?(): number;
  authenticator: StepContext['authenticator'];
  offer: StepContext['offer'];
  /** The credentials panel's list; credentials held without it are not listed. */
  credentials?: StepContext['credentials'];
  sandbox?: AwsContext['sandbox'];
  /** This run's own directory for files a step writes (StepContext.files); not created here. */
  filesDir: string;
  faultAfter?: string;
  /** How long one SDK call may wait for AWS, retries included. */
  callTimeoutMs?: number;
  /** Undoes what a failed or stopped step created (recorded through its ledger). */
  rollback(resources: LedgerResource[], log: (text: string) => void): Promise<void>;
  /** Awaited after the outcome is known and before `end` is emitted (the workshop settles its state); `log` adds to the run's output. */
  beforeEnd?(status: FinalStatus, log: (text: string) => void): Promise<void>;
}

export type FinalStatus = Exclude<StepStatus, 'idle' | 'running'>;

export function runStep(input: RunStepInput): AsyncIterable<StepEvent> & { done: Promise<FinalStatus> } {
  const queue = new EventQueue<StepEvent>();
  const started = input.now();
  const emit = (event: StepEvent) => queue.push(event);
  const recorder = createCallRecorder({
    onCall: emit,
    onLog: (text) => emit({ type: 'log', text }),
    registerSecret: (value, label) => input.registerSecret(value, label),
    signal: input.signal,
    now: input.now,
    faultAfter: input.faultAfter,
    callTimeoutMs: input.callTimeoutMs,
    onWaiting: (label, waited, limit) => emit({ type: 'progress', label, done: waited, total: limit }),
    ownAccessKeyId: typeof input.target.credentials === 'function' ? undefined : input.target.credentials.accessKeyId,
    ownPrincipal: input.target.arn,
  });
  const createdHere: LedgerResource[] = [];
  const ledger: Ledger = {
    ...input.ledger,
    intend: async (resource) => {
      createdHere.push(resource);
      await input.ledger.intend(resource);
    },
    created: async (resource) => {
      if (!createdHere.some((r) => r.kind === resource.kind && r.name === resource.name && r.parent === resource.parent)) createdHere.push(resource);
      await input.ledger.created(resource);
    },
  };
  const ctx: StepContext = {
    aws: {
      sandbox: input.sandbox,
      target: input.target.kind,
      region: input.target.region,
      accountId: input.target.accountId,
      federationUrl: input.target.federationUrl,
      signal: input.signal,
      config: (credentials) => ({
        region: input.target.region,
        ...(input.target.endpoint ? { endpoint: input.target.endpoint, forcePathStyle: true } : {}),
        credentials: (credentials ?? input.target.credentials) as never,
        logger: recorder.logger,
        requestHandler: recorder.requestHandler,
      }),
    },
    inputs: input.inputs,
    state: input.state,
    log: (text) => emit({ type: 'log', text: String(text) }),
    progress: (label, done, total) => emit({ type: 'progress', label, done, total }),
    secret: (value, label) => {
      if (value !== undefined) input.registerSecret(value, label);
      return value;
    },
    name: input.name,
    files: { dir: input.filesDir },
    ownership: input.ownership,
    ledger,
    authenticator: input.authenticator,
    offer: input.offer,
    credentials: input.credentials ?? { hold: () => {} },
    sleep: (ms) => abortableSleep(ms, input.signal),
    now: () => new Date(input.awsNow ? input.awsNow() : input.now()),
  };

  // The lesson state as the step found it (its top-level fields): a step whose creations are
  // undone forgets what it noted about them too, so running it again makes them again.
  const stateBefore = { ...input.state };
  const undo = async () => {
    if (createdHere.length === 0) return;
    emit({ type: 'log', text: `Undoing what this step created (${createdHere.map((r) => `${r.kind} ${r.name}`).join(', ')}), so nothing is left behind.` });
    try {
      await input.rollback(createdHere, (text) => emit({ type: 'log', text }));
    } catch (error) {
      emit({ type: 'log', text: `Could not undo everything (${(error as Error).name}: ${(error as Error).message}); the Clean up lesson will find it.` });
    }
    const state = input.state as Record<string, unknown>;
    for (const key of Object.keys(state)) if (!Object.hasOwn(stateBefore, key)) delete state[key];
    Object.assign(state, stateBefore);
  };
  const finish = async (status: FinalStatus) => {
    await input.beforeEnd?.(status, (text) => emit({ type: 'log', text })).catch(() => {});
    emit({ type: 'end', ok: status === 'succeeded' || status === 'expected-failure', status, ms: Math.round(input.now() - started) });
    queue.close();
    return status;
  };

  emit({ type: 'start', lesson: input.lesson.slug, step: input.step.id, at: new Date(started).toISOString() });
  const expected = typeof input.step.expect === 'object' ? input.step.expect.error : undefined;
  const done = (async (): Promise<FinalStatus> => {
    try {
      const value = await input.step.run(ctx);
      if (expected) {
        emit({ type: 'error', name: 'UnexpectedSuccess', message: `Expected ${expected} error, but the step succeeded.`, expected: false });
        await undo();
        return finish('failed');
      }
      emit({ type: 'result', value: value ?? null });
      return finish('succeeded');
    } catch (thrown) {
      const error = thrown as { name?: string; Code?: string; message?: string };
      const name = String(error?.name ?? 'Error');
      if (input.signal.aborted) {
        emit({ type: 'error', name: 'Cancelled', message: 'Stopped by the learner; the call in flight was aborted.', expected: false });
        await undo();
        return finish('cancelled');
      }
      const matches = expected !== undefined && (name === expected || error?.Code === expected);
      emit({ type: 'error', name, message: String(error?.message ?? thrown), expected: matches });
      if (!matches) await undo();
      return finish(matches ? 'expected-failure' : 'failed');
    }
  })();
  return Object.assign(queue, { done });
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new DOMException('Stopped', 'AbortError'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('Stopped', 'AbortError'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
