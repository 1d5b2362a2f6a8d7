/**
 * A real account without surprises, with a sandbox standing in for AWS (the SDK's default
 * chain finds its keys and AWS_ENDPOINT_URL in the environment, as it would a profile):
 * `--allow-account` refuses any other account; the first change asks once for confirmation
 * naming the account, the principal and what the lesson creates (usage steps never ask;
 * `--confirm-account` confirms up front); the preflight lists in plain words what the
 * principal lacks (the tag action a tagged create needs as well), through the sandbox's own
 * SimulatePrincipalPolicy; and the least-privilege policy shipped in docs/workshop-policy.json
 * is enough for every lesson, start to end.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { ConfigError, readConfig } from '../server/config.ts';
import { WORKSHOP_POLICY_PATH } from '../server/runner/preflight.ts';
import { describeDrive, driveLesson, listLessons } from './support/drive-lesson.ts';
import { runToEnd, testNotebook } from './support/notebook.ts';
import { withSandbox, type TestSandbox } from './support/sandbox.ts';

const ACCOUNT = '123456789012';
const POLICY = JSON.parse(readFileSync(WORKSHOP_POLICY_PATH, 'utf8')) as { Version: string; Statement: { Sid: string }[] };
let sandbox: TestSandbox;
let iam: IAMClient;

before(async () => {
  sandbox = await withSandbox();
  iam = new IAMClient(sandbox.config());
  // What the SDK's default chain reads on a learner's machine; this file's process only.
  process.env.AWS_ENDPOINT_URL = sandbox.url;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
  useKeys(sandbox.admins[0]);
});
after(() => sandbox.close());

function useKeys(keys: { accessKeyId: string; secretAccessKey: string }) {
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
}

/** A user (outside the workshop's path) whose only permissions are `statements` (a managed policy, as the README says), and its keys. */
async function principalWith(name: string, statements: object[]) {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: `${name}-policy`, PolicyDocument: document }));
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: Policy!.Arn }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey!, arn: `arn:aws:iam::${ACCOUNT}:user/${name}` };
}

test('--allow-account and --confirm-account take 12-digit ids, repeatable, or from the environment', () => {
  assert.deepEqual(readConfig(['--allow-account', '111122223333', '--allow-account', '444455556666'], {}).aws.allowAccounts, ['111122223333', '444455556666']);
  assert.deepEqual(readConfig([], { WORKSHOP_ALLOW_ACCOUNTS: '111122223333, 444455556666' }).aws.allowAccounts, ['111122223333', '444455556666']);
  assert.deepEqual(readConfig([], {}).aws.allowAccounts, []);
  assert.equal(readConfig(['--confirm-account', '111122223333'], {}).aws.confirmAccount, '111122223333');
  assert.throws(() => readConfig(['--allow-account', 'prod'], {}), ConfigError);
  assert.throws(() => readConfig([], { WORKSHOP_CONFIRM_ACCOUNT: '12345' }), ConfigError);
});

test('--allow-account refuses to start on any other account, naming both', async () => {
  await assert.rejects(testNotebook({ env: { WORKSHOP_TARGET: 'aws', WORKSHOP_ALLOW_ACCOUNTS: '111122223333' } }), (error: Error) => {
    assert.match(error.message, /refusing to start: the credentials are for account 123456789012 \(arn:aws:iam::123456789012:user\/workshop-admin\)/);
    assert.match(error.message, /--allow-account allows only 111122223333/);
    return true;
  });
  await assert.rejects(testNotebook({ env: { WORKSHOP_TARGET: 'aws', WORKSHOP_CONFIRM_ACCOUNT: '111122223333' } }), /--confirm-account 111122223333 does not match .* 123456789012/);
  const allowed = await testNotebook({ env: { WORKSHOP_TARGET: 'aws', WORKSHOP_ALLOW_ACCOUNTS: `111122223333,${ACCOUNT}` } });
  await allowed.close();
});

test('the first change asks once, naming the account, the principal and what the lesson creates', async () => {
  const nb = await testNotebook({ env: { WORKSHOP_TARGET: 'aws' } });
  try {
    assert.equal(nb.target.kind, 'aws');
    assert.equal((await (await nb.request('/api/session')).json()).confirmed, false);
    // Looking changes nothing, so it never asks.
    assert.equal((await runToEnd(nb, 'who-am-i', 'get-caller-identity')).end.status, 'succeeded');
    const asked = await nb.request('/api/lessons/who-am-i/steps/create-role/run', { method: 'POST', body: '{}' });
    assert.equal(asked.status, 409);
    const { error } = await asked.json();
    assert.equal(error.code, 'ConfirmAccount');
    assert.match(error.message, /REAL AWS account: 123456789012, as arn:aws:iam::123456789012:user\/workshop-admin/);
    assert.match(error.message, /"Who am I\?" creates IAM roles under \/sts-workshop\//);
    const cleanup = await nb.request('/api/cleanup', { method: 'POST', body: '{}' });
    assert.equal(cleanup.status, 409, 'the clean-up changes the account too');

    const wrong = await nb.request('/api/account/confirm', { method: 'POST', body: JSON.stringify({ accountId: '111122223333' }) });
    assert.equal(wrong.status, 400);
    assert.equal((await wrong.json()).error.code, 'WrongAccount');
    const right = await nb.request('/api/account/confirm', { method: 'POST', body: JSON.stringify({ accountId: ACCOUNT }) });
    assert.equal(right.status, 200);
    assert.equal((await (await nb.request('/api/session')).json()).confirmed, true);

    assert.equal((await runToEnd(nb, 'who-am-i', 'create-role')).end.status, 'succeeded');
    assert.equal((await runToEnd(nb, 'who-am-i', 'delete-role')).end.status, 'succeeded');
  } finally {
    await nb.close();
  }
});

test('--confirm-account confirms up front for scripts; the sandbox never asks', async () => {
  const scripted = await testNotebook({ env: { WORKSHOP_TARGET: 'aws', WORKSHOP_CONFIRM_ACCOUNT: ACCOUNT } });
  try {
    assert.equal((await runToEnd(scripted, 'who-am-i', 'create-role')).end.status, 'succeeded');
    assert.equal((await runToEnd(scripted, 'who-am-i', 'delete-role')).end.status, 'succeeded');
  } finally {
    await scripted.close();
  }
  const offline = await testNotebook();
  try {
    assert.equal((await (await offline.request('/api/session')).json()).confirmed, true);
  } finally {
    await offline.close();
  }
});

test('the preflight lists in plain words what the principal lacks, before anything is created', async () => {
  const lacking = await principalWith('no-roles', POLICY.Statement.filter((s) => s.Sid !== 'CreateTaggedWorkshopRoles'));
  const full = await principalWith('workshop-runner', POLICY.Statement);
  const blind = await principalWith('cannot-simulate', POLICY.Statement.filter((s) => s.Sid !== 'CheckOwnPermissions'));
  const untagging = await principalWith('no-tag-on-create', POLICY.Statement.filter((s) => s.Sid !== 'TagWorkshopRolesOnCreate'));
  try {
    useKeys(lacking);
    const nb = await testNotebook({ env: { WORKSHOP_TARGET: 'aws' } });
    await nb.close();
    const report = nb.logLines.filter((l) => l.includes('Permissions:') || l.includes('  - cannot'));
    assert.ok(report.some((l) => l.includes(`Permissions: ${lacking.arn} lacks one action the lessons need`)), report.join('\n'));
    assert.ok(report.some((l) => l.includes('cannot create IAM roles under /sts-workshop/: iam:CreateRole (implicitDeny)')), report.join('\n'));

    // Creating with tags needs the tag action too (tag-on-create): lacking it is said in words.
    useKeys(untagging);
    const untagged = await testNotebook({ env: { WORKSHOP_TARGET: 'aws' } });
    await untagged.close();
    const untaggedReport = untagged.logLines.filter((l) => l.includes('Permissions:') || l.includes('  - cannot'));
    assert.ok(untaggedReport.some((l) => l.includes(`Permissions: ${untagging.arn} lacks one action the lessons need`)), untaggedReport.join('\n'));
    assert.ok(
      untaggedReport.some((l) => l.includes('cannot create IAM roles under /sts-workshop/ with their tags (tagging on create needs the tag action): iam:TagRole (implicitDeny)')),
      untaggedReport.join('\n'),
    );

    useKeys(full);
    const ok = await testNotebook({ env: { WORKSHOP_TARGET: 'aws' } });
    await ok.close();
    assert.ok(ok.logLines.some((l) => l.includes(`Permissions: ${full.arn} may do everything the lessons need.`)), ok.logLines.join('\n'));

    useKeys(blind);
    const unknown = await testNotebook({ env: { WORKSHOP_TARGET: 'aws' } });
    await unknown.close();
    assert.ok(unknown.logLines.some((l) => l.includes('may not call iam:SimulatePrincipalPolicy')), unknown.logLines.join('\n'));
  } finally {
    useKeys(sandbox.admins[0]);
  }
});

test('docs/workshop-policy.json is enough for every lesson, start to end', async () => {
  // The sandbox's own controls (fast-forwarding a session, the clock, the partner account) are not
  // AWS: allowed apart, with the way into the partner account (on a real account the lessons use one).
  const sandboxOnly = [
    { Effect: 'Allow', Action: 'sandbox:*', Resource: '*' },
    { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole' },
  ];
  const runner = await principalWith('least-privilege', [...POLICY.Statement, ...sandboxOnly]);
  const nb = await testNotebook({ env: { SANDBOX_URL: sandbox.url, AWS_ACCESS_KEY_ID: runner.accessKeyId, AWS_SECRET_ACCESS_KEY: runner.secretAccessKey } });
  try {
    assert.equal(nb.target.arn, runner.arn);
    for (const lesson of await listLessons(nb)) {
      const drive = await driveLesson(nb, lesson);
      assert.ok(drive.completed, describeDrive(drive));
    }
    const left = await (await nb.request('/api/cleanup')).json();
    assert.deepEqual(left.leftovers, []);
  } finally {
    await nb.close();
  }
});
