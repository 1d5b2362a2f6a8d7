/**
 * Session tags and attribute-based access control in the sandbox, with the real SDK clients:
 * sts:TagSession in the trust policy (AWS's AccessDenied naming it), conditions on
 * aws:RequestTag, aws:TagKeys and sts:TransitiveTagKeys when tags are passed, aws:PrincipalTag
 * from a session's tags (over its role's, whatever the case), aws:ResourceTag and
 * iam:ResourceTag from the IAM role a request acts on (iam:GetRole, sts:AssumeRole), and
 * transitive tags down a role chain: inherited, needing sts:TagSession, not to be set again;
 * AWS's InvalidParameterValue checks of the tags themselves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type Tag } from '@aws-sdk/client-sts';
import { CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, TagRoleCommand, UntagRoleCommand } from '@aws-sdk/client-iam';
import { ACCT, credsOf, fails, iamSandbox } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';

const { sandbox, iam } = await iamSandbox();
const sts = new STSClient(sandbox.config());
const root = `arn:aws:iam::${ACCT}:root`;
const arnOf = (name: string) => `arn:aws:iam::${ACCT}:role/${name}`;
const sessionArn = (role: string, session: string) => `arn:aws:sts::${ACCT}:assumed-role/${role}/${session}`;
const admin = `arn:aws:iam::${ACCT}:user/workshop-admin`;

async function role(name: string, trust: object[], policy?: object[], tags: { Key: string; Value: string }[] = []) {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: trust }), Tags: tags }));
  if (policy) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: policy }) }));
}

const ownProject = { StringEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/project}' } };
// The developer role: tags only with a project, and only project may be transitive.
await role(
  'developer',
  [
    { Effect: 'Allow', Principal: { AWS: root }, Action: 'sts:AssumeRole' },
    {
      Effect: 'Allow',
      Principal: { AWS: root },
      Action: 'sts:TagSession',
      Condition: { StringLike: { 'aws:RequestTag/project': '*' }, 'ForAllValues:StringEquals': { 'sts:TransitiveTagKeys': ['project'] } },
    },
  ],
  [
    { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: ownProject },
    { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/project': '${aws:PrincipalTag/project}' } } },
    { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: [arnOf('deployer'), arnOf('deployer-plain')] },
  ],
);
// The projects' roles trust the account, so the caller's own (ABAC) policy decides.
const trustAccount = [{ Effect: 'Allow', Principal: { AWS: root }, Action: ['sts:AssumeRole', 'sts:TagSession'] }];
for (const project of ['alpha', 'beta']) await role(`${project}-deploy`, trustAccount, undefined, [{ Key: 'project', Value: project }]);
// A shared, untagged role the developer role chains into; it reads the roles of its caller's project.
await role('deployer', [{ Effect: 'Allow', Principal: { AWS: arnOf('developer') }, Action: ['sts:AssumeRole', 'sts:TagSession'] }], [
  { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: ownProject },
]);
// The same, with a trust policy that allows AssumeRole alone.
await role('deployer-plain', [{ Effect: 'Allow', Principal: { AWS: arnOf('developer') }, Action: 'sts:AssumeRole' }]);

async function assume(roleName: string, options: { Tags?: Tag[]; TransitiveTagKeys?: string[]; as?: Creds; session?: string } = {}) {
  const client = options.as ? new STSClient(sandbox.config(options.as)) : sts;
  const out = await client.send(new AssumeRoleCommand({ RoleArn: arnOf(roleName), RoleSessionName: options.session ?? 'alice', Tags: options.Tags, TransitiveTagKeys: options.TransitiveTagKeys }));
  return { creds: credsOf(out), out };
}
const getRole = (creds: Creds, name: string) => new IAMClient(sandbox.config(creds)).send(new GetRoleCommand({ RoleName: name }));
const project = (value: string): Tag => ({ Key: 'project', Value: value });

test('sts:TagSession: a trust policy without it refuses tags with AWS’s message; with it, its conditions on aws:RequestTag and sts:TransitiveTagKeys apply', async () => {
  await role('untagged', [{ Effect: 'Allow', Principal: { AWS: root }, Action: 'sts:AssumeRole' }]);
  assert.ok((await assume('untagged')).creds.accessKeyId, 'no tags, no sts:TagSession needed');
  await fails(assume('untagged', { Tags: [project('alpha')] }), 'AccessDenied', 403, `User: ${admin} is not authorized to perform: sts:TagSession on resource: ${arnOf('untagged')}`);
  const { out } = await assume('developer', { Tags: [project('alpha'), { Key: 'team', Value: 'red' }], TransitiveTagKeys: ['project'] });
  assert.ok(out.PackedPolicySize! > 0, 'PackedPolicySize when tags are passed');
  await fails(assume('developer', { Tags: [{ Key: 'team', Value: 'red' }] }), 'AccessDenied', 403, `User: ${admin} is not authorized to perform: sts:TagSession on resource: ${arnOf('developer')}`);
  await fails(
    assume('developer', { Tags: [project('alpha'), { Key: 'team', Value: 'red' }], TransitiveTagKeys: ['project', 'team'] }),
    'AccessDenied',
    403,
    `User: ${admin} is not authorized to perform: sts:TagSession on resource: ${arnOf('developer')}`,
  );
});

test('AWS’s checks of the tags: duplicate keys whatever their case, a transitive key that is not passed', async () => {
  await fails(
    assume('developer', { Tags: [project('alpha'), { Key: 'Project', Value: 'beta' }] }),
    'InvalidParameterValue',
    400,
    'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  );
  await fails(assume('developer', { Tags: [project('alpha')], TransitiveTagKeys: ['team'] }), 'InvalidParameterValue', 400, 'The specified transitive tag key must be included in the requested tags.');
});

test('aws:ResourceTag and iam:ResourceTag against aws:PrincipalTag: a session tagged project=alpha reads and assumes alpha’s role, not beta’s', async () => {
  const { creds: dev } = await assume('developer', { Tags: [project('alpha')] });
  assert.equal((await getRole(dev, 'alpha-deploy')).Role!.Tags!.find((t) => t.Key === 'project')!.Value, 'alpha');
  await fails(
    getRole(dev, 'beta-deploy'),
    'AccessDenied',
    403,
    `User: ${sessionArn('developer', 'alice')} is not authorized to perform: iam:GetRole on resource: ${arnOf('beta-deploy')} because no identity-based policy allows the iam:GetRole action`,
  );
  await fails(assume('beta-deploy', { as: dev }), 'AccessDenied', 403, `User: ${sessionArn('developer', 'alice')} is not authorized to perform: sts:AssumeRole on resource: ${arnOf('beta-deploy')}`);
  const { creds: deployed } = await assume('alpha-deploy', { as: dev, session: 'deploy' });
  assert.equal((await new STSClient(sandbox.config(deployed)).send(new GetCallerIdentityCommand({}))).Arn, sessionArn('alpha-deploy', 'deploy'));

  // Another session of the same role, tagged beta: the same policy, the other project.
  const { creds: bob } = await assume('developer', { Tags: [project('beta')], session: 'bob' });
  assert.ok((await getRole(bob, 'beta-deploy')).Role);
  await fails(getRole(bob, 'alpha-deploy'), 'AccessDenied', 403, /iam:GetRole on resource: .*alpha-deploy because no identity-based policy allows/);
});

test('a session’s tags override its role’s tags of the same key, whatever the case', async () => {
  await iam.send(new TagRoleCommand({ RoleName: 'developer', Tags: [{ Key: 'Project', Value: 'beta' }] }));
  try {
    const { creds: dev } = await assume('developer', { Tags: [project('alpha')] });
    assert.ok((await getRole(dev, 'alpha-deploy')).Role, 'the session tag wins');
    await fails(getRole(dev, 'beta-deploy'), 'AccessDenied', 403, /because no identity-based policy allows/);
    const { creds: untagged } = await assume('developer', { session: 'untagged' });
    assert.ok((await getRole(untagged, 'beta-deploy')).Role, 'without a session tag, the role tag counts');
  } finally {
    await iam.send(new UntagRoleCommand({ RoleName: 'developer', TagKeys: ['Project'] }));
  }
});

test('transitive tags pass down a role chain, need sts:TagSession there, and cannot be set again; other tags do not pass', async () => {
  const { creds: dev } = await assume('developer', { Tags: [project('alpha'), { Key: 'team', Value: 'red' }], TransitiveTagKeys: ['project'] });
  // The deployer role is untagged: its session has project=alpha only by inheriting it.
  const { creds: chained } = await assume('deployer', { as: dev, session: 'deploy' });
  assert.ok((await getRole(chained, 'alpha-deploy')).Role);
  await fails(getRole(chained, 'beta-deploy'), 'AccessDenied', 403, `User: ${sessionArn('deployer', 'deploy')} is not authorized to perform: iam:GetRole on resource: ${arnOf('beta-deploy')} because no identity-based policy allows the iam:GetRole action`);
  const session = sandbox.state.store.sessions.get(chained.accessKeyId)!;
  assert.deepEqual(session.tags, [project('alpha')], 'team was not transitive');
  assert.deepEqual(session.transitiveTagKeys, ['project'], 'still transitive for the next hop');

  await fails(
    assume('deployer', { as: dev, Tags: [{ Key: 'PROJECT', Value: 'beta' }], session: 'override' }),
    'InvalidParameterValue',
    400,
    "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
  );
  await fails(assume('deployer-plain', { as: dev }), 'AccessDenied', 403, `User: ${sessionArn('developer', 'alice')} is not authorized to perform: sts:TagSession on resource: ${arnOf('deployer-plain')}`);

  // Without transitive keys, nothing passes on, and no sts:TagSession is needed.
  const { creds: plain } = await assume('developer', { Tags: [project('alpha')], session: 'plain' });
  const { creds: next } = await assume('deployer-plain', { as: plain });
  assert.deepEqual(sandbox.state.store.sessions.get(next.accessKeyId)!.tags, []);
  const { creds: deploy } = await assume('deployer', { as: plain, session: 'deploy2' });
  await fails(getRole(deploy, 'alpha-deploy'), 'AccessDenied', 403, /because no identity-based policy allows the iam:GetRole action/);
});
