/**
 * Lesson "Assume a role that requires MFA" through the runner, against the embedded sandbox:
 * setup → usage → teardown with codes from the built-in authenticator's API, the sandbox clock
 * advanced 30 s between code uses; the expected denials (no MFA, a wrong code); a reused code
 * refused with AWS's message and changing nothing; wrong codes at enable refused and the lesson
 * going on after a retry; order, idempotent setup, no secret in the stream, nothing left over.
 * Also the fresh-code retry helper on its own.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MFA_CODE_REFUSED, notTheCurrentCode, retryWithFreshCode } from '../../src/lessons/shared/mfa-setup.ts';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';

const LESSON = 'assume-role-mfa';
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
/** Everything the run streamed, as text, for the secret checks. */
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

test('the authenticator has no device before setup, and steps run out of order are refused', async () => {
  const before = await authenticator();
  assert.equal(before.status, 404);
  assert.equal(before.body.error.code, 'NoDevice');
  const qr = await nb.request(`/api/lessons/${LESSON}/authenticator/qr`, { method: 'POST', body: '{}' });
  assert.equal(qr.status, 404);

  for (const [id, inputs] of [
    ['create-mfa-device', {}],
    ['enable-mfa-device', { code1: '123456', code2: '654321' }],
    ['assume-role-without-mfa', {}],
    ['assume-role-with-mfa', { code: '123456' }],
    ['list-buckets-as-role', {}],
  ] as const) {
    const res = await run(nb, LESSON, id, inputs);
    assert.equal(res.status, 409, id);
    assert.equal((await res.json()).error.code, 'OutOfOrder', id);
  }
  assert.deepEqual(ours(), { users: [], roles: [], policies: [], mfaDevices: [], keys: [] });
});

test('setup → usage → teardown, with the built-in authenticator and a sandbox clock moved 30 s between codes', async () => {
  // ── setup ─────────────────────────────────────────────────────────────────────────────
  const user = await step('create-user');
  assert.equal(user.end.status, 'succeeded');
  assert.match(user.result.Arn, /^arn:aws:iam::123456789012:user\/sts-workshop\/stsw-[a-z2-7]+-user$/);
  const again = await step('create-user');
  assert.equal(again.end.status, 'succeeded');
  assert.equal(again.result.Arn, user.result.Arn);
  assert.ok(again.events.some((e) => e.type === 'log' && /exists from an earlier run/.test(e.text)));
  assert.equal(ours().users.length, 1, 'running create-user twice made one user');

  const device = await step('create-mfa-device');
  assert.equal(device.end.status, 'succeeded');
  const serial: string = device.result.SerialNumber;
  assert.match(serial, /^arn:aws:iam::123456789012:mfa\/sts-workshop\/stsw-[a-z2-7]+-mfa$/);
  assert.deepEqual(Object.keys(device.result).sort(), ['AssignedTo', 'SerialNumber']);
  assert.equal((await step('create-mfa-device')).result.SerialNumber, serial);
  assert.equal(ours().mfaDevices.length, 1, 'running create-mfa-device twice made one device');
  const seed = account().mfaDevices.get(serial)!.seed;

  const first = await freshWindow();
  assert.equal(first.serialNumber, serial);
  assert.match(first.code, /^\d{6}$/);
  assert.match(first.nextCode, /^\d{6}$/);
  assert.ok(first.secondsLeft >= 1 && first.secondsLeft <= 30);

  // Wrong codes at enable: IAM refuses them, nothing is rolled back, the lesson can go on.
  const wrong1 = notTheCurrentCode(first.code, first.nextCode);
  const refused = await step('enable-mfa-device', { code1: wrong1, code2: notTheCurrentCode(wrong1, first.nextCode) });
  assert.equal(refused.end.status, 'failed');
  assert.match(refused.error.name, /^InvalidAuthenticationCode/);
  assert.equal(refused.error.message, 'Authentication code for device is not valid.');
  assert.equal(account().mfaDevices.get(serial)?.userName, undefined, 'the device stays unassigned');
  assert.equal(ours().mfaDevices.length, 1, 'the device is not rolled back');

  const enabled = await step('enable-mfa-device', { code1: first.code, code2: first.nextCode });
  assert.equal(enabled.end.status, 'succeeded', JSON.stringify(enabled.error));
  assert.equal(account().mfaDevices.get(serial)?.userName, user.result.UserName);

  const key = await step('create-access-key');
  assert.equal(key.end.status, 'succeeded');
  assert.match(key.result.AccessKeyId, /^AKIA/);
  assert.equal(key.result.Arn, user.result.Arn);
  assert.equal((await step('create-access-key')).result.AccessKeyId, key.result.AccessKeyId);
  assert.equal(ours().keys.length, 1, 'running create-access-key twice made one key');
  const userKeySecret = nb.sandbox!.state.store.accessKeys.get(key.result.AccessKeyId)!.secret;

  const role = await step('create-role');
  assert.equal(role.end.status, 'succeeded');
  assert.match(role.result.Arn, /^arn:aws:iam::123456789012:role\/sts-workshop\/stsw-[a-z2-7]+-role$/);
  const trust = JSON.parse(account().roles.get(role.result.RoleName)!.trustPolicy.text);
  assert.deepEqual(trust, {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: user.result.Arn }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } },
    ],
  });
  assert.equal((await step('create-role')).result.Arn, role.result.Arn);
  assert.equal(ours().roles.length, 1);

  const policy = await step('create-role-policy');
  assert.equal(policy.end.status, 'succeeded');
  assert.ok(account().roles.get(role.result.RoleName)!.attachedPolicies.has(policy.result.Arn));
  assert.deepEqual(JSON.parse(account().policies.get(policy.result.Arn)!.versions.get('v1')!.document.text), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' }],
  });
  assert.equal((await step('create-role-policy')).result.Arn, policy.result.Arn);
  assert.equal(ours().policies.length, 1);

  const userPolicy = await step('allow-user-to-assume');
  assert.equal(userPolicy.end.status, 'succeeded');
  assert.deepEqual(JSON.parse(account().users.get(user.result.UserName)!.inlinePolicies.get(userPolicy.result.PolicyName)!.text), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role.result.Arn }],
  });

  // ── usage ─────────────────────────────────────────────────────────────────────────────
  const sessions = () => nb.sandbox!.state.store.sessions.size;

  const noMfa = await step('assume-role-without-mfa');
  assert.equal(noMfa.end.status, 'expected-failure');
  assert.equal(noMfa.error.name, 'AccessDenied');
  assert.equal(noMfa.error.expected, true);
  assert.equal(noMfa.error.message, `User: ${user.result.Arn} is not authorized to perform: sts:AssumeRole on resource: ${role.result.Arn}`);
  assert.ok(noMfa.events.some((e) => e.type === 'log' && /aws:MultiFactorAuthPresent/.test(e.text)));

  const wrong = await step('assume-role-wrong-code');
  assert.equal(wrong.end.status, 'expected-failure');
  assert.equal(wrong.error.name, 'AccessDenied');
  assert.equal(wrong.error.message, MFA_CODE_REFUSED);

  // 30 s later the current code is the second code that enabled the device: already used.
  await advance(30);
  const used = await codes();
  assert.equal(used.code, first.nextCode);
  const before = sessions();
  const reusedFromEnable = await step('assume-role-with-mfa', { code: used.code });
  assert.equal(reusedFromEnable.end.status, 'failed');
  assert.equal(reusedFromEnable.error.message, MFA_CODE_REFUSED);
  assert.equal(sessions(), before, 'a refused code issues nothing');

  await advance(30);
  const fresh = await codes();
  const assumed = await step('assume-role-with-mfa', { code: fresh.code });
  assert.equal(assumed.end.status, 'succeeded', JSON.stringify(assumed.error));
  assert.equal(assumed.result.AssumedRoleUser, `arn:aws:sts::123456789012:assumed-role/${role.result.RoleName}/with-mfa`);
  assert.match(assumed.result.AccessKeyId, /^ASIA/);
  assert.ok(assumed.result.Expiration);
  assert.equal(sessions(), before + 1);
  const session = [...nb.sandbox!.state.store.sessions.values()].find((s) => s.accessKeyId === assumed.result.AccessKeyId)!;
  assert.equal(session.expiresAt - session.issuedAt, 900_000);

  // The same code again, in the same window: refused with AWS's message, nothing issued,
  // and the lesson state still holds the earlier role credentials.
  const reused = await step('assume-role-with-mfa', { code: fresh.code });
  assert.equal(reused.end.status, 'failed');
  assert.equal(reused.error.name, 'AccessDenied');
  assert.equal(reused.error.message, MFA_CODE_REFUSED);
  assert.equal(sessions(), before + 1, 'a reused code issues nothing');
  assert.equal((nb.workshop.stateOf(LESSON) as any).roleCredentials.accessKeyId, assumed.result.AccessKeyId);

  await advance(30);
  const again2 = await step('assume-role-with-mfa', { code: (await codes()).code });
  assert.equal(again2.end.status, 'succeeded');

  const roleSessions = [...nb.sandbox!.state.store.sessions.values()].filter((s) => s.roleName === role.result.RoleName);
  assert.equal(roleSessions.length, 2);
  const buckets = await step('list-buckets-as-role');
  assert.equal(buckets.end.status, 'succeeded', JSON.stringify(buckets.error));
  assert.ok(buckets.result.Buckets.includes('workshop-data-123456789012'), JSON.stringify(buckets.result));
  const call = buckets.events.find((e) => e.type === 'call') as any;
  assert.equal(call.operation, 'ListBuckets');

  // ── teardown ──────────────────────────────────────────────────────────────────────────
  const deleteRole = await step('delete-role');
  assert.equal(deleteRole.end.status, 'succeeded', JSON.stringify(deleteRole.error));
  assert.ok(deleteRole.events.some((e) => e.type === 'log' && /cannot be revoked/.test(e.text)));
  assert.deepEqual(ours().roles, []);
  assert.deepEqual(ours().policies, []);
  const deleteUser = await step('delete-user');
  assert.equal(deleteUser.end.status, 'succeeded', JSON.stringify(deleteUser.error));

  assert.deepEqual(ours(), { users: [], roles: [], policies: [], mfaDevices: [], keys: [] });
  assert.equal((await authenticator()).status, 404, 'the authenticator forgets the device with the lesson');
  const outstanding = (await nb.workshop.ledgerFor(LESSON, 'check').outstanding()).filter((r) => r.lesson === LESSON);
  assert.deepEqual(outstanding, []);

  // No secret ever left the server: not the seed (raw or base64), not the user's secret key.
  const text = streamed.join('\n');
  assert.ok(!text.includes(seed), 'seed in the stream');
  assert.ok(!text.includes(Buffer.from(seed).toString('base64')), 'base64 seed in the stream');
  assert.ok(!text.includes(userKeySecret), 'the user\'s secret access key in the stream');
  for (const s of roleSessions) {
    assert.ok(!text.includes(s.secret), 'a role session secret in the stream');
    assert.ok(!text.includes(s.token), 'a role session token in the stream');
  }
});

test('teardown works from a partial setup: a device that was never enabled is deleted too', async () => {
  assert.equal((await step('create-user')).end.status, 'succeeded');
  assert.equal((await step('create-mfa-device')).end.status, 'succeeded');
  assert.equal(ours().mfaDevices.length, 1);
  const role = await step('delete-role');
  assert.equal(role.end.status, 'succeeded');
  assert.match(JSON.stringify(role.result), /nothing/);
  assert.equal((await step('delete-user')).end.status, 'succeeded');
  assert.deepEqual(ours(), { users: [], roles: [], policies: [], mfaDevices: [], keys: [] });
  assert.equal((await authenticator()).status, 404);
});

test('the QR code is only given on an explicit POST, with a warning, and never cached', async () => {
  assert.equal((await step('create-user')).end.status, 'succeeded');
  assert.equal((await step('create-mfa-device')).end.status, 'succeeded');
  const qr = await nb.request(`/api/lessons/${LESSON}/authenticator/qr`, { method: 'POST', body: '{}' });
  assert.equal(qr.status, 200);
  assert.equal(qr.headers.get('cache-control'), 'no-store');
  const body = await qr.json();
  assert.match(body.dataUrl, /^data:image\/png;base64,/);
  assert.match(body.warning, /secret/);
  assert.equal((await nb.request(`/api/lessons/${LESSON}/authenticator/qr`)).status, 404, 'no GET');
  assert.equal((await step('delete-user')).end.status, 'succeeded');
  assert.deepEqual(ours(), { users: [], roles: [], policies: [], mfaDevices: [], keys: [] });
});

test('with simulated IAM propagation, setup waits and retries instead of failing', async () => {
  const slow = await testNotebook({ env: { SANDBOX_PROPAGATION_MS: '1500' } });
  try {
    const go = async (id: string, inputs: Record<string, string> = {}) => {
      const out = await runToEnd(slow, LESSON, id, inputs);
      assert.equal(out.end.status, 'succeeded', `${id}: ${JSON.stringify(out.error)}`);
      return out;
    };
    const codesNow = async () => (await (await slow.request(`/api/lessons/${LESSON}/authenticator`)).json()) as { code: string; nextCode: string };
    await go('create-user');
    await go('create-mfa-device');
    const c = await codesNow();
    await go('enable-mfa-device', { code1: c.code, code2: c.nextCode });
    const key = await go('create-access-key');
    const role = await go('create-role');
    const waited = [...key.events, ...role.events].filter((e) => e.type === 'log' && /retrying with backoff/.test(e.text));
    assert.ok(waited.length >= 1, 'at least one step waited for IAM');
    await go('create-role-policy');
    await go('allow-user-to-assume');
    await slow.request('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds: 60 }) });
    await go('assume-role-with-mfa', { code: (await codesNow()).code });
    await go('list-buckets-as-role');
    await go('delete-role');
    await go('delete-user');
    const a = slow.sandbox!.state.store.accounts.get(ACCOUNT)!;
    assert.equal([...a.users.values(), ...a.roles.values(), ...a.policies.values(), ...a.mfaDevices.values()].filter((r) => r.path === PATH).length, 0);
  } finally {
    await slow.close();
  }
});

// ── the fresh-code retry on its own ─────────────────────────────────────────────────────

function fakeContext(codesSeq: (string | undefined)[]) {
  const logs: string[] = [];
  let i = 0;
  return {
    logs,
    ctx: {
      log: (t: string) => logs.push(t),
      progress: () => {},
      sleep: async () => {
        i = Math.min(i + 1, codesSeq.length - 1);
      },
      authenticator: {
        register: () => {},
        codes: () => (codesSeq[i] === undefined ? undefined : { code: codesSeq[i]!, nextCode: '999999', secondsLeft: 1 }),
      },
    },
  };
}
const denied = (message: string) => Object.assign(new Error(message), { name: 'AccessDenied' });

test('retryWithFreshCode retries a propagation denial with the next code, never the same code twice', async () => {
  const { ctx, logs } = fakeContext(['111111', '111111', '222222']);
  const sent: string[] = [];
  const result = await retryWithFreshCode(ctx, 'AssumeRole', '111111', async (code) => {
    sent.push(code);
    if (sent.length === 1) throw denied('User: x is not authorized to perform: sts:AssumeRole on resource: y');
    return 'ok';
  });
  assert.equal(result, 'ok');
  assert.deepEqual(sent, ['111111', '222222']);
  assert.match(logs[0]!, /next code/);
});

test('retryWithFreshCode does not retry a refused code, other errors, or without an authenticator', async () => {
  let calls = 0;
  await assert.rejects(
    retryWithFreshCode(fakeContext(['111111', '222222']).ctx, 'x', '111111', async () => {
      calls++;
      throw denied(MFA_CODE_REFUSED);
    }),
    { message: MFA_CODE_REFUSED },
  );
  assert.equal(calls, 1);
  await assert.rejects(
    retryWithFreshCode(fakeContext(['111111']).ctx, 'x', '111111', async () => {
      throw Object.assign(new Error('boom'), { name: 'ValidationError' });
    }),
    { name: 'ValidationError' },
  );
  calls = 0;
  await assert.rejects(
    retryWithFreshCode(fakeContext([undefined]).ctx, 'x', '111111', async () => {
      calls++;
      throw denied('not authorized');
    }),
    { name: 'AccessDenied' },
  );
  assert.equal(calls, 1);
});

test('notTheCurrentCode never returns the current or the next code', () => {
  for (const [code, next] of [['000000', '500000'], ['500000', '000000'], ['123456', '623456'], ['999999', '499999']]) {
    const wrong = notTheCurrentCode(code!, next);
    assert.match(wrong, /^\d{6}$/);
    assert.notEqual(wrong, code);
    assert.notEqual(wrong, next);
  }
});
