/**
 * IAM roles through the real SDK v3 clients: CreateRole/GetRole with the trust policy returned
 * URL-encoded, MaxSessionDuration rules, malformed and invalid-principal trust policies,
 * ListRoles by path, UpdateRole, UpdateAssumeRolePolicy, role tags, DeleteRole conflicts, and a
 * role created here being assumable through STS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand,
  GetRoleCommand, ListRolesCommand, ListRoleTagsCommand, PutRolePolicyCommand, TagRoleCommand, UntagRoleCommand,
  UpdateAssumeRolePolicyCommand, UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCT, fails, iamSandbox, trustFor } from './support/iam.ts';

const { sandbox, iam } = await iamSandbox();
const accountTrust = JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`), null, 2);

test('CreateRole returns the role with a URL-encoded trust policy; GetRole adds MaxSessionDuration and RoleLastUsed', async () => {
  const out = await iam.send(new CreateRoleCommand({
    RoleName: 'reader', Path: '/sts-workshop/', AssumeRolePolicyDocument: accountTrust, Description: 'Reads things',
    MaxSessionDuration: 7200, Tags: [{ Key: 'lesson', Value: '3' }],
  }));
  const role = out.Role!;
  assert.equal(role.Arn, `arn:aws:iam::${ACCT}:role/sts-workshop/reader`);
  assert.match(role.RoleId!, /^AROA[A-Z2-7]{17}$/);
  assert.equal(role.AssumeRolePolicyDocument, encodeURIComponent(accountTrust));
  assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), trustFor(`arn:aws:iam::${ACCT}:root`));
  assert.equal(role.Description, 'Reads things');
  assert.deepEqual(role.Tags, [{ Key: 'lesson', Value: '3' }]);
  assert.equal(role.MaxSessionDuration, undefined);
  const got = (await iam.send(new GetRoleCommand({ RoleName: 'reader' }))).Role!;
  assert.equal(got.MaxSessionDuration, 7200);
  assert.deepEqual(got.RoleLastUsed, {});
  assert.equal(decodeURIComponent(got.AssumeRolePolicyDocument!), accountTrust);
  await iam.send(new CreateRoleCommand({ RoleName: 'defaults', AssumeRolePolicyDocument: accountTrust }));
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'defaults' }))).Role!.MaxSessionDuration, 3600);
});

test('a role created here can be assumed through STS (its ARN includes the path)', async () => {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'assumable', Path: '/a/b/', AssumeRolePolicyDocument: accountTrust }));
  const out = await new STSClient(sandbox.config()).send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'lesson' }));
  assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCT}:assumed-role/assumable/lesson`);
  assert.equal(out.AssumedRoleUser!.AssumedRoleId, `${Role!.RoleId}:lesson`);
});

test('MaxSessionDuration outside 3600–43200, duplicates and missing roles get AWS errors', async () => {
  await fails(
    iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: accountTrust, MaxSessionDuration: 100 })),
    'ValidationError', 400,
    "1 validation error detected: Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
  );
  await fails(
    iam.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: accountTrust, MaxSessionDuration: 50000 })),
    'ValidationError', 400, /Value '50000' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200/,
  );
  await iam.send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: accountTrust }));
  await fails(iam.send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: accountTrust })), 'EntityAlreadyExists', 409, 'Role with name twice already exists.');
  await fails(iam.send(new GetRoleCommand({ RoleName: 'nope' })), 'NoSuchEntity', 404, 'The role with name nope cannot be found.');
  await fails(iam.send(new DeleteRoleCommand({ RoleName: 'nope' })), 'NoSuchEntity', 404, 'The role with name nope cannot be found.');
});

test('malformed trust policies get MalformedPolicyDocument with AWS text', async () => {
  const create = (doc: string) => iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: doc }));
  await fails(create('{not json'), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  const withResource = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole', Resource: '*' }] };
  await fails(create(JSON.stringify(withResource)), 'MalformedPolicyDocument', 400, 'Has prohibited field Resource.');
  await fails(create(JSON.stringify({ ...trustFor(`arn:aws:iam::${ACCT}:root`), Version: '2001-01-01' })), 'MalformedPolicyDocument', 400, 'Policy document must be version 2012-10-17 or greater.');
  await fails(iam.send(new GetRoleCommand({ RoleName: 'bad-trust' })), 'NoSuchEntity', 404, 'The role with name bad-trust cannot be found.');
});

test('a trust policy naming a user or role that does not exist is an invalid principal', async () => {
  const ghost = `arn:aws:iam::${ACCT}:user/ghost`;
  await fails(
    iam.send(new CreateRoleCommand({ RoleName: 'trusts-ghost', AssumeRolePolicyDocument: JSON.stringify(trustFor(ghost)) })),
    'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${ghost}"`,
  );
  await iam.send(new CreateUserCommand({ UserName: 'trusted', Path: '/people/' }));
  // The ARN must carry the user's path: without it, it names nobody.
  const pathless = `arn:aws:iam::${ACCT}:user/trusted`;
  await fails(
    iam.send(new CreateRoleCommand({ RoleName: 'trusts-user', AssumeRolePolicyDocument: JSON.stringify(trustFor(pathless)) })),
    'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${pathless}"`,
  );
  const ok = await iam.send(new CreateRoleCommand({
    RoleName: 'trusts-user', AssumeRolePolicyDocument: JSON.stringify(trustFor([`arn:aws:iam::${ACCT}:user/people/trusted`, `arn:aws:iam::${ACCT}:role/sts-workshop/reader`])),
  }));
  assert.equal(ok.Role!.RoleName, 'trusts-user');
});

test('ListRoles filters by PathPrefix, omits tags and pages', async () => {
  for (const n of ['lr-1', 'lr-2', 'lr-3']) await iam.send(new CreateRoleCommand({ RoleName: n, Path: '/listed/', AssumeRolePolicyDocument: accountTrust, Tags: [{ Key: 'k', Value: 'v' }] }));
  const first = await iam.send(new ListRolesCommand({ PathPrefix: '/listed/', MaxItems: 2 }));
  assert.deepEqual(first.Roles!.map((r) => r.RoleName), ['lr-1', 'lr-2']);
  assert.equal(first.IsTruncated, true);
  assert.equal(first.Roles![0].Tags, undefined);
  assert.equal(first.Roles![0].MaxSessionDuration, 3600);
  assert.deepEqual(JSON.parse(decodeURIComponent(first.Roles![0].AssumeRolePolicyDocument!)), trustFor(`arn:aws:iam::${ACCT}:root`));
  const second = await iam.send(new ListRolesCommand({ PathPrefix: '/listed/', MaxItems: 2, Marker: first.Marker }));
  assert.deepEqual(second.Roles!.map((r) => r.RoleName), ['lr-3']);
  assert.equal(second.IsTruncated, false);
  assert.equal(second.Marker, undefined);
});

test('UpdateRole and UpdateAssumeRolePolicy change the role', async () => {
  await iam.send(new CreateRoleCommand({ RoleName: 'changing', AssumeRolePolicyDocument: accountTrust }));
  await iam.send(new UpdateRoleCommand({ RoleName: 'changing', Description: 'now described', MaxSessionDuration: 43200 }));
  let role = (await iam.send(new GetRoleCommand({ RoleName: 'changing' }))).Role!;
  assert.equal(role.Description, 'now described');
  assert.equal(role.MaxSessionDuration, 43200);
  const adminOnly = JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:user/workshop-admin`));
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'changing', PolicyDocument: adminOnly }));
  role = (await iam.send(new GetRoleCommand({ RoleName: 'changing' }))).Role!;
  assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), adminOnly);
  await fails(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'changing', PolicyDocument: '[]' })), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  await fails(iam.send(new UpdateRoleCommand({ RoleName: 'changing', MaxSessionDuration: 1 })), 'ValidationError', 400, /at 'maxSessionDuration'/);
});

test('TagRole, UntagRole and ListRoleTags', async () => {
  await iam.send(new CreateRoleCommand({ RoleName: 'tagged-role', AssumeRolePolicyDocument: accountTrust }));
  await iam.send(new TagRoleCommand({ RoleName: 'tagged-role', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
  await iam.send(new UntagRoleCommand({ RoleName: 'tagged-role', TagKeys: ['a'] }));
  const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged-role' }));
  assert.deepEqual(tags.Tags, [{ Key: 'b', Value: '2' }]);
  assert.equal(tags.IsTruncated, false);
  await fails(
    iam.send(new TagRoleCommand({ RoleName: 'tagged-role', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] })),
    'InvalidInput', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  );
});

test('DeleteRole is refused while inline or attached policies remain', async () => {
  await iam.send(new CreateRoleCommand({ RoleName: 'doomed-role', AssumeRolePolicyDocument: accountTrust }));
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  await iam.send(new PutRolePolicyCommand({ RoleName: 'doomed-role', PolicyName: 'p', PolicyDocument: doc }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'doomed-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  const conflict = (message: string) => fails(iam.send(new DeleteRoleCommand({ RoleName: 'doomed-role' })), 'DeleteConflict', 409, message);
  await conflict('Cannot delete entity, must delete policies first.');
  await iam.send(new DeleteRolePolicyCommand({ RoleName: 'doomed-role', PolicyName: 'p' }));
  await conflict('Cannot delete entity, must detach all policies first.');
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'doomed-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  await iam.send(new DeleteRoleCommand({ RoleName: 'doomed-role' }));
  await fails(iam.send(new GetRoleCommand({ RoleName: 'doomed-role' })), 'NoSuchEntity', 404, 'The role with name doomed-role cannot be found.');
});

test('a permissions boundary must be an existing managed policy', async () => {
  const missing = `arn:aws:iam::${ACCT}:policy/no-such-boundary`;
  await fails(
    iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: accountTrust, PermissionsBoundary: missing })),
    'NoSuchEntity', 404, `Scope ARN: ${missing} does not exist or is not attachable.`,
  );
  const boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: accountTrust, PermissionsBoundary: boundary }));
  const role = (await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role!;
  assert.deepEqual(role.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary });
});
