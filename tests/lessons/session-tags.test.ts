/**
 * Lesson "Session tags and attribute-based access (ABAC)" through the runner, against the
 * embedded sandbox: two project roles tagged project=alpha/beta, the developer role (ProjectAccess:
 * aws:ResourceTag/project against ${aws:PrincipalTag/project}) and the shared deployer role; a
 * tag refused with AWS's sts:TagSession message until the trust policy allows it (conditions on
 * aws:RequestTag/project and sts:TransitiveTagKeys); Alice's session tagged project=alpha reads
 * alpha's role and is refused beta's; chained into the deployer, the transitive tag goes along
 * (alpha updated, beta refused), and setting the project again is InvalidParameterValue; no secret
 * in the stream; the teardown leaves nothing under /sts-workshop/ and nothing outstanding. Then the
 * same on a real account (a sandbox standing in for AWS) held to docs/workshop-policy.json, and
 * with the notebook's simulated IAM propagation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import lesson, { type SessionTagsState } from '../../src/lessons/session-tags/steps.ts';
import { WORKSHOP_POLICY_PATH } from '../../server/runner/preflight.ts';
import { run, testNotebook } from '../support/notebook.ts';
import { stepChecks } from '../support/step-checks.ts';
import { withSandbox } from '../support/sandbox.ts';

const LESSON = 'session-tags';
const { ok, refused } = stepChecks(LESSON);
const ACCOUNT = '123456789012';

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const ours = (nb: Nb, accounts = nb.sandbox!.state.store.accounts) => [...accounts.get(ACCOUNT)!.roles.values()].filter((r) => r.path.startsWith('/sts-workshop/')).map((r) => r.name);
const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as SessionTagsState;

/** Every step in page order, checking what each shows; `caller` is the notebook's own ARN. */
async function wholeLesson(nb: Nb, caller: string, roles: () => string[]) {
  const apps = await ok(nb, 'create-project-roles');
  const runId = /stsw-([a-z2-7]+)-alpha-app/.exec(apps.result.alpha.name)![1];
  const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/sts-workshop/stsw-${runId}-${name}`;
  assert.deepEqual(apps.result, {
    alpha: { name: `stsw-${runId}-alpha-app`, arn: roleArn('alpha-app') },
    beta: { name: `stsw-${runId}-beta-app`, arn: roleArn('beta-app') },
  });
  const developer = await ok(nb, 'create-developer-role');
  assert.equal(developer.result.RoleArn, roleArn('developer'));
  const deployer = await ok(nb, 'create-deployer-role');
  assert.equal(deployer.result.RoleArn, roleArn('deployer'));
  await ok(nb, 'create-deployer-role'); // twice: nothing created twice
  assert.deepEqual(roles().sort(), ['alpha-app', 'beta-app', 'deployer', 'developer'].map((r) => `stsw-${runId}-${r}`));

  const noTags = await refused(nb, 'tags-refused', 'AccessDenied', `User: ${caller} is not authorized to perform: sts:TagSession on resource: ${roleArn('developer')}`);
  assert.ok(noTags.events.some((e: any) => e.type === 'log' && e.text === 'Without tags: allowed.'));

  const allowed = await ok(nb, 'allow-tag-session');
  assert.deepEqual(allowed.result.TrustPolicy.Statement[1].Condition, {
    StringEquals: { 'aws:RequestTag/project': ['alpha', 'beta'] },
    'ForAllValues:StringEquals': { 'sts:TransitiveTagKeys': ['project'] },
  });

  const alice = `arn:aws:sts::${ACCOUNT}:assumed-role/stsw-${runId}-developer/alice`;
  const session = await ok(nb, 'developer-session');
  assert.equal(session.result.Arn, alice);
  assert.ok(session.result.PackedPolicySize > 0);
  const assume = session.events.filter((e: any) => e.type === 'call' && e.operation === 'AssumeRole').at(-1) as any;
  assert.deepEqual(assume.input.Tags, [{ Key: 'project', Value: 'alpha' }]);

  const own = await ok(nb, 'read-own-project');
  assert.deepEqual(own.result, { Arn: roleArn('alpha-app'), project: 'alpha' });
  await refused(
    nb,
    'read-other-project',
    'AccessDenied',
    `User: ${alice} is not authorized to perform: iam:GetRole on resource: ${roleArn('beta-app')} because no identity-based policy allows the iam:GetRole action`,
  );

  const deploy = await ok(nb, 'deploy-own-project');
  const deployerSession = `arn:aws:sts::${ACCOUNT}:assumed-role/stsw-${runId}-deployer/alice-deploys`;
  assert.equal(deploy.result.Arn, deployerSession);
  assert.equal(deploy.result.Updated, roleArn('alpha-app'));
  assert.match(deploy.result.Description, /^Deployed by alice at \d{4}-/);
  await refused(
    nb,
    'deploy-other-project',
    'AccessDenied',
    `User: ${deployerSession} is not authorized to perform: iam:UpdateRole on resource: ${roleArn('beta-app')} because no identity-based policy allows the iam:UpdateRole action`,
  );
  await refused(
    nb,
    'switch-project-refused',
    'InvalidParameterValue',
    "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
  );

  const state = stateOf(nb);
  const everything = JSON.stringify([session.events, deploy.events]);
  for (const secret of [state.developer!.secretAccessKey, state.developer!.sessionToken!, state.deployer!.secretAccessKey, state.deployer!.sessionToken!]) {
    assert.ok(!everything.includes(secret), 'a secret in the stream');
  }

  const gone = await ok(nb, 'delete-roles');
  assert.deepEqual(gone.result.deleted, ['deployer', 'developer', 'alpha-app', 'beta-app'].map((r) => `stsw-${runId}-${r}`));
  assert.deepEqual(roles(), []);
  assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  assert.deepEqual(nb.workshop.stateOf(LESSON), {});
  return { runId };
}

test('the whole lesson on the sandbox: tags refused then allowed, tags against tags, a transitive tag down the chain, then nothing left', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    const { runId } = await wholeLesson(nb, `arn:aws:iam::${ACCOUNT}:user/workshop-admin`, () => ours(nb));
    // alpha's role carries the deployment; beta's was never touched.
    assert.ok(runId);
  } finally {
    await nb.close();
  }
});

test('steps out of order are refused; the teardown after a partial setup deletes what exists', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    for (const [step, needs] of [
      ['developer-session', /Allow sts:TagSession/],
      ['deploy-other-project', /Chain into the deployer/],
      ['create-deployer-role', /One role for every developer/],
    ] as const) {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 409, step);
      assert.match((await res.json()).error.message, needs);
    }
    await ok(nb, 'create-project-roles');
    await ok(nb, 'create-developer-role');
    assert.equal(ours(nb).length, 3);
    await ok(nb, 'delete-roles');
    assert.deepEqual(ours(nb), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  } finally {
    await nb.close();
  }
});

test('with the notebook’s simulated IAM propagation (3 s), every step waits for what it needs', async () => {
  const nb = await testNotebook({ lessons: [lesson], env: { SANDBOX_PROPAGATION_MS: '3000' } });
  try {
    await wholeLesson(nb, `arn:aws:iam::${ACCOUNT}:user/workshop-admin`, () => ours(nb));
  } finally {
    await nb.close();
  }
});

test('on a real account (a sandbox standing in for AWS), as a principal holding only docs/workshop-policy.json', async () => {
  const sandbox = await withSandbox();
  const saved = { ...process.env };
  try {
    const iam = new IAMClient(sandbox.config());
    const policy = readFileSync(WORKSHOP_POLICY_PATH, 'utf8');
    await iam.send(new CreateUserCommand({ UserName: 'least-privilege' }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'workshop', PolicyDocument: policy }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'least-privilege', PolicyArn: Policy!.Arn }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'least-privilege' }));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
    });
    delete process.env.AWS_PROFILE;
    const nb = await testNotebook({ lessons: [lesson], env: { WORKSHOP_TARGET: 'aws', WORKSHOP_CONFIRM_ACCOUNT: ACCOUNT } });
    try {
      assert.equal(nb.target.kind, 'aws');
      await wholeLesson(nb, `arn:aws:iam::${ACCOUNT}:user/least-privilege`, () => ours(nb, sandbox.state.store.accounts));
    } finally {
      await nb.close();
    }
  } finally {
    process.env = saved;
    await sandbox.close();
  }
});
