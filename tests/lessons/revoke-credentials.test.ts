/**
 * Lesson "Revoke leaked credentials" through the runner, against the embedded sandbox: the whole
 * lesson with the leaked session listing buckets, GetAccessKeyInfo and GetAccessKeyLastUsed
 * naming the account and the user, the AWSRevokeOlderSessions policy (Deny * before
 * aws:TokenIssueTime) on the role, the leaked session refused with its exact message while a new
 * one works, the key rotation (a second key, the old one Inactive and refused with
 * InvalidClientTokenId, then deleted); out-of-order refusals; no secret in the stream; nothing
 * left under /sts-workshop/ and nothing outstanding in the ledger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson, { type RevokeState } from '../../src/lessons/revoke-credentials/steps.ts';
import { run, testNotebook } from '../support/notebook.ts';
import { stepChecks } from '../support/step-checks.ts';
import { withSandbox } from '../support/sandbox.ts';

const LESSON = 'revoke-credentials';
const { ok, refused } = stepChecks(LESSON);
const ACCOUNT = '123456789012';

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const account = (nb: Nb) => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const ours = <T extends { path: string }>(map: Map<string, T>) => [...map.values()].filter((e) => e.path.startsWith('/sts-workshop/'));
const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as RevokeState;
const userKeys = (nb: Nb) => [...nb.sandbox!.state.store.accessKeys.values()].filter((k) => k.userName?.startsWith('stsw-'));

test('the whole lesson: whose keys, older sessions revoked, a new one allowed, the key rotated, then nothing left', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    const user = await ok(nb, 'create-user');
    const firstKey = await ok(nb, 'create-access-key');
    const role = await ok(nb, 'create-role');
    assert.deepEqual([...account(nb).roles.get(role.result.RoleName)!.attachedPolicies], ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
    await ok(nb, 'create-role'); // twice: nothing created twice
    assert.equal(ours(account(nb).roles).length, 1);

    const leaked = await ok(nb, 'leak-a-session');
    assert.match(leaked.result.AccessKeyId, /^ASIA/);
    assert.equal(leaked.result.Buckets.length, 3);

    const whose = await ok(nb, 'whose-keys');
    assert.equal(whose.result.OurAccount, ACCOUNT);
    assert.deepEqual(
      whose.result.found.map((f: any) => [f.AccessKeyId, f.Account, f.Kind, f.UserName]),
      [
        [firstKey.result.AccessKeyId, ACCOUNT, 'long-term (IAM user)', user.result.UserName],
        [leaked.result.AccessKeyId, ACCOUNT, 'temporary (STS)', undefined],
      ],
    );
    const ops = whose.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
    assert.deepEqual(ops, ['GetAccessKeyInfo', 'GetAccessKeyLastUsed', 'GetAccessKeyInfo']);

    const revoke = await ok(nb, 'revoke-older-sessions');
    assert.equal(revoke.result.PolicyName, 'AWSRevokeOlderSessions');
    const policy = JSON.parse(account(nb).roles.get(role.result.RoleName)!.inlinePolicies.get('AWSRevokeOlderSessions')!.text);
    assert.deepEqual(policy.Statement[0].Action, ['*']);
    assert.equal(policy.Statement[0].Effect, 'Deny');
    const cutOff = policy.Statement[0].Condition.DateLessThan['aws:TokenIssueTime'];
    assert.equal(cutOff, revoke.result.DeniedIfIssuedBefore);
    assert.ok(Date.parse(cutOff) <= nb.sandbox!.state.clock.now(), 'the step returns after the cut-off');

    await refused(
      nb,
      'leaked-session-refused',
      'AccessDenied',
      `User: ${leaked.result.Arn} is not authorized to perform: s3:ListAllMyBuckets with an explicit deny in an identity-based policy`,
    );

    const fresh = await ok(nb, 'new-session-allowed');
    assert.notEqual(fresh.result.AccessKeyId, leaked.result.AccessKeyId);
    assert.equal(fresh.result.Buckets.length, 3);
    assert.ok(!fresh.events.some((e) => e.type === 'call' && (e as any).error), 'no retry was needed in the sandbox');

    const newKey = await ok(nb, 'create-new-key');
    assert.match(newKey.result.AccessKeyId, /^AKIA/);
    assert.equal(newKey.result.Arn, user.result.Arn);
    assert.equal(userKeys(nb).length, 2);

    const deactivated = await ok(nb, 'deactivate-old-key');
    assert.deepEqual(deactivated.result, { AccessKeyId: firstKey.result.AccessKeyId, Status: 'Inactive' });
    await refused(nb, 'old-key-refused', 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    // The session started with the old key was revoked through the role, not by the key.
    const removed = await ok(nb, 'delete-old-key');
    assert.deepEqual(removed.result, { deleted: [firstKey.result.AccessKeyId], UserKeyNow: newKey.result.AccessKeyId });
    assert.deepEqual(userKeys(nb).map((k) => k.id), [newKey.result.AccessKeyId]);
    assert.equal(stateOf(nb).userKey!.accessKeyId, newKey.result.AccessKeyId);

    const state = stateOf(nb);
    const everything = JSON.stringify([leaked.events, fresh.events, newKey.events, removed.events]);
    for (const secret of [state.leakedSession!.sessionToken!, state.leakedSession!.secretAccessKey, state.newSession!.sessionToken!, state.newKey!.secretAccessKey]) {
      assert.ok(!everything.includes(secret), 'a secret in the stream');
    }

    const delRole = await ok(nb, 'delete-role');
    assert.deepEqual(delRole.result.deleted, [role.result.Arn]);
    const calls = delRole.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
    assert.ok(calls.includes('DeleteRolePolicy') && calls.includes('DetachRolePolicy') && calls.at(-1) === 'DeleteRole', calls.join(','));
    await ok(nb, 'delete-user');
    assert.deepEqual(ours(account(nb).users), []);
    assert.deepEqual(ours(account(nb).roles), []);
    assert.deepEqual(userKeys(nb), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
    assert.deepEqual(nb.workshop.stateOf(LESSON), {});
  } finally {
    await nb.close();
  }
});

test('a teardown mid-rotation removes both keys; steps out of order are refused', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    for (const [step, needs] of [
      ['leaked-session-refused', /Revoke the role's older sessions/],
      ['old-key-refused', /Rotate: deactivate the leaked key/],
      ['whose-keys', /Start the session that will leak/],
    ] as const) {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 409, step);
      assert.match((await res.json()).error.message, needs);
    }
    await ok(nb, 'create-user');
    await ok(nb, 'create-access-key');
    await ok(nb, 'create-new-key');
    assert.equal(userKeys(nb).length, 2);
    await ok(nb, 'delete-role');
    await ok(nb, 'delete-user');
    assert.deepEqual(userKeys(nb), []);
    assert.deepEqual(ours(account(nb).users), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  } finally {
    await nb.close();
  }
});

test('the cut-off is on AWS’s clock: with AWS ten minutes ahead of this machine the leaked session is still refused and a new one allowed', async () => {
  // A sandbox of its own stands in for AWS, its clock ahead; the notebook knows only its own clock.
  const aws = await withSandbox();
  aws.state.clock.advance(10 * 60_000);
  const admin = aws.admins[0];
  const nb = await testNotebook({ lessons: [lesson], env: { SANDBOX_URL: aws.url, AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey } });
  try {
    for (const step of ['create-user', 'create-access-key', 'create-role']) await ok(nb, step);
    const leaked = await ok(nb, 'leak-a-session');
    await ok(nb, 'revoke-older-sessions');
    const leakedIssued = stateOf(nb).leakedSession!.expiration.getTime() - 3600_000;
    assert.ok(leakedIssued > Date.now() + 5 * 60_000, 'the sandbox issued the session on its own clock, ahead');
    assert.ok(new Date(stateOf(nb).revokedBefore!).getTime() > leakedIssued, 'the cut-off is after the leaked session’s issue time');
    await refused(nb, 'leaked-session-refused', 'AccessDenied', `User: ${leaked.result.Arn} is not authorized to perform: s3:ListAllMyBuckets with an explicit deny in an identity-based policy`);
    await ok(nb, 'new-session-allowed');
    for (const step of ['delete-role', 'delete-user']) await ok(nb, step);
  } finally {
    await nb.close();
    await aws.close();
  }
});
