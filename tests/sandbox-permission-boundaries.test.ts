/**
 * Permissions boundaries on users and roles, with the real SDK v3 clients: set at creation or
 * later (Put/Delete{User,Role}PermissionsBoundary), shown by GetUser/GetRole, refused when the
 * policy does not exist, and applied as AWS applies them: a user's permissions are its identity
 * policies ∩ its boundary, a role session's the role's policies ∩ the role's boundary ∩ the
 * session policies passed to AssumeRole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand, AttachUserPolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteRolePermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand, GetRoleCommand, GetUserCommand, IAMClient, ListUsersCommand, PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCT, credsOf, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';

const { sandbox, iam } = await iamSandbox();
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const IAM_READ = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';

test('CreateUser and CreateRole take a boundary; GetUser and GetRole show it; Put and Delete change it', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: S3_READ }));
  const user = await iam.send(new GetUserCommand({ UserName: 'bounded' }));
  assert.deepEqual(user.User!.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: S3_READ });
  await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: IAM_READ }));
  assert.equal((await iam.send(new GetUserCommand({ UserName: 'bounded' }))).User!.PermissionsBoundary!.PermissionsBoundaryArn, IAM_READ);
  await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded' }));
  assert.equal((await iam.send(new GetUserCommand({ UserName: 'bounded' }))).User!.PermissionsBoundary, undefined);

  await iam.send(new CreateRoleCommand({ RoleName: 'bounded-role', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)) }));
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded-role' }))).Role!.PermissionsBoundary, undefined);
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded-role', PermissionsBoundary: S3_READ }));
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded-role' }))).Role!.PermissionsBoundary!.PermissionsBoundaryArn, S3_READ);
  await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded-role' }));
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded-role' }))).Role!.PermissionsBoundary, undefined);
});

test('a boundary must name an existing managed policy, on an existing entity', async () => {
  const missing = `arn:aws:iam::${ACCT}:policy/no-such-boundary`;
  await iam.send(new CreateUserCommand({ UserName: 'bounded-2' }));
  await fails(iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-2', PermissionsBoundary: missing })), 'NoSuchEntity', 404,
    `Scope ARN: ${missing} does not exist or is not attachable.`);
  await fails(iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'nobody-here', PermissionsBoundary: S3_READ })), 'NoSuchEntity', 404,
    'The user with name nobody-here cannot be found.');
  await fails(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'no-role-here', PermissionsBoundary: S3_READ })), 'NoSuchEntity', 404,
    'The role with name no-role-here cannot be found.');
});

test("a user's permissions are its policies within its boundary", async () => {
  const creds = await userWithKey(iam, 'boxed');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'boxed', PolicyArn: ADMIN }));
  const asBoxed = { iam: new IAMClient(sandbox.config(creds)), s3: new S3Client(sandbox.config(creds)) };
  await asBoxed.iam.send(new ListUsersCommand({}));
  await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'boxed', PermissionsBoundary: S3_READ }));
  await asBoxed.s3.send(new ListBucketsCommand({}));
  await fails(asBoxed.iam.send(new ListUsersCommand({})), 'AccessDenied', 403,
    `User: arn:aws:iam::${ACCT}:user/boxed is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCT}:user/ because no permissions boundary allows the iam:ListUsers action`);
  await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'boxed' }));
  await asBoxed.iam.send(new ListUsersCommand({}));
});

test("a role session's permissions are the role's policies ∩ the role's boundary ∩ the session policies", async () => {
  await iam.send(new CreateRoleCommand({ RoleName: 'boxed-role', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'boxed-role', PolicyArn: ADMIN }));
  const sts = new STSClient(sandbox.config());
  const assume = async (PolicyArns?: { arn: string }[]) => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/boxed-role`, RoleSessionName: 'boxed', PolicyArns }));
    return { iam: new IAMClient(sandbox.config(credsOf(out))), s3: new S3Client(sandbox.config(credsOf(out))) };
  };
  const free = await assume();
  await free.iam.send(new ListUsersCommand({}));

  // The boundary applies at once to sessions issued before it was set.
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'boxed-role', PermissionsBoundary: S3_READ }));
  await free.s3.send(new ListBucketsCommand({}));
  await fails(free.iam.send(new ListUsersCommand({})), 'AccessDenied', 403, /is not authorized to perform: iam:ListUsers on resource: .* because no permissions boundary allows the iam:ListUsers action$/);

  // A session policy narrows further: IAM read within a boundary of S3 read leaves nothing.
  const narrowed = await assume([{ arn: IAM_READ }]);
  await fails(narrowed.s3.send(new ListBucketsCommand({})), 'AccessDenied', 403, /s3:ListAllMyBuckets because no session policy allows the s3:ListAllMyBuckets action$/);
  await fails(narrowed.iam.send(new ListUsersCommand({})), 'AccessDenied', 403, /iam:ListUsers/);
  const both = await assume([{ arn: S3_READ }]);
  await both.s3.send(new ListBucketsCommand({}));
});
