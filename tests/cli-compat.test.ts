/**
 * The AWS CLI and boto3 against `npm run sandbox` (the standalone sandbox process, configured
 * by the one export line it prints): the CLI's basic calls and auth failures, and the three
 * upstream scenarios written in boto3 with the same denials and errors AWS gives. Skips (with
 * the reason and how to get them) only where the machine has no AWS CLI or boto3; `npm test`
 * counts a skip as a failure, and .ci/run installs both.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startStandaloneSandbox, type StandaloneSandbox } from './support/processes.ts';

const versionOut = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const hasCli = versionOut.status === 0;
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;
const noCli = !hasCli && 'no AWS CLI on this machine (apt-get install awscli, or pip install awscli)';
// The CLI reads AWS_ENDPOINT_URL from version 1.29 / 2.13 on; older ones (Debian 12's awscli is
// 2.9) call real AWS unless given --endpoint-url, as the README says.
const cliVersion = /aws-cli\/(\d+)\.(\d+)/.exec(`${versionOut.stdout}${versionOut.stderr}`);
const cliReadsEndpointEnv = !!cliVersion && (Number(cliVersion[1]) === 1 ? Number(cliVersion[2]) >= 29 : Number(cliVersion[1]) > 2 || Number(cliVersion[2]) >= 13);
const noBoto3 = !hasBoto3 && 'no boto3 on this machine (apt-get install python3-boto3, or pip install boto3)';

let sandbox: StandaloneSandbox;
let env: Record<string, string>;
before(async () => {
  sandbox = await startStandaloneSandbox();
  env = sandbox.env;
});
after(() => sandbox.stop());

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  if (cmd === 'aws' && !cliReadsEndpointEnv) args = ['--endpoint-url', env.AWS_ENDPOINT_URL, ...args];
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, env: { ...clean, ...env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', ...extraEnv } });
}

test('the printed export line has what the clients need', () => {
  assert.match(env.AWS_ENDPOINT_URL, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(env.AWS_ACCESS_KEY_ID, /^AKIA[A-Z2-7]{16}$/);
  assert.equal(env.AWS_SECRET_ACCESS_KEY.length, 40);
  assert.equal(env.AWS_REGION, 'us-east-1');
});

test('aws sts get-caller-identity, iam and s3 work against the sandbox', { skip: noCli }, () => {
  const who = run('aws', ['sts', 'get-caller-identity', '--output', 'json']);
  assert.equal(who.status, 0, who.stderr);
  assert.equal(JSON.parse(who.stdout).Arn, 'arn:aws:iam::123456789012:user/workshop-admin');
  const user = run('aws', ['iam', 'create-user', '--user-name', 'cli-user', '--output', 'json']);
  assert.equal(user.status, 0, user.stderr);
  const dup = run('aws', ['iam', 'create-user', '--user-name', 'cli-user']);
  assert.notEqual(dup.status, 0);
  assert.match(dup.stderr, /EntityAlreadyExists.*User with name cli-user already exists\./);
  assert.equal(run('aws', ['iam', 'delete-user', '--user-name', 'cli-user']).status, 0);
  const ls = run('aws', ['s3', 'ls']);
  assert.equal(ls.status, 0, ls.stderr);
  assert.match(ls.stdout, /workshop-data-123456789012/);
});

test('the CLI sees SignatureDoesNotMatch for a wrong secret and InvalidClientTokenId for an unknown key', { skip: noCli }, () => {
  const wrong = run('aws', ['sts', 'get-caller-identity'], { AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) });
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /SignatureDoesNotMatch/);
  const unknown = run('aws', ['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: 'AKIAZZZZZZZZZZZZZZZZ' });
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /InvalidClientTokenId/);
});

test('boto3 runs the three upstream scenarios with AWS\'s denials and errors', { skip: noBoto3 }, () => {
  const result = run('python3', ['tests/compat/scenarios.py']);
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.equal(out.qr_is_png, true);
  assert.match(out.enable_bad_codes, /^InvalidAuthenticationCode: Authentication code for device is not valid\./);
  assert.equal(out.trust_policy_is_dict, true);
  assert.match(out.a_without_mfa, /^AccessDenied: User: arn:aws:iam::123456789012:user\/demo-user-\d+ is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/demo-role-\d+$/);
  assert.equal(out.a_wrong_code, 'AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.');
  assert.match(out.a_assumed_arn, /^arn:aws:sts::123456789012:assumed-role\/demo-role-\d+\/demo-sts-session$/);
  assert.equal(out.a_reused_code, 'AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.');
  assert.ok(out.a_buckets.includes('workshop-data-123456789012'));
  assert.match(out.b_user_key_lists, /^AccessDenied/);
  assert.match(out.b_session_no_mfa_lists, /^AccessDenied/);
  assert.ok(out.b_session_mfa_buckets.includes('workshop-data-123456789012'));
  assert.equal(out.b_session_from_session, 'AccessDenied: Cannot call GetSessionToken with session credentials');
  assert.match(out.b_iam_with_plain_session, /^InvalidClientTokenId/);
  assert.equal(out.c_login_status, 302);
  assert.equal(out.c_login_cookie, true);
  assert.match(out.delete_user_with_keys, /^DeleteConflict: Cannot delete entity, must delete/);
  assert.deepEqual(out.users_left, []);
});
