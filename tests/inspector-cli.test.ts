/**
 * The call inspector's AWS CLI commands (src/components/inspector/cli-command.ts), run for real:
 * SDK calls like the lessons' are recorded by the notebook's call recorder (against an in-process
 * sandbox), turned into commands, and each command is run by bash with the installed `aws` CLI
 * against a standalone `npm run sandbox`, which must accept it (or fail only the way AWS fails:
 * NoSuchEntity for a user that does not exist). The credentials come from the sandbox's export
 * line, as the commands' comments tell a learner. Also checks the kebab-case names against
 * botocore's own `xform_name` for every STS, IAM and S3 operation and parameter. Skips (counted as
 * failures by npm test) only where the machine has no AWS CLI.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  GetUserCommand,
  IAMClient,
  ListPoliciesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { TOTP, Secret } from 'otpauth';
import type { StepEvent } from '../src/lessons/events.ts';
import { cliCommand, cliName } from '../src/components/inspector/cli-command.ts';
import { createCallRecorder } from '../server/runner/call-recorder.ts';
import { withSandbox, type TestSandbox } from './support/sandbox.ts';
import { startStandaloneSandbox, type StandaloneSandbox } from './support/processes.ts';

type CallEvent = Extract<StepEvent, { type: 'call' }>;

const noCli = spawnSync('aws', ['--version']).status !== 0 && 'no AWS CLI on this machine (apt-get install awscli, or pip install awscli)';
const noBotocore = spawnSync('python3', ['-c', 'import botocore']).status !== 0 && 'no botocore on this machine (it comes with the AWS CLI)';

let recordingSandbox: TestSandbox;
let standalone: StandaloneSandbox;
let cwd: string;
before(async () => {
  [recordingSandbox, standalone] = await Promise.all([withSandbox(), startStandaloneSandbox()]);
  cwd = mkdtempSync(join(tmpdir(), 'sts-workshop-cli-'));
});
after(async () => {
  standalone?.stop();
  await recordingSandbox?.close();
});

/** SDK clients whose calls become call events, as in a step run. */
function recorder() {
  const calls: CallEvent[] = [];
  const { logger, requestHandler } = createCallRecorder({
    onCall: (event) => calls.push(event),
    onLog: () => {},
    registerSecret: () => {},
    signal: new AbortController().signal,
    now: () => performance.now(),
    ownAccessKeyId: recordingSandbox.admins[0].accessKeyId,
  });
  // Retries as in the notebook: the CLI runs take long enough for the sandbox to close idle sockets.
  const config = (credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => ({ ...recordingSandbox.config(credentials), maxAttempts: 3, logger, requestHandler });
  return { calls, config };
}

/** Runs a generated command (comment lines included) in bash, against the standalone sandbox. */
function bash(command: string, extraEnv: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const env = { ...clean, ...standalone.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '', ...extraEnv };
  return spawnSync('bash', ['-c', command], { encoding: 'utf8', timeout: 120_000, env, cwd });
}

/** The command for a recorded call, sent to the standalone sandbox instead of the recording one. */
function commandFor(call: CallEvent): string {
  assert.equal(call.endpoint, recordingSandbox.url);
  return cliCommand({ ...call, endpoint: standalone.env.AWS_ENDPOINT_URL });
}

test('generated commands for the lessons\' kinds of calls run with the real AWS CLI', { skip: noCli }, async () => {
  const { calls, config } = recorder();
  const sts = new STSClient(config());
  const iam = new IAMClient(config());
  const s3 = new S3Client(config());
  const tags = [{ Key: 'sts-workshop:run', Value: 'a learner run' }];
  const trust = JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Sid: 'TrustTheAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] },
    null,
    2,
  );
  const readS3 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: '*' }] }, null, 2);

  await sts.send(new GetCallerIdentityCommand({}));
  await iam.send(new CreateUserCommand({ UserName: 'cli-user', Path: '/sts-workshop/', Tags: tags }));
  const role = await iam.send(new CreateRoleCommand({ RoleName: 'cli-role', Path: '/sts-workshop/', AssumeRolePolicyDocument: trust, Description: "The learner's role", Tags: tags, MaxSessionDuration: 3600 }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'cli-user', PolicyName: 'read-s3', PolicyDocument: readS3 }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'cli-role', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true, PathPrefix: '/' }));
  await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'cli-mfa', Path: '/sts-workshop/' }));
  await s3.send(new ListBucketsCommand({}));
  await s3.send(new CreateBucketCommand({ Bucket: 'cli-inspector-bucket' }));
  await s3.send(new DeleteBucketCommand({ Bucket: 'cli-inspector-bucket' }));
  await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'cli-session', DurationSeconds: 900 }));
  await assert.rejects(iam.send(new GetUserCommand({ UserName: 'nobody-by-this-name' })));

  const commands = calls.map(commandFor);
  assert.equal(commands.length, 12);
  for (const [i, command] of commands.entries()) {
    const result = bash(command);
    if (calls[i].error) {
      assert.notEqual(result.status, 0, command);
      assert.match(result.stderr, /NoSuchEntity/, `${command}\n${result.stderr}`);
    } else {
      assert.equal(result.status, 0, `${command}\n${result.stderr}`);
    }
  }
  const byOperation = Object.fromEntries(calls.map((call, i) => [call.operation, commands[i]]));
  assert.match(byOperation.GetCallerIdentity, /^# as the notebook's own identity \(arn:aws:iam::123456789012:user\/workshop-admin\)\naws sts get-caller-identity --endpoint-url /);
  assert.match(byOperation.CreateRole, / --assume-role-policy-document '\{"Version":"2012-10-17",/);
  assert.match(byOperation.CreateUser, / --tags '\[\{"Key":"sts-workshop:run","Value":"a learner run"\}\]'/);
  assert.match(byOperation.CreateRole, / --description 'The learner'\\''s role' /);
  assert.match(byOperation.ListBuckets, /^[^\n]*\naws s3api list-buckets /);

  // The CLI really created what the commands say, with the same names and documents.
  const role2 = JSON.parse(bash('aws iam get-role --role-name cli-role --endpoint-url "$AWS_ENDPOINT_URL"').stdout);
  assert.equal(role2.Role.Arn, role.Role!.Arn);
  assert.equal(role2.Role.AssumeRolePolicyDocument.Statement[0].Sid, 'TrustTheAccount');
  assert.equal(role2.Role.Description, "The learner's role");
  const user = JSON.parse(bash('aws iam get-user --user-name cli-user --endpoint-url "$AWS_ENDPOINT_URL"').stdout);
  assert.deepEqual(user.User.Tags, tags);
  assert.match(readFileSync(join(cwd, 'mfa-seed.txt'), 'utf8'), /^[A-Z2-7]{32,}$/, 'create-virtual-mfa-device wrote the seed where --outfile says');
});

test('a role session\'s command runs with the temporary credentials its comment asks for', { skip: noCli }, async () => {
  const { calls, config } = recorder();
  const out = await new STSClient(config()).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/sts-workshop/cli-role', RoleSessionName: 'inspector' }));
  const creds = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  await new STSClient(config(creds)).send(new GetCallerIdentityCommand({}));
  const command = commandFor(calls[1]);
  assert.match(command, /^# as the temporary credentials ASIA[A-Z2-7]{16} \(arn:aws:sts::123456789012:assumed-role\/cli-role\/inspector\): export them as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN first\n/);
  assert.doesNotMatch(command, new RegExp(`${creds.secretAccessKey.replace(/[+/]/g, '.')}|${creds.sessionToken.slice(0, 40).replace(/[+/]/g, '.')}`));

  // Doing what the comment says, with a session from the standalone sandbox's own STS:
  const assumed = bash(`${cliCommand({ service: 'STS', operation: 'AssumeRole', input: calls[0].input, endpoint: standalone.env.AWS_ENDPOINT_URL })} --output json`);
  assert.equal(assumed.status, 0, assumed.stderr);
  const session = JSON.parse(assumed.stdout).Credentials;
  const who = bash(command, { AWS_ACCESS_KEY_ID: session.AccessKeyId, AWS_SECRET_ACCESS_KEY: session.SecretAccessKey, AWS_SESSION_TOKEN: session.SessionToken });
  assert.equal(who.status, 0, who.stderr);
  assert.equal(JSON.parse(who.stdout).Arn, 'arn:aws:sts::123456789012:assumed-role/cli-role/inspector');
});

test('enable-mfa-device takes the CLI\'s renamed --authentication-code-1 and -2', { skip: noCli }, () => {
  const created = bash(`${cliCommand({ service: 'IAM', operation: 'CreateVirtualMFADevice', input: { VirtualMFADeviceName: 'cli-mfa-2' }, endpoint: standalone.env.AWS_ENDPOINT_URL })} --output json`);
  assert.equal(created.status, 0, created.stderr);
  const serial = JSON.parse(created.stdout).VirtualMFADevice.SerialNumber;
  const totp = new TOTP({ secret: Secret.fromBase32(readFileSync(join(cwd, 'mfa-seed.txt'), 'utf8').trim()), period: 30, digits: 6 });
  const now = Date.now();
  const input = { UserName: 'cli-user', SerialNumber: serial, AuthenticationCode1: totp.generate({ timestamp: now }), AuthenticationCode2: totp.generate({ timestamp: now + 30_000 }) };
  const command = cliCommand({ service: 'IAM', operation: 'EnableMFADevice', input, endpoint: standalone.env.AWS_ENDPOINT_URL });
  assert.match(command, / --authentication-code-1 \d{6} --authentication-code-2 \d{6} /);
  const enabled = bash(command);
  assert.equal(enabled.status, 0, `${command}\n${enabled.stderr}`);
  const listed = JSON.parse(bash('aws iam list-mfa-devices --user-name cli-user --endpoint-url "$AWS_ENDPOINT_URL"').stdout);
  assert.equal(listed.MFADevices[0].SerialNumber, serial);
});

test('kebab-case names match botocore\'s xform_name for every STS, IAM and S3 operation and parameter', { skip: noBotocore }, () => {
  const script = `
import json, botocore.session
from botocore import xform_name
s = botocore.session.get_session()
names = {}
for service in ['sts', 'iam', 's3']:
    model = s.get_service_model(service)
    for op in model.operation_names:
        names[op] = xform_name(op, '-')
        shape = model.operation_model(op).input_shape
        for member in (shape.members if shape else {}):
            names[member] = xform_name(member, '-')
print(json.dumps(names))`;
  const result = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const names: Record<string, string> = JSON.parse(result.stdout);
  assert.ok(Object.keys(names).length > 400, 'botocore listed the three services');
  const wrong = Object.entries(names).filter(([name, cli]) => cliName(name) !== cli);
  assert.deepEqual(wrong.map(([name, cli]) => `${name}: ${cliName(name)} (botocore: ${cli})`), []);
});
