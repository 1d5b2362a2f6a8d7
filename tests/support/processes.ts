/**
 * Test support for tests that start the project's own commands as a learner would:
 * `npm run sandbox` (server/sandbox/main.ts) and `npm start`'s server (server/main.ts), reading
 * what they print. Every child is started on port 0 and must be stopped by the caller.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Resolves with the first line of the child's stdout that matches, or rejects if it exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => pattern.test(l));
      if (line) {
        child.stdout!.off('data', onData);
        resolve(line);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`exited (${code ?? signal}) before printing ${pattern}: ${out}`)));
  });
}

export interface StandaloneSandbox {
  child: ChildProcess;
  /** The variables of the `export …` line it printed (AWS_ENDPOINT_URL, keys, region). */
  env: Record<string, string>;
  stop(): void;
}

/** `npm run sandbox` on a free port, with IAM propagation off. */
export async function startStandaloneSandbox(): Promise<StandaloneSandbox> {
  const child = spawn(process.execPath, ['server/sandbox/main.ts', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SANDBOX_PROPAGATION_MS: '0' },
  });
  const line = await waitForLine(child, /^export /);
  const env = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  return { child, env, stop: () => void child.kill('SIGTERM') };
}
