/**
 * The workshop room at scale (`npm run bench -- room [--learners N]`, 50 by default): one
 * notebook started as a facilitator starts it (`node server/main.ts --room`, its own process,
 * IAM propagation off so the figures are the server's and not the simulated wait), N learners
 * joining over HTTP and running every lesson concurrently, each as a page would (the same
 * driver the tests use, waiting for unused MFA codes as learners must). It reports p50/p95 of the
 * step latency (the run's `ms`, measured by the server from start to end), the server's peak
 * resident memory (VmHWM), the machine's load and cores, errors (a step that did not end as
 * meant), and verifies that no learner's runs mention another learner's account and that, after
 * every lesson's teardown, no learner account has leftovers; then it ends the room. A report,
 * not a test: it exits non-zero only when isolation or clean-up is broken.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describeDrive, driveLesson, listLessons, type Drivable } from '../tests/support/drive-lesson.ts';

const TOKEN = `bench-room-${Date.now()}-0123456789abcdefghij`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function startRoom(maxLearners: number) {
  const stateDir = mkdtempSync(join(tmpdir(), 'stsw-bench-room-'));
  const child = spawn(process.execPath, ['server/main.ts', '--room', '--port', '0', '--sandbox-port', '0', '--propagation-ms', '0', '--state-dir', stateDir, '--max-learners', String(maxLearners)], {
    env: { ...process.env, WORKSHOP_TOKEN: TOKEN, WORKSHOP_DIST: 'no-such-dist' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const joinUrl = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => line.startsWith('Learners join at: ') && resolve(line.slice('Learners join at: '.length).trim()));
    child.once('exit', (code) => reject(new Error(`the room exited with ${code}`)));
  });
  lines.on('line', () => {}); // keep draining
  const url = new URL(joinUrl);
  return { child, base: url.origin, code: url.searchParams.get('code')! };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export async function roomBench(learners = 50): Promise<void> {
  const load = loadavg();
  console.log(`\nWorkshop room: ${learners} learners joining and running every lesson at once (${cpus().length} cores, load ${load.map((l) => l.toFixed(2)).join(' ')})`);
  const room = await startRoom(learners);
  const facilitator = (path: string, init: RequestInit = {}) =>
    fetch(room.base + path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  try {
    const started = Date.now();
    const clients: (Drivable & { name: string; accountId: string })[] = await Promise.all(
      Array.from({ length: learners }, async (_, i) => {
        const name = `Learner ${i + 1}`;
        const res = await fetch(`${room.base}/api/room/join`, { method: 'POST', headers: { origin: room.base, 'content-type': 'application/json' }, body: JSON.stringify({ code: room.code, name }) });
        if (res.status !== 200) throw new Error(`join ${name}: HTTP ${res.status} ${await res.text()}`);
        const cookie = /sts_workshop_learner=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
        const answer = (await res.json()) as { key: string; learner: { accountId: string } };
        const request = (path: string, init: RequestInit = {}) => {
          const headers = new Headers(init.headers);
          headers.set('cookie', `sts_workshop_learner=${cookie}`);
          headers.set('x-workshop-key', answer.key);
          if (init.method === 'POST') headers.set('origin', room.base);
          if (init.method === 'POST' && !headers.has('content-type')) headers.set('content-type', 'application/json');
          return fetch(room.base + path, { ...init, headers });
        };
        return { name, accountId: answer.learner.accountId, request, base: room.base, waitForCodes: true };
      }),
    );
    const joined = Date.now() - started;
    const accounts = clients.map((c) => c.accountId);
    const latencies: number[] = [];
    const problems: string[] = [];
    const crossings: string[] = [];
    await Promise.all(
      clients.map(async (client) => {
        for (const lesson of await listLessons(client)) {
          const drive = await driveLesson(client, lesson);
          for (const run of drive.runs) {
            const end = run.events.find((e) => e.type === 'end') as { ms?: number } | undefined;
            if (end?.ms !== undefined) latencies.push(end.ms);
            const text = JSON.stringify(run.events);
            for (const other of accounts) if (other !== client.accountId && text.includes(other)) crossings.push(`${client.name} saw ${other} in ${lesson.slug}/${run.step}`);
          }
          if (!drive.completed) problems.push(`${client.name}: ${describeDrive(drive)}`);
        }
      }),
    );
    const ran = Date.now() - started;
    const leftovers: string[] = [];
    for (const client of clients) {
      const look = (await (await client.request('/api/cleanup')).json()) as { leftovers: { kind: string; name: string }[] };
      if (look.leftovers.length) leftovers.push(`${client.name}: ${look.leftovers.map((l) => `${l.kind} ${l.name}`).join(', ')}`);
    }
    const peak = peakRssMb(room.child.pid!);
    const ended = (await (await facilitator('/api/room/end', { method: 'POST', body: '{}' })).json()) as { removed: string[]; failed: string[] };
    latencies.sort((a, b) => a - b);
    const after = loadavg();
    console.log(`  joined: ${learners} in ${(joined / 1000).toFixed(1)} s; every lesson run by all in ${(ran / 1000).toFixed(1)} s (MFA steps wait for unused codes, as learners must)`);
    console.log(`  step latency (server, start to end): p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms over ${latencies.length} steps`);
    console.log(`  server peak resident memory: ${peak.toFixed(0)} MB`);
    console.log(`  steps that did not end as meant: ${problems.length}${problems.length ? `\n    ${problems.slice(0, 5).join('\n    ')}` : ''}`);
    console.log(`  isolation: ${crossings.length === 0 ? 'no learner saw another learner’s account' : `BROKEN: ${crossings.slice(0, 5).join('; ')}`}`);
    console.log(`  left behind after teardown: ${leftovers.length === 0 ? 'nothing' : `BROKEN: ${leftovers.slice(0, 5).join('; ')}`}; room end removed ${ended.removed.length}, failed ${ended.failed.length}`);
    console.log(`  load after: ${after.map((l) => l.toFixed(2)).join(' ')}`);
    if (crossings.length || leftovers.length || ended.failed.length) process.exitCode = 1;
  } finally {
    room.child.kill('SIGTERM');
  }
}
