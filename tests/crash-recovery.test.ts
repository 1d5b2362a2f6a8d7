/**
 * The SIGKILL crash test: a notebook running against a standalone sandbox (`npm run sandbox`)
 * is killed in the middle of a lesson's setup, right after IAM created a role and before the
 * step could record it; a new notebook started against the same sandbox and ledger finds what
 * the dead one left (ledger intents and IAM's tagged resources), reports it on start, and the
 * clean-up removes all of it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { startStandaloneSandbox, waitForLine, type StandaloneSandbox } from './support/processes.ts';

const TOKEN = 'crash-test-token-0123456789-abcdefghij';
let sandbox: StandaloneSandbox;
let sandboxEnv: Record<string, string>;
let stateDir: string;

async function startNotebook(extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['server/main.ts', '--port', '0', '--sandbox-url', sandboxEnv.AWS_ENDPOINT_URL], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...sandboxEnv, WORKSHOP_TOKEN: TOKEN, WORKSHOP_STATE_DIR: stateDir, ...extraEnv },
  });
  const lines: string[] = [];
  child.stdout!.on('data', (d) => lines.push(...String(d).split('\n')));
  const open = await waitForLine(child, /^Open http/);
  const base = /^Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(open)![1];
  const api = (path: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
  return { child, api, lines };
}

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'stsw-crash-'));
  sandbox = await startStandaloneSandbox();
  sandboxEnv = sandbox.env;
});
after(() => sandbox.stop());

test('a notebook killed mid-setup leaves nothing that the next start cannot find and remove', async () => {
  const doomed = await startNotebook({ WORKSHOP_FAULT_AFTER: 'CreateRole' });
  for (const step of ['create-user', 'create-access-key']) {
    const res = await doomed.api(`/api/lessons/assume-role/steps/${step}/run`, { method: 'POST', body: '{}' });
    assert.match(await res.text(), /"status":"succeeded"/, step);
  }
  const died = new Promise<NodeJS.Signals | null>((resolve) => doomed.child.once('exit', (_code, signal) => resolve(signal)));
  await doomed.api('/api/lessons/assume-role/steps/create-role/run', { method: 'POST', body: '{}' }).then((r) => r.text()).catch(() => '');
  assert.equal(await died, 'SIGKILL');

  const iam = new IAMClient({ region: 'us-east-1', endpoint: sandboxEnv.AWS_ENDPOINT_URL, credentials: { accessKeyId: sandboxEnv.AWS_ACCESS_KEY_ID, secretAccessKey: sandboxEnv.AWS_SECRET_ACCESS_KEY } });
  const rolesLeft = (await iam.send(new ListRolesCommand({ PathPrefix: '/sts-workshop/' }))).Roles ?? [];
  assert.equal(rolesLeft.length, 1, 'the sandbox created the role before the server died');

  const next = await startNotebook();
  try {
    for (let i = 0; i < 50 && !next.lines.some((l) => /Found \d+ resources? left by earlier runs/.test(l)); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(next.lines.some((l) => /Found \d+ resources? left by earlier runs/.test(l)), next.lines.join('\n'));
    const found = (await (await next.api('/api/cleanup')).json()).leftovers as { kind: string; name: string; source: string }[];
    const kinds = found.map((l) => `${l.kind}:${l.source}`).sort();
    assert.ok(kinds.includes('role:both'), kinds.join(', '));
    assert.ok(kinds.includes('user:both'), kinds.join(', '));
    const cleaned = await (await next.api('/api/cleanup', { method: 'POST', body: '{}' })).json();
    assert.deepEqual(cleaned.remaining, []);
    assert.deepEqual((await iam.send(new ListUsersCommand({ PathPrefix: '/sts-workshop/' }))).Users, []);
    assert.deepEqual((await iam.send(new ListRolesCommand({ PathPrefix: '/sts-workshop/' }))).Roles, []);
  } finally {
    next.child.kill('SIGTERM');
  }
});
