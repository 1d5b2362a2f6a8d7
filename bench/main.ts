/**
 * `npm run bench`: the sandbox's speed and memory, measured over loopback against a sandbox in
 * its own process (as `npm run sandbox` runs it), so the load generator does not share its
 * event loop. Reports, as the median of several runs:
 *  - raw-signed GetCallerIdentity per second (a pre-signed request replayed by a keep-alive
 *    load generator; target ≥ 2,000/s on a 2-core machine),
 *  - GetCallerIdentity, AssumeRole and CreateUser→DeleteUser per second with the SDK v3 client,
 *  - the sandbox's resident memory after 10,000 users (target < 200 MB).
 * Then the UI in Chromium (ui.ts): click → first event on screen, each page's weight, and the
 * time of Run all per lesson. `npm run bench -- sandbox` or `-- ui` runs one part only.
 * Targets are printed next to the results; this is a report, not a test.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { GetCallerIdentityCommand, AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, CreateUserCommand, DeleteUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { uiBench } from './ui.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

async function startSandboxProcess() {
  const child = spawn(process.execPath, ['server/sandbox/main.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SANDBOX_PROPAGATION_MS: '0' } });
  const exportLine = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('export '));
      if (line) resolve(line);
    });
    child.once('exit', () => reject(new Error(`sandbox exited: ${out}`)));
  });
  const env = Object.fromEntries([...exportLine.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  return { child, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } };
}

const part = process.argv[2];
if (part === 'ui') {
  await uiBench();
  process.exit(0);
}

let { child, endpoint, credentials } = await startSandboxProcess();
const config = { region: 'us-east-1', endpoint, credentials, maxAttempts: 1 };

try {
  console.log(`STS Workshop sandbox benchmark (${RUNS} runs of ${SECONDS} s each, median; sandbox pid ${child.pid})\n`);
  const raw = await median(() => rawSignedThroughput());
  report('GetCallerIdentity, raw-signed, keep-alive, 32 in flight', raw, 'req/s', '≥ 2000');
  const sts = new STSClient(config);
  report('GetCallerIdentity, SDK v3 client', await median(() => sdkThroughput(() => sts.send(new GetCallerIdentityCommand({})))), 'req/s');
  const iam = new IAMClient(config);
  const me = await sts.send(new GetCallerIdentityCommand({}));
  const role = await iam.send(new CreateRoleCommand({
    RoleName: 'bench-role',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: me.Arn }, Action: 'sts:AssumeRole' }] }),
  }));
  let session = 0;
  report('AssumeRole, SDK v3 client', await median(() => sdkThroughput(() => sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: `s${session++}` })))), 'req/s');
  let user = 0;
  report('CreateUser→DeleteUser pairs, SDK v3 client', await median(() => sdkThroughput(async () => {
    const name = `bench-${user++}`;
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new DeleteUserCommand({ UserName: name }));
  })), 'pairs/s');
  // Memory is measured on a fresh sandbox, so the throughput runs' sessions do not count.
  child.kill('SIGTERM');
  ({ child, endpoint, credentials } = await startSandboxProcess());
  const before = await rssMb(child.pid!);
  await createUsers(10_000);
  const after = await rssMb(child.pid!);
  report('Sandbox resident memory after 10,000 users', after, 'MB', '< 200', `(${before.toFixed(0)} MB when started)`);
} finally {
  child.kill('SIGTERM');
}

if (part !== 'sandbox') await uiBench();

function report(label: string, value: number, unit: string, target?: string, extra = '') {
  console.log(`${label.padEnd(58)} ${value.toFixed(0).padStart(7)} ${unit.padEnd(7)}${target ? ` target ${target}` : ''} ${extra}`);
}

async function median(run: () => Promise<number>): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await run());
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

async function sdkThroughput(call: () => Promise<unknown>): Promise<number> {
  const end = Date.now() + SECONDS * 1000;
  let count = 0;
  const worker = async () => {
    while (Date.now() < end) {
      await call();
      count++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return count / SECONDS;
}

async function signed(body: string, service: string) {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Sha256 });
  const req = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { url, headers: req.headers as Record<string, string>, body };
}

function send(agent: Agent, r: Awaited<ReturnType<typeof signed>>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: r.url.hostname, port: r.url.port, method: 'POST', path: '/', headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

async function rawSignedThroughput(): Promise<number> {
  const r = await signed('Action=GetCallerIdentity&Version=2011-06-15', 'sts');
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const end = Date.now() + SECONDS * 1000;
  let ok = 0;
  const worker = async () => {
    while (Date.now() < end) if ((await send(agent, r)) === 200) ok++;
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  return ok / SECONDS;
}

async function createUsers(count: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const status = await send(agent, await signed(`Action=CreateUser&Version=2010-05-08&UserName=mem-user-${i}&Path=%2Fbench%2F&Tags.member.1.Key=team&Tags.member.1.Value=bench`, 'iam'));
      if (status !== 200) throw new Error(`CreateUser ${i}: HTTP ${status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  agent.destroy();
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}
