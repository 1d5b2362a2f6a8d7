/**
 * Seed 004's AssumeRole example, run unchanged with boto3 (tests/compat/seed004_assume_role.py,
 * held to the seed's text by a hash, and compared with the seed itself when ../shared/seeds is
 * at hand): it assumes `demo-role` in account 585584209241 with the default session's
 * credentials, then lists the instances of us-east-2 with the role session through boto3's EC2
 * resource. The sandbox serves that very
 * account (its `accountIds` setting); the example's endpoint and credentials come from the
 * environment (AWS_ENDPOINT_URL and the AWS_* keys, as boto3 reads them), nothing in its logic
 * changes. Without ec2:DescribeInstances on the role, the same script fails as on AWS with
 * UnauthorizedOperation. Like cli-compat, a machine without boto3 skips, which `npm test` counts
 * as a failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { iamSandbox, trustFor } from './support/iam.ts';

const ACCOUNT = '585584209241';
const SCRIPT = 'tests/compat/seed004_assume_role.py';
const SEEDS = join(import.meta.dirname, '..', '..', 'shared', 'seeds');
/** SHA-256 of the example's code (the script less its leading comment lines). */
const EXAMPLE_SHA256 = 'efe4063859bc0f04a22fd5def0dec0346c0c058d8098d1e479759f2b305cea2d';
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;
const skip = !hasBoto3 && 'no boto3 on this machine (apt-get install python3-boto3, or pip install boto3)';
const { sandbox, iam } = await iamSandbox({ accountIds: [ACCOUNT] });

/** Runs the example as it is, with the sandbox named by the environment; never throws. */
async function runExample(): Promise<{ code: number; stdout: string; stderr: string }> {
  const admin = sandbox.admins[0];
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const env = {
    ...clean,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: sandbox.url,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
  };
  // Asynchronous: the sandbox answers from this very process.
  return promisify(execFile)('python3', [SCRIPT], { timeout: 60_000, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

test('the script is the seed example, word for word', () => {
  const script = readFileSync(SCRIPT, 'utf8').split('\n').filter((line) => !line.startsWith('#')).join('\n').trimEnd();
  assert.equal(createHash('sha256').update(script).digest('hex'), EXAMPLE_SHA256, 'the example as the seed prints it');
  // Where the seed texts are at hand (a workshop checkout beside ../shared), compare with the seed itself.
  const seed = existsSync(SEEDS) ? readdirSync(SEEDS).find((name) => name.startsWith('004_')) : undefined;
  if (seed) {
    const text = readFileSync(join(SEEDS, seed), 'utf8');
    const last = "print(f'Instance ID: {instance.id}')";
    assert.equal(script, text.slice(text.indexOf('import boto3\nCURRENT_ACCOUNT_SESSION'), text.indexOf(last) + last.length));
  }
});

test("seed 004's AssumeRole example lists us-east-2's instances with the role session, unchanged", { skip }, async () => {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'demo-role', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCOUNT}:root`)) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'demo-role', PolicyName: 'describe', PolicyDocument: JSON.stringify(policy) }));
  const { Reservations } = await new EC2Client({ ...sandbox.config(), region: 'us-east-2' }).send(new DescribeInstancesCommand({}));
  const expected = Reservations!.flatMap((r) => r.Instances!).map((i) => `Instance ID: ${i.InstanceId}`);
  assert.ok(expected.length >= 3);

  const run = await runExample();
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split('\n'), expected);

  await iam.send(new DeleteRolePolicyCommand({ RoleName: 'demo-role', PolicyName: 'describe' }));
  const refused = await runExample();
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, new RegExp(
    `An error occurred \\(UnauthorizedOperation\\) when calling the DescribeInstances operation: You are not authorized to perform this operation\\. ` +
    `User: arn:aws:sts::${ACCOUNT}:assumed-role/demo-role/demo-role-Session is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action\\. ` +
    'Encoded authorization failure message: [\\w-]+',
  ));
});
