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
import { ACCOUNT, mfaLesson, NOTHING, PATH, setUpMfaUser } from '../support/mfa.ts';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';

const LESSON = 'assume-role-mfa';

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook();
});
after(() => nb.close());

const mfa = mfaLesson(LESSON, () => nb);
const { account, authenticator, codes, advance, step, ours, assertRefusedOutOfOrder, assertTornDown, assertNoSecretStreamed } = mfa;

test('the authenticator has no device before setup, and steps run out of order are refused', async () => {
  const before = await authenticator();
  assert.equal(before.status, 204, 'nothing to show yet, which is not an error');
  assert.equal(before.body, undefined);
  const qr = await nb.request(`/api/lessons/${LESSON}/authenticator/qr`, { method: 'POST', body: '{}' });
  assert.equal(qr.status, 404);
  assert.equal((await qr.json()).error.code, 'NoDevice');
  const unknown = await nb.request('/api/lessons/no-such-lesson/authenticator');
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.code, 'NoSuchLesson');

  await assertRefusedOutOfOrder([
    ['create-mfa-device', {}],
    ['enable-mfa-device', { code1: '123456', code2: '654321' }],
    ['assume-role-without-mfa', {}],
    ['assume-role-with-mfa', { code: '123456' }],
    ['list-buckets-as-role', {}],
  ]);
});

test('setup → usage → teardown, with the built-in authenticator and a sandbox clock moved 30 s between codes', async () => {
  // ── setup ─────────────────────────────────────────────────────────────────────────────
  // The user, its MFA device (wrong and swapped codes at enable refused first) and its access key.
  const { user, seed, first, userKeySecret } = await setUpMfaUser(mfa);

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
  // The page can say why a phone app's codes stop matching: the sandbox clock now runs ahead.
  assert.ok(fresh.clockAheadSeconds! >= 60, `clockAheadSeconds ${fresh.clockAheadSeconds}`);
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
  assert.deepEqual(deleteRole.result, { deleted: [role.result.Arn, policy.result.Arn] });
  assert.ok(deleteRole.events.some((e) => e.type === 'log' && /cannot be revoked/.test(e.text)));
  assert.deepEqual(ours().roles, []);
  assert.deepEqual(ours().policies, []);
  const deleteUser = await step('delete-user');
  assert.equal(deleteUser.end.status, 'succeeded', JSON.stringify(deleteUser.error));
  assert.deepEqual(deleteUser.result.deleted, [first.serialNumber, user.result.Arn]);

  await assertTornDown();
  // No secret ever left the server: not the seed (raw or base64), not the user's secret key,
  // not the role sessions' keys and tokens.
  assertNoSecretStreamed(seed, userKeySecret, roleSessions);
});

test('teardown works from a partial setup: a device that was never enabled is deleted too', async () => {
  assert.equal((await step('create-user')).end.status, 'succeeded');
  assert.equal((await step('create-mfa-device')).end.status, 'succeeded');
  assert.equal(ours().mfaDevices.length, 1);
  // Teardown follows what exists: no role was ever created, so the user's teardown runs first
  // (it used to wait for "Delete the role", and the user stayed until the learner guessed).
  const user = await step('delete-user');
  assert.equal(user.end.status, 'succeeded');
  assert.equal(user.result.deleted.length, 2, 'the device and the user');
  assert.deepEqual(ours(), NOTHING);
  assert.equal((await authenticator()).status, 204, 'nothing of this run is left: the lesson starts over');
  const role = await step('delete-role');
  assert.equal(role.end.status, 'succeeded');
  assert.deepEqual(role.result, { deleted: [] });
  assert.ok(role.events.some((e) => e.type === 'log' && /Nothing to delete/.test(e.text)));
});

test('either teardown step may go first when both exist; the lesson starts over only after the second', async () => {
  assert.equal((await step('create-user')).end.status, 'succeeded');
  assert.equal((await step('create-role')).end.status, 'succeeded');
  assert.equal((await step('delete-user')).end.status, 'succeeded');
  assert.equal(ours().users.length, 0);
  assert.equal(ours().roles.length, 1, 'the role is still known to the lesson');
  const role = await step('delete-role');
  assert.equal(role.end.status, 'succeeded');
  assert.equal(role.result.deleted.length, 1, 'the role (the policy was never created)');
  assert.deepEqual(ours(), NOTHING);
  assert.deepEqual(nb.workshop.stateOf(LESSON), {}, 'the lesson starts over');
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
  assert.equal((await step('delete-role')).end.status, 'succeeded');
  assert.equal((await step('delete-user')).end.status, 'succeeded');
  assert.deepEqual(ours(), NOTHING);
});

test('with simulated IAM propagation, setup waits and retries instead of failing', async () => {
  const slow = await testNotebook({ env: { SANDBOX_PROPAGATION_MS: '1500' } });
  try {
    const go = async (id: string, inputs: Record<string, string> = {}) => {
      const out = await runToEnd(slow, LESSON, id, inputs);
      assert.equal(out.end.status, 'succeeded', `${id}: ${JSON.stringify(out.error)}`);
      return out;
    };
    const slowMfa = mfaLesson(LESSON, () => slow);
    await go('create-user');
    await go('create-mfa-device');
    const c = await slowMfa.codes();
    await go('enable-mfa-device', { code1: c.code, code2: c.nextCode });
    const key = await go('create-access-key');
    const role = await go('create-role');
    const waited = [...key.events, ...role.events].filter((e) => e.type === 'log' && /retrying with backoff/.test(e.text));
    assert.ok(waited.length >= 1, 'at least one step waited for IAM');
    await go('create-role-policy');
    await go('allow-user-to-assume');
    await slowMfa.advance(60);
    await go('assume-role-with-mfa', { code: (await slowMfa.codes()).code });
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
