/**
 * The sandbox's throughput part of `npm run bench`: the bare `node:http` floor, then signed
 * GetCallerIdentity and AssumeRole replayed raw (the sandbox verifies every signature, as it
 * would a new one), the same again after 10,000 users and 10,000 sessions were added (no
 * operation's cost may grow with them), and GetCallerIdentity, AssumeRole and
 * CreateUser→DeleteUser through the SDK v3 client. Each figure is the median of BENCH_RUNS
 * runs of BENCH_SECONDS, by CPU per request; the load average is printed before and after.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateUserCommand, DeleteUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { call, median, rawLoad, sdkLoad, signed, type Measured } from './load.ts';
import { header, line, load } from './report.ts';
import { startFloor, startSandbox } from './sandbox-process.ts';
import { assumeRoleBody, createBenchRole, createUsers, createSessions } from './seed.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

export async function throughputBench(): Promise<void> {
  console.log(`STS Workshop sandbox throughput (${RUNS} runs of ${SECONDS} s each, median by CPU per request; 32 raw requests or 8 SDK calls in flight)`);
  console.log(`${load()} at the start\n`);
  const floorServer = await startFloor();
  const sandbox = await startSandbox();
  try {
    header();
    const floorRequest = await signed(floorServer, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15');
    const floor = await median(RUNS, () => rawLoad(floorServer, floorRequest, SECONDS));
    line('floor: bare node:http, fixed 400-byte XML', floor);
    const roleArn = await createBenchRole(sandbox);
    const whoAmI = await signed(sandbox, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15');
    const assume = await signed(sandbox, 'sts', assumeRoleBody(roleArn));
    const raw = async (label: string, r: typeof whoAmI, aimMs?: number): Promise<Measured> => {
      const m = await median(RUNS, () => rawLoad(sandbox, r, SECONDS));
      line(label, m, floor, aimMs);
      return m;
    };
    const gci = await raw('GetCallerIdentity, raw-signed', whoAmI, 0.16);
    const ar = await raw('AssumeRole, raw-signed', assume, 0.25);
    console.log(`  … adding 10,000 users and 10,000 sessions (${load()})`);
    await createUsers(sandbox, 10_000);
    await createSessions(sandbox, roleArn, 10_000);
    const gci2 = await raw('GetCallerIdentity, raw-signed, +10k users/sessions', await signed(sandbox, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15'), 0.16);
    const ar2 = await raw('AssumeRole, raw-signed, +10k users/sessions', await signed(sandbox, 'sts', assumeRoleBody(roleArn)), 0.25);
    console.log(`  growth with 10k users and sessions: GetCallerIdentity ${growth(gci, gci2)}, AssumeRole ${growth(ar, ar2)} CPU per request`);

    const config = { region: 'us-east-1', endpoint: sandbox.endpoint, credentials: sandbox.credentials, maxAttempts: 1 };
    const sts = new STSClient(config);
    const iam = new IAMClient(config);
    const sdk = async (label: string, run: () => Promise<unknown>, perCall = 1) => {
      const m = await median(RUNS, async () => {
        const r = await sdkLoad(sandbox, run, SECONDS);
        return { ...r, cpuMsPerRequest: r.cpuMsPerRequest / perCall, perCpuSecond: r.perCpuSecond * perCall, perSecond: r.perSecond * perCall };
      });
      line(label, m, floor);
    };
    await sdk('GetCallerIdentity, SDK v3 client', () => sts.send(new GetCallerIdentityCommand({})));
    let session = 0;
    await sdk('AssumeRole, SDK v3 client', () => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `s${session++}` })));
    let user = 0;
    await sdk('CreateUser→DeleteUser, SDK v3 client (per request)', async () => {
      const name = `bench-${user++}`;
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new DeleteUserCommand({ UserName: name }));
    }, 2);
    await call(sandbox, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15');
  } finally {
    sandbox.stop();
    floorServer.stop();
  }
  console.log(`\n${load()} at the end`);
}

function growth(before: Measured, after: Measured): string {
  const pct = ((after.cpuMsPerRequest - before.cpuMsPerRequest) / before.cpuMsPerRequest) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(0)} %`;
}
