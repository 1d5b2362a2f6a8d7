/**
 * "Clean up" through the runner: leftovers made three ways (a lesson's role, recorded in the
 * ledger and tagged; a user the ledger knows of but IAM cannot tell is ours; a tagged policy
 * the ledger never heard of) are listed with where they were found, removed in one step, and
 * the sandbox holds nothing under /sts-workshop/ afterwards. Look-alikes that carry only our
 * name pattern or only our path are left alone. Access keys, inline policies and attachments
 * are listed under their user or role (or on their own when the parent is not ours), and their
 * ledger records are closed by the removal. "Remove everything" needs no earlier search and
 * can run again. A notebook started on the same ledger reports what is left.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  DeleteUserCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { runToEnd, testNotebook } from '../support/notebook.ts';

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

test('remove-everything needs no earlier search, and runs twice in a row', async () => {
  const fresh = await testNotebook();
  try {
    for (let i = 0; i < 2; i++) {
      const { end, result, events } = await runToEnd(fresh, 'clean-up', 'remove-everything');
      assert.equal(end.status, 'succeeded', JSON.stringify(events));
      assert.deepEqual(result, { deleted: [] });
      assert.ok(events.some((e) => e.type === 'log' && /Nothing to remove/.test(e.text)));
    }
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

  // 2. A ledger line naming a user that is not ours (no run tag): a ledger line alone never
  //    makes anything deletable, so it is not listed and is left alone.
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
    { kind: 'policy', name: 'stsw-old-policy', run: 'old', foundIn: 'IAM only' },
    { kind: 'role', name: roleName, run: roleRun, foundIn: 'ledger + IAM' },
  ].sort((a, b) => a.name.localeCompare(b.name)));
  assert.ok(events.some((e) => e.type === 'log' && /^2 resources left behind\.$/.test(e.text)));
});

test('remove-everything deletes all of it and nothing else; the search then finds nothing', async () => {
  const { end, result, events } = await runToEnd(nb, 'clean-up', 'remove-everything');
  assert.equal(end.status, 'succeeded', JSON.stringify(events));
  assert.deepEqual([...result.deleted].sort(), ['policy stsw-old-policy', `role ${roleName}`].sort());
  assert.equal(result.note, undefined, 'nothing hung off them');
  assert.ok(events.some((e) => e.type === 'log' && /cannot be revoked one by one/.test(e.text)));

  // IAM's order: the role and user before the managed policy.
  const deletes = (events.filter((e) => e.type === 'call') as any[]).map((c) => c.operation).filter((op) => op.startsWith('Delete'));
  assert.ok(deletes.indexOf('DeleteRole') < deletes.indexOf('DeletePolicy'), deletes.join(','));

  // The users under our path without our run tag are left, the one only a ledger line names
  // included; the name-pattern look-alike is untouched too.
  assert.deepEqual(underOurPath(), ['user someone-elses-user', 'user stsw-r-crashed-user']);
  assert.ok(account().users.has('stsw-lookalike-user'));
  await nb.workshop.ledgerFor('x', 'r').deleted({ kind: 'user', name: 'stsw-r-crashed-user' });
  assert.deepEqual(await nb.workshop.ledgerFor('clean-up', 'test').outstanding(), []);

  await iam.send(new DeleteUserCommand({ UserName: 'stsw-r-crashed-user' }));
  await iam.send(new DeleteUserCommand({ UserName: 'someone-elses-user' }));
  await iam.send(new DeleteUserCommand({ UserName: 'stsw-lookalike-user' }));
  assert.deepEqual(underOurPath(), []);

  // Run again: it searches again, finds nothing, and succeeds.
  const again = await runToEnd(nb, 'clean-up', 'remove-everything');
  assert.equal(again.end.status, 'succeeded');
  assert.deepEqual(again.result, { deleted: [] });
});

test('after the sweep, who-am-i\'s own teardown still succeeds (the role is already gone)', async () => {
  const { end } = await runToEnd(nb, 'who-am-i', 'delete-role');
  assert.equal(end.status, 'succeeded');
});

test('access keys, inline policies and attachments are listed under their user or role, and removed with them', async () => {
  const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
  // A lesson's setup, left behind: a user with a key and an inline policy, a role with an
  // AWS managed policy attached.
  for (const step of ['create-user', 'create-access-key', 'create-role', 'attach-read-only', 'allow-assume-role']) {
    const out = await runToEnd(nb, 'assume-role', step);
    assert.equal(out.end.status, 'succeeded', `${step}: ${JSON.stringify(out.error)}`);
  }
  const state = nb.workshop.stateOf('assume-role') as { userName: string; roleName: string; userPolicyName: string; userKey: { accessKeyId: string } };
  const run = account().users.get(state.userName)!.tags.find((t) => t.Key === 'sts-workshop:run')!.Value;

  // An attachment the ledger recorded on a role that is not ours (no path, no tag, no record):
  // a child counts only under a parent that is ours, so it is neither listed nor detached.
  await iam.send(new CreateRoleCommand({ RoleName: 'someone-elses-role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'someone-elses-role', PolicyArn: READ_ONLY }));
  await nb.workshop.ledgerFor('x', 'r').created({ kind: 'attachment', name: READ_ONLY, parent: 'someone-elses-role', parentKind: 'role' });

  const found = await runToEnd(nb, 'clean-up', 'find-leftovers');
  assert.equal(found.end.status, 'succeeded', JSON.stringify(found.events));
  const rows = [...found.result].sort((a: any, b: any) => a.name.localeCompare(b.name));
  assert.deepEqual(rows, [
    { kind: 'role', name: state.roleName, run, foundIn: 'ledger + IAM', with: [`attachment ${READ_ONLY}`] },
    {
      kind: 'user',
      name: state.userName,
      run,
      foundIn: 'ledger + IAM',
      with: [`access-key ${state.userKey.accessKeyId}`, `user-policy ${state.userPolicyName}`],
    },
  ]);
  assert.ok(found.events.some((e) => e.type === 'log' && /^2 resources left behind\.$/.test(e.text)));

  const removed = await runToEnd(nb, 'clean-up', 'remove-everything');
  assert.equal(removed.end.status, 'succeeded', JSON.stringify(removed.events));
  assert.deepEqual([...removed.result.deleted].sort(), [`role ${state.roleName}`, `user ${state.userName}`].sort());
  for (const child of [`access-key ${state.userKey.accessKeyId} of ${state.userName}`, `user-policy ${state.userPolicyName} of ${state.userName}`, `attachment ${READ_ONLY} of ${state.roleName}`]) {
    assert.ok(removed.result.note.includes(child), `${child} in ${removed.result.note}`);
  }
  // Every record of ours is closed, the children's too; the role that is not ours keeps its
  // attachment (its ledger line stays open: a line alone never makes anything deletable).
  assert.deepEqual(
    (await nb.workshop.ledgerFor('clean-up', 'test').outstanding()).map((r) => `${r.kind} ${r.name} of ${r.parent}`),
    [`attachment ${READ_ONLY} of someone-elses-role`],
  );
  assert.deepEqual(underOurPath(), []);
  assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'someone-elses-role' }))).AttachedPolicies!.map((p) => p.PolicyArn), [READ_ONLY]);
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'someone-elses-role', PolicyArn: READ_ONLY }));
  assert.ok(nb.sandbox!.state.store.awsManagedPolicies.has(READ_ONLY), 'the AWS managed policy is only detached');
  await iam.send(new DeleteRoleCommand({ RoleName: 'someone-elses-role' }));

  // The lesson's own teardown still succeeds with everything already gone.
  for (const step of ['delete-role', 'delete-user']) assert.equal((await runToEnd(nb, 'assume-role', step)).end.status, 'succeeded', step);
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
