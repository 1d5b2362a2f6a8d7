/**
 * Runs the AWS CLI for the lesson "Profiles do it for you": `runAwsCli` starts `aws` from PATH
 * with only the environment it is given (plus PATH and no instance metadata), answers its MFA
 * prompt on standard input, and gives back what it printed, or undefined when there is no AWS
 * CLI on this machine. The CLI is started in a session of its own (no controlling terminal), so
 * it reads the code from standard input and never from the terminal the notebook runs in.
 * `cliFailure` turns the CLI's "An error occurred (Code) when calling …" into an error named
 * after the code; `readsEndpointUrlFromProfile` says whether a CLI version sends a profile's
 * AssumeRole to the profile's `endpoint_url` (1.29 / 2.13 and later). It writes no file itself.
 */
import { spawn } from 'node:child_process';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runAwsCli(
  args: string[],
  options: { env: Record<string, string>; input?: string; signal?: AbortSignal; timeoutMs?: number },
): Promise<CliRun | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn('aws', args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', ...options.env },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: options.signal,
    });
    // A CLI that never answers is stopped (its prompt, say, waiting for input it will not get).
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolve(undefined);
      else reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // a CLI that exits before reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** The CLI's own error as an Error named after AWS's code (or the CLI's last line of complaint). */
export function cliFailure(run: CliRun): Error {
  const aws = /An error occurred \(([^)]+)\) when calling the \w+ operation: (.*)/.exec(run.stderr);
  if (aws) return Object.assign(new Error(aws[2]!.trim()), { name: aws[1]! });
  const last = run.stderr.trim().split('\n').filter((line) => !/getpass|GetPassWarning|Password input may be echoed|Enter MFA code/.test(line)).at(-1);
  return new Error(`The AWS CLI failed (exit ${run.status}): ${last ?? 'no message'}`);
}

/** `aws --version` → whether that CLI reads `endpoint_url` from a profile (aws-cli 1.29 / 2.13 on). */
export function readsEndpointUrlFromProfile(version: string): boolean {
  const found = /aws-cli\/(\d+)\.(\d+)/.exec(version);
  if (!found) return false;
  const [major, minor] = [Number(found[1]), Number(found[2])];
  return major === 1 ? minor >= 29 : major > 2 || minor >= 13;
}
