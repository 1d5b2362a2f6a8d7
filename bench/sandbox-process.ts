/**
 * The processes the bench measures, each in its own process so the load generator never shares
 * their event loop: the sandbox as `npm run sandbox` runs it (its export line gives the endpoint
 * and the admin's keys) and the bare `node:http` floor (floor-server.ts). `cpuMs` reads a
 * process's user + system CPU time from /proc (all its threads: the JavaScript thread, the
 * garbage collector's helpers, libuv's pool), `rssMb` its resident memory, so figures are per
 * CPU-second of the server and not of the machine.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Server {
  child: ChildProcess;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): void;
}

function waitForLine(child: ChildProcess, pick: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find(pick);
      if (line) resolve(line);
    });
    child.once('exit', () => reject(new Error(`exited before it was ready: ${out}`)));
  });
}

export async function startSandbox(args: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, [...(process.env.BENCH_SANDBOX_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), 'server/sandbox/main.ts', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SANDBOX_PROPAGATION_MS: '0' },
  });
  const exportLine = await waitForLine(child, (l) => l.startsWith('export '));
  const env = Object.fromEntries([...exportLine.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  return { child, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }, stop: () => child.kill('SIGTERM') };
}

export async function startFloor(): Promise<Server> {
  const child = spawn(process.execPath, ['bench/floor-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await waitForLine(child, (l) => l.startsWith('listening '));
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  return { child, endpoint: `http://127.0.0.1:${line.split(' ')[1]}`, credentials, stop: () => child.kill('SIGTERM') };
}

let ticksPerSecond: number | undefined;

/** User + system CPU milliseconds the process has used so far. */
export function cpuMs(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}
