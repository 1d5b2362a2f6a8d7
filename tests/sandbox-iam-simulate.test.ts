/**
 * IAM's policy simulator through the real SDK v3 client (SimulatePrincipalPolicyCommand and
 * SimulateCustomPolicyCommand as the oracle of the wire format): decisions for an admin, an
 * inline grant, an explicit Deny, a permissions boundary, an MFA condition fed by
 * ContextEntries, a role, several resources; AWS's labels and positions for matched
 * statements; NoSuchEntity / InvalidInput / ValidationError / AccessDenied texts; paging per
 * action; and the AWS CLI's simulate-principal-policy when the machine has one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AttachUserPolicyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand,
  SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand, type SimulatePrincipalPolicyCommandInput,
} from '@aws-sdk/client-iam';
import { ACCT, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';

const { sandbox, iam } = await iamSandbox();
const ADMIN = `arn:aws:iam::${ACCT}:user/workshop-admin`;
const userArn = (name: string) => `arn:aws:iam::${ACCT}:user/${name}`;
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action: action, Resource: '*', ...extra });
const deny = (action: string | string[], extra: object = {}) => ({ Effect: 'Deny', Action: action, Resource: '*', ...extra });

async function simulate(input: SimulatePrincipalPolicyCommandInput, client: IAMClient = iam) {
  return (await client.send(new SimulatePrincipalPolicyCommand(input))).EvaluationResults!;
}

/** A user with one inline policy `name-policy` holding `document`. */
async function userWithPolicy(name: string, document: string) {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `${name}-policy`, PolicyDocument: document }));
  return userArn(name);
}

test('the admin user is allowed every action, by AdministratorAccess', async () => {
  const actions = ['iam:CreateUser', 'iam:CreateRole', 'iam:CreateVirtualMFADevice', 'sts:AssumeRole', 's3:ListAllMyBuckets'];
  const results = await simulate({ PolicySourceArn: ADMIN, ActionNames: actions });
  assert.deepEqual(results.map((r) => [r.EvalActionName, r.EvalDecision, r.EvalResourceName]), actions.map((a) => [a, 'allowed', '*']));
  for (const result of results) {
    assert.deepEqual(result.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['AdministratorAccess', 'IAM Policy']]);
    assert.deepEqual(result.MissingContextValues, []);
    assert.equal(result.PermissionsBoundaryDecisionDetail, undefined);
    assert.equal(result.ResourceSpecificResults, undefined);
  }
});

test('an inline grant of iam:GetUser: allowed for it, implicitDeny for iam:CreateRole, with the statement located', async () => {
  const document = policy(allow('iam:GetUser'));
  const arn = await userWithPolicy('reader', document);
  const [getUser, createRole] = await simulate({ PolicySourceArn: arn, ActionNames: ['iam:GetUser', 'iam:CreateRole'] });
  assert.equal(getUser.EvalDecision, 'allowed');
  // Compact JSON: the statement's span runs from just after `[` to just after its `}` (1-based columns).
  const start = document.indexOf('[') + 2;
  assert.deepEqual(getUser.MatchedStatements, [{
    SourcePolicyId: 'user_reader_reader-policy', SourcePolicyType: 'IAM Policy',
    StartPosition: { Line: 1, Column: start }, EndPosition: { Line: 1, Column: document.length - 1 },
  }]);
  assert.equal(createRole.EvalDecision, 'implicitDeny');
  assert.deepEqual(createRole.MatchedStatements, []);
  // Action names are case-insensitive, as in policies.
  assert.equal((await simulate({ PolicySourceArn: arn, ActionNames: ['IAM:getuser'] }))[0].EvalDecision, 'allowed');
});

test('an explicit Deny in an attached managed policy wins: explicitDeny, the Deny statement first', async () => {
  const arn = await userWithPolicy('denied', policy(allow('iam:*')));
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'no-roles', PolicyDocument: policy(deny(['iam:CreateRole', 'iam:DeleteRole'])) }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'denied', PolicyArn: Policy!.Arn! }));
  const [createRole, createUser] = await simulate({ PolicySourceArn: arn, ActionNames: ['iam:CreateRole', 'iam:CreateUser'] });
  assert.equal(createRole.EvalDecision, 'explicitDeny');
  assert.deepEqual(createRole.MatchedStatements!.map((s) => s.SourcePolicyId), ['no-roles', 'user_denied_denied-policy']);
  assert.equal(createUser.EvalDecision, 'allowed');
  assert.deepEqual(createUser.MatchedStatements!.map((s) => s.SourcePolicyId), ['user_denied_denied-policy']);
});

test('a permissions boundary limits the grant; PermissionsBoundaryPolicyInputList replaces it', async () => {
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'only-reads', PolicyDocument: policy(allow(['iam:Get*', 'iam:List*'])) }));
  await iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: Policy!.Arn! }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bounded', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const [getUser, createRole] = await simulate({ PolicySourceArn: userArn('bounded'), ActionNames: ['iam:GetUser', 'iam:CreateRole'] });
  assert.equal(getUser.EvalDecision, 'allowed');
  assert.deepEqual(getUser.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
  assert.deepEqual(getUser.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [
    ['AdministratorAccess', 'IAM Policy'], ['only-reads', 'Permissions Boundary Policy'],
  ]);
  assert.equal(createRole.EvalDecision, 'implicitDeny');
  assert.deepEqual(createRole.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  const [overridden] = await simulate({
    PolicySourceArn: userArn('bounded'), ActionNames: ['iam:CreateRole'], PermissionsBoundaryPolicyInputList: [policy(allow('iam:CreateRole'))],
  });
  assert.equal(overridden.EvalDecision, 'allowed');
  assert.ok(overridden.MatchedStatements!.some((s) => s.SourcePolicyId === 'PermissionsBoundaryPolicyInputList.1'));
});

test('a condition on aws:MultiFactorAuthPresent reads ContextEntries; a key not given is reported missing', async () => {
  const arn = await userWithPolicy('mfa-user', policy(
    allow('iam:CreateRole', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
    deny('iam:DeleteRole', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
    allow('iam:DeleteRole'),
  ));
  const mfa = (value?: string) => (value === undefined ? {} : { ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: [value], ContextKeyType: 'boolean' as const }] });
  const decisions = async (value?: string) =>
    (await simulate({ PolicySourceArn: arn, ActionNames: ['iam:CreateRole', 'iam:DeleteRole'], ...mfa(value) })).map((r) => [r.EvalDecision, r.MissingContextValues]);
  assert.deepEqual(await decisions(), [['implicitDeny', ['aws:MultiFactorAuthPresent']], ['explicitDeny', ['aws:MultiFactorAuthPresent']]]);
  assert.deepEqual(await decisions('true'), [['allowed', []], ['allowed', []]]);
  assert.deepEqual(await decisions('false'), [['implicitDeny', []], ['explicitDeny', []]]);
});

test('a role as PolicySourceArn, over several resources: one result per action, a ResourceSpecificResult per resource', async () => {
  await iam.send(new CreateRoleCommand({ RoleName: 'reader-role', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'reader-role', PolicyName: 'objects', PolicyDocument: policy(
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::workshop-data-123456789012/*' },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::workshop-data-123456789012/secret/*' },
  ) }));
  const open = 'arn:aws:s3:::workshop-data-123456789012/notes.txt';
  const secret = 'arn:aws:s3:::workshop-data-123456789012/secret/key.txt';
  const elsewhere = 'arn:aws:s3:::workshop-logs-123456789012/log.txt';
  const results = await simulate({ PolicySourceArn: `arn:aws:iam::${ACCT}:role/reader-role`, ActionNames: ['s3:GetObject', 's3:PutObject'], ResourceArns: [open, secret, elsewhere] });
  assert.equal(results.length, 2);
  const [get, put] = results;
  assert.equal(get.EvalDecision, 'explicitDeny');
  assert.equal(get.EvalResourceName, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  assert.deepEqual(get.EvalDecisionDetails, {});
  assert.deepEqual(get.ResourceSpecificResults!.map((r) => [r.EvalResourceName, r.EvalResourceDecision]), [[open, 'allowed'], [secret, 'explicitDeny'], [elsewhere, 'implicitDeny']]);
  assert.deepEqual(get.ResourceSpecificResults![0].MatchedStatements!.map((s) => s.SourcePolicyId), ['role_reader-role_objects']);
  assert.equal(put.EvalDecision, 'implicitDeny');
  assert.ok(put.ResourceSpecificResults!.every((r) => r.EvalResourceDecision === 'implicitDeny'));
});

test('PolicyInputList adds policies to the principal\'s own; SimulateCustomPolicy uses only those given', async () => {
  const arn = await userWithPolicy('plus', policy(allow('iam:GetUser')));
  const [added] = await simulate({ PolicySourceArn: arn, ActionNames: ['iam:ListUsers'], PolicyInputList: [policy(allow('iam:List*'))] });
  assert.equal(added.EvalDecision, 'allowed');
  assert.deepEqual(added.MatchedStatements!.map((s) => s.SourcePolicyId), ['PolicyInputList.1']);
  const custom = await iam.send(new SimulateCustomPolicyCommand({
    PolicyInputList: [policy(allow('s3:GetObject')), policy(deny('s3:GetObject', { Resource: 'arn:aws:s3:::b/private/*' }))],
    ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/public/x', 'arn:aws:s3:::b/private/x'],
  }));
  assert.deepEqual(custom.EvaluationResults![0].ResourceSpecificResults!.map((r) => r.EvalResourceDecision), ['allowed', 'explicitDeny']);
  // A resource policy naming the caller grants on its own within the account.
  const bucketPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
  const [withResourcePolicy] = await simulate({ PolicySourceArn: arn, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/k'], ResourcePolicy: bucketPolicy });
  assert.equal(withResourcePolicy.EvalDecision, 'allowed');
  assert.deepEqual(withResourcePolicy.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['ResourcePolicy', 'Resource Policy']]);
  await fails(
    simulate({ PolicySourceArn: `arn:aws:iam::${ACCT}:role/reader-role`, ActionNames: ['s3:GetObject'], ResourcePolicy: bucketPolicy }),
    'InvalidInput', 400, 'Invalid caller - Caller must be an IAM user in this context.',
  );
});

test('errors: NoSuchEntity, Invalid Entity Arn, another account, missing ActionNames, a malformed document', async () => {
  await fails(simulate({ PolicySourceArn: userArn('ghost'), ActionNames: ['iam:GetUser'] }), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
  await fails(simulate({ PolicySourceArn: `arn:aws:iam::${ACCT}:role/team/ghost-role`, ActionNames: ['iam:GetUser'] }), 'NoSuchEntity', 404, 'The role with name ghost-role cannot be found.');
  const session = `arn:aws:sts::${ACCT}:assumed-role/reader-role/s1`;
  await fails(simulate({ PolicySourceArn: session, ActionNames: ['iam:GetUser'] }), 'InvalidInput', 400, `Invalid Entity Arn: ${session} does not clearly define entity type and name.`);
  await fails(
    simulate({ PolicySourceArn: 'arn:aws:iam::210987654321:user/someone', ActionNames: ['iam:GetUser'] }),
    'InvalidInput', 400, `Invalid Policy Source Arn: caller's account ${ACCT} does not have access to policies in account 210987654321`,
  );
  await fails(simulate({ PolicySourceArn: ADMIN, ActionNames: undefined }), 'ValidationError', 400,
    "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
  await fails(simulate({ PolicySourceArn: ADMIN, ActionNames: ['iam:GetUser'], PolicyInputList: ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser"}]}'] }),
    'InvalidInput', 400, 'Policy statement must contain resources.');
  await fails(simulate({ PolicySourceArn: ADMIN, ActionNames: ['iam:GetUser'], ResourceOwner: ACCT }), 'InvalidInput', 400, `'${ACCT}' is not a valid as a Resource Owner.`);
});

test('a caller without iam:SimulatePrincipalPolicy gets AccessDenied; one allowed on its own ARN may simulate only itself', async () => {
  const creds = await userWithKey(iam, 'nosim');
  const client = new IAMClient(sandbox.config(creds));
  await fails(simulate({ PolicySourceArn: ADMIN, ActionNames: ['iam:GetUser'] }, client), 'AccessDenied', 403,
    `User: ${userArn('nosim')} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${ADMIN} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`);
  await iam.send(new PutUserPolicyCommand({ UserName: 'nosim', PolicyName: 'self', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: userArn('${aws:username}') }) }));
  const [own] = await simulate({ PolicySourceArn: userArn('nosim'), ActionNames: ['iam:SimulatePrincipalPolicy', 'iam:CreateUser'] }, client);
  assert.equal(own.EvalDecision, 'implicitDeny'); // the simulation's context has no aws:username unless given
  assert.deepEqual(own.MissingContextValues, ['aws:username']);
  await fails(simulate({ PolicySourceArn: ADMIN, ActionNames: ['iam:GetUser'] }, client), 'AccessDenied', 403, /is not authorized to perform: iam:SimulatePrincipalPolicy on resource: .*workshop-admin/);
  await fails(client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy(allow('*'))], ActionNames: ['iam:GetUser'] })), 'AccessDenied', 403,
    `User: ${userArn('nosim')} is not authorized to perform: iam:SimulateCustomPolicy on resource: * because no identity-based policy allows the iam:SimulateCustomPolicy action`);
});

test('results page per action with MaxItems and Marker, in the order asked', async () => {
  const actions = ['iam:GetUser', 'iam:CreateUser', 'iam:DeleteUser', 'sts:AssumeRole', 's3:GetObject'];
  const seen: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ADMIN, ActionNames: actions, MaxItems: 2, Marker: marker }));
    pages++;
    assert.ok(out.EvaluationResults!.length <= 2);
    seen.push(...out.EvaluationResults!.map((r) => r.EvalActionName!));
    assert.equal(out.IsTruncated, out.Marker !== undefined);
    marker = out.Marker;
  } while (marker);
  assert.equal(pages, 3);
  assert.deepEqual(seen, actions);
  await fails(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ADMIN, ActionNames: actions, Marker: 'not-a-marker' })), 'ValidationError', 400, 'Invalid Marker.');
  await fails(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ADMIN, ActionNames: actions, MaxItems: 0 })), 'ValidationError', 400,
    "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
});

const hasCli = spawnSync('aws', ['--version']).status === 0;
const run = promisify(execFile);

test('aws iam simulate-principal-policy against the sandbox', { skip: !hasCli && 'no AWS CLI on this machine' }, async () => {
  // Asynchronously: the sandbox answers from this very process.
  const admin = sandbox.admins[0];
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const { stdout } = await run('aws', [
    // --endpoint-url always: CLIs older than 2.13 / 1.29 (Debian 12 has 2.9) ignore AWS_ENDPOINT_URL
    // and would call real AWS.
    '--endpoint-url', sandbox.url,
    'iam', 'simulate-principal-policy', '--policy-source-arn', userArn('reader'), '--action-names', 'iam:GetUser', 'iam:CreateRole', '--output', 'json',
  ], {
    encoding: 'utf8', timeout: 120_000,
    env: {
      ...clean, AWS_ENDPOINT_URL: sandbox.url, AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
      AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
  });
  const results = JSON.parse(stdout).EvaluationResults;
  assert.deepEqual(results.map((r: { EvalActionName: string; EvalDecision: string }) => [r.EvalActionName, r.EvalDecision]), [['iam:GetUser', 'allowed'], ['iam:CreateRole', 'implicitDeny']]);
  assert.equal(results[0].MatchedStatements[0].SourcePolicyId, 'user_reader_reader-policy');
});
