/**
 * Defects found by trying to lose things, each with the test that failed before its fix:
 * a policy whose ledger intent knows only its name (the notebook died between CreatePolicy's
 * answer and the record) is removed, not a 500 forever; one bad ledger record never blocks the
 * clean-up of the others; with the sandbox down, the clean-up answers a clear JSON error that
 * names the endpoint; against an external sandbox (`--sandbox-url`) whose clock was moved, the
 * built-in authenticator's codes follow the sandbox's clock, so the MFA steps still work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  ListPoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { testNotebook, runToEnd } from './support/notebook.ts';
import { withSandbox } from './support/sandbox.ts';

const PATH = '/sts-workshop/';
const TAGS = [{ Key: 'sts-workshop:run', Value: 'crashed' }];
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });

function adminIam(nb: Awaited<ReturnType<typeof testNotebook>>) {
  const t = nb.target;
  return new IAMClient({ region: t.region, endpoint: t.endpoint, credentials: t.credentials as never });
}

/** What a notebook killed right after CreatePolicy (and AttachRolePolicy) leaves behind. */
async function leaveAPolicyKnownByNameOnly(nb: Awaited<ReturnType<typeof testNotebook>>) {
  const iam = adminIam(nb);
  const ledger = nb.workshop.ledgerFor('assume-role-mfa', 'crashed');
  const role = 'stsw-crashed-role';
  const policy = 'stsw-crashed-policy';
  await ledger.intend({ kind: 'role', name: role });
  await iam.send(new CreateRoleCommand({ RoleName: role, Path: PATH, AssumeRolePolicyDocument: TRUST, Tags: TAGS }));
  await ledger.created({ kind: 'role', name: role });
  await ledger.intend({ kind: 'policy', name: policy });
  const created = await iam.send(new CreatePolicyCommand({ PolicyName: policy, Path: PATH, PolicyDocument: POLICY, Tags: TAGS }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: created.Policy!.Arn }));
  return { iam, role, policy };
}

async function ourPoliciesAndRoles(iam: IAMClient) {
  const policies = (await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: PATH }))).Policies ?? [];
  const roles = (await iam.send(new ListRolesCommand({ PathPrefix: PATH }))).Roles ?? [];
  return { policies: policies.map((p) => p.PolicyName), roles: roles.map((r) => r.RoleName) };
}

test('a policy the ledger knows only by name is found with its ARN and removed by POST /api/cleanup', async () => {
  const nb = await testNotebook();
  try {
    const { iam, policy } = await leaveAPolicyKnownByNameOnly(nb);
    const look = await nb.request('/api/cleanup');
    assert.equal(look.status, 200);
    const found = (await look.json()).leftovers.find((l: { kind: string; name: string }) => l.kind === 'policy' && l.name === policy);
    assert.match(found.arn, /^arn:aws:iam::123456789012:policy\/sts-workshop\/stsw-crashed-policy$/);

    const res = await nb.request('/api/cleanup', { method: 'POST', body: '{}' });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(body.remaining, []);
    assert.deepEqual(body.failed, []);
    assert.deepEqual(await ourPoliciesAndRoles(iam), { policies: [], roles: [] });
    assert.deepEqual(await nb.workshop.ledgerFor('clean-up', 'check').outstanding(), []);
  } finally {
    await nb.close();
  }
});

test('the Clean up lesson removes the same leftovers through its own step', async () => {
  const nb = await testNotebook();
  try {
    const { iam } = await leaveAPolicyKnownByNameOnly(nb);
    const { end, events } = await runToEnd(nb, 'clean-up', 'remove-everything');
    assert.equal(end.status, 'succeeded', JSON.stringify(events.filter((e) => e.type === 'error' || e.type === 'log')));
    assert.deepEqual(await ourPoliciesAndRoles(iam), { policies: [], roles: [] });
  } finally {
    await nb.close();
  }
});

test('one bad ledger record never blocks the clean-up of the others', async () => {
  const nb = await testNotebook();
  try {
    const { iam } = await leaveAPolicyKnownByNameOnly(nb);
    const ledger = nb.workshop.ledgerFor('assume-role', 'broken');
    // Records IAM cannot make sense of: a malformed ARN, names no IAM entity can have.
    await ledger.intend({ kind: 'policy', name: 'stsw-broken-policy', arn: 'stsw-broken-policy' });
    await ledger.intend({ kind: 'user', name: 'not a valid name!' });
    await ledger.intend({ kind: 'attachment', name: 'not-an-arn', parent: 'stsw-crashed-role', parentKind: 'role' });
    const res = await nb.request('/api/cleanup', { method: 'POST', body: '{}' });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(await ourPoliciesAndRoles(iam), { policies: [], roles: [] });
    // A second clean-up finds nothing left and still answers 200.
    const again = await nb.request('/api/cleanup', { method: 'POST', body: '{}' });
    assert.equal(again.status, 200);
    assert.deepEqual((await again.json()).remaining, []);
  } finally {
    await nb.close();
  }
});

test('with the sandbox down, GET and POST /api/cleanup answer a JSON error naming the endpoint', async () => {
  const sandbox = await withSandbox();
  const admin = sandbox.admins[0];
  const nb = await testNotebook({ env: { SANDBOX_URL: sandbox.url, AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey } });
  try {
    await sandbox.close();
    for (const method of ['GET', 'POST']) {
      const res = await nb.request('/api/cleanup', method === 'POST' ? { method, body: '{}' } : {});
      const body = await res.json();
      assert.equal(res.status, 502, `${method} ${JSON.stringify(body)}`);
      assert.equal(body.error.code, 'TargetUnreachable');
      assert.ok(body.error.message.includes(sandbox.url), body.error.message);
    }
  } finally {
    await nb.close();
  }
});

test('against an external sandbox whose clock was moved, the authenticator follows its clock and MFA works', async () => {
  const sandbox = await withSandbox();
  const admin = sandbox.admins[0];
  const nb = await testNotebook({ env: { SANDBOX_URL: sandbox.url, AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey } });
  try {
    assert.equal(nb.sandbox, undefined, 'the notebook uses the external sandbox');
    const moved = await nb.request('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds: 3600 }) });
    assert.equal(moved.status, 200);
    const lesson = 'session-token-mfa';
    assert.equal((await runToEnd(nb, lesson, 'create-user')).end.status, 'succeeded');
    assert.equal((await runToEnd(nb, lesson, 'create-mfa-device')).end.status, 'succeeded');
    // Another program moves the sandbox's clock too: the notebook learns it again.
    const clock = await nb.request('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds: 90 }) });
    assert.equal(clock.status, 200);
    const codes = await (await nb.request(`/api/lessons/${lesson}/authenticator`)).json();
    const enabled = await runToEnd(nb, lesson, 'enable-mfa-device', { code1: codes.code, code2: codes.nextCode });
    assert.equal(enabled.end.status, 'succeeded', JSON.stringify(enabled.error));
    assert.equal((await runToEnd(nb, lesson, 'delete-user')).end.status, 'succeeded');
  } finally {
    await nb.close();
    await sandbox.close();
  }
});
