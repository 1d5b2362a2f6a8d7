/**
 * A workshop room as the facilitator starts it (`node server/main.ts --room …` in a child
 * process): what the terminal says (the facilitator and join lines, the network warning), that
 * `--host` opens exactly the named address (127.0.0.2 stands in for a LAN address: Linux routes
 * all of 127/8 to loopback) and the Host allowlist follows it, that the join URL carries the room
 * code and never the facilitator token, and HTTPS with the facilitator's own certificate
 * (`--tls-cert`/`--tls-key`, a throwaway self-signed one made with openssl here).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForLine } from './support/processes.ts';

const TOKEN = 'room-network-token-0123456789-abcdefghij';
const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill('SIGKILL')));

async function startRoom(args: string[]): Promise<{ child: ChildProcess; output: string[]; facilitator: string; join: string }> {
  const stateDir = await mkdtemp(join(tmpdir(), 'stsw-room-net-'));
  const child = spawn(process.execPath, ['server/main.ts', '--room', '--port', '0', '--sandbox-port', '0', '--propagation-ms', '0', '--state-dir', stateDir, ...args], {
    env: { ...process.env, WORKSHOP_TOKEN: TOKEN, WORKSHOP_DIST: 'no-such-dist' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  const joinUrl = (await waitForLine(child, /^Learners join at: /)).replace(/^Learners join at: /, '').trim();
  const facilitator = output.find((l) => l.startsWith('Facilitator: '))!.replace('Facilitator: ', '').trim();
  return { child, output, facilitator, join: joinUrl };
}

test('--host opens the named address; the Host allowlist follows; the join URL carries no token', async (t) => {
  const room = await startRoom(['--host', '127.0.0.2']);
  t.after(() => room.child.kill('SIGTERM'));
  assert.match(room.join, /^http:\/\/127\.0\.0\.2:\d+\/join\/\?code=[A-Z2-9]{8}$/);
  assert.ok(!room.join.includes(TOKEN));
  assert.match(room.facilitator, new RegExp(`/room/\\?token=${TOKEN}$`));
  assert.ok(room.output.some((l) => /OPEN TO THE NETWORK on 127\.0\.0\.2/.test(l)), room.output.join('\n'));
  assert.ok(room.output.some((l) => /WARNING: without --tls-cert/.test(l)));
  const port = new URL(room.join).port;
  const code = new URL(room.join).searchParams.get('code');
  const info = await fetch(`http://127.0.0.2:${port}/api/room/join-info?code=${code}`);
  assert.equal(info.status, 200, 'reachable on the named address with its own Host');
  // fetch() will not send a Host of our choosing; node:http will, as a rebinding attacker's page would arrive.
  const spoofed = await new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.2', port, path: `/api/room/join-info?code=${code}`, headers: { host: `rebind.test:${port}` } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(spoofed, 403, 'any other Host is refused');
  await assert.rejects(fetch(`http://127.0.0.3:${port}/api/health`), 'an address not named is not listened on');
});

test('without --host the room stays on loopback and says how to open it', async (t) => {
  const room = await startRoom([]);
  t.after(() => room.child.kill('SIGTERM'));
  assert.ok(room.output.some((l) => /listens on this machine only/.test(l)));
  const port = new URL(room.join).port;
  await assert.rejects(fetch(`http://127.0.0.2:${port}/api/health`));
});

test('--tls-cert/--tls-key serve the room over HTTPS', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stsw-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.2', '-addext', 'subjectAltName=IP:127.0.0.2'], { stdio: 'ignore' });
  const room = await startRoom(['--host', '127.0.0.2', '--tls-cert', cert, '--tls-key', key]);
  t.after(() => room.child.kill('SIGTERM'));
  assert.match(room.join, /^https:\/\/127\.0\.0\.2:\d+\/join\/\?code=/);
  assert.ok(!room.output.some((l) => /WARNING: without --tls-cert/.test(l)));
  const url = new URL(room.join);
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.2', port: url.port, path: `/api/room/join-info?code=${url.searchParams.get('code')}`, ca: execFileSync('cat', [cert]) }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 200);
});
