/**
 * The bench's load generator: raw SigV4-signed requests (signed once with @smithy/signature-v4,
 * then replayed, as a client retrying within the five-minute skew would) over keep-alive
 * connections with a fixed number in flight, and the measurement around it: requests per
 * second, and the server process's CPU per request read from /proc before and after, so a busy
 * machine lowers throughput but barely the CPU each request costs. The same client measures the
 * sandbox and the bare floor. `sdkLoad` does the same with an SDK v3 call in a loop.
 */
import { Agent, request } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { cpuMs, type Server } from './sandbox-process.ts';

export interface SignedRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export interface Measured {
  requests: number;
  failed: number;
  seconds: number;
  cpuMs: number;
  /** Requests per wall second. */
  perSecond: number;
  /** Requests per CPU-second of the server process. */
  perCpuSecond: number;
  /** Server CPU milliseconds per request. */
  cpuMsPerRequest: number;
}

export async function signed(server: Server, service: string, body: string): Promise<SignedRequest> {
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service, sha256: Sha256 });
  const req = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { url, headers: req.headers as Record<string, string>, body };
}

export function send(agent: Agent, r: SignedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: r.url.hostname, port: r.url.port, method: 'POST', path: '/', headers: r.headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Sends one signed request and throws unless it answers 200; returns the body. */
export async function call(server: Server, service: string, body: string): Promise<string> {
  const agent = new Agent({ keepAlive: false });
  const answer = await send(agent, await signed(server, service, body));
  if (answer.status !== 200) throw new Error(`${body.split('&')[0]}: HTTP ${answer.status} ${answer.body}`);
  return answer.body;
}

/** Replays one signed request for `seconds`, `inFlight` at a time; counts 200s as done. */
export async function rawLoad(server: Server, r: SignedRequest, seconds: number, inFlight = 32): Promise<Measured> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  let ok = 0;
  let failed = 0;
  const measured = await measure(server, seconds, async (end) => {
    const worker = async () => {
      while (performance.now() < end) {
        if ((await send(agent, r)).status === 200) ok++;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return { ok, failed };
  });
  agent.destroy();
  return measured;
}

/** Runs `run` (an SDK call) in `inFlight` loops for `seconds`. */
export async function sdkLoad(server: Server, run: () => Promise<unknown>, seconds: number, inFlight = 8): Promise<Measured> {
  let ok = 0;
  return measure(server, seconds, async (end) => {
    const worker = async () => {
      while (performance.now() < end) {
        await run();
        ok++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return { ok, failed: 0 };
  });
}

async function measure(server: Server, seconds: number, run: (end: number) => Promise<{ ok: number; failed: number }>): Promise<Measured> {
  const pid = server.child.pid!;
  const cpuBefore = cpuMs(pid);
  const start = performance.now();
  const { ok, failed } = await run(start + seconds * 1000);
  const wall = (performance.now() - start) / 1000;
  const cpu = cpuMs(pid) - cpuBefore;
  return { requests: ok, failed, seconds: wall, cpuMs: cpu, perSecond: ok / wall, perCpuSecond: cpu > 0 ? (ok * 1000) / cpu : Infinity, cpuMsPerRequest: ok > 0 ? cpu / ok : NaN };
}

/** The median run by CPU per request, of `runs` runs after one warm-up run. */
export async function median(runs: number, run: () => Promise<Measured>): Promise<Measured> {
  await run(); // warm-up: the JIT and the connections, not counted
  const results: Measured[] = [];
  for (let i = 0; i < runs; i++) results.push(await run());
  results.sort((a, b) => a.cpuMsPerRequest - b.cpuMsPerRequest);
  return results[Math.floor(results.length / 2)];
}
