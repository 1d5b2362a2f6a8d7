/**
 * Fault tests for "leave nothing behind": a setup step that fails halfway, or is stopped
 * halfway, has what it created removed before its run ends; the ledger shows every intent
 * closed; and what is left by a run that never recorded its creations (a crash between AWS
 * answering and the ledger write) is found by the sweeper through IAM's list calls.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { defineLesson } from '../src/lessons/lesson.ts';
import { tracked } from '../src/lessons/shared/tracked.ts';
import { events, request, run, runToEnd, testNotebook } from './support/notebook.ts';

const faulty = defineLesson<{ user?: string; roleName?: string }>({
  slug: 'faulty',
  title: 'Faulty',
  summary: 'Fails halfway.',
  steps: [
    {
      id: 'half-setup',
      title: 'Half a setup',
      phase: 'setup',
      inputs: [{ name: 'fail', label: 'Where to fail', kind: 'text', required: false }],
      async run(ctx) {
        const iam = new IAMClient(ctx.aws.config());
        const userName = ctx.name('user');
        await tracked(ctx, { kind: 'user', name: userName }, () => iam.send(new CreateUserCommand({ UserName: userName, Path: ctx.ownership.path, Tags: ctx.ownership.tags })));
        await tracked(ctx, { kind: 'user-policy', name: 'inline', parent: userName, parentKind: 'user' }, () =>
          iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'inline', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) })),
        );
        const roleName = ctx.name('role');
        const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.aws.accountId}:root` }, Action: 'sts:AssumeRole' }] });
        if (!ctx.state.roleName) {
          await tracked(ctx, { kind: 'role', name: roleName }, () => iam.send(new CreateRoleCommand({ RoleName: roleName, Path: ctx.ownership.path, AssumeRolePolicyDocument: trust, Tags: ctx.ownership.tags })));
          ctx.state.roleName = roleName; // noted as made: a run again skips it
        }
        if (ctx.inputs.fail === 'sleep') await ctx.sleep(60_000);
        if (ctx.inputs.fail === 'throw') throw new Error('Simulated failure after three creates');
        return { userName, roleName };
      },
    },
  ],
});

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook({ lessons: [faulty] });
});
after(() => nb.close());

function workshopResources() {
  const account = nb.sandbox!.state.store.accounts.get('123456789012')!;
  return {
    users: [...account.users.values()].filter((u) => u.path === '/sts-workshop/').map((u) => u.name),
    roles: [...account.roles.values()].filter((r) => r.path === '/sts-workshop/').map((r) => r.name),
  };
}

test('a setup step that fails halfway removes what it created', async () => {
  const result = await runToEnd(nb, 'faulty', 'half-setup', { fail: 'throw' });
  assert.equal(result.end.status, 'failed');
  assert.match(result.error.message, /Simulated failure/);
  const logs = result.events.filter((e) => e.type === 'log').map((e) => (e as { text: string }).text);
  assert.ok(logs.some((t) => /Undoing what this step created/.test(t)), logs.join('\n'));
  assert.deepEqual(workshopResources(), { users: [], roles: [] });
  assert.deepEqual(await nb.ledger.outstanding(), []);
});

test('a setup step stopped halfway removes what it created', async () => {
  const response = await run(nb, 'faulty', 'half-setup', { fail: 'sleep' });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!/"operation":"CreateRole"/.test(seen)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    seen += decoder.decode(chunk.value);
  }
  assert.equal(workshopResources().roles.length, 1);
  const stop = await request(nb, '/api/lessons/faulty/steps/half-setup/stop', { method: 'POST', body: '{}' });
  assert.equal(stop.status, 202);
  let rest = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
  const end = JSON.parse(rest.trim().split('\n').at(-1)!);
  assert.equal(end.status, 'cancelled');
  assert.deepEqual(workshopResources(), { users: [], roles: [] });
  assert.deepEqual(await nb.ledger.outstanding(), []);
});

test('a successful step keeps what it created, and the sweeper finds and removes it', async () => {
  const ok = await runToEnd(nb, 'faulty', 'half-setup');
  assert.equal(ok.end.status, 'succeeded');
  assert.equal(workshopResources().users.length, 1);
  const found = await (await request(nb, '/api/cleanup')).json();
  assert.deepEqual(found.leftovers.map((l: any) => [l.kind, l.source]).sort(), [['role', 'both'], ['user', 'both'], ['user-policy', 'ledger']]);
  const removed = await (await request(nb, '/api/cleanup', { method: 'POST', body: '{}' })).json();
  assert.deepEqual(removed.remaining, []);
  assert.deepEqual(workshopResources(), { users: [], roles: [] });
  assert.deepEqual(await nb.ledger.outstanding(), []);
});

test('a tagged resource the ledger never heard of is found through IAM, and an untagged one is left alone', async () => {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: nb.sandbox!.url, credentials: { accessKeyId: nb.sandbox!.admins[0].accessKeyId, secretAccessKey: nb.sandbox!.admins[0].secretAccessKey } });
  await iam.send(new CreateUserCommand({ UserName: 'stsw-lost-user', Path: '/sts-workshop/', Tags: [{ Key: 'sts-workshop:run', Value: 'lost' }] }));
  await iam.send(new CreateUserCommand({ UserName: 'someone-elses', Path: '/sts-workshop/' }));
  const found = await (await request(nb, '/api/cleanup')).json();
  assert.deepEqual(found.leftovers.map((l: any) => [l.kind, l.name, l.source]), [['user', 'stsw-lost-user', 'iam']]);
  await request(nb, '/api/cleanup', { method: 'POST', body: '{}' });
  assert.deepEqual(workshopResources().users, ['someone-elses']);
  const list = await events(await run(nb, 'faulty', 'half-setup', { fail: 'throw' }));
  assert.equal((list.at(-1) as any).status, 'failed');
});

test('a ledger line alone never gets a resource deleted: it must be under our path with our run tag', async () => {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: nb.sandbox!.url, credentials: { accessKeyId: nb.sandbox!.admins[0].accessKeyId, secretAccessKey: nb.sandbox!.admins[0].secretAccessKey } });
  await iam.send(new CreateUserCommand({ UserName: 'prod-admin' }));
  await nb.workshop.ledgerFor('assume-role', 'planted').intend({ kind: 'user', name: 'prod-admin' });
  const found = await (await request(nb, '/api/cleanup')).json();
  assert.deepEqual(found.leftovers, []);
  const removed = await (await request(nb, '/api/cleanup', { method: 'POST', body: '{}' })).json();
  assert.deepEqual(removed.removed, []);
  assert.ok(nb.sandbox!.state.store.accounts.get('123456789012')!.users.has('prod-admin'), 'the planted name survives');
});

test('a failed step whose creations were undone forgets what it noted about them: run again, it makes them again', async () => {
  const fresh = await testNotebook({ lessons: [faulty] });
  try {
    const failed = await runToEnd(fresh, 'faulty', 'half-setup', { fail: 'throw' });
    assert.equal(failed.end.status, 'failed');
    assert.equal(fresh.workshop.stateOf('faulty')!.roleName, undefined, 'the role it noted was deleted by the undo');
    const again = await runToEnd(fresh, 'faulty', 'half-setup', {});
    assert.equal(again.end.status, 'succeeded', JSON.stringify(again.events.at(-2)));
    const roles = [...fresh.sandbox!.state.store.accounts.get('123456789012')!.roles.values()].filter((r) => r.path === '/sts-workshop/');
    assert.deepEqual(roles.map((r) => r.name), [again.result.roleName]);
  } finally {
    await fresh.close();
  }
});
