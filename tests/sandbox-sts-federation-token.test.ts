/**
 * STS GetFederationToken in the sandbox, with the real SDK v3 clients: the answer (ASIA keys,
 * FederatedUser id and ARN, 12-hour default, the root user's one-hour cap), every validation
 * error, session credentials refused, the sts:GetFederationToken identity permission, and what
 * the credentials may do: nothing without a session policy, exactly the intersection of the
 * calling user's policies and the session policies with one, no IAM, and only
 * GetCallerIdentity in STS. Request context keys (aws:PrincipalType, aws:userid, MFA, tags)
 * are checked through policy conditions. Last, the console federation endpoint with these
 * credentials (SigninToken, SessionDuration refused, the console page of a federated user);
 * its tests move the sandbox clock, so they stay at the end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient,
} from '@aws-sdk/client-sts';
import {
  AttachUserPolicyCommand, CreateRoleCommand, DeleteAccessKeyCommand, DeleteUserCommand, DeleteUserPolicyCommand, IAMClient, ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ACCT, credsOf, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';

const { sandbox, iam } = await iamSandbox();
const sts = (creds?: Creds) => new STSClient(sandbox.config(creds));
const s3 = (creds: Creds) => new S3Client(sandbox.config(creds));
const bucket = `workshop-data-${ACCT}`;
const fedArn = (name: string) => `arn:aws:sts::${ACCT}:federated-user/${name}`;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource = '*', extra: object = {}) => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

/** The broker: may federate anyone and has every S3 permission (and nothing else). */
const broker = await userWithKey(iam, 'broker');
await iam.send(new PutUserPolicyCommand({
  UserName: 'broker',
  PolicyName: 'federate',
  PolicyDocument: doc(allow('sts:GetFederationToken', `arn:aws:sts::${ACCT}:federated-user/*`), allow('s3:*')),
}));

const federate = (input: Partial<ConstructorParameters<typeof GetFederationTokenCommand>[0]> = {}, creds: Creds = broker) =>
  sts(creds).send(new GetFederationTokenCommand({ Name: 'Bob', ...input }));

test('GetFederationToken answers ASIA credentials for 12 hours and the federated user; GetCallerIdentity reports it', async () => {
  const before = Date.now();
  const out = await federate({ Name: 'bob@example.com' });
  assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(out.Credentials!.SecretAccessKey!.length, 40);
  assert.ok(out.Credentials!.SessionToken!.length > 100);
  const lifetime = out.Credentials!.Expiration!.getTime() - before;
  assert.ok(lifetime > 43190_000 && lifetime <= 43201_000, String(lifetime));
  assert.deepEqual(out.FederatedUser, { FederatedUserId: `${ACCT}:bob@example.com`, Arn: fedArn('bob@example.com') });
  assert.equal(out.PackedPolicySize, undefined, 'no session policy and no tags: no PackedPolicySize');
  const me = await sts(credsOf(out)).send(new GetCallerIdentityCommand({}));
  assert.deepEqual({ UserId: me.UserId, Account: me.Account, Arn: me.Arn }, { UserId: `${ACCT}:bob@example.com`, Account: ACCT, Arn: fedArn('bob@example.com') });

  const short = await federate({ DurationSeconds: 900, Policy: doc(allow('s3:ListAllMyBuckets')) });
  assert.ok(Math.abs(short.Credentials!.Expiration!.getTime() - Date.now() - 900_000) < 10_000);
  assert.ok(short.PackedPolicySize! >= 1 && short.PackedPolicySize! <= 100);
  const long = await federate({ DurationSeconds: 129600 });
  assert.ok(long.Credentials!.Expiration!.getTime() - Date.now() > 129500_000);
});

test('GetFederationToken validates like AWS', async () => {
  const v = (input: object, message: string | RegExp) => fails(federate(input), 'ValidationError', 400, message);
  await v({ Name: undefined }, "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  await v({ Name: 'x' }, "1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2");
  await v({ Name: 'a'.repeat(33) }, `1 validation error detected: Value '${'a'.repeat(33)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 32`);
  await v({ Name: 'bad name!' }, "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  await v({ DurationSeconds: 899 }, "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
  await v({ DurationSeconds: 129601 }, "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600");
  await v({ Name: 'x', DurationSeconds: 100 }, /^2 validation errors detected: Value 'x' at 'name' .*; Value '100' at 'durationSeconds' .*greater than or equal to 900$/);
  await v({ Policy: '' }, /at 'policy' failed to satisfy constraint: Member must have length greater than or equal to 1/);
  const big = doc(allow('s3:GetObject', `arn:aws:s3:::${'b'.repeat(2100)}`));
  await v({ Policy: big }, /at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048$/);
  await v({ Policy: doc({ ...allow('s3:GetObject'), Sid: 'Euro€' }) }, /at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\u0009\\u000A\\u000D\\u0020-\\u00FF\]\+$/);
  await v({ PolicyArns: Array.from({ length: 11 }, () => ({ arn: S3_READ })) }, "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");
  await v({ Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }, "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
  await v({ Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }, /at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128$/);
  await fails(federate({ Policy: '{"Version":"2012-10-17"' }), 'MalformedPolicyDocument', 400, /Syntax errors in policy/);
  await fails(federate({ Policy: doc({ Effect: 'Allow', Action: 's3:GetObject' }) }), 'MalformedPolicyDocument', 400, 'Policy statement must contain resources.');
  await fails(federate({ PolicyArns: [{ arn: `arn:aws:iam::${ACCT}:policy/missing` }] }), 'InvalidParameterValue', 400, /does not exist/);
});

test('session credentials are refused: GetSessionToken, role-session and federated credentials', async () => {
  const words = 'Cannot call GetFederationToken with session credentials';
  await fails(federate({}, credsOf(await sts(broker).send(new GetSessionTokenCommand({})))), 'AccessDenied', 403, words);
  await iam.send(new CreateRoleCommand({ RoleName: 'fed-test-role', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:user/workshop-admin`)) }));
  const role = await sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/fed-test-role`, RoleSessionName: 'rs' }));
  await fails(federate({}, credsOf(role)), 'AccessDenied', 403, words);
  await fails(federate({}, credsOf(await federate())), 'AccessDenied', 403, words);
});

test('the caller needs sts:GetFederationToken on the federated-user ARN in an identity policy', async () => {
  const nobody = await userWithKey(iam, 'no-federation');
  await fails(federate({}, nobody), 'AccessDenied', 403,
    `User: arn:aws:iam::${ACCT}:user/no-federation is not authorized to perform: sts:GetFederationToken on resource: ${fedArn('Bob')} because no identity-based policy allows the sts:GetFederationToken action`);
  await iam.send(new PutUserPolicyCommand({ UserName: 'no-federation', PolicyName: 'only-alice', PolicyDocument: doc(allow('sts:GetFederationToken', fedArn('alice'))) }));
  assert.equal((await federate({ Name: 'alice' }, nobody)).FederatedUser!.Arn, fedArn('alice'));
  await fails(federate({ Name: 'Bob' }, nobody), 'AccessDenied', 403, /on resource: arn:aws:sts::123456789012:federated-user\/Bob because no identity-based policy allows/);
  await iam.send(new PutUserPolicyCommand({
    UserName: 'no-federation',
    PolicyName: 'deny',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:GetFederationToken', Resource: '*' }] }),
  }));
  await fails(federate({ Name: 'alice' }, nobody), 'AccessDenied', 403, /with an explicit deny in an identity-based policy$/);
});

test('without a session policy the federated user has no permissions (GetCallerIdentity still works)', async () => {
  const creds = credsOf(await federate({ Name: 'empty' }));
  await fails(s3(creds).send(new ListBucketsCommand({})), 'AccessDenied', 403,
    `User: ${fedArn('empty')} is not authorized to perform: s3:ListAllMyBuckets because no session policy allows the s3:ListAllMyBuckets action`);
  assert.equal((await sts(creds).send(new GetCallerIdentityCommand({}))).Arn, fedArn('empty'));
});

test('with session policies the permissions are exactly the intersection with the calling user\'s', async () => {
  // The broker may do s3:*; the session policy (a managed one) only reads.
  const reader = credsOf(await federate({ Name: 'reader', PolicyArns: [{ arn: S3_READ }] }));
  assert.ok((await s3(reader).send(new ListBucketsCommand({}))).Buckets!.some((b) => b.Name === bucket));
  await fails(s3(reader).send(new PutObjectCommand({ Bucket: bucket, Key: 'x.txt', Body: 'x' })), 'AccessDenied', 403,
    `User: ${fedArn('reader')} is not authorized to perform: s3:PutObject because no session policy allows the s3:PutObject action`);

  // A session policy cannot grant more than the user has: iam:* and sqs:* stay denied by identity.
  const limited = await userWithKey(iam, 'list-only');
  await iam.send(new PutUserPolicyCommand({ UserName: 'list-only', PolicyName: 'p', PolicyDocument: doc(allow('sts:GetFederationToken'), allow('s3:ListAllMyBuckets')) }));
  const wide = credsOf(await federate({ Name: 'wide', Policy: doc(allow('s3:*')) }, limited));
  assert.ok((await s3(wide).send(new ListBucketsCommand({}))).Buckets!.length >= 3);
  await fails(s3(wide).send(new PutObjectCommand({ Bucket: bucket, Key: 'x.txt', Body: 'x' })), 'AccessDenied', 403, /because no identity-based policy allows the s3:PutObject action$/);

  // The calling user's policies are read at each request, like a role's.
  await iam.send(new DeleteUserPolicyCommand({ UserName: 'list-only', PolicyName: 'p' }));
  await fails(s3(wide).send(new ListBucketsCommand({})), 'AccessDenied', 403, /because no identity-based policy allows the s3:ListAllMyBuckets action$/);

  // Inline and managed session policies together; an explicit Deny in one wins.
  const both = credsOf(await federate({ Name: 'both', PolicyArns: [{ arn: S3_READ }], Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) }));
  await fails(s3(both).send(new ListBucketsCommand({})), 'AccessDenied', 403, /with an explicit deny in a session policy$/);
});

test('IAM is refused to federated users, whatever their policies allow', async () => {
  // From the broker (no IAM permission), and from the account's administrator, whose policies
  // and session policy would both allow iam:ListUsers.
  const fromBroker = credsOf(await federate({ Name: 'iam-try', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }));
  const fromAdmin = credsOf(await sts().send(new GetFederationTokenCommand({ Name: 'iam-admin', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })));
  for (const creds of [fromBroker, fromAdmin]) {
    await fails(new IAMClient(sandbox.config(creds)).send(new ListUsersCommand({})), 'AccessDenied', 403,
      /^User: arn:aws:sts::123456789012:federated-user\/iam-(try|admin) is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user\/$/);
  }
  assert.ok((await s3(fromAdmin).send(new ListBucketsCommand({}))).Buckets!.length >= 3, 'other services follow the policies');
});

test('STS with federated credentials: only GetCallerIdentity', async () => {
  const creds = credsOf(await sts().send(new GetFederationTokenCommand({ Name: 'sts-try', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })));
  await fails(sts(creds).send(new GetSessionTokenCommand({})), 'AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
  await fails(sts(creds).send(new GetFederationTokenCommand({ Name: 'again' })), 'AccessDenied', 403, 'Cannot call GetFederationToken with session credentials');
  const roleArn = `arn:aws:iam::${ACCT}:role/fed-open-role`;
  await iam.send(new CreateRoleCommand({ RoleName: 'fed-open-role', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)) }));
  await fails(sts(creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'fed' })), 'AccessDenied', 403,
    `User: ${fedArn('sts-try')} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  assert.equal((await sts(creds).send(new GetCallerIdentityCommand({}))).UserId, `${ACCT}:sts-try`);
});

test('the request context: PrincipalType FederatedUser, userid, PrincipalArn, no username, MFA false, tags', async () => {
  const when = (Condition: object) => doc(allow('s3:ListAllMyBuckets', '*', { Condition }));
  const ok = async (Condition: object, extra: object = {}) => {
    const creds = credsOf(await federate({ Name: 'ctx', Policy: when(Condition), ...extra }));
    return s3(creds).send(new ListBucketsCommand({}));
  };
  await ok({ StringEquals: { 'aws:PrincipalType': 'FederatedUser', 'aws:userid': `${ACCT}:ctx`, 'aws:PrincipalArn': fedArn('ctx'), 'aws:PrincipalAccount': ACCT } });
  await ok({ Null: { 'aws:username': 'true', 'aws:MultiFactorAuthAge': 'true' }, Bool: { 'aws:MultiFactorAuthPresent': 'false' } });
  await ok({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } }, { Tags: [{ Key: 'team', Value: 'blue' }] });
  await fails(ok({ StringEquals: { 'aws:PrincipalType': 'User' } }), 'AccessDenied', 403, /because no session policy allows/);
  const tagged = await federate({ Tags: [{ Key: 'team', Value: 'blue' }] });
  assert.ok(tagged.PackedPolicySize! >= 1, 'tags alone bring PackedPolicySize');
});

test('the root user: the duration is silently capped at one hour, and permissions are the session policies', async () => {
  const state = sandbox.state;
  const id = state.ids.accessKeyId('AKIA');
  const secret = state.ids.secretAccessKey();
  state.store.accessKeys.set(id, { id, secret, accountId: ACCT, status: 'Active', createDate: new Date(), usableAt: 0 });
  const root: Creds = { accessKeyId: id, secretAccessKey: secret };
  for (const DurationSeconds of [undefined, 7200, 129600]) {
    const out = await federate({ Name: 'from-root', DurationSeconds }, root);
    const lifetime = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(lifetime > 3590_000 && lifetime <= 3601_000, `${DurationSeconds}: ${lifetime}`);
  }
  const short = await federate({ Name: 'from-root', DurationSeconds: 900 }, root);
  assert.ok(short.Credentials!.Expiration!.getTime() - Date.now() <= 901_000);
  const reader = credsOf(await federate({ Name: 'from-root', PolicyArns: [{ arn: S3_READ }] }, root));
  assert.ok((await s3(reader).send(new ListBucketsCommand({}))).Buckets!.length >= 3);
  await fails(s3(reader).send(new PutObjectCommand({ Bucket: bucket, Key: 'r.txt', Body: 'r' })), 'AccessDenied', 403, /because no session policy allows the s3:PutObject action$/);
  await fails(s3(credsOf(await federate({ Name: 'from-root' }, root))).send(new ListBucketsCommand({})), 'AccessDenied', 403, /no session policy allows/);
});

test('when the calling user is deleted, its federated credentials stay valid but are allowed nothing', async () => {
  const gone = await userWithKey(iam, 'gone-broker');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'gone-broker', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const creds = credsOf(await federate({ Name: 'orphan', PolicyArns: [{ arn: S3_READ }] }, gone));
  assert.ok((await s3(creds).send(new ListBucketsCommand({}))).Buckets!.length >= 3);
  const { DetachUserPolicyCommand } = await import('@aws-sdk/client-iam');
  await iam.send(new DetachUserPolicyCommand({ UserName: 'gone-broker', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await iam.send(new DeleteAccessKeyCommand({ UserName: 'gone-broker', AccessKeyId: gone.accessKeyId }));
  await iam.send(new DeleteUserCommand({ UserName: 'gone-broker' }));
  assert.equal((await sts(creds).send(new GetCallerIdentityCommand({}))).Arn, fedArn('orphan'));
  await fails(s3(creds).send(new ListBucketsCommand({})), 'AccessDenied', 403, /because no identity-based policy allows/);
});

const signinToken = (c: Creds, extra: Record<string, string> = {}) => {
  const Session = JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });
  return fetch(`${sandbox.url}/federation?${new URLSearchParams({ Action: 'getSigninToken', Session, ...extra })}`);
};
async function signIn(c: Creds): Promise<string> {
  const { SigninToken } = (await (await signinToken(c)).json()) as { SigninToken: string };
  const res = await fetch(`${sandbox.url}/federation?${new URLSearchParams({ Action: 'login', Destination: '/console/', SigninToken })}`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  return /^sandbox-console=([0-9a-f]+);/.exec(res.headers.get('set-cookie')!)![1];
}
const consoleHtml = async (cookie: string, status = 200) => {
  const res = await fetch(`${sandbox.url}/console/`, { headers: { cookie: `sandbox-console=${cookie}` } });
  assert.equal(res.status, status);
  return res.text();
};

test('the federation endpoint takes GetFederationToken credentials for as long as they live, and refuses SessionDuration', async () => {
  const out = await federate({ Name: 'console-bob', PolicyArns: [{ arn: S3_READ }] });
  const creds = credsOf(out);
  const res = await signinToken(creds);
  assert.equal(res.status, 200);
  const html = await consoleHtml(await signIn(creds));
  const [, ends] = /<dt>Console session ends<\/dt><dd>(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(html)!;
  assert.equal(Date.parse(ends.replace(' ', 'T') + 'Z'), Math.floor(out.Credentials!.Expiration!.getTime() / 1000) * 1000, 'the console lasts as long as the credentials');
  for (const SessionDuration of ['900', '3600', '43200']) {
    const refused = await signinToken(creds, { SessionDuration });
    assert.equal(refused.status, 400);
    assert.equal(await refused.text(), 'Invalid credentials parameter');
  }
  assert.equal((await signinToken({ ...creds, secretAccessKey: 'x'.repeat(40) })).status, 400);
});

test('the console shows the federated user and applies its permissions (the caller\'s ∩ the session policies)', async () => {
  const cookie = await signIn(credsOf(await federate({ Name: 'console-alice', PolicyArns: [{ arn: S3_READ }] })));
  const html = await consoleHtml(cookie);
  assert.ok(html.includes(`<dt>Federated user ARN</dt><dd><code>${fedArn('console-alice')}</code></dd>`));
  assert.ok(html.includes('<dt>Federated user name</dt><dd>console-alice</dd>'));
  assert.ok(html.includes(`<code>arn:aws:iam::${ACCT}:user/broker</code>`), 'who federated');
  assert.match(html, /console-alice @ 1234-5678-9012/);
  assert.match(html, /in 11 h 5\d min/, 'the credentials\' 12 hours');
  assert.ok(html.includes(bucket), 'S3 read is allowed');
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(html)![1];
  const denied = await fetch(`${sandbox.url}/console/s3/create-bucket`, {
    method: 'POST',
    headers: { cookie: `sandbox-console=${cookie}`, 'content-type': 'application/x-www-form-urlencoded', origin: sandbox.url },
    body: new URLSearchParams({ bucket: 'federated-bucket', csrf }).toString(),
  });
  assert.equal(denied.status, 403);
  assert.ok((await denied.text()).includes(
    `User: ${fedArn('console-alice')} is not authorized to perform: s3:CreateBucket because no session policy allows the s3:CreateBucket action`,
  ));
});

test('a federated user without a session policy signs in but may do nothing; the console ends with the credentials', async () => {
  const cookie = await signIn(credsOf(await federate({ Name: 'console-none', DurationSeconds: 900 })));
  const html = await consoleHtml(cookie);
  assert.match(html, /AccessDenied: you cannot list buckets/);
  assert.ok(html.includes(`User: ${fedArn('console-none')} is not authorized to perform: s3:ListAllMyBuckets because no session policy allows`));
  sandbox.state.clock.advance(16 * 60 * 1000);
  assert.match(await consoleHtml(cookie, 401), /Session expired/);
});
