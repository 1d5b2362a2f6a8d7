/**
 * "Who am I?" through the runner against the embedded sandbox: the caller identity, the SDK's
 * endpoint resolution, then setup (a role trusting the notebook) → the same question as a role
 * session and with a session token → teardown, and nothing left under /sts-workshop/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';

const ACCOUNT = '123456789012';
const ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:user/workshop-admin`;

let nb: Awaited<ReturnType<typeof testNotebook>>;
before(async () => {
  nb = await testNotebook();
});
after(() => nb.close());

const account = () => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const ours = () => {
  const a = account();
  const under = (path: string) => path.startsWith('/sts-workshop/');
  return [
    ...[...a.users.values()].filter((u) => under(u.path)).map((u) => `user ${u.name}`),
    ...[...a.roles.values()].filter((r) => under(r.path)).map((r) => `role ${r.name}`),
    ...[...a.policies.values()].filter((p) => under(p.path)).map((p) => `policy ${p.name}`),
    ...[...a.mfaDevices.values()].filter((d) => under(d.path)).map((d) => `mfa ${d.name}`),
  ];
};

test('get-caller-identity answers with the sandbox admin user', async () => {
  const { end, result } = await runToEnd(nb, 'who-am-i', 'get-caller-identity');
  assert.equal(end.status, 'succeeded');
  assert.deepEqual(Object.keys(result).sort(), ['Account', 'Arn', 'UserId']);
  assert.equal(result.Account, ACCOUNT);
  assert.equal(result.Arn, ADMIN_ARN);
  assert.match(result.UserId, /^AIDA[A-Z2-7]{17}$/);
});

test('regional-endpoints resolves regional URLs by default and the global one only on request, sending nothing', async () => {
  const { end, result, events } = await runToEnd(nb, 'who-am-i', 'regional-endpoints');
  assert.equal(end.status, 'succeeded');
  assert.equal(events.filter((e) => e.type === 'call').length, 0, 'no request is sent');
  assert.deepEqual(result, {
    'us-east-1': { regional: 'https://sts.us-east-1.amazonaws.com/', legacyGlobal: 'https://sts.amazonaws.com/' },
    'eu-west-1': { regional: 'https://sts.eu-west-1.amazonaws.com/', legacyGlobal: 'https://sts.amazonaws.com/' },
  });
});

test('as-role-session is refused before create-role', async () => {
  const early = await run(nb, 'who-am-i', 'as-role-session');
  assert.equal(early.status, 409);
  assert.match((await early.json()).error.message, /Run "Create a role that trusts the notebook" first/);
});

/** The secret key and session token the sandbox issued with this key id never reach the page. */
function assertNoSecretsOf(accessKeyId: string, text: string) {
  const session = nb.sandbox!.state.store.sessions.get(accessKeyId);
  assert.ok(session, `the sandbox issued ${accessKeyId}`);
  assert.ok(!text.includes(session.secret), 'no secret access key in the stream');
  assert.ok(!text.includes(session.token), 'no session token in the stream');
}

let roleName = '';
let roleArn = '';

test('create-role makes one role under /sts-workshop/ that trusts the notebook caller and has no permissions', async () => {
  const { end, result, events } = await runToEnd(nb, 'who-am-i', 'create-role');
  assert.equal(end.status, 'succeeded', JSON.stringify(events));
  roleName = result.RoleName;
  roleArn = result.Arn;
  assert.match(roleName, /^stsw-[a-z2-7]+-role$/);
  assert.equal(roleArn, `arn:aws:iam::${ACCOUNT}:role/sts-workshop/${roleName}`);
  assert.match(result.RoleId, /^AROA/);
  assert.equal(result.TrustedPrincipal, ADMIN_ARN);

  const role = account().roles.get(roleName)!;
  assert.equal(role.path, '/sts-workshop/');
  assert.deepEqual(JSON.parse(role.trustPolicy.text), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'sts:AssumeRole' }],
  });
  assert.equal(role.inlinePolicies.size, 0);
  assert.equal(role.attachedPolicies.size, 0);
  assert.ok(role.tags.some((t) => t.Key === 'sts-workshop:run'));
  assert.ok(role.tags.some((t) => t.Key === 'sts-workshop:lesson' && t.Value === 'who-am-i'));

  const ledger = await nb.workshop.ledgerFor('who-am-i', 'test').outstanding();
  assert.ok(ledger.some((r) => r.kind === 'role' && r.name === roleName && r.arn === roleArn));
  const calls = events.filter((e) => e.type === 'call').map((e: any) => e.operation);
  assert.deepEqual(calls.slice(0, 2), ['GetCallerIdentity', 'CreateRole']);
});

test('running create-role again creates no second role', async () => {
  const before = account().roles.size;
  const { end, result, events } = await runToEnd(nb, 'who-am-i', 'create-role');
  assert.equal(end.status, 'succeeded');
  assert.equal(result.RoleName, roleName);
  assert.equal(account().roles.size, before);
  assert.ok(events.some((e) => e.type === 'log' && /already exists/.test(e.text)));
  assert.equal(events.filter((e) => e.type === 'call').length, 0);
});

test('as-role-session: GetCallerIdentity with role credentials names the assumed role and the session', async () => {
  const { end, result, events } = await runToEnd(nb, 'who-am-i', 'as-role-session');
  assert.equal(end.status, 'succeeded', JSON.stringify(events));
  const roleId = account().roles.get(roleName)!.id;
  assert.equal(result.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/who-am-i`);
  assert.equal(result.UserId, `${roleId}:who-am-i`);
  assert.match(result.UserId, /^AROA[A-Z2-7]+:who-am-i$/);
  assert.match(result.AccessKeyId, /^ASIA/);
  assert.ok(result.Expiration);
  assertNoSecretsOf(result.AccessKeyId, JSON.stringify(events));
  const calls = events.filter((e) => e.type === 'call').map((e: any) => e.operation);
  assert.deepEqual(calls, ['AssumeRole', 'GetCallerIdentity']);
});

test('as-session-token: a session token without MFA still answers as the same IAM user', async () => {
  const { end, result, events } = await runToEnd(nb, 'who-am-i', 'as-session-token');
  assert.equal(end.status, 'succeeded', JSON.stringify(events));
  assert.equal(result.LongTermArn, ADMIN_ARN);
  assert.equal(result.SessionTokenArn, ADMIN_ARN);
  assert.equal(result.SameIdentity, true);
  assert.match(result.AccessKeyId, /^ASIA/);
  assertNoSecretsOf(result.AccessKeyId, JSON.stringify(events));
  const session = nb.sandbox!.state.store.sessions.get(result.AccessKeyId)!;
  assert.equal(session.source, 'GetSessionToken');
  assert.equal(session.mfaPresent, false);
});

test('delete-role removes the role, resets the lesson, and leaves nothing under /sts-workshop/', async () => {
  const { end, result, events } = await runToEnd(nb, 'who-am-i', 'delete-role');
  assert.equal(end.status, 'succeeded', JSON.stringify(events));
  assert.deepEqual(result.deleted, [roleArn]);
  assert.ok(events.some((e) => e.type === 'log' && /cannot be revoked one by one/.test(e.text)));
  assert.equal(account().roles.has(roleName), false);
  assert.deepEqual(ours(), []);
  const ledger = await nb.workshop.ledgerFor('who-am-i', 'test').outstanding();
  assert.deepEqual(ledger, []);
  // The last teardown step resets the lesson: the role session step needs setup again.
  const again = await run(nb, 'who-am-i', 'as-role-session');
  assert.equal(again.status, 409);
  await again.body?.cancel();
});

test('delete-role with nothing to delete says so and succeeds', async () => {
  const { end, result } = await runToEnd(nb, 'who-am-i', 'delete-role');
  assert.equal(end.status, 'succeeded');
  assert.deepEqual(result.deleted, []);
});

test('as-session-token explains the refusal when the notebook runs with role credentials', async () => {
  // Run the step's code with a context whose credentials are a role session, as an SSO user's are.
  const { default: lesson } = await import('../../src/lessons/who-am-i/steps.ts');
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const { IAMClient, CreateRoleCommand, DeleteRoleCommand } = await import('@aws-sdk/client-iam');
  const t = nb.target;
  const admin = { region: t.region, endpoint: t.endpoint, credentials: t.credentials as any };
  const iam = new IAMClient(admin);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'sso-like', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  try {
    const c = (await new STSClient(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/sso-like`, RoleSessionName: 'alice' }))).Credentials!;
    const roleCreds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const logs: string[] = [];
    const ctx: any = {
      aws: { config: (creds?: any) => ({ region: t.region, endpoint: t.endpoint, credentials: creds ?? roleCreds }) },
      log: (text: string) => logs.push(text),
      secret: (v: string) => v,
    };
    const result: any = await lesson.step('as-session-token').run(ctx);
    assert.equal(result.LongTermArn, `arn:aws:sts::${ACCOUNT}:assumed-role/sso-like/alice`);
    assert.match(result.GetSessionToken, /refused/);
    assert.match(logs.join('\n'), /Cannot call GetSessionToken with session credentials/);
  } finally {
    await iam.send(new DeleteRoleCommand({ RoleName: 'sso-like' }));
  }
});

test('with IAM propagation simulated, as-role-session waits for the new trust policy instead of failing', async () => {
  const slow = await testNotebook({ env: { SANDBOX_PROPAGATION_MS: '1500' } });
  try {
    assert.equal((await runToEnd(slow, 'who-am-i', 'create-role')).end.status, 'succeeded');
    const { end, result, events } = await runToEnd(slow, 'who-am-i', 'as-role-session');
    assert.equal(end.status, 'succeeded', JSON.stringify(events));
    assert.match(result.Arn, /:assumed-role\/stsw-[a-z2-7]+-role\/who-am-i$/);
    const calls = events.filter((e) => e.type === 'call') as any[];
    assert.equal(calls[0].operation, 'AssumeRole');
    assert.equal(calls[0].error?.name, 'AccessDenied');
    assert.ok(events.some((e) => e.type === 'log' && /propagate|retrying/i.test(e.text)));
    assert.ok(events.some((e) => e.type === 'progress'));
    assert.equal((await runToEnd(slow, 'who-am-i', 'delete-role')).end.status, 'succeeded');
    assert.equal([...slow.sandbox!.state.store.accounts.get(ACCOUNT)!.roles.values()].filter((r) => r.path === '/sts-workshop/').length, 0);
  } finally {
    await slow.close();
  }
});
