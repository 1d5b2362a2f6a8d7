/**
 * Test support for the crash tests (tests/crash-*.test.ts): the notebook started as a child
 * process (`npm start`'s server/main.ts) against a standalone `npm run sandbox` or its own
 * embedded sandbox, killed with SIGKILL (by WORKSHOP_FAULT_AFTER=<Operation>, or from outside),
 * restarted on the same state directory, and checked from the outside only:
 *
 * - `createOperations()`: the create/attach/put/tag/enable/upload operations the lessons' code
 *   uses, read from src/lessons/index.ts and the modules it imports (so a new lesson is covered
 *   without editing a test);
 * - `driveLesson()`: a lesson's steps run in order through the HTTP API as the page runs them,
 *   MFA codes from the built-in authenticator's API, each step's stream kept (also when the
 *   process dies in the middle of it);
 * - `whatIsLeft()`: what is under /sts-workshop/ according to the real IAM (and S3) SDK clients
 *   against the sandbox, never the sandbox's internals;
 * - `readLedger()`: `<stateDir>/ledger.jsonl` parsed line by line and replayed as the ledger's
 *   own `outstanding()` does;
 * - `cleanUpAndCheck()`: GET and POST /api/cleanup on a restarted notebook, then every problem
 *   found (HTTP answers, resources left, invalid or outstanding ledger records) as readable text;
 * - `recover()`: all of that on a notebook restarted after a crash;
 * - `undoCreate()`: one recorded resource removed, as if its create call had never arrived;
 * - `scrub()`: the test's own removal of everything under /sts-workshop/, so that one failing
 *   case does not leak into the next;
 * - `seededRandom()`: the trials' PRNG.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { DeleteBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { waitForLine, type StandaloneSandbox } from './processes.ts';

export const TOKEN = 'crash-test-token-0123456789-abcdefghij';
export const WORKSHOP_PATH = '/sts-workshop/';
/** Names the lessons give what they create (`stsw-<run>-<kind>`): how a bucket is recognised. */
const NAME_PREFIX = 'stsw-';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// ── the operations the lessons create with ───────────────────────────────────────────────

/** `new CreateUserCommand(`, `new AttachRolePolicyCommand(`, … : the operation names. */
const CREATE_COMMAND = /\bnew\s+((?:Create|Attach|Put|Tag|Enable|Upload)\w*?)Command\b/g;
const RELATIVE_IMPORT = [/\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g, /\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g, /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g];

/**
 * Every operation that creates, attaches, puts, tags, enables or uploads something in the
 * lessons' code: src/lessons/index.ts (the registry) and every module under src/lessons it
 * imports, transitively. Maps each operation (`CreateRole`) to the files that use it.
 */
export async function createOperations(entry = join(ROOT, 'src/lessons/index.ts')): Promise<Map<string, string[]>> {
  const lessonsDir = join(ROOT, 'src/lessons');
  const seen = new Set<string>();
  const queue = [entry];
  const ops = new Map<string, string[]>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const pattern of RELATIVE_IMPORT) {
      for (const m of text.matchAll(pattern)) {
        const target = resolve(dirname(file), m[1]);
        if (target.startsWith(lessonsDir + '/') && /\.[cm]?[jt]s$/.test(target)) queue.push(target);
      }
    }
    for (const m of text.matchAll(CREATE_COMMAND)) {
      const files = ops.get(m[1]) ?? [];
      const where = relative(ROOT, file);
      if (!files.includes(where)) files.push(where);
      ops.set(m[1], files);
    }
  }
  return new Map([...ops].sort(([a], [b]) => a.localeCompare(b)));
}

// ── a notebook child process ─────────────────────────────────────────────────────────────

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NotebookChild {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  stateDir: string;
  /** The sandbox it talks to: the standalone one's `export` variables, or its embedded one's. */
  sandboxEnv: Record<string, string>;
  /** Everything it printed so far, line by line (stdout and stderr). */
  output: string[];
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** The API with the launch token (POST bodies are JSON). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<Exit>;
  /** SIGTERM, and wait for the exit (SIGKILL after 5 s). */
  stop(): Promise<Exit>;
}

export interface StartOptions {
  /** The standalone sandbox to use; without it, the notebook's own embedded sandbox (port 0). */
  sandbox?: StandaloneSandbox;
  stateDir: string;
  /** WORKSHOP_FAULT_AFTER: SIGKILL itself right after this operation's response. */
  faultAfter?: string;
}

export async function newStateDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'stsw-crash-'));
}

/** Starts `node server/main.ts` on a free port and waits for its "Open http…" line. */
export async function startNotebook({ sandbox, stateDir, faultAfter }: StartOptions): Promise<NotebookChild> {
  const env: Record<string, string | undefined> = { ...process.env, WORKSHOP_TOKEN: TOKEN, WORKSHOP_STATE_DIR: stateDir, SANDBOX_PROPAGATION_MS: '0', WORKSHOP_FAULT_AFTER: faultAfter ?? '' };
  delete env.SANDBOX_URL;
  const args = ['server/main.ts', '--port', '0'];
  if (sandbox) {
    Object.assign(env, sandbox.env);
    args.push('--sandbox-url', sandbox.env.AWS_ENDPOINT_URL);
  } else {
    env.SANDBOX_PORT = '0';
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  const output: string[] = [];
  const collect = (d: Buffer) => output.push(...String(d).split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let open: string;
  const hung = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    open = await waitForLine(child, /^Open http/);
  } catch (error) {
    throw new Error(`the notebook did not start: ${(error as Error).message}\n${output.join('\n')}`);
  } finally {
    clearTimeout(hung);
  }
  const base = /^Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(open)![1];
  let sandboxEnv = sandbox?.env;
  if (!sandboxEnv) {
    const line = output.find((l) => /^\s*export AWS_ENDPOINT_URL=/.test(l))!;
    sandboxEnv = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  }
  const api = (path: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  const signalAndWait = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    child,
    base,
    stateDir,
    sandboxEnv,
    output,
    exited,
    api,
    kill: () => signalAndWait('SIGKILL'),
    stop: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      try {
        return await signalAndWait('SIGTERM');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Waits up to `ms` for the process to exit; undefined if it is still running. */
export async function exitWithin(nb: NotebookChild, ms: number): Promise<Exit | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), ms)));
  try {
    return await Promise.race([nb.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ── lessons and their steps, through the API ─────────────────────────────────────────────

export interface InputInfo {
  name: string;
  label: string;
  kind: 'mfa-code' | 'text' | 'number';
  pattern?: string;
  required?: boolean;
  placeholder?: string;
}

export interface StepInfo {
  id: string;
  title: string;
  phase: 'setup' | 'usage' | 'teardown';
  expect: 'ok' | { error: string };
  inputs: InputInfo[];
  requires: string[];
}

export interface LessonInfo {
  slug: string;
  title: string;
  steps: StepInfo[];
}

/** GET /api/lessons. */
export async function listLessons(nb: NotebookChild): Promise<LessonInfo[]> {
  const res = await nb.api('/api/lessons');
  if (res.status !== 200) throw new Error(`GET /api/lessons: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { lessons: LessonInfo[] }).lessons;
}

export interface CallSeen {
  operation: string;
  service: string;
  ok: boolean;
  error?: string;
}

export interface StepRun {
  lesson: string;
  step: string;
  /** The HTTP status of the run request; undefined if the request itself failed. */
  http?: number;
  /** The events that arrived (all of them, or those before the connection broke). */
  events: any[];
  calls: CallSeen[];
  /** The final `end` event's status, when the stream ended properly. */
  status?: string;
  /** The stream (or the request) broke off before its `end` event: the process died, most likely. */
  broken: boolean;
  /** The body of a non-200 answer, or the network error. */
  detail?: string;
}

/** POST …/run, reading the NDJSON stream as it comes so that what arrived survives a crash. */
export async function runStep(nb: NotebookChild, lesson: string, step: string, inputs: Record<string, string> = {}): Promise<StepRun> {
  const out: StepRun = { lesson, step, events: [], calls: [], broken: false };
  let res: Response;
  try {
    res = await nb.api(`/api/lessons/${lesson}/steps/${step}/run`, { method: 'POST', body: JSON.stringify(inputs) });
  } catch (error) {
    return { ...out, broken: true, detail: String((error as Error).cause ?? error) };
  }
  out.http = res.status;
  if (res.status !== 200) return { ...out, detail: await res.text().catch((e) => String(e)) };
  let text = '';
  try {
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  } catch (error) {
    out.broken = true;
    out.detail = String((error as Error).cause ?? error);
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.events.push(JSON.parse(line));
    } catch {
      out.broken = true; // a torn last line
    }
  }
  for (const e of out.events) {
    if (e.type === 'call') out.calls.push({ operation: e.operation, service: e.service, ok: !e.error, error: e.error?.name });
  }
  const end = out.events.at(-1);
  if (end?.type === 'end') out.status = end.status;
  else out.broken = true;
  return out;
}

/** One at a time: the sandbox clock and the authenticator are shared by lessons run in parallel. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((r) => (release = r));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

export interface DriveOptions {
  /** The phases whose steps run (in the lesson's order); default setup and usage. */
  phases?: StepInfo['phase'][];
  /** Stop after this step. */
  until?: string;
  /** Held around an MFA step (clock, codes, run) when lessons run in parallel. */
  clockLock?: Mutex;
}

export interface Drive {
  lesson: string;
  runs: StepRun[];
  /** Every step ran and ended as expected (succeeded, or the expected failure). */
  completed: boolean;
  /** A step's stream broke off (the process died). */
  died: boolean;
  /** Why the drive stopped early, if it did and did not die. */
  problem?: string;
}

const DONE = ['succeeded', 'expected-failure'];

/**
 * Runs a lesson's steps of the given phases in order, as a learner would, and stops at the first
 * one that does not end as expected (or at `until`). MFA inputs (kind `mfa-code`) come from the
 * built-in authenticator: two of them in one step get its `code` and `nextCode`, one gets `code`.
 * Before every MFA use after the lesson's first, the sandbox clock moves 30 s forward for each
 * code the previous use spent (POST /api/sandbox/clock), so that the codes are fresh: a code
 * works once, and enabling a device spends two windows. Other inputs that are required get their
 * placeholder when it fits their pattern; optional ones are left out.
 */
export async function driveLesson(nb: NotebookChild, lesson: LessonInfo, options: DriveOptions = {}): Promise<Drive> {
  const phases = options.phases ?? ['setup', 'usage'];
  const drive: Drive = { lesson: lesson.slug, runs: [], completed: false, died: false };
  /** Codes the lesson's earlier MFA steps used: each one's 30-second window is spent. */
  let spentWindows = 0;
  for (const step of lesson.steps) {
    if (!phases.includes(step.phase)) continue;
    const mfa = step.inputs.filter((i) => i.kind === 'mfa-code');
    const once = async () => {
      const inputs: Record<string, string> = {};
      for (const spec of step.inputs) {
        if (spec.kind === 'mfa-code' || spec.required === false) continue;
        if (spec.placeholder !== undefined && (!spec.pattern || new RegExp(`^(?:${spec.pattern})$`).test(spec.placeholder))) inputs[spec.name] = spec.placeholder;
        else throw new Error(`the crash test cannot fill the required input "${spec.name}" of ${lesson.slug}/${step.id}`);
      }
      if (mfa.length > 0) {
        if (mfa.length > 2) throw new Error(`${lesson.slug}/${step.id} asks for ${mfa.length} MFA codes; the crash test knows one or two`);
        const codes = await mfaCodes(nb, lesson.slug, 30 * spentWindows);
        spentWindows = mfa.length;
        inputs[mfa[0].name] = codes.code;
        if (mfa[1]) inputs[mfa[1].name] = codes.nextCode;
      }
      return runStep(nb, lesson.slug, step.id, inputs);
    };
    let run: StepRun;
    try {
      run = mfa.length > 0 && options.clockLock ? await options.clockLock.run(once) : await once();
    } catch (error) {
      // The authenticator or the clock could not be reached: the process died, or the API refused.
      const exit = await exitWithin(nb, 1000);
      if (exit) {
        drive.died = true;
        drive.runs.push({ lesson: lesson.slug, step: step.id, events: [], calls: [], broken: true, detail: String(error) });
      } else drive.problem = `${step.id}: ${(error as Error).message}`;
      return drive;
    }
    drive.runs.push(run);
    if (run.broken) {
      drive.died = (await exitWithin(nb, 3000)) !== undefined;
      if (!drive.died) drive.problem = `${step.id}: the stream broke off and the process is still running (${run.detail})`;
      return drive;
    }
    if (run.http !== 200 || !DONE.includes(run.status!)) {
      const error = run.events.find((e) => e.type === 'error');
      drive.problem = `${step.id}: ${run.http !== 200 ? `HTTP ${run.http} ${run.detail}` : `${run.status}${error ? ` (${error.name}: ${error.message})` : ''}`}`;
      return drive;
    }
    if (step.id === options.until) return drive;
  }
  drive.completed = true;
  return drive;
}

/** The authenticator's codes for a lesson's device, the sandbox clock moved `advance` seconds forward first. */
async function mfaCodes(nb: NotebookChild, lesson: string, advance: number): Promise<{ code: string; nextCode: string; secondsLeft: number }> {
  const forward = async (seconds: number) => {
    const res = await nb.api('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds }) });
    if (res.status !== 200) throw new Error(`POST /api/sandbox/clock: HTTP ${res.status} ${await res.text()}`);
  };
  const read = async () => {
    const res = await nb.api(`/api/lessons/${lesson}/authenticator`);
    if (res.status !== 200) throw new Error(`GET /api/lessons/${lesson}/authenticator: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { code: string; nextCode: string; secondsLeft: number };
  };
  if (advance > 0) await forward(advance);
  let codes = await read();
  // Near the end of a window, move on to the next one so the wall clock cannot roll it over mid-step.
  if (advance > 0 && codes.secondsLeft < 5) {
    await forward(codes.secondsLeft);
    codes = await read();
  }
  return codes;
}

/** What a drive did, in one line per step, for assertion messages. */
export function describeDrive(drive: Drive): string {
  const steps = drive.runs.map((r) => `${r.step}: ${r.broken ? 'broke off' : (r.status ?? `HTTP ${r.http}`)} [${r.calls.map((c) => (c.ok ? c.operation : `${c.operation}!${c.error}`)).join(' ')}]`);
  return `${drive.lesson}: ${steps.join('; ')}${drive.problem ? ` -- stopped: ${drive.problem}` : ''}${drive.died ? ' -- died' : ''}`;
}

// ── what is left, according to IAM and S3 ────────────────────────────────────────────────

export interface Clients {
  iam: IAMClient;
  s3: S3Client;
}

export function clientsFor(sandboxEnv: Record<string, string>): Clients {
  const config = {
    region: 'us-east-1',
    endpoint: sandboxEnv.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: sandboxEnv.AWS_ACCESS_KEY_ID, secretAccessKey: sandboxEnv.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
  return { iam: new IAMClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

export interface Left {
  users: string[];
  /** `<user>/<access key id>` for the users under the path. */
  accessKeys: string[];
  roles: string[];
  policies: string[];
  mfaDevices: string[];
  buckets: string[];
}

async function pages<T>(fetchPage: (marker: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetchPage(marker);
    all.push(...page.items);
    marker = page.next;
  } while (marker);
  return all;
}

/** Users (with their access keys), roles, local policies and virtual MFA devices under /sts-workshop/, and stsw- buckets. */
export async function whatIsLeft({ iam, s3 }: Clients): Promise<Left> {
  const users = await pages(async (Marker) => {
    const p = await iam.send(new ListUsersCommand({ PathPrefix: WORKSHOP_PATH, Marker }));
    return { items: (p.Users ?? []).map((u) => u.UserName!), next: p.IsTruncated ? p.Marker : undefined };
  });
  const accessKeys: string[] = [];
  for (const user of users) {
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: user })).catch(() => undefined);
    for (const k of keys?.AccessKeyMetadata ?? []) accessKeys.push(`${user}/${k.AccessKeyId}`);
  }
  const roles = await pages(async (Marker) => {
    const p = await iam.send(new ListRolesCommand({ PathPrefix: WORKSHOP_PATH, Marker }));
    return { items: (p.Roles ?? []).map((r) => r.RoleName!), next: p.IsTruncated ? p.Marker : undefined };
  });
  const policies = await pages(async (Marker) => {
    const p = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: WORKSHOP_PATH, Marker }));
    return { items: (p.Policies ?? []).map((x) => x.Arn!), next: p.IsTruncated ? p.Marker : undefined };
  });
  const devices = await pages(async (Marker) => {
    const p = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', Marker }));
    return { items: (p.VirtualMFADevices ?? []).map((d) => d.SerialNumber!), next: p.IsTruncated ? p.Marker : undefined };
  });
  const mfaDevices = devices.filter((serial) => serial.includes(`:mfa${WORKSHOP_PATH}`));
  const buckets = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name!).filter((name) => name.startsWith(NAME_PREFIX));
  return { users, accessKeys, roles, policies, mfaDevices, buckets };
}

export function isNothing(left: Left): boolean {
  return Object.values(left).every((list) => list.length === 0);
}

/**
 * The test's own removal of everything under /sts-workshop/ (and stsw- buckets), with the IAM and
 * S3 SDKs, so that a case that left something behind does not fail the cases after it. Returns
 * what it could not remove.
 */
export async function scrub(clients: Clients): Promise<string[]> {
  const { iam, s3 } = clients;
  const failures: string[] = [];
  const attempt = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (error) {
      if ((error as Error).name !== 'NoSuchEntityException' && (error as Error).name !== 'NoSuchEntity') failures.push(`${what}: ${(error as Error).name}`);
    }
  };
  const left = await whatIsLeft(clients);
  for (const user of left.users) {
    for (const k of (await iam.send(new ListAccessKeysCommand({ UserName: user })).catch(() => undefined))?.AccessKeyMetadata ?? []) {
      await attempt(`access key ${k.AccessKeyId}`, () => iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: k.AccessKeyId })));
    }
    for (const d of (await iam.send(new ListMFADevicesCommand({ UserName: user })).catch(() => undefined))?.MFADevices ?? []) {
      await attempt(`deactivate ${d.SerialNumber}`, () => iam.send(new DeactivateMFADeviceCommand({ UserName: user, SerialNumber: d.SerialNumber })));
    }
    for (const name of (await iam.send(new ListUserPoliciesCommand({ UserName: user })).catch(() => undefined))?.PolicyNames ?? []) {
      await attempt(`user policy ${name}`, () => iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: name })));
    }
    for (const p of (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: user })).catch(() => undefined))?.AttachedPolicies ?? []) {
      await attempt(`detach ${p.PolicyArn}`, () => iam.send(new DetachUserPolicyCommand({ UserName: user, PolicyArn: p.PolicyArn })));
    }
    await attempt(`user ${user}`, () => iam.send(new DeleteUserCommand({ UserName: user })));
  }
  for (const role of left.roles) {
    for (const name of (await iam.send(new ListRolePoliciesCommand({ RoleName: role })).catch(() => undefined))?.PolicyNames ?? []) {
      await attempt(`role policy ${name}`, () => iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: name })));
    }
    for (const p of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role })).catch(() => undefined))?.AttachedPolicies ?? []) {
      await attempt(`detach ${p.PolicyArn}`, () => iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: p.PolicyArn })));
    }
    await attempt(`role ${role}`, () => iam.send(new DeleteRoleCommand({ RoleName: role })));
  }
  for (const arn of left.policies) {
    for (const v of (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn })).catch(() => undefined))?.Versions ?? []) {
      if (!v.IsDefaultVersion) await attempt(`policy version ${v.VersionId}`, () => iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId })));
    }
    await attempt(`policy ${arn}`, () => iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
  }
  for (const serial of left.mfaDevices) {
    await attempt(`MFA device ${serial}`, () => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
  }
  for (const bucket of left.buckets) await attempt(`bucket ${bucket}`, () => s3.send(new DeleteBucketCommand({ Bucket: bucket })));
  return failures;
}

/**
 * Removes the one resource a ledger record names, with the IAM (or S3) SDK, as if its create
 * call had never reached IAM: what a kill between the intent's fsync and the request leaves.
 */
export async function undoCreate({ iam, s3 }: Clients, r: { kind: string; name: string; parent?: string; parentKind?: string; arn?: string }): Promise<void> {
  switch (r.kind) {
    case 'user':
      await iam.send(new DeleteUserCommand({ UserName: r.name }));
      return;
    case 'role':
      await iam.send(new DeleteRoleCommand({ RoleName: r.name }));
      return;
    case 'policy': {
      const policies = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: WORKSHOP_PATH }));
      const arn = r.arn ?? policies.Policies?.find((p) => p.PolicyName === r.name)?.Arn;
      if (!arn) throw new Error(`no policy ${r.name} to undo`);
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
      return;
    }
    case 'mfa-device':
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: r.name }));
      return;
    case 'access-key':
      await iam.send(new DeleteAccessKeyCommand({ UserName: r.parent, AccessKeyId: r.name }));
      return;
    case 'user-policy':
      await iam.send(new DeleteUserPolicyCommand({ UserName: r.parent, PolicyName: r.name }));
      return;
    case 'role-policy':
      await iam.send(new DeleteRolePolicyCommand({ RoleName: r.parent, PolicyName: r.name }));
      return;
    case 'attachment':
      if (r.parentKind === 'user') await iam.send(new DetachUserPolicyCommand({ UserName: r.parent, PolicyArn: r.name }));
      else await iam.send(new DetachRolePolicyCommand({ RoleName: r.parent, PolicyArn: r.name }));
      return;
    case 'bucket':
      await s3.send(new DeleteBucketCommand({ Bucket: r.name }));
      return;
    default:
      throw new Error(`the crash test does not know how to undo a ${r.kind}`);
  }
}

// ── the ledger file ──────────────────────────────────────────────────────────────────────

export interface LedgerFile {
  path: string;
  lines: string[];
  /** Records in file order (the lines that parse). */
  records: any[];
  /** `line N: …` for every line that is not a JSON object with an op, a kind and a name. */
  invalid: string[];
  /** Intended or created and not deleted since, keyed as the ledger keys them (account|kind|parent|name). */
  outstanding: any[];
}

const OPS = ['intend-create', 'created', 'intend-delete', 'deleted'];

/** Reads `<stateDir>/ledger.jsonl` and replays it as server/ledger/ledger.ts `outstanding()` does. */
export async function readLedger(stateDir: string): Promise<LedgerFile> {
  const path = join(stateDir, 'ledger.jsonl');
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: any[] = [];
  const invalid: string[] = [];
  lines.forEach((line, i) => {
    let record: any;
    try {
      record = JSON.parse(line);
    } catch {
      invalid.push(`line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    if (!record || typeof record !== 'object' || !OPS.includes(record.op) || typeof record.kind !== 'string' || typeof record.name !== 'string' || !record.name) {
      invalid.push(`line ${i + 1} is not a ledger record: ${line.slice(0, 200)}`);
      return;
    }
    records.push(record);
  });
  const live = new Map<string, any>();
  for (const r of records) {
    const key = [r.account ?? '', r.kind, r.parent ?? '', r.name].join('|');
    if (r.op === 'deleted') live.delete(key);
    else live.set(key, { ...live.get(key), ...r, arn: r.arn ?? live.get(key)?.arn });
  }
  return { path, lines, records, invalid, outstanding: [...live.values()] };
}

/** A ledger record in a few words: `intend-create policy stsw-…-policy (no arn) [assume-role-mfa]`. */
export function describeRecord(r: any): string {
  return `${r.op} ${r.kind} ${r.name}${r.parent ? ` of ${r.parent}` : ''}${r.kind === 'policy' ? (r.arn ? ` arn ${r.arn}` : ' (no arn)') : ''} [${r.lesson}/${r.runId}]`;
}

// ── clean-up on a restarted notebook, and everything that must hold after it ──────────────

export interface CleanUpReport {
  /** Every way the clean-up fell short; empty when it did its job. */
  problems: string[];
  left: Left;
  ledger: LedgerFile;
  answers: string[];
}

async function answer(res: Promise<Response>): Promise<{ status: number; text: string; json?: any }> {
  try {
    const r = await res;
    const text = await r.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: r.status, text, json };
  } catch (error) {
    return { status: 0, text: String((error as Error).cause ?? error) };
  }
}

const is2xx = (status: number) => status >= 200 && status < 300;

/**
 * On a notebook restarted after a crash: GET /api/cleanup (look), POST /api/cleanup (remove; a
 * second POST only to tell a lasting failure from a passing one), GET again; then what IAM has
 * under /sts-workshop/ and what the ledger says. Every shortfall is one line of `problems`.
 */
export async function cleanUpAndCheck(nb: NotebookChild, clients: Clients): Promise<CleanUpReport> {
  const problems: string[] = [];
  const answers: string[] = [];
  const look = await answer(nb.api('/api/cleanup'));
  answers.push(`GET /api/cleanup → ${look.status}`);
  if (!is2xx(look.status)) problems.push(`GET /api/cleanup (before) answered ${look.status}: ${look.text.slice(0, 300)}`);
  const post = await answer(nb.api('/api/cleanup', { method: 'POST', body: '{}' }));
  answers.push(`POST /api/cleanup → ${post.status}`);
  if (!is2xx(post.status)) {
    const again = await answer(nb.api('/api/cleanup', { method: 'POST', body: '{}' }));
    answers.push(`POST /api/cleanup again → ${again.status}`);
    problems.push(`POST /api/cleanup answered ${post.status}: ${post.text.slice(0, 300)} (and ${again.status} when tried again${is2xx(again.status) ? '' : `: ${again.text.slice(0, 300)}`})`);
  }
  const after = await answer(nb.api('/api/cleanup'));
  answers.push(`GET /api/cleanup → ${after.status}`);
  if (!is2xx(after.status)) problems.push(`GET /api/cleanup (after) answered ${after.status}: ${after.text.slice(0, 300)}`);
  else if (!Array.isArray(after.json?.leftovers) || after.json.leftovers.length > 0) problems.push(`GET /api/cleanup (after) still reports: ${JSON.stringify(after.json?.leftovers ?? after.json).slice(0, 500)}`);

  const left = await whatIsLeft(clients);
  if (!isNothing(left)) problems.push(`left in the sandbox: ${describeLeft(left)}`);
  const ledger = await readLedger(nb.stateDir);
  for (const line of ledger.invalid) problems.push(`ledger ${line}`);
  for (const r of ledger.outstanding) problems.push(`ledger still outstanding: ${describeRecord(r)}`);
  return { problems, left, ledger, answers };
}

// ── seeded randomness ────────────────────────────────────────────────────────────────────

/** mulberry32: the same sequence for the same seed, on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    /** `count` distinct elements of `list`, in the list's order. */
    pick: <T>(list: readonly T[], count: number): T[] => {
      const order = list.map((item, i) => ({ item, i, r: next() })).sort((x, y) => x.r - y.r).slice(0, count);
      return order.sort((x, y) => x.i - y.i).map((x) => x.item);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ── after a crash: restart, clean up, check ──────────────────────────────────────────────

export interface Recovery extends CleanUpReport {
  /** The ledger as the dead process left it. */
  atCrash: LedgerFile;
  /** What IAM had under /sts-workshop/ before the restart. */
  leftByCrash: Left;
  /** The crash's traces in a few lines, for assertion messages and diagnostics. */
  context: string[];
  /**
   * The restarted notebook, still running, when `keep` asked for it and the clean-up left
   * nothing to complain about: the next case goes on with it (a learner's next session).
   * Otherwise it has been stopped, and the next case needs a fresh state directory.
   */
  notebook?: NotebookChild;
}

export interface RecoverOptions {
  /** Keep the restarted notebook running if all is well (see `Recovery.notebook`). */
  keep?: boolean;
  /** WORKSHOP_FAULT_AFTER for the restarted notebook (for the next case; clean-up never creates). */
  faultAfter?: string;
}

/**
 * After a notebook died on `stateDir`: what the ledger and IAM hold, then a new notebook on the
 * same sandbox and state directory and `cleanUpAndCheck`. The ledger's lines as the crash left
 * them must parse too (they are in `problems`), and the new notebook must still be running after
 * the clean-up. Unless it is kept, the notebook is then stopped; whatever the clean-up left is
 * removed by `scrub` so that the next case starts from nothing.
 */
export async function recover(sandbox: StandaloneSandbox, clients: Clients, stateDir: string, options: RecoverOptions = {}): Promise<Recovery> {
  const atCrash = await readLedger(stateDir);
  const leftByCrash = await whatIsLeft(clients);
  const context = [
    `ledger at the crash: ${atCrash.outstanding.map(describeRecord).join('; ') || 'nothing outstanding'}`,
    `left in the sandbox before the restart: ${describeLeft(leftByCrash)}`,
  ];
  const next = await startNotebook({ sandbox, stateDir, faultAfter: options.faultAfter });
  let keep = false;
  try {
    const report = await cleanUpAndCheck(next, clients);
    report.problems.unshift(...atCrash.invalid.map((line) => `ledger at the crash: ${line}`));
    const exit = await exitWithin(next, 0);
    if (exit) report.problems.push(`the restarted notebook died during the clean-up (${exit.signal ?? exit.code})${options.faultAfter ? `: did the clean-up call ${options.faultAfter}?` : ''}`);
    context.push(report.answers.join(', '));
    keep = Boolean(options.keep) && report.problems.length === 0;
    return { ...report, atCrash, leftByCrash, context, notebook: keep ? next : undefined };
  } finally {
    if (!keep) {
      await next.stop();
      if (!isNothing(await whatIsLeft(clients))) {
        const stuck = await scrub(clients);
        if (stuck.length > 0) throw new Error(`the test could not remove what was left either: ${stuck.join(', ')}`);
      }
    }
  }
}

export function describeLeft(left: Left): string {
  const parts = Object.entries(left)
    .filter(([, list]) => list.length > 0)
    .map(([kind, list]) => `${kind} ${list.join(', ')}`);
  return parts.join('; ') || 'nothing';
}
