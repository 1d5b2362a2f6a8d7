/**
 * Fault injection through the real SDK v3 clients: each fault has AWS's code and status per
 * service and changes nothing; the SDK's standard retries classify every fault as retryable
 * (a fault on every request ends after exactly 3 attempts) and, at 30 % faults, carry many calls
 * through; a seed repeats a run; the SetFaults/GetFaults controls need permission and are never
 * faulted themselves, nor are the unsigned extras; bad configuration is a ConfigError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserCommand, DeleteUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError, readConfig, readSandboxConfig } from '../server/config.ts';
import { setSandboxFaults, type SandboxFaults } from '../server/runner/sandbox-control.ts';
import type { Target } from '../server/runner/target.ts';
import { fails, iamSandbox, userWithKey } from './support/iam.ts';
import { signedFetch } from './support/signed-fetch.ts';

const { sandbox, iam } = await iamSandbox();
const admin = { accessKeyId: sandbox.admins[0].accessKeyId, secretAccessKey: sandbox.admins[0].secretAccessKey };
const target: Target = { kind: 'sandbox', region: 'us-east-1', endpoint: sandbox.url, credentials: admin, accountId: '123456789012', arn: '', federationUrl: '' };
const setFaults = (faults: SandboxFaults) => setSandboxFaults(target, faults);
const off = () => setFaults({ rate: 0 });
/** Clients with the SDK's default retry strategy (3 attempts), as the lessons have. */
const retrying = { ...sandbox.config(), maxAttempts: undefined };
const sts = new STSClient(sandbox.config());
const s3 = new S3Client(sandbox.config());
const BUCKET = 'workshop-data-123456789012';
/** What a call that ran out of attempts may end with: a fault, never anything else. */
const FAULT_NAMES = new Set(['Throttling', 'ServiceUnavailable', 'InternalFailure', 'SlowDown', 'InternalError', 'TimeoutError']);

test('each error fault has AWS code and status per service, and nothing runs', async () => {
  const cases = [
    { kind: 'throttle', query: ['Throttling', 400, 'Rate exceeded'], s3: ['SlowDown', 503, 'Please reduce your request rate.'] },
    { kind: 'unavailable', query: ['ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.'], s3: ['ServiceUnavailable', 503, 'Service is unable to handle request.'] },
    { kind: 'internal', query: ['InternalFailure', 500, /unknown error, exception or failure/], s3: ['InternalError', 500, 'We encountered an internal error. Please try again.'] },
  ] as const;
  for (const { kind, query, s3: s3Error } of cases) {
    await setFaults({ rate: 1, kinds: [kind] });
    const sessions = sandbox.state.store.sessions.size;
    const [code, status, message] = query;
    await fails(iam.send(new CreateUserCommand({ UserName: `faulted-${kind}` })), code, status, message);
    await fails(sts.send(new GetSessionTokenCommand({})), code, status, message);
    await assert.rejects(s3.send(new CreateBucketCommand({ Bucket: `faulted-${kind}` })), (e: any) => {
      assert.deepEqual([e.name, e.$metadata.httpStatusCode, e.message], [s3Error[0], s3Error[1], s3Error[2]]);
      assert.match(e.$metadata.requestId ?? '', /./, 'S3 fault answers carry a request id');
      return true;
    });
    await off();
    await fails(iam.send(new GetUserCommand({ UserName: `faulted-${kind}` })), 'NoSuchEntity', 404, /cannot be found/);
    assert.equal(sandbox.state.store.sessions.size, sessions, 'no session was issued');
    await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: `faulted-${kind}` })), (e: any) => e.$metadata.httpStatusCode === 404);
  }
});

test('query faults carry the error Type AWS sends: Sender for throttling, Receiver for 5xx', async () => {
  await setFaults({ rate: 1, kinds: ['throttle'] });
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e: any) => e.Type === 'Sender' && e.$fault === 'client');
  await setFaults({ rate: 1, kinds: ['unavailable'] });
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e: any) => e.Type === 'Receiver' && e.$fault === 'server');
  await off();
});

test('a dropped connection is a network error, and the operation did not run', async () => {
  await setFaults({ rate: 1, kinds: ['drop'] });
  await assert.rejects(iam.send(new CreateUserCommand({ UserName: 'dropped' })), (e: any) => e.code === 'ECONNRESET');
  await assert.rejects(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'dropped', Body: 'x' })), (e: any) => e.code === 'ECONNRESET');
  await off();
  await fails(iam.send(new GetUserCommand({ UserName: 'dropped' })), 'NoSuchEntity', 404, /cannot be found/);
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'dropped' })), (e: any) => e.name === 'NoSuchKey');
});

test('a slow answer arrives late and complete', async () => {
  await setFaults({ rate: 1, kinds: ['slow'], slowMs: 300 });
  const started = Date.now();
  await iam.send(new CreateUserCommand({ UserName: 'slow' }));
  assert.ok(Date.now() - started >= 300, `answered after ${Date.now() - started} ms`);
  await off();
  assert.equal((await iam.send(new GetUserCommand({ UserName: 'slow' }))).User?.UserName, 'slow');
});

test('the SDK retries every fault: on every request, the call gives up after exactly 3 attempts', async () => {
  for (const kind of ['throttle', 'unavailable', 'internal', 'drop'] as const) {
    await setFaults({ rate: 1, kinds: [kind] });
    await assert.rejects(new STSClient(retrying).send(new GetCallerIdentityCommand({})), (e: any) => {
      assert.equal(e.$metadata.attempts, 3, `${kind}: ${e.name} after ${e.$metadata.attempts} attempts`);
      return true;
    });
  }
  await setFaults({ rate: 1, kinds: ['unavailable'] });
  await assert.rejects(new S3Client(retrying).send(new HeadBucketCommand({ Bucket: BUCKET })), (e: any) => e.$metadata.attempts === 3);
  await off();
});

/** A mixed workload; the outcome of each call ('ok' or its error) and the attempts it took. */
async function workload(clients: { iam: IAMClient; sts: STSClient; s3: S3Client }, rounds: number, tag: string) {
  const outcomes: string[] = [];
  const run = async (call: () => Promise<{ $metadata: { attempts?: number } }>) => {
    try {
      outcomes.push(`ok/${(await call()).$metadata.attempts}`);
    } catch (e: any) {
      outcomes.push(`${e.name}/${e.$metadata?.attempts}`);
    }
  };
  for (let i = 0; i < rounds; i++) {
    const user = `${tag}-${i}`;
    await run(() => clients.iam.send(new CreateUserCommand({ UserName: user })));
    await run(() => clients.sts.send(new GetCallerIdentityCommand({})));
    await run(() => clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: user, Body: user })));
    await run(() => clients.iam.send(new GetUserCommand({ UserName: user })));
    await run(() => clients.iam.send(new DeleteUserCommand({ UserName: user })));
  }
  return outcomes;
}

const retryingClients = () => ({ iam: new IAMClient(retrying), sts: new STSClient(retrying), s3: new S3Client(retrying) });

test('at 10 % faults, 100 calls all complete through the default retries', async () => {
  // A call fails only when all 3 attempts meet a fault (0.1³ = 0.1 %, so about one run of 100
  // calls in ten has one): seed 1 gives a run without, the next test one with.
  await setFaults({ rate: 0.1, seed: 1, slowMs: 20 });
  const outcomes = await workload(retryingClients(), 20, 'ten');
  await off();
  assert.deepEqual(outcomes.filter((o) => !o.startsWith('ok/')), [], 'every call succeeded');
  const retried = outcomes.filter((o) => o !== 'ok/1').length;
  assert.ok(retried >= 5, `the faults were real: ${retried} of ${outcomes.length} calls needed a retry`);
});

test('at 30 % faults, every call completes through the retries or fails cleanly with a fault after 3 attempts', async () => {
  // 0.3³ ≈ 2.7 % of calls meet a fault on all 3 attempts: with seed 42, a few of these 100 do.
  await setFaults({ rate: 0.3, seed: 42, slowMs: 20 });
  const outcomes = await workload(retryingClients(), 20, 'thirty');
  await off();
  const failed = outcomes.filter((o) => !o.startsWith('ok/'));
  for (const outcome of failed) {
    const [name, attempts] = outcome.split('/');
    assert.ok(FAULT_NAMES.has(name) && attempts === '3', `failed cleanly: ${outcome}`);
  }
  assert.ok(failed.length >= 1 && failed.length <= 5, `${failed.length} of 100 calls failed: ${failed}`);
  assert.ok(outcomes.filter((o) => o !== 'ok/1').length >= 15, 'the faults were real');
});

test('the same seed repeats the same faults; another seed does not', async () => {
  const clients = { iam, sts, s3 }; // one attempt each: every fault shows
  const runWith = async (seed: number, tag: string) => {
    await setFaults({ rate: 0.5, seed, kinds: ['throttle', 'unavailable', 'internal', 'drop'] });
    const outcomes = await workload(clients, 6, tag);
    await off();
    return outcomes;
  };
  const first = await runWith(7, 'seed-a');
  assert.ok(first.some((o) => o.startsWith('ok/')) && first.some((o) => !o.startsWith('ok/')));
  assert.deepEqual(await runWith(7, 'seed-b'), first);
  assert.notDeepEqual(await runWith(8, 'seed-c'), first);
});

test('GetFaults and SetFaults: reported settings, AWS-style validation, administrators only', async () => {
  const control = (body: string, credentials = admin) => signedFetch({ url: sandbox.url, service: 'sandbox', body: `Version=2026-11-01&${body}`, credentials });
  const set = await control('Action=SetFaults&Rate=0.25&Seed=9&Kinds.member.1=throttle&Kinds.member.2=slow&SlowMs=150');
  assert.equal(set.status, 200, await set.clone().text());
  const got = await (await control('Action=GetFaults')).text();
  assert.match(got, /<Rate>0.25<\/Rate><Seed>9<\/Seed><Kinds><member>throttle<\/member><member>slow<\/member><\/Kinds><SlowMs>150<\/SlowMs>/);
  assert.deepEqual(await setFaults({ rate: 0.1 }).then(({ rate, kinds, slowMs }) => ({ rate, kinds, slowMs })), {
    rate: 0.1,
    kinds: ['throttle', 'unavailable', 'internal', 'drop', 'slow'],
    slowMs: 2000,
  });
  assert.match(await (await control('Action=GetFaults')).text(), /<Seed>\d+<\/Seed>/, 'a seed is chosen and reported when none is given');

  const invalid: [string, RegExp][] = [
    ['Rate=1.5', /Value '1.5' at 'rate' failed to satisfy constraint: Member must have value less than or equal to 1/],
    ['Rate=-0.1', /at 'rate' failed to satisfy constraint: Member must be a number/],
    ['Seed=1', /Value null at 'rate'/],
    ['Rate=0.1&Kinds.member.1=boom', /Value 'boom' at 'kinds.1.member' failed to satisfy constraint: Member must satisfy enum value set/],
    ['Rate=0.1&SlowMs=600000', /at 'slowMs' failed to satisfy constraint: Member must have value less than or equal to 60000/],
  ];
  for (const [params, message] of invalid) {
    const response = await control(`Action=SetFaults&${params}`);
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.match(text, /<Code>ValidationError<\/Code>/);
    assert.match(text, message);
  }

  await off(); // the IAM calls below must not meet the faults just set
  const plain = await userWithKey(iam, 'not-an-admin');
  for (const action of ['SetFaults&Rate=1', 'GetFaults']) {
    const denied = await control(`Action=${action}`, plain);
    assert.equal(denied.status, 403);
    assert.match(await denied.text(), new RegExp(`not authorized to perform: sandbox:${action.split('&')[0]}`));
  }
  await off();
});

test('the control service and the unsigned extras are never faulted', async () => {
  await setFaults({ rate: 1, kinds: ['drop'] });
  for (let i = 0; i < 5; i++) {
    const response = await signedFetch({ url: sandbox.url, service: 'sandbox', body: 'Version=2026-11-01&Action=GetFaults', credentials: admin });
    assert.equal(response.status, 200);
    const page = await fetch(`${sandbox.url}/console/`);
    assert.ok(page.status < 500, `console answered ${page.status}`);
    await page.body?.cancel();
  }
  await off();
});

test('faults from flags and environment; bad values are a ConfigError', () => {
  assert.equal(readSandboxConfig([], {}).faults, undefined);
  assert.deepEqual(readSandboxConfig(['--faults', '0.1', '--fault-seed', '42'], {}).faults, {
    rate: 0.1,
    seed: 42,
    kinds: ['throttle', 'unavailable', 'internal', 'drop', 'slow'],
    slowMs: 2000,
  });
  assert.deepEqual(readSandboxConfig([], { SANDBOX_FAULTS: '10%', SANDBOX_FAULT_KINDS: 'throttle, drop', SANDBOX_FAULT_SLOW_MS: '500' }).faults, {
    rate: 0.1,
    seed: undefined,
    kinds: ['throttle', 'drop'],
    slowMs: 500,
  });
  assert.equal(readConfig(['--faults', '0.3', '--fault-kinds', 'internal'], {}).sandbox.faults?.rate, 0.3);
  const bad: [string[], Record<string, string>, RegExp][] = [
    [['--faults', '1.5'], {}, /--faults \(SANDBOX_FAULTS\) must be a share of requests from 0 to 1/],
    [[], { SANDBOX_FAULTS: 'lots' }, /got "lots"/],
    [['--faults', '0.1', '--fault-seed=-3'], {}, /--fault-seed \(SANDBOX_FAULT_SEED\) must be an integer/],
    [['--faults', '0.1', '--fault-kinds', 'throttle,boom'], {}, /unknown kind "boom"/],
    [['--faults', '0.1', '--fault-slow-ms', '90000'], {}, /--fault-slow-ms \(SANDBOX_FAULT_SLOW_MS\) must be 0-60000 ms/],
    [['--fault-seed', '42'], {}, /need --faults RATE/],
  ];
  for (const [argv, env, message] of bad) {
    assert.throws(() => readSandboxConfig(argv, env), (e: Error) => e instanceof ConfigError && message.test(e.message));
  }
});
