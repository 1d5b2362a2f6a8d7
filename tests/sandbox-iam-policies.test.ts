/**
 * Managed policies, their versions, attachments and inline policies through the real SDK v3 IAM
 * client: CreatePolicy/GetPolicy with computed attachment counts, ListPolicies scopes, version
 * limits and the default version, AWS's DeleteConflict and NoSuchEntity texts, AWS managed
 * policies (attachable, never deletable), URL-encoded documents, and a granted policy taking
 * effect for a user.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand, AttachUserPolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand,
  DeletePolicyCommand, DeletePolicyVersionCommand, DeleteRolePolicyCommand, DeleteUserPolicyCommand, DetachRolePolicyCommand,
  DetachUserPolicyCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRolePolicyCommand, GetUserPolicyCommand, IAMClient,
  ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand, ListPoliciesCommand, ListPolicyVersionsCommand, ListRolePoliciesCommand,
  ListUserPoliciesCommand, ListUsersCommand, PutRolePolicyCommand, PutUserPolicyCommand, SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { ACCT, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';

const doc = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const { sandbox, iam } = await iamSandbox();
await iam.send(new CreateUserCommand({ UserName: 'pu' }));
await iam.send(new CreateRoleCommand({ RoleName: 'pr', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)) }));

test('CreatePolicy and GetPolicy: ANPA id, v1, computed AttachmentCount, attachable', async () => {
  const text = JSON.stringify(doc('s3:GetObject'), null, 2);
  const out = await iam.send(new CreatePolicyCommand({ PolicyName: 'read-objects', Path: '/workshop/', PolicyDocument: text, Description: 'Read objects' }));
  const arn = `arn:aws:iam::${ACCT}:policy/workshop/read-objects`;
  assert.equal(out.Policy!.Arn, arn);
  assert.match(out.Policy!.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
  assert.equal(out.Policy!.DefaultVersionId, 'v1');
  assert.equal(out.Policy!.AttachmentCount, 0);
  assert.equal(out.Policy!.IsAttachable, true);
  await iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: arn }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn })); // attaching twice changes nothing
  const got = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  assert.equal(got.Policy!.AttachmentCount, 2);
  assert.equal(got.Policy!.Description, 'Read objects');
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  assert.equal(version.PolicyVersion!.IsDefaultVersion, true);
  assert.equal(decodeURIComponent(version.PolicyVersion!.Document!), text);
  await fails(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
  await iam.send(new DetachUserPolicyCommand({ UserName: 'pu', PolicyArn: arn }));
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 0);
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  await fails(iam.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntity', 404, `Policy ${arn} was not found.`);
});

test('CreatePolicy refuses duplicates and malformed documents', async () => {
  await iam.send(new CreatePolicyCommand({ PolicyName: 'once', PolicyDocument: JSON.stringify(doc('s3:ListBucket')) }));
  await fails(
    iam.send(new CreatePolicyCommand({ PolicyName: 'once', Path: '/other/', PolicyDocument: JSON.stringify(doc('s3:ListBucket')) })),
    'EntityAlreadyExists', 409, 'A policy called once already exists. Duplicate names are not allowed.',
  );
  const noResource = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] };
  await fails(iam.send(new CreatePolicyCommand({ PolicyName: 'broken', PolicyDocument: JSON.stringify(noResource) })), 'MalformedPolicyDocument', 400, 'Policy statement must contain resources.');
  const noVendor = doc('GetObject');
  await fails(
    iam.send(new CreatePolicyCommand({ PolicyName: 'broken', PolicyDocument: JSON.stringify(noVendor) })),
    'MalformedPolicyDocument', 400, 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  );
});

test('policy versions: SetAsDefault, at most five, the default cannot be deleted, DeletePolicy needs one version', async () => {
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'versioned', PolicyDocument: JSON.stringify(doc('s3:GetObject')) }));
  const arn = Policy!.Arn!;
  const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc('s3:PutObject')), SetAsDefault: true }));
  assert.equal(v2.PolicyVersion!.VersionId, 'v2');
  assert.equal(v2.PolicyVersion!.IsDefaultVersion, true);
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v2');
  for (let i = 3; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc(`s3:Get${i}`)) }));
  await fails(
    iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc('s3:Get6')) })),
    'LimitExceeded', 409, 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
  );
  const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
  assert.deepEqual(listed.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', false], ['v2', true], ['v1', false]]);
  assert.equal(listed.Versions![0].Document, undefined);
  await fails(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })), 'DeleteConflict', 409, 'Cannot delete the default version of a policy.');
  await fails(
    iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
    'DeleteConflict', 409,
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  );
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v4' }));
  const v4 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v4' }));
  assert.deepEqual(JSON.parse(decodeURIComponent(v4.PolicyVersion!.Document!)), doc('s3:Get4'));
  assert.equal(v4.PolicyVersion!.IsDefaultVersion, true);
  for (const v of ['v1', 'v2', 'v3', 'v5']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
  await fails(
    iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })),
    'NoSuchEntity', 404, `Policy ${arn} version v1 does not exist or is not attachable.`,
  );
  const created = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc('s3:Get7')) }));
  assert.equal(created.PolicyVersion!.VersionId, 'v6');
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
});

test('AWS managed policies can be read and attached but never deleted or changed', async () => {
  const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
  const got = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  assert.equal(got.Policy!.PolicyName, 'AmazonS3ReadOnlyAccess');
  assert.equal(got.Policy!.Path, '/');
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'pr' }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: arn }]);
  assert.equal(attached.IsTruncated, false);
  await fails(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'AccessDenied', 403, /^User: arn:aws:iam::123456789012:user\/workshop-admin is not authorized to perform: iam:DeletePolicy on resource: arn:aws:iam::aws:policy\/AmazonS3ReadOnlyAccess/);
  await fails(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc('s3:*')) })), 'AccessDenied', 403, /iam:CreatePolicyVersion/);
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
});

test('ListPolicies: Scope AWS, Local, OnlyAttached and PathPrefix', async () => {
  await iam.send(new CreatePolicyCommand({ PolicyName: 'local-a', Path: '/lp/', PolicyDocument: JSON.stringify(doc('s3:GetObject')) }));
  const b = await iam.send(new CreatePolicyCommand({ PolicyName: 'local-b', Path: '/lp/', PolicyDocument: JSON.stringify(doc('s3:GetObject')) }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: b.Policy!.Arn }));
  const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }));
  assert.ok(aws.Policies!.some((p) => p.Arn === 'arn:aws:iam::aws:policy/AdministratorAccess'));
  assert.ok(aws.Policies!.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/')));
  const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/lp/' }));
  assert.deepEqual(local.Policies!.map((p) => p.PolicyName), ['local-a', 'local-b']);
  assert.equal(local.IsTruncated, false);
  const attached = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, PathPrefix: '/lp/' }));
  assert.deepEqual(attached.Policies!.map((p) => [p.PolicyName, p.AttachmentCount]), [['local-b', 1]]);
  const admin = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
  assert.deepEqual(admin.Policies!.map((p) => p.PolicyName), ['AdministratorAccess']);
  await iam.send(new DetachUserPolicyCommand({ UserName: 'pu', PolicyArn: b.Policy!.Arn }));
  await fails(
    iam.send(new ListPoliciesCommand({ PathPrefix: '/foo' })),
    'ValidationError', 400,
    'The specified value for pathPrefix is invalid. It must begin with the / character and contain only alphanumeric characters and/or / characters.',
  );
});

test('attachment errors: missing policy, malformed ARN, detaching what is not attached', async () => {
  const missing = `arn:aws:iam::${ACCT}:policy/nothing`;
  await fails(iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: missing })), 'NoSuchEntity', 404, `Policy ${missing} does not exist or is not attachable.`);
  await fails(iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchManagedPolicy' })), 'NoSuchEntity', 404, 'Policy arn:aws:iam::aws:policy/NoSuchManagedPolicy does not exist or is not attachable.');
  await fails(iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: 'arn:aws:iam::123456789012:role/pr' })), 'InvalidInput', 400, 'ARN arn:aws:iam::123456789012:role/pr is not valid.');
  const ro = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  await fails(iam.send(new DetachUserPolicyCommand({ UserName: 'pu', PolicyArn: ro })), 'NoSuchEntity', 404, `Policy ${ro} was not found.`);
  await fails(iam.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: ro })), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: ro }));
  const listed = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'pu' }));
  assert.deepEqual(listed.AttachedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: ro }]);
  await iam.send(new DetachUserPolicyCommand({ UserName: 'pu', PolicyArn: ro }));
  assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'pu' }))).AttachedPolicies, []);
});

test('inline user and role policies: put, get (URL-encoded), list, delete', async () => {
  const text = JSON.stringify(doc('s3:ListAllMyBuckets'), null, 2);
  await iam.send(new PutUserPolicyCommand({ UserName: 'pu', PolicyName: 'inline-1', PolicyDocument: text }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'pu', PolicyName: 'inline-0', PolicyDocument: text }));
  const got = await iam.send(new GetUserPolicyCommand({ UserName: 'pu', PolicyName: 'inline-1' }));
  assert.equal(got.UserName, 'pu');
  assert.equal(got.PolicyName, 'inline-1');
  assert.equal(decodeURIComponent(got.PolicyDocument!), text);
  assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'pu' }))).PolicyNames, ['inline-0', 'inline-1']);
  await iam.send(new DeleteUserPolicyCommand({ UserName: 'pu', PolicyName: 'inline-1' }));
  await iam.send(new DeleteUserPolicyCommand({ UserName: 'pu', PolicyName: 'inline-0' }));
  await fails(iam.send(new GetUserPolicyCommand({ UserName: 'pu', PolicyName: 'inline-1' })), 'NoSuchEntity', 404, 'The user policy with name inline-1 cannot be found.');
  assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'pu' }))).PolicyNames, []);

  await iam.send(new PutRolePolicyCommand({ RoleName: 'pr', PolicyName: 'role-inline', PolicyDocument: text }));
  const roleGot = await iam.send(new GetRolePolicyCommand({ RoleName: 'pr', PolicyName: 'role-inline' }));
  assert.equal(roleGot.RoleName, 'pr');
  assert.deepEqual(JSON.parse(decodeURIComponent(roleGot.PolicyDocument!)), doc('s3:ListAllMyBuckets'));
  assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'pr' }))).PolicyNames, ['role-inline']);
  await iam.send(new DeleteRolePolicyCommand({ RoleName: 'pr', PolicyName: 'role-inline' }));
  await fails(iam.send(new DeleteRolePolicyCommand({ RoleName: 'pr', PolicyName: 'role-inline' })), 'NoSuchEntity', 404, 'The role policy with name role-inline cannot be found.');
  await fails(iam.send(new PutRolePolicyCommand({ RoleName: 'pr', PolicyName: 'bad', PolicyDocument: '{}' })), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  const huge = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: Array.from({ length: 200 }, (_, i) => `s3:Action${i}`), Resource: '*' }] };
  await fails(iam.send(new PutUserPolicyCommand({ UserName: 'pu', PolicyName: 'huge', PolicyDocument: JSON.stringify(huge) })), 'LimitExceeded', 409, 'Maximum policy size of 2048 bytes exceeded for user pu');
});

test('a policy put on a user takes effect for that user', async () => {
  const asUser = new IAMClient(sandbox.config(await userWithKey(iam, 'lister')));
  await fails(asUser.send(new ListUsersCommand({})), 'AccessDenied', 403, `User: arn:aws:iam::${ACCT}:user/lister is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCT}:user/ because no identity-based policy allows the iam:ListUsers action`);
  await fails(asUser.send(new ListPoliciesCommand({})), 'AccessDenied', 403, `User: arn:aws:iam::${ACCT}:user/lister is not authorized to perform: iam:ListPolicies on resource: policy path / because no identity-based policy allows the iam:ListPolicies action`);
  await iam.send(new AttachUserPolicyCommand({ UserName: 'lister', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  const users = await asUser.send(new ListUsersCommand({}));
  assert.ok(users.Users!.some((u) => u.UserName === 'lister'));
  assert.ok((await asUser.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies!.length >= 4);
});
