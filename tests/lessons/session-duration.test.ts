/**
 * Lesson "Session duration and role chaining" through the runner, against the embedded sandbox:
 * the whole lesson (setup → usage → teardown) with the two-hour session, each expected
 * ValidationError with STS's exact message, the chained one-hour session, GetCallerIdentity at
 * each hop; out-of-order refusals; setup run twice without duplicates; no secret in the stream;
 * nothing left under /sts-workshop/ and nothing outstanding in the ledger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson, { type SessionDurationState } from '../../src/lessons/session-duration/steps.ts';
import { run, testNotebook } from '../support/notebook.ts';
import { stepChecks } from '../support/step-checks.ts';

const LESSON = 'session-duration';
const { ok, refused } = stepChecks(LESSON);
const ACCOUNT = '123456789012';

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const account = (nb: Nb) => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const ours = <T extends { path: string }>(map: Map<string, T>) => [...map.values()].filter((e) => e.path.startsWith('/sts-workshop/'));
const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as SessionDurationState;

function assertNothingLeft(nb: Nb) {
  const acct = account(nb);
  assert.deepEqual(ours(acct.users).map((u) => u.name), [], 'users under /sts-workshop/');
  assert.deepEqual(ours(acct.roles).map((r) => r.name), [], 'roles under /sts-workshop/');
  const keys = [...nb.sandbox!.state.store.accessKeys.values()].filter((k) => k.userName?.startsWith('stsw-'));
  assert.deepEqual(keys.map((k) => k.id), [], 'access keys of lesson users');
}

test('the whole lesson: two hours allowed, three and ten minutes refused, chaining capped at one hour, then nothing left', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    const user = await ok(nb, 'create-user');
    await ok(nb, 'create-access-key');
    const role = await ok(nb, 'create-role');
    assert.equal(role.result.MaxSessionDuration, 7200);
    assert.equal(account(nb).roles.get(role.result.RoleName)!.maxSessionDuration, 7200);
    const chain = await ok(nb, 'create-chain-role');
    assert.equal(chain.result.MaxSessionDuration, 43200);
    assert.deepEqual(JSON.parse(account(nb).roles.get(chain.result.RoleName)!.trustPolicy.text).Statement[0].Principal, { AWS: role.result.Arn });
    // Run twice: no second role.
    const again = await ok(nb, 'create-chain-role');
    assert.equal(again.result.Arn, chain.result.Arn);
    assert.equal(ours(account(nb).roles).length, 2);

    const first = await ok(nb, 'assume-two-hours');
    assert.match(first.result.AccessKeyId, /^ASIA/);
    assert.equal(first.result.MinutesLeft, 120);
    assert.equal((first.events.find((e) => e.type === 'call' && e.operation === 'AssumeRole') as any).input.DurationSeconds, 7200);

    await refused(nb, 'too-long', 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    await refused(
      nb,
      'too-short',
      'ValidationError',
      "1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );

    const second = await ok(nb, 'chain-one-hour');
    assert.equal(second.result.MinutesLeft, 60);
    assert.ok(Date.parse(second.result.Expiration) < Date.parse(second.result.FirstHopExpiration), 'the chained session ends before the first');
    const chainCall = second.events.find((e) => e.type === 'call' && e.operation === 'AssumeRole') as any;
    assert.equal(chainCall.signer.accessKeyId, first.result.AccessKeyId, 'signed with the first hop');

    await refused(nb, 'chain-two-hours', 'ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');

    const who = await ok(nb, 'caller-at-each-hop');
    assert.equal(who.result.user.Arn, user.result.Arn);
    assert.match(who.result.user.UserId, /^AIDA/);
    assert.equal(who.result.firstHop.Arn, first.result.Arn);
    assert.match(who.result.firstHop.Arn, new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${role.result.RoleName}/stsw-[a-z2-7]+-first-hop$`));
    assert.match(who.result.secondHop.Arn, new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${chain.result.RoleName}/stsw-[a-z2-7]+-second-hop$`));
    assert.match(who.result.secondHop.UserId, /^AROA[A-Z2-7]+:stsw-[a-z2-7]+-second-hop$/);

    // No secret left the server.
    const state = stateOf(nb);
    const everything = JSON.stringify([first.events, second.events, who.events]);
    for (const secret of [state.firstHop!.secretAccessKey, state.firstHop!.sessionToken!, state.secondHop!.sessionToken!, state.userKey!.secretAccessKey]) {
      assert.ok(!everything.includes(secret), 'a secret in the stream');
    }

    const roles = await ok(nb, 'delete-roles');
    assert.deepEqual(roles.result.deleted, [chain.result.Arn, role.result.Arn]);
    const users = await ok(nb, 'delete-user');
    assert.deepEqual(users.result.deleted, [user.result.Arn]);
    assertNothingLeft(nb);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
    assert.deepEqual(nb.workshop.stateOf(LESSON), {});
  } finally {
    await nb.close();
  }
});

test('steps run out of order are refused; teardown with nothing created deletes nothing', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    for (const [step, needs] of [
      ['assume-two-hours', /Create an access key for the user/],
      ['chain-one-hour', /Assume the role for two hours/],
      ['chain-two-hours', /From the session, assume the second role/],
    ] as const) {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 409, step);
      const body = await res.json();
      assert.equal(body.error.code, 'OutOfOrder');
      assert.match(body.error.message, needs);
    }
    assert.deepEqual((await ok(nb, 'delete-roles')).result, { deleted: [] });
    assert.deepEqual((await ok(nb, 'delete-user')).result, { deleted: [] });
    assertNothingLeft(nb);
  } finally {
    await nb.close();
  }
});
