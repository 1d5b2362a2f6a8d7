/**
 * The composition root: config → secret registry → target (embedded or external sandbox, or
 * real AWS with the default credential chain and a GetCallerIdentity check) → ledger →
 * workshop → (in a room, learners' seats: server/room/open-room.ts) → HTTP app. main.ts listens;
 * tests call `createNotebook` with their own config and
 * drive the app in process. Real AWS is used only when the config says so.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { lessons as allLessons } from '../src/lessons/index.ts';
import type { Lesson } from '../src/lessons/lesson.ts';
import { createApp } from './app.ts';
import type { NotebookConfig } from './config.ts';
import { FileLedger } from './ledger/ledger.ts';
import { createLog, type Log } from './log.ts';
import { SecretRegistry } from './redact/secret-registry.ts';
import type { Target } from './runner/target.ts';
import { describePreflight, preflight } from './runner/preflight.ts';
import { ProgressStore } from './runner/progress-store.ts';
import { setSandboxFaults } from './runner/sandbox-control.ts';
import { Sweeper } from './runner/sweeper.ts';
import { externalSandboxClock } from './runner/target-clock.ts';
import { Workshop } from './runner/workshop.ts';
import { startSandbox, type RunningSandbox } from './sandbox/sandbox.ts';
import type { JoinLimits } from './room/join-limiter.ts';
import { openRoom, type NotebookRoom } from './room/open-room.ts';

export interface Notebook {
  app: ReturnType<typeof createApp>;
  workshop: Workshop;
  target: Target;
  registry: SecretRegistry;
  ledger: FileLedger;
  sandbox?: RunningSandbox;
  /** The workshop room (`--room`) and its join URL; absent outside one. */
  room?: NotebookRoom;
  log: Log;
  /** Settles when the start-up work (the leftovers report, then any sandbox faults) is done. */
  ready: Promise<void>;
  /** Tells the app which port it is served on (Host and Origin checks). */
  bindPort(port: number): void;
  close(): Promise<void>;
}

export interface NotebookOptions {
  lessons?: Lesson[];
  writeLog?: (line: string) => void;
  now?: () => number;
  /** A room's join rate limits (tests and the bench raise them). */
  joinLimits?: JoinLimits;
}

export async function createNotebook(config: NotebookConfig, options: NotebookOptions = {}): Promise<Notebook> {
  const registry = new SecretRegistry();
  registry.add(config.token, 'LaunchToken');
  const log = createLog((text) => registry.redact(text), options.writeLog);
  const now = options.now ?? Date.now;

  let sandbox: RunningSandbox | undefined;
  let target: Target;
  if (config.target === 'aws') {
    target = await awsTarget(config, (value, label) => registry.add(value, label));
  } else if (config.sandbox.url) {
    if (!config.sandbox.credentials) {
      throw new Error('--sandbox-url needs the sandbox admin credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the line `npm run sandbox` printed).');
    }
    target = await sandboxTarget(config.sandbox.url, config.sandbox.credentials);
  } else {
    sandbox = await startSandbox(config.sandbox.port, {
      options: { propagationDelayMs: config.sandbox.propagationDelayMs },
      onInternalError: (error) => log.error('sandbox internal error', error),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      throw new Error(
        `the sandbox port ${config.sandbox.port} is in use (another notebook, or \`npm run sandbox\`?). ` +
          'Start with --sandbox-port N (or SANDBOX_PORT), or use the running sandbox with --sandbox-url http://127.0.0.1:PORT.',
      );
    });
    const admin = sandbox.admins[0];
    target = await sandboxTarget(sandbox.url, { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey });
  }
  if (typeof target.credentials !== 'function') registry.add(target.credentials.secretAccessKey, 'SecretAccessKey');
  checkAccount(config, target);
  if (target.kind === 'aws') await reportPermissions(target, log);

  // The clock the target judges codes and expiry by: read directly from an embedded sandbox,
  // learned from an external one (and learned again after every fast-forward).
  const clock = sandbox ? undefined : target.kind === 'sandbox' ? externalSandboxClock(target, now) : undefined;
  await clock?.sync();
  const ledger = await FileLedger.open(join(config.stateDir, 'ledger.jsonl'), now, (line) => registry.redact(line));
  // Statuses and redacted outputs survive a restart, per target and account; state does not.
  const progress = await ProgressStore.open(config.stateDir, {
    target: target.kind,
    account: target.accountId,
    scrub: (text) => registry.redact(text),
    onProblem: (text) => log.info(text),
  });
  const lessons = options.lessons ?? allLessons;
  // The notebook's own Workshop, and (in a room) each learner's, made the same way.
  const makeWorkshop = (on: Target, extra: { progress?: ProgressStore; checkClock?: (seconds: number) => void } = {}) =>
    new Workshop({
      lessons,
      target: on,
      ledger,
      registerSecret: (value, label) => registry.add(value, label),
      now,
      awsNow: sandbox ? () => sandbox!.state.clock.now() : clock?.now,
      syncClock: clock?.sync,
      onProblem: (text) => log.info(text),
      randomId: () => base32(randomBytes(5)),
      faultAfter: config.faultAfter,
      filesDir: join(config.stateDir, 'lesson-files'),
      callTimeoutMs: config.callTimeoutMs,
      accountConfirmed: config.aws.confirmAccount === on.accountId,
      progress: extra.progress,
      checkClock: extra.checkClock,
      clockTarget: target,
    });
  const workshop = makeWorkshop(target, { progress });
  // Faults (--faults) start once the notebook's own start-up calls are done: they are for the
  // lessons, and a seeded run then repeats the same faults in the same steps.
  const faults = config.sandbox.faults;
  const ready = reportLeftovers(workshop, log).then(async () => {
    if (!faults) return;
    if (!sandbox) return log.info('--faults applies to the embedded sandbox only (give it to `npm run sandbox` instead); ignored.');
    const set = await setSandboxFaults(target, faults);
    log.info(`Sandbox faults: ${+(set.rate * 100).toFixed(2)} % of STS/IAM/S3 requests (${set.kinds.join(', ')}), seed ${set.seed} (--fault-seed ${set.seed} repeats them)`);
  }).catch((error) => log.error('could not set the sandbox faults', error));
  let port = config.port;
  const redact = (t: string) => registry.redact(t);
  const room = config.room && sandbox ? openRoom({ config: config.room, sandbox, lessons, makeWorkshop, registry, log, now, port: () => port, joinLimits: options.joinLimits }) : undefined;
  const app = createApp({
    port: () => port,
    token: config.token,
    workshop,
    target,
    redact,
    log,
    distDir: config.distDir,
    room: room && { room: room.room, lessons, workshop, ledger, redact, limiter: room.limiter, joinUrl: room.joinUrl, secure: !!config.room?.tls, sandboxUrl: sandbox?.url },
    extraHosts: room?.hosts,
    extraOrigins: room?.origins,
  });
  return {
    app,
    workshop,
    target,
    registry,
    ledger,
    sandbox,
    log,
    ready,
    room,
    bindPort: (value) => (port = value),
    close: async () => {
      if (room && !room.room.ended) await room.room.end().catch((error) => log.error('could not end the room', error));
      await workshop.flushProgress();
      await ledger.close();
      await sandbox?.close();
    },
  };
}

/** On start, finds what earlier runs left and says where to remove it (never deletes on its own). */
function reportLeftovers(workshop: Workshop, log: Log): Promise<void> {
  return workshop.sweeper
    .survey()
    .then((leftovers) => {
      if (leftovers.length === 0) return;
      // Access keys, inline policies and attachments go with their user or role: count those once.
      const { count, names } = Sweeper.summary(leftovers);
      log.info(`Found ${count} left by earlier runs (${names}). Open the "Clean up" lesson to remove them.`);
    })
    .catch((error) => log.error('could not look for leftovers', error));
}

/** Real AWS: before anything is created, say which actions the lessons need that the principal lacks. */
async function reportPermissions(target: Target, log: Log): Promise<void> {
  const iam = new IAMClient({ region: target.region, credentials: target.credentials });
  try {
    for (const line of describePreflight(await preflight(iam, target))) log.info(line);
  } catch (error) {
    log.info(`Permissions: could not check them (${(error as Error).name}: ${(error as Error).message}).`);
  }
}

/** --allow-account and --confirm-account must name the account the credentials are for. */
function checkAccount(config: NotebookConfig, target: Target): void {
  const { allowAccounts, confirmAccount } = config.aws;
  if (allowAccounts.length > 0 && !allowAccounts.includes(target.accountId)) {
    throw new Error(
      `refusing to start: the credentials are for account ${target.accountId} (${target.arn}), ` +
        `and --allow-account allows only ${allowAccounts.join(', ')}. Check the profile, or allow that account.`,
    );
  }
  if (confirmAccount !== undefined && confirmAccount !== target.accountId) {
    throw new Error(`refusing to start: --confirm-account ${confirmAccount} does not match the account the credentials are for, ${target.accountId} (${target.arn}).`);
  }
}

async function sandboxTarget(url: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<Target> {
  const sts = new STSClient({ region: 'us-east-1', endpoint: url, credentials, maxAttempts: 2 });
  const me = await sts.send(new GetCallerIdentityCommand({}));
  return { kind: 'sandbox', region: 'us-east-1', endpoint: url, credentials, accountId: me.Account!, arn: me.Arn!, federationUrl: `${url}/federation` };
}

async function awsTarget(config: NotebookConfig, register: (value: string | undefined, label: string) => void): Promise<Target> {
  const chain = fromNodeProviderChain({ profile: config.aws.profile });
  // Every time the chain resolves (SSO and role credentials refresh), the new secrets are
  // registered before anything can echo them.
  const credentials = async () => {
    const resolved = await chain();
    register(resolved.secretAccessKey, 'SecretAccessKey');
    register(resolved.sessionToken, 'SessionToken');
    return resolved;
  };
  const sts = new STSClient({ region: config.aws.region, credentials });
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    return {
      kind: 'aws',
      region: config.aws.region,
      credentials,
      accountId: me.Account!,
      arn: me.Arn!,
      federationUrl: 'https://signin.aws.amazon.com/federation',
    };
  } catch (error) {
    throw new Error(
      `--target aws needs AWS credentials, and none worked (${(error as Error).name}: ${(error as Error).message}). ` +
        'Configure a profile (aws configure / aws sso login) and pass --profile NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
  }
}

function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
