/**
 * Lesson "Session policies and permission boundaries" through the runner, against the embedded
 * sandbox: the whole lesson with each expected AccessDenied and its exact message (which policy
 * type denied: a session policy, an identity-based policy, a permissions boundary), the session
 * policies on the wire (Policy, PolicyArns) and PackedPolicySize, the boundary on the role and
 * its effect on a session that already existed; out-of-order refusals; no secret in the stream;
 * nothing left under /sts-workshop/, no bucket created, nothing outstanding in the ledger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson, { type SessionPoliciesState } from '../../src/lessons/session-policies/steps.ts';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';

const LESSON = 'session-policies';
const ACCOUNT = '123456789012';
const IAM_READ = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const account = (nb: Nb) => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const ours = <T extends { path: string }>(map: Map<string, T>) => [...map.values()].filter((e) => e.path.startsWith('/sts-workshop/'));
const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as SessionPoliciesState;

async function ok(nb: Nb, step: string) {
  const outcome = await runToEnd(nb, LESSON, step);
  assert.equal(outcome.end.status, 'succeeded', `${step}: ${JSON.stringify(outcome.error ?? outcome.events.at(-1))}`);
  return outcome;
}

async function denied(nb: Nb, step: string, message: string) {
  const outcome = await runToEnd(nb, LESSON, step);
  assert.equal(outcome.end.status, 'expected-failure', `${step}: ${JSON.stringify(outcome.events.at(-1))}`);
  assert.equal(outcome.error.name, 'AccessDenied');
  assert.equal(outcome.error.expected, true);
  assert.equal(outcome.error.message, message);
  return outcome;
}

const assumeCall = (events: any[]) => events.find((e) => e.type === 'call' && e.operation === 'AssumeRole');

test('the whole lesson: the intersection call by call, then nothing left', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    await ok(nb, 'create-user');
    await ok(nb, 'create-access-key');
    const role = await ok(nb, 'create-role');
    const roleArn = role.result.Arn;
    const attached = await ok(nb, 'attach-broad-policies');
    assert.deepEqual(attached.result.AttachedPolicies, [S3_READ, IAM_READ]);
    await ok(nb, 'attach-broad-policies'); // twice: nothing attached twice, nothing fails
    assert.deepEqual([...account(nb).roles.get(role.result.RoleName)!.attachedPolicies].sort(), [S3_READ, IAM_READ].sort());

    const full = await ok(nb, 'full-session');
    assert.deepEqual(full.result.Buckets, ['workshop-data-123456789012', 'workshop-logs-123456789012', 'workshop-reports-123456789012']);
    assert.equal(full.result.GetRole, roleArn);
    assert.equal(full.result.PackedPolicySize, undefined, 'no session policy, no PackedPolicySize');
    const session = (kind: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role.result.RoleName}/${role.result.RoleName.replace(/-role$/, `-${kind}`)}`;

    const inline = await ok(nb, 'inline-session');
    assert.equal(inline.result.Buckets.length, 3);
    assert.equal(typeof inline.result.PackedPolicySize, 'number');
    assert.deepEqual(JSON.parse(assumeCall(inline.events).input.Policy).Statement[0].Action, ['s3:ListAllMyBuckets', 's3:CreateBucket']);

    await denied(
      nb,
      'inline-session-reads-iam',
      `User: ${session('inline')} is not authorized to perform: iam:GetRole on resource: ${roleArn} because no session policy allows the iam:GetRole action`,
    );
    await denied(
      nb,
      'inline-session-creates-bucket',
      `User: ${session('inline')} is not authorized to perform: s3:CreateBucket because no identity-based policy allows the s3:CreateBucket action`,
    );
    assert.equal([...account(nb).buckets.keys()].filter((b) => b.startsWith('stsw-')).length, 0, 'no bucket was created');

    const managed = await ok(nb, 'managed-session');
    assert.equal(managed.result.GetRole, roleArn);
    assert.deepEqual(assumeCall(managed.events).input.PolicyArns, [{ arn: IAM_READ }]);
    await denied(
      nb,
      'managed-session-lists-buckets',
      `User: ${session('managed')} is not authorized to perform: s3:ListAllMyBuckets because no session policy allows the s3:ListAllMyBuckets action`,
    );

    const boundary = await ok(nb, 'set-boundary');
    assert.equal(boundary.result.PermissionsBoundary, S3_READ);
    assert.equal(account(nb).roles.get(role.result.RoleName)!.permissionsBoundary, S3_READ);
    await denied(
      nb,
      'boundary-blocks-iam',
      `User: ${session('full')} is not authorized to perform: iam:GetRole on resource: ${roleArn} because no permissions boundary allows the iam:GetRole action`,
    );
    const still = await ok(nb, 'boundary-keeps-s3');
    assert.equal(still.result.Buckets.length, 3);

    const state = stateOf(nb);
    const everything = JSON.stringify([full.events, inline.events, managed.events]);
    for (const s of [state.fullSession!, state.inlineSession!, state.managedSession!]) {
      assert.ok(!everything.includes(s.secretAccessKey) && !everything.includes(s.sessionToken!), 'a secret in the stream');
    }

    const del = await ok(nb, 'delete-role');
    assert.deepEqual(del.result.deleted, [roleArn]);
    const calls = del.events.filter((e) => e.type === 'call').map((e: any) => e.operation);
    assert.ok(!calls.includes('DeletePolicy'), 'AWS managed policies are never deleted');
    await ok(nb, 'delete-user');
    const acct = account(nb);
    assert.deepEqual(ours(acct.users), []);
    assert.deepEqual(ours(acct.roles), []);
    assert.ok(nb.sandbox!.state.store.awsManagedPolicies.has(IAM_READ));
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
    assert.deepEqual(nb.workshop.stateOf(LESSON), {});
  } finally {
    await nb.close();
  }
});

test('steps run out of order are refused; a teardown after a partial setup removes it', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    for (const [step, needs] of [
      ['full-session', /Create an access key for the user/],
      ['inline-session-reads-iam', /A session narrowed by an inline session policy/],
      ['boundary-blocks-iam', /Put a permissions boundary on the role/],
    ] as const) {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 409, step);
      assert.match((await res.json()).error.message, needs);
    }
    await ok(nb, 'create-user');
    await ok(nb, 'create-role');
    await ok(nb, 'attach-broad-policies');
    await ok(nb, 'delete-role');
    await ok(nb, 'delete-user');
    assert.deepEqual(ours(account(nb).roles), []);
    assert.deepEqual(ours(account(nb).users), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  } finally {
    await nb.close();
  }
});
