/**
 * Test support for the IAM and STS tests: a sandbox for the test file with an IAM client for the
 * default account's admin, the assertion every error case makes (`fails`: the AWS error code,
 * HTTP status and message the real SDK client reports), and the fixtures several files build (a
 * user with an access key, a trust policy, the credentials in an STS answer).
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { SandboxSettings } from '../../server/sandbox/sandbox.ts';
import { withSandbox, type Creds, type TestSandbox } from './sandbox.ts';

/** The default account of a sandbox started without `accountIds`. */
export const ACCT = '123456789012';

/**
 * Starts a sandbox for this test file, closed after its last test, and an IAM client for the
 * default account's admin. Await it at the top of the file: `const { sandbox, iam } = await iamSandbox();`
 */
export async function iamSandbox(settings?: SandboxSettings): Promise<{ sandbox: TestSandbox; iam: IAMClient }> {
  const sandbox = await withSandbox(settings);
  after(() => sandbox.close());
  return { sandbox, iam: new IAMClient(sandbox.config()) };
}

/**
 * Asserts that `promise` rejects with the AWS error `code` (the error's `Code`, exactly; its SDK
 * `name` is the code, or `<code>Exception` for the errors the client models), the HTTP `status`,
 * and a message equal to `message` (a string) or matching it (a RegExp).
 */
export async function fails(promise: Promise<unknown>, code: string, status: number, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.Code, code);
    assert.ok(e.name === code || e.name === `${code}Exception`, `error name ${e.name} for code ${code}`);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

/** Creates the user (at `path`, else the root path) and an access key for it; returns the key. */
export async function userWithKey(iam: IAMClient, name: string, path?: string): Promise<Creds> {
  await iam.send(new CreateUserCommand({ UserName: name, Path: path }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

/** A trust policy that allows the principal ARN(s) `aws` to perform `action`. */
export function trustFor(aws: string | string[], action: string | string[] = 'sts:AssumeRole') {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: action }] };
}

/** The temporary credentials in an AssumeRole or GetSessionToken answer. */
export function credsOf(out: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }): Creds {
  return {
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  };
}
