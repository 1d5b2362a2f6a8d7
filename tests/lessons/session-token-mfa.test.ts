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
import { mfaLesson, NOTHING, setUpMfaUser } from '../support/mfa.ts';
import { testNotebook } from '../support/notebook.ts';

const LESSON = 'session-token-mfa';

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook();
});
after(() => nb.close());

const mfa = mfaLesson(LESSON, () => nb);
const { account, authenticator, codes, advance, freshWindow, step, ours, assertRefusedOutOfOrder, assertTornDown, assertNoSecretStreamed } = mfa;

test('steps run out of order are refused, and the authenticator has no device yet', async () => {
  assert.equal((await authenticator()).status, 204);
  await assertRefusedOutOfOrder([
    ['create-mfa-device', {}],
    ['enable-mfa-device', { code1: '123456', code2: '654321' }],
    ['get-session-token-without-mfa', {}],
    ['list-buckets-without-mfa', {}],
    ['get-session-token-with-mfa', { code: '123456' }],
    ['list-buckets-with-mfa', {}],
    ['get-session-token-from-session', {}],
  ]);
});

test('setup → usage → teardown, with the built-in authenticator and a sandbox clock moved 30 s between codes', async () => {
  // ── setup ─────────────────────────────────────────────────────────────────────────────
  // The user, its MFA device (wrong and swapped codes at enable refused first) and its access key.
  const { user, seed, first, userKeySecret } = await setUpMfaUser(mfa);

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
  assert.deepEqual(teardown.result, { deleted: [first.serialNumber, user.result.Arn], note: "The user's access keys and inline policies, if any, went with it." });
  const ops = teardown.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
  assert.ok(ops.indexOf('DeactivateMFADevice') < ops.indexOf('DeleteVirtualMFADevice'));
  assert.ok(ops.indexOf('DeleteVirtualMFADevice') < ops.indexOf('DeleteUser'));
  assert.ok(ops.indexOf('DeleteAccessKey') < ops.indexOf('DeleteUser'));
  assert.ok(ops.indexOf('DeleteUserPolicy') < ops.indexOf('DeleteUser'));

  await assertTornDown();
  const userSessions = [...nb.sandbox!.state.store.sessions.values()].filter((s) => s.userName === user.result.UserName);
  assertNoSecretStreamed(seed, userKeySecret, userSessions);
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
