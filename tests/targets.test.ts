/**
 * Choosing a target at start: the sandbox is the default; `--target aws` with no usable
 * credentials exits with a clear message (and never falls back to the sandbox); a bad target
 * or port is a config error. The notebook process is started as a learner would start it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readConfig } from '../server/config.ts';
import { startStandaloneSandbox } from './support/processes.ts';

test('the sandbox is the default target; aws only when asked', () => {
  assert.equal(readConfig([], {}).target, 'sandbox');
  assert.equal(readConfig(['--target', 'aws', '--profile', 'p', '--region', 'eu-west-1'], {}).target, 'aws');
  assert.deepEqual(readConfig(['--target', 'aws', '--profile', 'p', '--region', 'eu-west-1'], {}).aws, { profile: 'p', region: 'eu-west-1', allowAccounts: [], confirmAccount: undefined });
  assert.equal(readConfig([], { WORKSHOP_TARGET: 'aws' }).target, 'aws');
  assert.throws(() => readConfig(['--target', 'prod'], {}), ConfigError);
  assert.throws(() => readConfig(['--port', '70000'], {}), ConfigError);
  assert.throws(() => readConfig(['--sandbox-url', 'http://10.0.0.5:4566'], {}), ConfigError);
  assert.throws(() => readConfig(['--nope'], {}), ConfigError);
  assert.throws(() => readConfig([], { WORKSHOP_TOKEN: 'short-token' }), ConfigError);
  assert.throws(() => readConfig([], { WORKSHOP_TOKEN: 'a'.repeat(40) }), ConfigError, 'a repeated pattern is refused');
  assert.equal(readConfig([], {}).token.length >= 43, true);
  assert.equal(readConfig([], { WORKSHOP_TOKEN: 'fixed-token-0123456789-abcdefghijklmn' }).token, 'fixed-token-0123456789-abcdefghijklmn');
});

test('--target aws without credentials exits with a clear message', () => {
  const home = mkdtempSync(join(tmpdir(), 'stsw-home-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const result = spawnSync(process.execPath, ['server/main.ts', '--target', 'aws', '--port', '0'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), WORKSHOP_STATE_DIR: join(home, 'state') },
  });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stderr, /--target aws needs AWS credentials, and none worked/);
  assert.doesNotMatch(result.stdout, /Open http/);
});

test('a wrong flag exits with a config error', () => {
  const result = spawnSync(process.execPath, ['server/main.ts', '--target', 'staging'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /Unknown target "staging"/);
});

test('--target aws uses the SDK default chain, shows the account it found, and runs steps there', async () => {
  // A standalone sandbox stands in for AWS: the SDK's own default chain picks up its keys and
  // AWS_ENDPOINT_URL from the environment, exactly as it would pick up a real profile.
  const { spawn } = await import('node:child_process');
  const sandbox = await startStandaloneSandbox();
  try {
    const sandboxEnv = sandbox.env;
    const home = mkdtempSync(join(tmpdir(), 'stsw-home-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    const notebook = spawn(process.execPath, ['server/main.ts', '--target', 'aws', '--port', '0', '--region', 'us-east-1'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...env, ...sandboxEnv, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', WORKSHOP_TOKEN: 'aws-target-token-0123456789-abcdefghij', WORKSHOP_STATE_DIR: join(home, 'state') },
    });
    try {
      const lines = await new Promise<string>((resolve, reject) => {
        let out = '';
        notebook.stdout!.on('data', (d) => {
          out += d;
          if (/Open http/.test(out)) resolve(out);
        });
        notebook.once('exit', () => reject(new Error(out)));
      });
      assert.match(lines, /target aws \(REAL AWS, region us-east-1\), account 123456789012/);
      const base = /Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(lines)![1];
      const headers = { authorization: 'Bearer aws-target-token-0123456789-abcdefghij', 'content-type': 'application/json' };
      const session = await (await fetch(`${base}/api/session`, { headers })).json();
      assert.deepEqual({ target: session.target, accountId: session.accountId, endpoint: session.endpoint }, { target: 'aws', accountId: '123456789012', endpoint: null });
      const run = await (await fetch(`${base}/api/lessons/who-am-i/steps/get-caller-identity/run`, { method: 'POST', headers, body: '{}' })).text();
      assert.match(run, /"Arn":"arn:aws:iam::123456789012:user\/workshop-admin"/);
      assert.ok(!run.includes(sandboxEnv.AWS_SECRET_ACCESS_KEY));
      const clock = await fetch(`${base}/api/sandbox/clock`, { method: 'POST', headers, body: '{"seconds":60}' });
      assert.equal(clock.status, 409, 'sandbox-only controls are refused on a real account');
    } finally {
      notebook.kill('SIGTERM');
    }
  } finally {
    sandbox.stop();
  }
});

test('the notebook also holds [::1] on its port, so nothing else can answer localhost there', async () => {
  const { createServer } = await import('node:net');
  const { listenLoopback } = await import('../server/http/listen-loopback.ts');
  const server = await listenLoopback(() => new Response('ok'), 0);
  try {
    if (!server.ipv6) return; // a machine without IPv6 loopback: 127.0.0.1 only, nothing to squat
    const squatter = createServer();
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      squatter.once('error', resolve);
      squatter.listen(server.port, '::1', () => resolve(undefined));
    });
    squatter.close();
    assert.equal(error?.code, 'EADDRINUSE');
  } finally {
    await server.close();
  }
});
