/**
 * IAM users and access keys through the real SDK v3 IAM and STS clients: create/get/list/update/
 * delete with paths and tags, AWS's exact errors (duplicates, missing users, validation, the
 * DeleteConflict order, the 2-key quota, AccessDenied for a user without policies, GetUser from
 * role credentials), pagination, and access keys that work, stop working and disappear.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteUserCommand,
  DeleteUserPolicyCommand, DetachUserPolicyCommand, GetUserCommand, IAMClient, ListAccessKeysCommand, ListUsersCommand, ListUserTagsCommand,
  paginateListUsers, PutUserPolicyCommand, TagUserCommand, UntagUserCommand, UpdateAccessKeyCommand, UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCT, credsOf, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';

const { sandbox, iam } = await iamSandbox();

test('CreateUser returns the user with its path in the ARN, an AIDA id and the tags; GetUser reads it back', async () => {
  const out = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/sts-workshop/', Tags: [{ Key: 'team', Value: 'a b' }] }));
  assert.equal(out.User!.Arn, `arn:aws:iam::${ACCT}:user/sts-workshop/alice`);
  assert.equal(out.User!.Path, '/sts-workshop/');
  assert.match(out.User!.UserId!, /^AIDA[A-Z2-7]{17}$/);
  assert.ok(out.User!.CreateDate instanceof Date);
  assert.deepEqual(out.User!.Tags, [{ Key: 'team', Value: 'a b' }]);
  const got = await iam.send(new GetUserCommand({ UserName: 'alice' }));
  assert.equal(got.User!.UserId, out.User!.UserId);
  assert.deepEqual(got.User!.Tags, [{ Key: 'team', Value: 'a b' }]);
});

test('duplicates (ignoring case) and missing users get EntityAlreadyExists 409 and NoSuchEntity 404', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'dup' }));
  await fails(iam.send(new CreateUserCommand({ UserName: 'dup' })), 'EntityAlreadyExists', 409, 'User with name dup already exists.');
  await fails(iam.send(new CreateUserCommand({ UserName: 'DUP' })), 'EntityAlreadyExists', 409, 'User with name DUP already exists.');
  await fails(iam.send(new GetUserCommand({ UserName: 'ghost' })), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
  await fails(iam.send(new DeleteUserCommand({ UserName: 'ghost' })), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
});

test('names and paths are validated with ValidationError wording', async () => {
  await fails(
    iam.send(new CreateUserCommand({ UserName: 'bad name' })),
    'ValidationError', 400,
    "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
  );
  await fails(
    iam.send(new CreateUserCommand({ UserName: 'u'.repeat(65) })),
    'ValidationError', 400,
    `1 validation error detected: Value '${'u'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  );
  await fails(
    iam.send(new CreateUserCommand({ UserName: 'p1', Path: 'noslash' })),
    'ValidationError', 400,
    "1 validation error detected: Value 'noslash' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
  );
  await fails(iam.send(new CreateUserCommand({} as never)), 'ValidationError', 400, /Value null at 'userName' failed to satisfy constraint: Member must not be null/);
});

test('GetUser without a name returns the caller; from role credentials it is a ValidationError', async () => {
  const me = await iam.send(new GetUserCommand({}));
  assert.equal(me.User!.UserName, 'workshop-admin');
  const trust = JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`));
  const role = await iam.send(new CreateRoleCommand({ RoleName: 'getuser-role', AssumeRolePolicyDocument: trust }));
  const sts = new STSClient(sandbox.config());
  const session = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 's1' }));
  const asRole = new IAMClient(sandbox.config(credsOf(session)));
  await fails(asRole.send(new GetUserCommand({})), 'ValidationError', 400, 'Must specify userName when calling with non-User credentials');
  await fails(asRole.send(new ListAccessKeysCommand({})), 'ValidationError', 400, 'Must specify userName when calling with non-User credentials');
});

test('an IAM user without policies is denied CreateUser with AWS wording', async () => {
  const creds = await userWithKey(iam, 'nopolicy');
  const asUser = new IAMClient(sandbox.config(creds));
  await fails(
    asUser.send(new CreateUserCommand({ UserName: 'bob', Path: '/x/' })),
    'AccessDenied', 403,
    `User: arn:aws:iam::${ACCT}:user/nopolicy is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCT}:user/x/bob because no identity-based policy allows the iam:CreateUser action`,
  );
  await fails(asUser.send(new GetUserCommand({})), 'AccessDenied', 403, /iam:GetUser on resource: arn:aws:iam::123456789012:user\/nopolicy because/);
});

test('ListUsers filters by PathPrefix and pages with Marker/MaxItems; IsTruncated is always sent', async () => {
  for (const n of ['pg-a', 'pg-b', 'pg-c', 'pg-d', 'pg-e']) await iam.send(new CreateUserCommand({ UserName: n, Path: '/paging/' }));
  const names: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await iam.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 2, Marker: marker }));
    pages++;
    assert.equal(typeof page.IsTruncated, 'boolean');
    assert.equal(page.IsTruncated, page.Marker !== undefined);
    names.push(...page.Users!.map((u) => u.UserName!));
    assert.equal(page.Users!.every((u) => u.Tags === undefined), true);
    marker = page.Marker;
  } while (marker);
  assert.equal(pages, 3);
  assert.deepEqual(names, ['pg-a', 'pg-b', 'pg-c', 'pg-d', 'pg-e']);
  const viaPaginator: string[] = [];
  for await (const page of paginateListUsers({ client: iam, pageSize: 2 }, { PathPrefix: '/paging/' })) viaPaginator.push(...page.Users!.map((u) => u.UserName!));
  assert.deepEqual(viaPaginator, names);
  const empty = await iam.send(new ListUsersCommand({ PathPrefix: '/nothing-here/' }));
  assert.deepEqual(empty.Users, []);
  assert.equal(empty.IsTruncated, false);
  await fails(iam.send(new ListUsersCommand({ MaxItems: 0 })), 'ValidationError', 400, /Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1/);
});

test('access keys: AKIA ids, 40-character secrets, at most two, list, deactivate, delete', async () => {
  const first = await userWithKey(iam, 'keyuser');
  assert.match(first.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
  assert.equal(first.secretAccessKey.length, 40);
  const sts = new STSClient(sandbox.config(first));
  assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ACCT}:user/keyuser`);
  const second = await iam.send(new CreateAccessKeyCommand({ UserName: 'keyuser' }));
  assert.equal(second.AccessKey!.Status, 'Active');
  assert.equal(second.AccessKey!.UserName, 'keyuser');
  await fails(iam.send(new CreateAccessKeyCommand({ UserName: 'keyuser' })), 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
  const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'keyuser' }));
  assert.equal(listed.IsTruncated, false);
  assert.deepEqual(listed.AccessKeyMetadata!.map((k) => k.AccessKeyId).sort(), [first.accessKeyId, second.AccessKey!.AccessKeyId].sort());
  assert.equal(listed.AccessKeyMetadata!.some((k) => 'SecretAccessKey' in k), false);

  await iam.send(new UpdateAccessKeyCommand({ UserName: 'keyuser', AccessKeyId: first.accessKeyId, Status: 'Inactive' }));
  await fails(sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, /security token included in the request is invalid/);
  await iam.send(new UpdateAccessKeyCommand({ UserName: 'keyuser', AccessKeyId: first.accessKeyId, Status: 'Active' }));
  await sts.send(new GetCallerIdentityCommand({}));
  await iam.send(new DeleteAccessKeyCommand({ UserName: 'keyuser', AccessKeyId: first.accessKeyId }));
  await fails(sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, /invalid/);
  await fails(
    iam.send(new DeleteAccessKeyCommand({ UserName: 'keyuser', AccessKeyId: first.accessKeyId })),
    'NoSuchEntity', 404, `The Access Key with id ${first.accessKeyId} cannot be found.`,
  );
});

test('CreateAccessKey and ListAccessKeys without UserName act on the calling user', async () => {
  const creds = await userWithKey(iam, 'selfservice');
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*AccessKey*'], Resource: `arn:aws:iam::${ACCT}:user/\${aws:username}` }] };
  await iam.send(new PutUserPolicyCommand({ UserName: 'selfservice', PolicyName: 'own-keys', PolicyDocument: JSON.stringify(policy) }));
  const asUser = new IAMClient(sandbox.config(creds));
  const created = await asUser.send(new CreateAccessKeyCommand({}));
  assert.equal(created.AccessKey!.UserName, 'selfservice');
  const listed = await asUser.send(new ListAccessKeysCommand({}));
  assert.equal(listed.AccessKeyMetadata!.length, 2);
  assert.equal(listed.AccessKeyMetadata!.every((k) => k.UserName === 'selfservice'), true);
  await fails(asUser.send(new ListAccessKeysCommand({ UserName: 'workshop-admin' })), 'AccessDenied', 403, /iam:ListAccessKeys on resource: arn:aws:iam::123456789012:user\/workshop-admin/);
});

test('DeleteUser conflicts come in AWS order: access keys, inline policies, attached policies', async () => {
  const creds = await userWithKey(iam, 'doomed');
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
  await iam.send(new PutUserPolicyCommand({ UserName: 'doomed', PolicyName: 'inline', PolicyDocument: doc }));
  const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  await iam.send(new AttachUserPolicyCommand({ UserName: 'doomed', PolicyArn: readOnly }));
  const conflict = (message: string) => fails(iam.send(new DeleteUserCommand({ UserName: 'doomed' })), 'DeleteConflict', 409, message);
  await conflict('Cannot delete entity, must delete access keys first.');
  await iam.send(new DeleteAccessKeyCommand({ UserName: 'doomed', AccessKeyId: creds.accessKeyId }));
  await conflict('Cannot delete entity, must delete policies first.');
  await iam.send(new DeleteUserPolicyCommand({ UserName: 'doomed', PolicyName: 'inline' }));
  await conflict('Cannot delete entity, must detach all policies first.');
  await iam.send(new DetachUserPolicyCommand({ UserName: 'doomed', PolicyArn: readOnly }));
  await iam.send(new DeleteUserCommand({ UserName: 'doomed' }));
  await fails(iam.send(new GetUserCommand({ UserName: 'doomed' })), 'NoSuchEntity', 404, 'The user with name doomed cannot be found.');
});

test('UpdateUser renames and moves a user; its keys follow it', async () => {
  const creds = await userWithKey(iam, 'before');
  await iam.send(new UpdateUserCommand({ UserName: 'before', NewUserName: 'after', NewPath: '/moved/' }));
  const got = await iam.send(new GetUserCommand({ UserName: 'after' }));
  assert.equal(got.User!.Arn, `arn:aws:iam::${ACCT}:user/moved/after`);
  await fails(iam.send(new GetUserCommand({ UserName: 'before' })), 'NoSuchEntity', 404, 'The user with name before cannot be found.');
  const who = await new STSClient(sandbox.config(creds)).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:iam::${ACCT}:user/moved/after`);
  await fails(iam.send(new UpdateUserCommand({ UserName: 'after', NewUserName: 'workshop-admin' })), 'EntityAlreadyExists', 409, 'User with name workshop-admin already exists.');
});

test('TagUser, UntagUser and ListUserTags (keys ignore case)', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'tagged' }));
  await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'Env', Value: 'dev' }, { Key: 'team', Value: 'x' }] }));
  await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }] }));
  let tags = await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }));
  assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'x' }]);
  assert.equal(tags.IsTruncated, false);
  await iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['TEAM'] }));
  tags = await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }));
  assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'prod' }]);
  await fails(iam.send(new ListUserTagsCommand({ UserName: 'ghost' })), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
});
