/**
 * "Seeing what happened" through the API with a whole notebook in process: the credentials
 * panel's list (`GET …/credentials`: what the lesson holds, never a secret, expiry on the
 * sandbox's clock, expired after the lesson's fast-forward, gone after the teardown) and the
 * try-it cell (`POST …/try`: one SDK call with a held credential, the same events as a step,
 * secrets redacted; a create recorded under the lesson's run, under /sts-workshop/ with its tag,
 * removed by the lesson's teardown or the clean-up; a bad request refused before anything runs;
 * Stop).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepEvent } from '../src/lessons/events.ts';
import type { CredentialsAnswer } from '../src/lessons/credentials.ts';
import { events, runToEnd, testNotebook } from './support/notebook.ts';

type Nb = Awaited<ReturnType<typeof testNotebook>>;
const LESSON = 'assume-role';
const ACCOUNT = '123456789012';
const SETUP = ['create-user', 'create-access-key', 'create-role', 'attach-read-only', 'allow-assume-role'];

async function ok(nb: Nb, step: string) {
  const out = await runToEnd(nb, LESSON, step);
  assert.equal(out.end.status, 'succeeded', `${step}: ${JSON.stringify(out.error)}`);
  return out;
}
async function credentials(nb: Nb): Promise<{ text: string; body: CredentialsAnswer }> {
  const res = await nb.request(`/api/lessons/${LESSON}/credentials`);
  assert.equal(res.status, 200);
  const text = await res.text();
  return { text, body: JSON.parse(text) };
}
const tryIt = (nb: Nb, body: unknown, lesson = LESSON) => nb.request(`/api/lessons/${lesson}/try`, { method: 'POST', body: JSON.stringify(body) });
async function tryToEnd(nb: Nb, body: unknown) {
  const res = await tryIt(nb, body);
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /application\/x-ndjson/);
  const text = await res.text();
  const list = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as StepEvent);
  return { text, list, end: list.at(-1) as Extract<StepEvent, { type: 'end' }>, result: (list.find((e) => e.type === 'result') as any)?.value };
}
/** Every secret the sandbox issued so far. */
function issued(nb: Nb): string[] {
  const store = nb.sandbox!.state.store;
  const secrets = [...store.accessKeys.values()].map((k) => k.secret);
  for (const s of store.sessions.values()) secrets.push(s.secret, s.token);
  return secrets;
}
function assertNoSecret(text: string, secrets: string[], where: string) {
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
      assert.equal(text.includes(form), false, `a secret (${secret.slice(0, 4)}…) is in the ${where}`);
    }
  }
}
const account = (nb: Nb) => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const outstanding = (nb: Nb) => nb.workshop.ledgerFor(LESSON, 'x').outstanding();

test('the credentials panel lists what the lesson holds, on the sandbox clock, and never a secret', async () => {
  const nb = await testNotebook();
  try {
    const fresh = (await credentials(nb)).body;
    assert.deepEqual(fresh.credentials.map((c) => c.name), ['notebook']);
    assert.equal(fresh.credentials[0].principal, nb.target.arn);
    assert.match(fresh.credentials[0].accessKeyId!, /^AKIA/);

    for (const step of SETUP) await ok(nb, step);
    await ok(nb, 'assume-role');
    let { text, body } = await credentials(nb);
    assertNoSecret(text, issued(nb), 'credentials answer');
    const [, userKey, session] = body.credentials;
    assert.deepEqual([userKey.name, userKey.kind, userKey.label], ['userKey', 'access-key', "The user's access key"]);
    assert.match(userKey.principal, /:user\/sts-workshop\/stsw-[a-z2-7]+-user$/);
    assert.equal(userKey.expiration, undefined);
    assert.deepEqual([session.name, session.kind, session.expired], ['session', 'role-session', false]);
    assert.match(session.principal, /^arn:aws:sts::123456789012:assumed-role\/stsw-[a-z2-7]+-role\/stsw-[a-z2-7]+-session$/);
    assert.match(session.accessKeyId!, /^ASIA/);
    assert.ok(session.secondsLeft! > 880 && session.secondsLeft! <= 900, `15 minutes left: ${session.secondsLeft}`);
    assert.deepEqual(session.heldBy, { id: 'assume-role', title: 'Assume the role' });
    assert.deepEqual(
      session.neededBy.map((s) => s.id),
      ['list-buckets-as-role', 'who-am-i-now', 'write-is-denied', 'wait-for-expiry'],
    );

    // The sandbox's clock runs ahead of the wall: the expiry follows it, not the notebook's.
    const moved = await nb.request('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds: 300 }) });
    assert.equal(moved.status, 200);
    ({ body } = await credentials(nb));
    assert.equal(body.credentials[2].expiration, session.expiration, 'the same expiry');
    assert.ok(body.credentials[2].secondsLeft! > 580 && body.credentials[2].secondsLeft! <= 600, `five minutes less: ${body.credentials[2].secondsLeft}`);
    assert.ok(Date.parse(body.now) - Date.now() > 290_000, 'now is the sandbox clock');

    // The lesson's own fast-forward (AgeCredentials) expires the session.
    await ok(nb, 'wait-for-expiry');
    ({ body } = await credentials(nb));
    assert.equal(body.credentials[2].expired, true);
    assert.ok(body.credentials[2].secondsLeft! <= 0);
    assert.equal(body.credentials[1].expired, false, 'the long-term key does not expire');

    await ok(nb, 'delete-role');
    await ok(nb, 'delete-user');
    ({ body } = await credentials(nb));
    assert.deepEqual(body.credentials.map((c) => c.name), ['notebook'], 'a torn-down lesson holds nothing');
    assert.equal((await nb.request('/api/lessons/nope/credentials')).status, 404);
  } finally {
    await nb.close();
  }
});

test('try it: one SDK call as a held credential, with the same events as a step, secrets redacted', async () => {
  const nb = await testNotebook();
  try {
    for (const step of SETUP) await ok(nb, step);
    await ok(nb, 'assume-role');
    const me = await tryToEnd(nb, { credential: 'session', service: 'sts', operation: 'GetCallerIdentity', input: {} });
    assert.deepEqual(me.list.map((e) => e.type), ['start', 'log', 'call', 'result', 'end']);
    assert.equal(me.end.status, 'succeeded');
    assert.match(me.result.Arn, /:assumed-role\/stsw-[a-z2-7]+-role\/stsw-[a-z2-7]+-session$/);
    assert.equal(me.result.$metadata, undefined);
    const call = me.list.find((e) => e.type === 'call') as Extract<StepEvent, { type: 'call' }>;
    assert.equal(call.signer?.accessKeyId, (await credentials(nb)).body.credentials[2].accessKeyId, 'signed by the role session');

    // As the user, denied: the AWS error, as a step shows it.
    const denied = await tryToEnd(nb, { credential: 'userKey', service: 's3', operation: 'ListBuckets', input: {} });
    assert.equal(denied.end.status, 'failed');
    assert.equal((denied.list.find((e) => e.type === 'error') as any).name, 'AccessDenied');

    // A fresh role session through try it: its secret key and token are redacted everywhere.
    const roleArn = (nb.workshop.stateOf(LESSON) as any).roleArn;
    const assumed = await tryToEnd(nb, { credential: 'userKey', service: 'sts', operation: 'AssumeRole', input: { RoleArn: roleArn, RoleSessionName: 'try', DurationSeconds: 900 } });
    assert.equal(assumed.end.status, 'succeeded');
    assert.match(assumed.result.Credentials.AccessKeyId, /^ASIA/);
    assertNoSecret(assumed.text, issued(nb), 'try-it stream');
    assert.ok(assumed.text.includes('"SessionToken":"'), 'the field is there, its value masked');
    assertNoSecret(nb.logLines.join('\n'), issued(nb), 'server log');

    // Not a step: no status, and the lesson's steps still run after it.
    const lessons = (await (await nb.request('/api/lessons')).json()).lessons;
    assert.equal(lessons.find((l: any) => l.slug === LESSON).steps.some((s: any) => s.id === 'try-it'), false);
    await ok(nb, 'who-am-i-now');
  } finally {
    await nb.close();
  }
});

test('a bad try is refused before anything runs', async () => {
  const nb = await testNotebook();
  try {
    const refused = async (body: unknown, status: number, code: string, message?: RegExp) => {
      const res = await tryIt(nb, body);
      assert.equal(res.status, status, JSON.stringify(body));
      const answer = await res.json();
      assert.equal(answer.error.code, code, JSON.stringify(answer));
      if (message) assert.match(answer.error.message, message);
    };
    const calls = () => nb.sandbox!.state.store.accounts.get(ACCOUNT)!.users.size;
    const before = calls();
    await refused({ credential: 'notebook', service: 'sts', operation: 'Eval', input: {} }, 400, 'BadInput', /not an operation of STS/);
    await refused({ credential: 'notebook', service: 'ec2', operation: 'DescribeInstances', input: {} }, 400, 'BadInput', /sts, iam or s3/);
    await refused({ credential: 'notebook', service: 's3', operation: 'GetObject', input: { Bucket: 'b', Key: 'k' } }, 400, 'BadInput');
    await refused({ credential: 'notebook', service: 'sts', operation: 'GetCallerIdentity', input: [] }, 400, 'BadInput', /JSON object/);
    await refused({ credential: 'notebook', service: 'sts', operation: 'GetCallerIdentity', input: 'x' }, 400, 'BadInput', /JSON object/);
    await refused({ credential: 'notebook', service: 'sts', operation: 'GetCallerIdentity' }, 400, 'BadInput', /JSON object/);
    await refused({ credential: 'session', service: 'sts', operation: 'GetCallerIdentity', input: {} }, 400, 'NoSuchCredential', /run the step that makes them/);
    await refused({ credential: 'notebook', service: 'iam', operation: 'CreateGroup', input: { GroupName: 'g' } }, 400, 'BadInput', /does not run CreateGroup/);
    await refused({ credential: 'notebook', service: 's3', operation: 'CreateBucket', input: { Bucket: 'b' } }, 400, 'BadInput', /nothing could find and remove/);
    await refused({ credential: 'notebook', service: 'iam', operation: 'CreateUser', input: {} }, 400, 'BadInput', /needs UserName/);
    await refused({ credential: 'notebook', service: 'iam', operation: 'CreateUser', input: { UserName: 'x', Path: '/elsewhere/' } }, 400, 'BadInput', /only under \/sts-workshop\//);
    await refused({ credential: 'notebook', service: 'iam', operation: 'CreateAccessKey', input: { UserName: 'workshop-admin' } }, 400, 'NotOurs', /only if this lesson's run made it/);
    await refused({ credential: 'notebook', service: 'iam', operation: 'AttachUserPolicy', input: { UserName: 'workshop-admin', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }, 400, 'NotOurs');
    assert.equal((await tryIt(nb, { credential: 'notebook', service: 'sts', operation: 'GetCallerIdentity', input: {} }, 'nope')).status, 404);
    const raw = await nb.request(`/api/lessons/${LESSON}/try`, { method: 'POST', body: 'not json' });
    assert.equal(raw.status, 400);
    assert.equal(calls(), before, 'nothing was created');
    assert.deepEqual(await outstanding(nb), [], 'nothing was recorded');
    // One run at a time, and nothing is running now.
    assert.equal((await nb.request(`/api/lessons/${LESSON}/try/stop`, { method: 'POST', body: '{}' })).status, 409);
  } finally {
    await nb.close();
  }
});

test("a create through try it is tracked, tagged, under the path, and goes with the lesson's teardown", async () => {
  const nb = await testNotebook();
  try {
    for (const step of SETUP) await ok(nb, step);
    const runId = /stsw-([a-z2-7]+)-user/.exec((nb.workshop.stateOf(LESSON) as any).userName)![1];
    const made = await tryToEnd(nb, { credential: 'notebook', service: 'iam', operation: 'CreateUser', input: { UserName: 'alice', Tags: [{ Key: 'team', Value: 'blue' }] } });
    assert.equal(made.end.status, 'succeeded', made.text);
    const alice = account(nb).users.get('alice')!;
    assert.equal(alice.path, '/sts-workshop/');
    assert.deepEqual(
      alice.tags.map((t) => `${t.Key}=${t.Value}`).sort(),
      ['sts-workshop:lesson=assume-role', `sts-workshop:run=${runId}`, 'team=blue'],
    );
    const records = (await outstanding(nb)).filter((r) => r.name === 'alice');
    assert.deepEqual(records.map((r) => [r.kind, r.runId, r.lesson]), [['user', runId, LESSON]]);
    assert.match(records[0].arn ?? '', /:user\/sts-workshop\/alice$/);
    // A key and an inline policy on a user of this run: recorded as its children.
    const key = await tryToEnd(nb, { credential: 'notebook', service: 'iam', operation: 'CreateAccessKey', input: { UserName: 'alice' } });
    assert.equal(key.end.status, 'succeeded');
    assertNoSecret(key.text, issued(nb), 'CreateAccessKey stream');
    const policy = await tryToEnd(nb, { credential: 'notebook', service: 'iam', operation: 'PutUserPolicy', input: { UserName: (nb.workshop.stateOf(LESSON) as any).userName, PolicyName: 'extra', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) } });
    assert.equal(policy.end.status, 'succeeded');

    // A virtual MFA device: its seed and QR code are bytes, left out of the answer, and redacted.
    const device = await tryToEnd(nb, { credential: 'notebook', service: 'iam', operation: 'CreateVirtualMFADevice', input: { VirtualMFADeviceName: 'try-device' } });
    assert.equal(device.end.status, 'succeeded', device.text);
    assert.match(device.result.VirtualMFADevice.Base32StringSeed, /^\(\d+ bytes, not shown\)$/);
    assert.match(device.result.VirtualMFADevice.QRCodePNG, /^\(\d+ bytes, not shown\)$/);
    const seeds = [...account(nb).mfaDevices.values()].map((d: any) => d.seed as string);
    assert.ok(seeds.length > 0);
    assertNoSecret(device.text, seeds, 'CreateVirtualMFADevice stream');

    const teardown = await ok(nb, 'delete-role');
    assert.ok(teardown.events.some((e) => e.type === 'log' && /Also removing what Try it made in this run: .*user alice/.test(e.text)), 'said so');
    assert.equal(account(nb).users.has('alice'), false, 'alice went with the first teardown step');
    assert.equal([...account(nb).mfaDevices.keys()].some((k) => k.includes('try-device')), false, 'so did the device');
    await ok(nb, 'delete-user');
    assert.deepEqual(await outstanding(nb), [], 'nothing outstanding');
    assert.deepEqual(nb.workshop.stateOf(LESSON), {}, 'the run-through ended');
  } finally {
    await nb.close();
  }
});

test('what try it made is found and removed by the clean-up', async () => {
  const nb = await testNotebook();
  try {
    const made = await tryToEnd(nb, { credential: 'notebook', service: 'iam', operation: 'CreateRole', input: { RoleName: 'tried-role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }) } });
    assert.equal(made.end.status, 'succeeded', made.text);
    assert.equal(account(nb).roles.get('tried-role')!.path, '/sts-workshop/');
    const found = await (await nb.request('/api/cleanup')).json();
    assert.ok(JSON.stringify(found).includes('tried-role'), JSON.stringify(found));
    const cleaned = await nb.request('/api/cleanup', { method: 'POST', body: '{}' });
    assert.equal(cleaned.status, 200, await cleaned.clone().text());
    assert.equal(account(nb).roles.has('tried-role'), false);
    assert.deepEqual(await outstanding(nb), []);
  } finally {
    await nb.close();
  }
});

test('Stop stops a try in flight', async () => {
  const nb = await testNotebook({ env: { SANDBOX_FAULTS: '1', SANDBOX_FAULT_KINDS: 'slow', SANDBOX_FAULT_SLOW_MS: '20000' } });
  try {
    const res = await tryIt(nb, { credential: 'notebook', service: 'sts', operation: 'GetCallerIdentity', input: {} });
    assert.equal(res.status, 200);
    const busy = await tryIt(nb, { credential: 'notebook', service: 'sts', operation: 'GetCallerIdentity', input: {} });
    assert.equal(busy.status, 409, 'one run at a time');
    assert.match((await busy.json()).error.message, /"Try it" is still running/);
    const stepBusy = await nb.request(`/api/lessons/${LESSON}/steps/create-user/run`, { method: 'POST', body: '{}' });
    assert.equal(stepBusy.status, 409);
    const stop = await nb.request(`/api/lessons/${LESSON}/try/stop`, { method: 'POST', body: '{}' });
    assert.equal(stop.status, 202);
    const list = await events(res);
    const end = list.at(-1);
    assert.equal(end?.type === 'end' && end.status, 'cancelled');
  } finally {
    await nb.close();
  }
});
