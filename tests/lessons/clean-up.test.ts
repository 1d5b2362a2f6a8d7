/**
 * "Clean up" through the runner: leftovers made three ways (a lesson's role, recorded in the
 * ledger and tagged; a user the ledger knows of but IAM cannot tell is ours; a tagged policy
 * the ledger never heard of) are listed with where they were found, removed in one step, and
 * the sandbox holds nothing under /sts-workshop/ afterwards. Look-alikes that carry only our
 * name pattern or only our path are left alone. A notebook started on the same ledger reports
 * what is left.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePolicyCommand, CreateUserCommand, DeleteUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';

const ACCOUNT = '123456789012';

let nb: Awaited<ReturnType<typeof testNotebook>>;
let iam: IAMClient;
before(async () => {
  nb = await testNotebook();
  const t = nb.target;
  iam = new IAMClient({ region: t.region, endpoint: t.endpoint, credentials: t.credentials as any });
});
after(() => nb.close());

const account = () => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
function underOurPath() {
  const a = account();
  const ours = (path: string) => path.startsWith('/sts-workshop/');
  return [
    ...[...a.users.values()].filter((u) => ours(u.path)).map((u) => `user ${u.name}`),
    ...[...a.roles.values()].filter((r) => ours(r.path)).map((r) => `role ${r.name}`),
    ...[...a.policies.values()].filter((p) => ours(p.path)).map((p) => `policy ${p.name}`),
    ...[...a.mfaDevices.values()].filter((d) => ours(d.path)).map((d) => `mfa ${d.name}`),
  ].sort();
}

test('with nothing left, find-leftovers says so and returns an empty list', async () => {
  const { end, result, events } = await runToEnd(nb, 'clean-up', 'find-leftovers');
  assert.equal(end.status, 'succeeded');
  assert.deepEqual(result, []);
  assert.ok(events.some((e) => e.type === 'log' && /Nothing left behind by this course/.test(e.text)));
});

test('remove-everything is refused before find-leftovers has run in this round', async () => {
  const fresh = await testNotebook();
  try {
    const early = await run(fresh, 'clean-up', 'remove-everything');
    assert.equal(early.status, 409);
    assert.match((await early.json()).error.message, /Run "Find what the course left behind" first/);
  } finally {
    await fresh.close();
  }
});

let roleName = '';

test('leftovers from a lesson, from the ledger only and from IAM only are all found, with their run', async () => {
  // 1. A lesson's setup step: who-am-i's role, in the ledger and tagged in IAM.
  const role = await runToEnd(nb, 'who-am-i', 'create-role');
  assert.equal(role.end.status, 'succeeded');
  roleName = role.result.RoleName;
  const roleRun = account().roles.get(roleName)!.tags.find((t) => t.Key === 'sts-workshop:run')!.Value;

  // 2. The ledger's intent was written, the user was created, but the lesson never recorded
  //    it, and IAM alone cannot tell it is ours (no run tag): only the ledger knows.
  await nb.workshop.ledgerFor('x', 'r').intend({ kind: 'user', name: 'stsw-r-crashed-user' });
  await iam.send(new CreateUserCommand({ UserName: 'stsw-r-crashed-user', Path: '/sts-workshop/' }));

  // 3. A policy under our path with our run tag that the ledger never heard of (a lost ledger).
  const policyDoc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
  await iam.send(
    new CreatePolicyCommand({ PolicyName: 'stsw-old-policy', Path: '/sts-workshop/', PolicyDocument: policyDoc, Tags: [{ Key: 'sts-workshop:run', Value: 'old' }] }),
  );

  // Look-alikes the sweeper must leave alone: our name pattern without path or tag, and our
  // path without the run tag (and not in the ledger).
  await iam.send(new CreateUserCommand({ UserName: 'stsw-lookalike-user' }));
  await iam.send(new CreateUserCommand({ UserName: 'someone-elses-user', Path: '/sts-workshop/' }));

  const { end, result, events } = await runToEnd(nb, 'clean-up', 'find-leftovers');
  assert.equal(end.status, 'succeeded', JSON.stringify(events));
  const rows = [...result].sort((a: any, b: any) => a.name.localeCompare(b.name));
  assert.deepEqual(rows, [
    { kind: 'user', name: 'stsw-r-crashed-user', run: 'r', foundIn: 'ledger only' },
    { kind: 'policy', name: 'stsw-old-policy', run: 'old', foundIn: 'IAM only' },
    { kind: 'role', name: roleName, run: roleRun, foundIn: 'ledger + IAM' },
  ].sort((a, b) => a.name.localeCompare(b.name)));
  assert.ok(events.some((e) => e.type === 'log' && /3 resource\(s\) left behind/.test(e.text)));
});

test('remove-everything deletes all of it and nothing else; the search then finds nothing', async () => {
  const { end, result, events } = await runToEnd(nb, 'clean-up', 'remove-everything');
  assert.equal(end.status, 'succeeded', JSON.stringify(events));
  assert.deepEqual([...result.removed].sort(), ['policy stsw-old-policy', `role ${roleName}`, 'user stsw-r-crashed-user'].sort());
  assert.equal(result.remaining, 0);
  assert.ok(events.some((e) => e.type === 'log' && /cannot be revoked one by one/.test(e.text)));

  // IAM's order: the role and user before the managed policy.
  const deletes = (events.filter((e) => e.type === 'call') as any[]).map((c) => c.operation).filter((op) => op.startsWith('Delete'));
  assert.ok(deletes.indexOf('DeleteRole') < deletes.indexOf('DeletePolicy'), deletes.join(','));

  // Only the look-alike under our path is left, because it carries no run tag and no ledger
  // record; the name-pattern look-alike is untouched too.
  assert.deepEqual(underOurPath(), ['user someone-elses-user']);
  assert.ok(account().users.has('stsw-lookalike-user'));
  assert.deepEqual(await nb.workshop.ledgerFor('clean-up', 'test').outstanding(), []);

  await iam.send(new DeleteUserCommand({ UserName: 'someone-elses-user' }));
  await iam.send(new DeleteUserCommand({ UserName: 'stsw-lookalike-user' }));
  assert.deepEqual(underOurPath(), []);

  // The last teardown step resets the lesson: looking again comes first.
  const again = await run(nb, 'clean-up', 'remove-everything');
  assert.equal(again.status, 409);
  await again.body?.cancel();
});

test('after the sweep, who-am-i\'s own teardown still succeeds (the role is already gone)', async () => {
  const { end } = await runToEnd(nb, 'who-am-i', 'delete-role');
  assert.equal(end.status, 'succeeded');
});

test('a ledger record whose resource no longer exists is closed on start, not reported', async () => {
  const first = await testNotebook();
  await first.workshop.ledgerFor('who-am-i', 'abc').intend({ kind: 'role', name: 'stsw-abc-role' });
  await first.close();
  // A new embedded sandbox starts empty: the role that intent was about cannot exist there.
  const second = await testNotebook({ env: { WORKSHOP_STATE_DIR: first.stateDir } });
  try {
    const deadline = Date.now() + 5000;
    while ((await second.ledger.outstanding()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await second.ledger.outstanding(), []);
    assert.ok(!second.logLines.some((l) => /left by earlier runs/.test(l)), second.logLines.join('\n'));
    assert.deepEqual((await runToEnd(second, 'clean-up', 'find-leftovers')).result, []);
  } finally {
    await second.close();
  }
});
