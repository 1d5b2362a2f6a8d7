/**
 * Lesson "Assume a role" through the runner, against the embedded sandbox: the whole lesson
 * (setup → usage → teardown) with each expected denial and the ExpiredToken after the
 * fast-forward; out-of-order refusals; setup steps run twice without duplicates; the waits
 * under simulated IAM propagation; no secret in the stream; nothing left under /sts-workshop/;
 * the real-AWS countdown of "wait-for-expiry" (with a fake clock); an unexpected write success.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import lesson, { type AssumeRoleState } from '../../src/lessons/assume-role/steps.ts';
import type { StepContext } from '../../src/lessons/lesson.ts';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';

const LESSON = 'assume-role';
const ACCOUNT = '123456789012';
const SETUP = ['create-user', 'create-access-key', 'create-role', 'attach-read-only', 'allow-assume-role'];
const TEARDOWN = ['delete-role', 'delete-user'];

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const account = (nb: Nb) => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const ours = <T extends { path: string }>(map: Map<string, T>) => [...map.values()].filter((e) => e.path.startsWith('/sts-workshop/'));
const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as AssumeRoleState;

async function ok(nb: Nb, step: string) {
  const outcome = await runToEnd(nb, LESSON, step);
  assert.equal(outcome.end.status, 'succeeded', `${step}: ${JSON.stringify(outcome.error ?? outcome.events.at(-1))}`);
  return outcome;
}

function assertNothingLeft(nb: Nb) {
  const acct = account(nb);
  assert.deepEqual(ours(acct.users).map((u) => u.name), [], 'users under /sts-workshop/');
  assert.deepEqual(ours(acct.roles).map((r) => r.name), [], 'roles under /sts-workshop/');
  assert.deepEqual(ours(acct.policies).map((p) => p.name), [], 'policies under /sts-workshop/');
  assert.deepEqual(ours(acct.mfaDevices as Map<string, { path: string }>), [], 'MFA devices under /sts-workshop/');
  const keys = [...nb.sandbox!.state.store.accessKeys.values()].filter((k) => k.userName?.startsWith('stsw-'));
  assert.deepEqual(keys.map((k) => k.id), [], 'access keys of lesson users');
  assert.equal(
    [...acct.buckets.keys()].filter((b) => b.startsWith('stsw-')).length,
    0,
    'no bucket was created by the denied write',
  );
}

test('the whole lesson: denied as the user, allowed as the role, ExpiredToken after the fast-forward, then nothing left', async () => {
  const nb = await testNotebook();
  try {
    const user = await ok(nb, 'create-user');
    assert.match(user.result.Arn, /^arn:aws:iam::123456789012:user\/sts-workshop\/stsw-[a-z2-7]+-user$/);
    assert.match(user.result.UserId, /^AIDA/);
    const created = account(nb).users.get(user.result.UserName)!;
    assert.equal(created.path, '/sts-workshop/');
    assert.ok(created.tags.some((t) => t.Key === 'sts-workshop:run'), 'run tag on the user');
    assert.equal(created.attachedPolicies.size + created.inlinePolicies.size, 0, 'the user starts with no policies');

    const key = await ok(nb, 'create-access-key');
    assert.match(key.result.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.result.Arn, user.result.Arn);
    assert.ok(!JSON.stringify(key.result).includes(stateOf(nb).userKey!.secretAccessKey), 'no secret key in the result');

    const role = await ok(nb, 'create-role');
    assert.match(role.result.Arn, /^arn:aws:iam::123456789012:role\/sts-workshop\/stsw-[a-z2-7]+-role$/);
    const storedRole = account(nb).roles.get(role.result.RoleName)!;
    assert.equal(storedRole.maxSessionDuration, 3600);
    assert.deepEqual(JSON.parse(storedRole.trustPolicy.text), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: user.result.Arn }, Action: 'sts:AssumeRole' }],
    });
    assert.equal(storedRole.path, '/sts-workshop/');
    assert.ok(storedRole.tags.some((t) => t.Key === 'sts-workshop:run'), 'run tag on the role');

    await ok(nb, 'attach-read-only');
    assert.deepEqual([...storedRole.attachedPolicies], ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);

    const allow = await ok(nb, 'allow-assume-role');
    const inline = created.inlinePolicies.get(allow.result.PolicyName)!;
    assert.deepEqual(JSON.parse(inline.text), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role.result.Arn }],
    });

    const denied = await runToEnd(nb, LESSON, 'list-buckets-as-user');
    assert.equal(denied.end.status, 'expected-failure');
    assert.equal(denied.error.name, 'AccessDenied');
    assert.equal(denied.error.expected, true);
    assert.match(denied.error.message, /User: arn:aws:iam::123456789012:user\/sts-workshop\/.* is not authorized to perform: s3:ListAllMyBuckets/);
    const deniedCall = denied.events.find((e) => e.type === 'call') as any;
    assert.equal(deniedCall.operation, 'ListBuckets');
    assert.equal(deniedCall.error.name, 'AccessDenied');

    const assumed = await ok(nb, 'assume-role');
    assert.match(assumed.result.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    const lifetime = (Date.parse(assumed.result.Expiration) - nb.sandbox!.state.clock.now()) / 1000;
    assert.ok(lifetime > 890 && lifetime <= 900, `expires in 15 minutes (got ${lifetime} s)`);
    const session = assumed.result.AssumedRoleUser;
    assert.equal(session.Arn, `arn:aws:sts::123456789012:assumed-role/${role.result.RoleName}/stsw-${role.result.RoleName.split('-')[1]}-session`);
    assert.equal(session.AssumedRoleId, `${role.result.RoleId}:stsw-${role.result.RoleName.split('-')[1]}-session`);
    const assumeCall = assumed.events.find((e) => e.type === 'call' && e.operation === 'AssumeRole') as any;
    assert.equal(assumeCall.input.DurationSeconds, 900);
    assert.equal(assumeCall.input.RoleArn, role.result.Arn);

    const listed = await ok(nb, 'list-buckets-as-role');
    assert.deepEqual(listed.result.Buckets, ['workshop-data-123456789012', 'workshop-logs-123456789012', 'workshop-reports-123456789012']);

    const who = await ok(nb, 'who-am-i-now');
    assert.equal(who.result.Arn, session.Arn);
    assert.ok(!who.result.Arn.includes('sts-workshop/'), 'the assumed-role ARN has no path');
    assert.match(who.result.RoleArn, /:role\/sts-workshop\//);
    assert.equal(who.result.UserId, session.AssumedRoleId);
    assert.match(who.result.UserId, /^AROA[A-Z2-7]+:stsw-/);
    assert.equal(who.result.Account, ACCOUNT);

    const write = await runToEnd(nb, LESSON, 'write-is-denied');
    assert.equal(write.end.status, 'expected-failure');
    assert.equal(write.error.name, 'AccessDenied');
    assert.match(write.error.message, /assumed-role\/.* is not authorized to perform: s3:CreateBucket/);

    const offsetBefore = nb.sandbox!.state.clock.offset();
    const wait = await ok(nb, 'wait-for-expiry');
    assert.equal(nb.sandbox!.state.clock.offset(), offsetBefore, 'the sandbox clock itself did not move');
    assert.ok(wait.result.FastForwardedBy >= 899, 'the session aged by its remaining lifetime');
    assert.ok(Date.parse(wait.result.Expiration) < Date.now(), 'the session is now past its expiry');
    assert.ok(Date.parse(wait.result.Expiration) < Date.parse(assumed.result.Expiration));
    assert.ok(wait.end.ms < 5000, 'no real waiting in the sandbox');

    const expired = await runToEnd(nb, LESSON, 'expired-credentials');
    assert.equal(expired.end.status, 'expected-failure');
    assert.equal(expired.error.name, 'ExpiredToken');
    assert.equal(expired.error.expected, true);
    const expiredCall = expired.events.find((e) => e.type === 'call') as any;
    assert.equal(expiredCall.service, 'S3');
    assert.equal(expiredCall.error.name, 'ExpiredToken');

    // S3 reports an expired token with HTTP 400 (STS and IAM use 403).
    const direct = new S3Client({ region: 'us-east-1', endpoint: nb.sandbox!.url, forcePathStyle: true, credentials: stateOf(nb).session!, maxAttempts: 1 });
    await assert.rejects(direct.send(new ListBucketsCommand({})), (error: any) => error.name === 'ExpiredToken' && error.$metadata.httpStatusCode === 400);

    const lessonState = await (await nb.request('/api/lessons')).json();
    const statuses = Object.fromEntries(lessonState.lessons.find((l: any) => l.slug === LESSON).steps.map((s: any) => [s.id, s.status]));
    assert.equal(statuses['list-buckets-as-user'], 'expected-failure');
    assert.equal(statuses['write-is-denied'], 'expected-failure');
    assert.equal(statuses['expired-credentials'], 'expected-failure');

    const delRole = await ok(nb, 'delete-role');
    assert.deepEqual(delRole.result, { deleted: [role.result.Arn], note: 'AmazonS3ReadOnlyAccess was detached, not deleted: AWS owns it.' });
    const calls = delRole.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
    assert.ok(calls.includes('DetachRolePolicy') && calls.at(-1) === 'DeleteRole', calls.join(','));
    assert.ok(!calls.includes('DeletePolicy'), 'the AWS managed policy is never deleted');
    assert.ok(nb.sandbox!.state.store.awsManagedPolicies.has('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'));
    assert.ok(delRole.events.some((e) => e.type === 'log' && /cannot be revoked/.test(e.text)));

    const delUser = await ok(nb, 'delete-user');
    assert.deepEqual(delUser.result.deleted, [user.result.Arn]);
    assertNothingLeft(nb);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), [], 'the ledger has nothing outstanding');
    // Finishing the last teardown step resets the lesson.
    assert.deepEqual(nb.workshop.stateOf(LESSON), {});
  } finally {
    await nb.close();
  }
});

test('steps run out of order are refused and change nothing', async () => {
  const nb = await testNotebook();
  try {
    const refused = async (step: string, needs: RegExp) => {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 409, step);
      const body = await res.json();
      assert.equal(body.error.code, 'OutOfOrder');
      assert.match(body.error.message, needs);
    };
    await refused('create-access-key', /Create an IAM user with no permissions/);
    await refused('assume-role', /Create an access key for the user/);
    await refused('list-buckets-as-role', /Assume the role/);
    await refused('expired-credentials', /Let the credentials expire/);
    // Teardown steps follow what exists, in any order: with nothing created there is nothing to do.
    const early = await runToEnd(nb, LESSON, 'delete-user');
    assert.equal(early.end.status, 'succeeded');
    assert.deepEqual(early.result, { deleted: [] });
    assert.equal(account(nb).users.size, 1, 'only the admin user exists');

    await ok(nb, 'create-user');
    await ok(nb, 'create-access-key');
    await refused('assume-role', /Create a role/);
    await ok(nb, 'create-role');
    await refused('assume-role', /Allow the user to assume/);
    await refused('list-buckets-as-role', /Assume the role/);

    for (const step of TEARDOWN) await ok(nb, step);
    assertNothingLeft(nb);
  } finally {
    await nb.close();
  }
});

test("after delete-role, the role's session still authenticates but is allowed nothing", async () => {
  const nb = await testNotebook();
  try {
    for (const step of [...SETUP, 'assume-role', 'list-buckets-as-role']) await ok(nb, step);
    const session = stateOf(nb).session!;
    const config = { region: 'us-east-1', endpoint: nb.sandbox!.url, forcePathStyle: true, credentials: session, maxAttempts: 1 };
    const roleName = stateOf(nb).roleName!;
    await ok(nb, 'delete-role');
    // What the teardown and the prose say: valid until it expires, GetCallerIdentity answers,
    // anything that needs a permission is denied.
    const me = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    assert.match(me.Arn!, new RegExp(`:assumed-role/${roleName}/`));
    await assert.rejects(new S3Client(config).send(new ListBucketsCommand({})), (error: any) => error.name === 'AccessDenied');
    await ok(nb, 'delete-user');
    assertNothingLeft(nb);
  } finally {
    await nb.close();
  }
});

test('running each setup step twice creates no duplicates', async () => {
  const nb = await testNotebook();
  try {
    for (const step of SETUP) {
      const first = await ok(nb, step);
      const second = await ok(nb, step);
      assert.ok(second.events.some((e) => e.type === 'log' && /already/.test(e.text)), `${step}: says it already exists`);
      assert.ok(!second.events.some((e) => e.type === 'call' && /^(Create|Put|Attach)/.test((e as any).operation)), `${step}: no second create call`);
      const id = (r: any) => r.AccessKeyId ?? r.PolicyArn ?? r.PolicyName ?? r.Arn;
      assert.equal(id(second.result), id(first.result), `${step}: returns the same resource`);
    }
    const acct = account(nb);
    assert.equal(ours(acct.users).length, 1);
    assert.equal(ours(acct.roles).length, 1);
    const user = ours(acct.users)[0];
    assert.equal([...nb.sandbox!.state.store.accessKeys.values()].filter((k) => k.userName === user.name).length, 1);
    assert.equal(user.inlinePolicies.size, 1);
    assert.equal(ours(acct.roles)[0].attachedPolicies.size, 1);

    for (const step of TEARDOWN) await ok(nb, step);
    assertNothingLeft(nb);
  } finally {
    await nb.close();
  }
});

test('with simulated IAM propagation the steps wait and retry instead of failing', async () => {
  const nb = await testNotebook({ env: { SANDBOX_PROPAGATION_MS: '1500' } });
  try {
    await ok(nb, 'create-user');
    // Straight after CreateUser, the trust policy cannot name the user yet.
    const role = await ok(nb, 'create-role');
    assert.ok(role.events.some((e) => e.type === 'call' && (e as any).error?.name === 'MalformedPolicyDocumentException'), 'CreateRole was retried');
    assert.ok(role.events.some((e) => e.type === 'progress'), 'progress shown while waiting');
    assert.equal(ours(account(nb).roles).length, 1);

    const key = await ok(nb, 'create-access-key');
    assert.ok(key.events.some((e) => e.type === 'call' && (e as any).error?.name === 'InvalidClientTokenId'), 'the new key was retried');
    assert.ok(key.events.some((e) => e.type === 'log' && /InvalidClientTokenId/.test(e.text)));
    await ok(nb, 'attach-read-only');
    await ok(nb, 'allow-assume-role');

    // The denial is never retried: one call, AccessDenied straight away.
    const denied = await runToEnd(nb, LESSON, 'list-buckets-as-user');
    assert.equal(denied.end.status, 'expected-failure');
    assert.equal(denied.events.filter((e) => e.type === 'call').length, 1);

    const assumed = await ok(nb, 'assume-role');
    assert.match(assumed.result.AccessKeyId, /^ASIA/);
    await ok(nb, 'list-buckets-as-role');

    for (const step of TEARDOWN) await ok(nb, step);
    assertNothingLeft(nb);
  } finally {
    await nb.close();
  }
});

test('no secret key or session token ever reaches the stream', async () => {
  const nb = await testNotebook();
  try {
    const streams: string[] = [];
    for (const step of [...SETUP, 'assume-role', 'list-buckets-as-role', 'who-am-i-now']) {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 200);
      streams.push(await res.text());
    }
    const text = streams.join('\n');
    const state = stateOf(nb);
    for (const secret of [state.userKey!.secretAccessKey, state.session!.secretAccessKey, state.session!.sessionToken!]) {
      assert.ok(secret.length > 10);
      assert.ok(!text.includes(secret), 'a secret leaked into the stream');
    }
    assert.match(text, /ASIA[A-Z2-7]{16}/, 'the temporary key id is shown');
    assert.ok(!nb.logLines.join('\n').includes(state.session!.sessionToken!), 'nor into the server log');
    for (const step of TEARDOWN) await ok(nb, step);
    assertNothingLeft(nb);
  } finally {
    await nb.close();
  }
});

test('on real AWS, wait-for-expiry counts down with progress until just past the expiry', async () => {
  let clock = Date.parse('2026-01-01T12:00:00Z');
  const sleeps: number[] = [];
  const progress: { label: string; done: number; total: number }[] = [];
  const state: AssumeRoleState = {
    session: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'x', sessionToken: 'y', expiration: new Date(clock + 42_000) },
  };
  const ctx = {
    aws: { target: 'aws', sandbox: undefined },
    state,
    now: () => new Date(clock),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
    progress: (label: string, done: number, total: number) => progress.push({ label, done, total }),
    log: () => {},
  } as unknown as StepContext<AssumeRoleState>;
  const result = (await lesson.step('wait-for-expiry').run(ctx)) as { Expiration: Date; Now: Date };
  assert.ok(result.Now.getTime() >= state.session!.expiration.getTime() + 5000, 'returns only after the expiry plus the margin');
  assert.ok(sleeps.every((ms) => ms > 0 && ms <= 10_000), `bounded sleeps: ${sleeps}`);
  assert.equal(sleeps.reduce((a, b) => a + b, 0), 47_000);
  assert.equal(progress[0].label, 'The credentials expire in 42 s');
  assert.ok(progress.every((p, i) => p.total === 47 && (i === 0 || p.done > progress[i - 1].done)), 'progress moves forward');

  // Coming back after the expiry: nothing left to wait for.
  sleeps.length = 0;
  await lesson.step('wait-for-expiry').run(ctx);
  assert.deepEqual(sleeps, []);
});

test('if the role could write after all, the step fails and leaves no bucket behind', async () => {
  const nb = await testNotebook();
  try {
    for (const step of [...SETUP, 'assume-role']) await ok(nb, step);
    // Pretend the session had write access: hand the step the notebook's own admin key.
    const admin = nb.sandbox!.admins[0];
    stateOf(nb).session = { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey, expiration: new Date(Date.now() + 900_000) };
    const write = await runToEnd(nb, LESSON, 'write-is-denied');
    assert.equal(write.end.status, 'failed');
    assert.equal(write.error.name, 'UnexpectedSuccess');
    const calls = write.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
    assert.deepEqual(calls, ['CreateBucket', 'DeleteBucket']);
    for (const step of TEARDOWN) await ok(nb, step);
    assertNothingLeft(nb);
  } finally {
    await nb.close();
  }
});
