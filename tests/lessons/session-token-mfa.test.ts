/**
 * Lesson "Get a session token that requires MFA" through the runner, against the embedded
 * sandbox: setup → usage → teardown with codes from the built-in authenticator's API and the
 * sandbox clock advanced 30 s between code uses; the expected denials (ListBuckets with a
 * session token made without MFA; GetSessionToken with session credentials); a reused code
 * refused with AWS's message and changing nothing; wrong codes at enable refused and the lesson
 * going on after a retry; order, idempotent setup, no secret in the stream, nothing left over.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MFA_CODE_REFUSED, notTheCurrentCode } from '../../src/lessons/shared/mfa-setup.ts';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';

const LESSON = 'session-token-mfa';
const ACCOUNT = '123456789012';
const PATH = '/sts-workshop/';

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook();
});
after(() => nb.close());

const account = () => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;

async function authenticator(): Promise<{ status: number; body: any }> {
  const res = await nb.request(`/api/lessons/${LESSON}/authenticator`);
  return { status: res.status, body: await res.json() };
}
async function codes(): Promise<{ serialNumber: string; code: string; nextCode: string; secondsLeft: number }> {
  const { status, body } = await authenticator();
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}
async function advance(seconds = 30) {
  const res = await nb.request('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds }) });
  assert.equal(res.status, 200);
}
/** Codes from the start of a 30-second window, so that the wall clock cannot roll it over mid-test. */
async function freshWindow() {
  const now = await codes();
  if (now.secondsLeft >= 10) return now;
  await advance(now.secondsLeft);
  return codes();
}
const streamed: string[] = [];
async function step(id: string, inputs: Record<string, string> = {}) {
  const out = await runToEnd(nb, LESSON, id, inputs);
  streamed.push(JSON.stringify(out.events));
  return out;
}
function ours() {
  const a = account();
  return {
    users: [...a.users.values()].filter((u) => u.path === PATH).map((u) => u.name),
    roles: [...a.roles.values()].filter((r) => r.path === PATH).map((r) => r.name),
    policies: [...a.policies.values()].filter((p) => p.path === PATH).map((p) => p.name),
    mfaDevices: [...a.mfaDevices.values()].filter((d) => d.path === PATH).map((d) => d.serial),
    keys: [...nb.sandbox!.state.store.accessKeys.values()].filter((k) => k.userName?.startsWith('stsw-')).map((k) => k.id),
  };
}
const NOTHING = { users: [], roles: [], policies: [], mfaDevices: [], keys: [] };

test('steps run out of order are refused, and the authenticator has no device yet', async () => {
  assert.equal((await authenticator()).status, 404);
  for (const [id, inputs] of [
    ['create-mfa-device', {}],
    ['enable-mfa-device', { code1: '123456', code2: '654321' }],
    ['get-session-token-without-mfa', {}],
    ['list-buckets-without-mfa', {}],
    ['get-session-token-with-mfa', { code: '123456' }],
    ['list-buckets-with-mfa', {}],
    ['get-session-token-from-session', {}],
  ] as const) {
    const res = await run(nb, LESSON, id, inputs);
    assert.equal(res.status, 409, id);
    assert.equal((await res.json()).error.code, 'OutOfOrder', id);
  }
  assert.deepEqual(ours(), NOTHING);
});

test('setup → usage → teardown, with the built-in authenticator and a sandbox clock moved 30 s between codes', async () => {
  // ── setup ─────────────────────────────────────────────────────────────────────────────
  const user = await step('create-user');
  assert.equal(user.end.status, 'succeeded');
  assert.match(user.result.Arn, /^arn:aws:iam::123456789012:user\/sts-workshop\/stsw-[a-z2-7]+-user$/);
  assert.equal((await step('create-user')).result.Arn, user.result.Arn);
  assert.equal(ours().users.length, 1, 'running create-user twice made one user');

  const device = await step('create-mfa-device');
  assert.equal(device.end.status, 'succeeded');
  const serial: string = device.result.SerialNumber;
  assert.match(serial, /^arn:aws:iam::123456789012:mfa\/sts-workshop\/stsw-[a-z2-7]+-mfa$/);
  assert.equal((await step('create-mfa-device')).result.SerialNumber, serial);
  assert.equal(ours().mfaDevices.length, 1, 'running create-mfa-device twice made one device');
  const seed = account().mfaDevices.get(serial)!.seed;

  // Wrong codes at enable, then the right ones.
  const first = await freshWindow();
  assert.equal(first.serialNumber, serial);
  const bad = notTheCurrentCode(first.code, first.nextCode);
  const refused = await step('enable-mfa-device', { code1: bad, code2: first.code });
  assert.equal(refused.end.status, 'failed');
  assert.match(refused.error.name, /^InvalidAuthenticationCode/);
  assert.equal(refused.error.message, 'Authentication code for device is not valid.');
  // Two codes that are not consecutive (the next one first) are refused too.
  const swapped = await step('enable-mfa-device', { code1: first.nextCode, code2: first.code });
  assert.equal(swapped.end.status, 'failed');
  assert.equal(ours().mfaDevices.length, 1);
  assert.equal(account().mfaDevices.get(serial)?.userName, undefined);
  const enabled = await step('enable-mfa-device', { code1: first.code, code2: first.nextCode });
  assert.equal(enabled.end.status, 'succeeded', JSON.stringify(enabled.error));
  assert.equal(account().mfaDevices.get(serial)?.userName, user.result.UserName);

  const key = await step('create-access-key');
  assert.equal(key.end.status, 'succeeded');
  assert.match(key.result.AccessKeyId, /^AKIA/);
  assert.equal((await step('create-access-key')).result.AccessKeyId, key.result.AccessKeyId);
  assert.equal(ours().keys.length, 1, 'running create-access-key twice made one key');
  const userKeySecret = nb.sandbox!.state.store.accessKeys.get(key.result.AccessKeyId)!.secret;

  const policy = await step('allow-list-buckets-with-mfa');
  assert.equal(policy.end.status, 'succeeded');
  assert.deepEqual(JSON.parse(account().users.get(user.result.UserName)!.inlinePolicies.get(policy.result.PolicyName)!.text), {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } },
    ],
  });
  assert.equal((await step('allow-list-buckets-with-mfa')).result.PolicyName, policy.result.PolicyName);
  assert.equal(account().users.get(user.result.UserName)!.inlinePolicies.size, 1);

  // ── usage ─────────────────────────────────────────────────────────────────────────────
  const sessions = () => nb.sandbox!.state.store.sessions.size;

  const plain = await step('get-session-token-without-mfa');
  assert.equal(plain.end.status, 'succeeded');
  assert.match(plain.result.AccessKeyId, /^ASIA/);
  const plainSession = nb.sandbox!.state.store.sessions.get(plain.result.AccessKeyId)
    ?? [...nb.sandbox!.state.store.sessions.values()].find((s) => s.accessKeyId === plain.result.AccessKeyId)!;
  assert.equal(plainSession.source, 'GetSessionToken');
  assert.equal(plainSession.expiresAt - plainSession.issuedAt, 900_000);

  const deniedList = await step('list-buckets-without-mfa');
  assert.equal(deniedList.end.status, 'expected-failure');
  assert.equal(deniedList.error.name, 'AccessDenied');
  assert.ok(deniedList.events.some((e) => e.type === 'log' && /aws:MultiFactorAuthPresent is false/.test(e.text)));

  // The current code is the first enable code, and 30 s later the second: both already used.
  await advance(30);
  const used = await codes();
  assert.equal(used.code, first.nextCode);
  const before = sessions();
  const reusedFromEnable = await step('get-session-token-with-mfa', { code: used.code });
  assert.equal(reusedFromEnable.end.status, 'failed');
  assert.equal(reusedFromEnable.error.name, 'AccessDenied');
  assert.equal(reusedFromEnable.error.message, MFA_CODE_REFUSED);
  assert.equal(sessions(), before, 'a refused code issues nothing');

  await advance(30);
  const fresh = await codes();
  const withMfa = await step('get-session-token-with-mfa', { code: fresh.code });
  assert.equal(withMfa.end.status, 'succeeded', JSON.stringify(withMfa.error));
  assert.match(withMfa.result.AccessKeyId, /^ASIA/);
  assert.equal(sessions(), before + 1);

  const reused = await step('get-session-token-with-mfa', { code: fresh.code });
  assert.equal(reused.end.status, 'failed');
  assert.equal(reused.error.message, MFA_CODE_REFUSED);
  assert.equal(sessions(), before + 1, 'a reused code issues nothing');
  assert.equal((nb.workshop.stateOf(LESSON) as any).mfaSession.accessKeyId, withMfa.result.AccessKeyId, 'the lesson keeps the earlier session');

  await advance(30);
  const again = await step('get-session-token-with-mfa', { code: (await codes()).code });
  assert.equal(again.end.status, 'succeeded');

  const listed = await step('list-buckets-with-mfa');
  assert.equal(listed.end.status, 'succeeded', JSON.stringify(listed.error));
  assert.ok(listed.result.Buckets.includes('workshop-data-123456789012'));

  const fromSession = await step('get-session-token-from-session');
  assert.equal(fromSession.end.status, 'expected-failure');
  assert.equal(fromSession.error.name, 'AccessDenied');
  assert.equal(fromSession.error.message, 'Cannot call GetSessionToken with session credentials');

  // ── teardown ──────────────────────────────────────────────────────────────────────────
  const teardown = await step('delete-user');
  assert.equal(teardown.end.status, 'succeeded', JSON.stringify(teardown.error));
  assert.ok(teardown.events.some((e) => e.type === 'log' && /cannot be revoked/.test(e.text)));
  const ops = teardown.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
  assert.ok(ops.indexOf('DeactivateMFADevice') < ops.indexOf('DeleteVirtualMFADevice'));
  assert.ok(ops.indexOf('DeleteVirtualMFADevice') < ops.indexOf('DeleteUser'));
  assert.ok(ops.indexOf('DeleteAccessKey') < ops.indexOf('DeleteUser'));
  assert.ok(ops.indexOf('DeleteUserPolicy') < ops.indexOf('DeleteUser'));

  assert.deepEqual(ours(), NOTHING);
  assert.equal((await authenticator()).status, 404);
  const outstanding = (await nb.workshop.ledgerFor(LESSON, 'check').outstanding()).filter((r) => r.lesson === LESSON);
  assert.deepEqual(outstanding, []);

  const text = streamed.join('\n');
  assert.ok(!text.includes(seed), 'seed in the stream');
  assert.ok(!text.includes(Buffer.from(seed).toString('base64')), 'base64 seed in the stream');
  assert.ok(!text.includes(userKeySecret), "the user's secret access key in the stream");
  for (const s of nb.sandbox!.state.store.sessions.values()) {
    if (s.userName !== user.result.UserName) continue;
    assert.ok(!text.includes(s.secret), 'a session secret in the stream');
    assert.ok(!text.includes(s.token), 'a session token in the stream');
  }
});

test('a failed enable leaves the lesson able to tear down what setup made', async () => {
  assert.equal((await step('create-user')).end.status, 'succeeded');
  assert.equal((await step('create-mfa-device')).end.status, 'succeeded');
  const first = await freshWindow();
  const refused = await step('enable-mfa-device', { code1: notTheCurrentCode(first.code, first.nextCode), code2: first.code });
  assert.equal(refused.end.status, 'failed');
  assert.equal((await step('delete-user')).end.status, 'succeeded');
  assert.deepEqual(ours(), NOTHING);
});
