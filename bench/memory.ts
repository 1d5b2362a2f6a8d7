/**
 * The sandbox's memory part of `npm run bench`, each on a fresh sandbox process:
 *  - resident memory after 10,000 IAM users and then 100,000 live role sessions (target < 200 MB);
 *  - resident memory under sustained AssumeRole load while the sandbox's simulated clock runs
 *    60 times faster than wall time (AdvanceClock, 60 s every second), so each 15-minute session
 *    expires after 15 s and must be dropped: sampled through the run, it should stay flat.
 *    BENCH_SUSTAIN_SECONDS sets the length (60 s by default); `npm run bench -- memory --hour`
 *    runs it for an hour of wall time.
 * The session count comes from the sandbox's own GetStats.
 */
import { Agent } from 'node:http';
import { send, signed } from './load.ts';
import { load } from './report.ts';
import { rssMb, startSandbox } from './sandbox-process.ts';
import { advanceClock, assumeRoleBody, createBenchRole, createSessions, createUsers, stats } from './seed.ts';

export async function memoryBench(hour: boolean): Promise<void> {
  console.log(`\nSTS Workshop sandbox memory (${load()})`);
  await afterUsersAndSessions();
  await sustained(hour ? 3600 : Number(process.env.BENCH_SUSTAIN_SECONDS ?? 60));
  console.log(`${load()} at the end`);
}

async function afterUsersAndSessions(): Promise<void> {
  const sandbox = await startSandbox();
  try {
    const pid = sandbox.child.pid!;
    const start = rssMb(pid);
    const roleArn = await createBenchRole(sandbox);
    await createUsers(sandbox, 10_000);
    const users = rssMb(pid);
    await createSessions(sandbox, roleArn, 100_000);
    const sessions = rssMb(pid);
    const held = (await stats(sandbox)).Sessions;
    console.log(`  resident memory: ${start.toFixed(0)} MB at start, ${users.toFixed(0)} MB after 10,000 users, ${sessions.toFixed(0)} MB after 100,000 sessions (${held} held)  target < 200 MB ${sessions < 200 ? '(met)' : '(not met)'}`);
  } finally {
    sandbox.stop();
  }
}

async function sustained(seconds: number): Promise<void> {
  const sandbox = await startSandbox();
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const pid = sandbox.child.pid!;
    const roleArn = await createBenchRole(sandbox);
    let request = await signed(sandbox, 'sts', assumeRoleBody(roleArn));
    const started = Date.now();
    const end = started + seconds * 1000;
    let issued = 0;
    let failed = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        if ((await send(agent, request)).status === 200) issued++;
        else failed++;
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    const samples: { at: number; rss: number; issued: number; held: number }[] = [];
    const every = Math.max(5, Math.round(seconds / 12));
    for (let tick = 1; Date.now() < end; tick++) {
      await new Promise((r) => setTimeout(r, 1000));
      await advanceClock(sandbox, 60);
      if (tick % 60 === 0) request = await signed(sandbox, 'sts', assumeRoleBody(roleArn)); // within the 5-minute skew
      if (tick % every === 0) samples.push({ at: (Date.now() - started) / 1000, rss: rssMb(pid), issued, held: (await stats(sandbox)).Sessions });
    }
    running = false;
    await Promise.all(workers);
    console.log(`  sustained AssumeRole for ${seconds} s, simulated clock 60× wall time (15-minute sessions expire after 15 s):`);
    for (const s of samples) console.log(`    ${s.at.toFixed(0).padStart(5)} s  ${s.rss.toFixed(0).padStart(4)} MB resident  ${String(s.issued).padStart(8)} sessions issued  ${String(s.held).padStart(6)} held`);
    const rss = samples.map((s) => s.rss);
    const laterHalf = rss.slice(Math.floor(rss.length / 2));
    console.log(`  resident memory ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB; second half ${Math.min(...laterHalf).toFixed(0)}–${Math.max(...laterHalf).toFixed(0)} MB${failed ? `; ${failed} requests failed!` : ''}`);
  } finally {
    agent.destroy();
    sandbox.stop();
  }
}
