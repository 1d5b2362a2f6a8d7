/**
 * STS GetAccessKeyInfo with the real SDK v3 client: the account of any access key id the
 * sandbox issued (a user's AKIA key, active or not, temporary ASIA credentials, another
 * account's key), AWS's validation, and the sandbox's answer for a key it never issued
 * (InvalidParameterValue: AWS's own answer there is unconfirmed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCT, credsOf, fails, iamSandbox, userWithKey } from './support/iam.ts';

const { sandbox, iam } = await iamSandbox();
const sts = new STSClient(sandbox.config());
const accountOf = async (AccessKeyId: string) => (await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId }))).Account;

test('GetAccessKeyInfo answers the account of AKIA and ASIA keys the sandbox issued', async () => {
  const alice = await userWithKey(iam, 'alice');
  assert.equal(await accountOf(alice.accessKeyId), ACCT);
  await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: alice.accessKeyId, Status: 'Inactive' }));
  assert.equal(await accountOf(alice.accessKeyId), ACCT, 'the key state does not matter');
  const temporary = credsOf(await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
  assert.match(temporary.accessKeyId, /^ASIA/);
  assert.equal(await accountOf(temporary.accessKeyId), ACCT);
  const other = sandbox.admins[1];
  if (other) assert.equal(await accountOf(other.accessKeyId), other.userArn.split(':')[4]);
});

test('GetAccessKeyInfo validates as AWS and refuses a key it never issued', async () => {
  await fails(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA-short' })), 'ValidationError', 400,
    /Value 'AKIA-short' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16; Value 'AKIA-short' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\]\*$/);
  await fails(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })), 'InvalidParameterValue', 400, 'The access key ID AKIAIOSFODNN7EXAMPLE does not exist.');
});
