/**
 * Test support: the notebook as a learner starts it, `node server/main.ts` in a child process,
 * against a standalone `npm run sandbox` (`--sandbox-url`) or its own embedded sandbox, with
 * IAM propagation off and, for the crash tests, WORKSHOP_FAULT_AFTER=<Operation> (it SIGKILLs
 * itself right after that operation's response). It gives the process's address, what it printed,
 * its API with the launch token (`request`, the same shape as an in-process notebook's, so that
 * tests/support/drive-lesson.ts drives either), and ways to kill or stop it and to wait for its
 * exit. It knows nothing of lessons, IAM or the ledger; the caller stops every child it starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForLine, type StandaloneSandbox } from './processes.ts';

export const TOKEN = 'crash-test-token-0123456789-abcdefghij';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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
  request(path: string, init?: RequestInit): Promise<Response>;
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
  const request = (path: string, init: RequestInit = {}) =>
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
    request,
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
export async function exitWithin(nb: Pick<NotebookChild, 'exited'>, ms: number): Promise<Exit | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), ms)));
  try {
    return await Promise.race([nb.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
