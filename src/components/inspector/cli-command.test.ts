import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliCommand, cliName, shellQuote, signerComment } from './cli-command.ts';

const SANDBOX = 'http://127.0.0.1:4566';
const command = (call: Parameters<typeof cliCommand>[0]) => cliCommand(call).split('\n').at(-1);

test('operation and parameter names are kebab-cased the way botocore\'s xform_name does', () => {
  const cases: Record<string, string> = {
    GetCallerIdentity: 'get-caller-identity',
    CreateVirtualMFADevice: 'create-virtual-mfa-device',
    ListMFADevices: 'list-mfa-devices',
    AssumeRoleWithSAML: 'assume-role-with-saml',
    AssumeRoleWithWebIdentity: 'assume-role-with-web-identity',
    GetSessionToken: 'get-session-token',
    ListBuckets: 'list-buckets',
    RoleArn: 'role-arn',
    DurationSeconds: 'duration-seconds',
    TokenCode: 'token-code',
    SerialNumber: 'serial-number',
    SAMLAssertion: 'saml-assertion',
    PolicyArns: 'policy-arns',
    AuthenticationCode1: 'authentication-code1',
    ContentMD5: 'content-md5',
    SSECustomerKeyMD5: 'sse-customer-key-md5',
    VirtualMFADeviceName: 'virtual-mfa-device-name',
    ListSAMLProviders: 'list-saml-providers',
    ListOpenIDConnectProviders: 'list-open-id-connect-providers',
    GetAccountAuthorizationDetails: 'get-account-authorization-details',
    ClientIDList: 'client-id-list',
    PutBucketACL: 'put-bucket-acl',
    ListARNs: 'list-arns',
    already_done: 'already_done',
    'already-kebab': 'already-kebab',
  };
  for (const [name, cli] of Object.entries(cases)) assert.equal(cliName(name), cli, name);
});

test('shellQuote leaves plain words bare and single-quotes the rest, escaping embedded quotes', () => {
  assert.equal(shellQuote('arn:aws:iam::123456789012:role/sts-workshop/r'), 'arn:aws:iam::123456789012:role/sts-workshop/r');
  assert.equal(shellQuote('900'), '900');
  assert.equal(shellQuote(''), "''");
  assert.equal(shellQuote('two words'), "'two words'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote('$(rm -rf /) `x` "y" \\z'), "'$(rm -rf /) `x` \"y\" \\z'");
  assert.equal(shellQuote('line\nbreak'), "'line\nbreak'");
  assert.equal(shellQuote('*'), "'*'");
  assert.equal(shellQuote('~/file'), "'~/file'");
});

test('GetCallerIdentity against the sandbox, as the notebook', () => {
  assert.equal(
    cliCommand({
      service: 'STSClient',
      operation: 'GetCallerIdentityCommand',
      input: {},
      signer: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', kind: 'notebook', principal: 'arn:aws:iam::123456789012:user/workshop-admin' },
      region: 'us-east-1',
      endpoint: SANDBOX,
    }),
    "# as the notebook's own identity (arn:aws:iam::123456789012:user/workshop-admin)\naws sts get-caller-identity --endpoint-url http://127.0.0.1:4566",
  );
});

test('AssumeRole with MFA: every parameter named the CLI way, numbers bare, no credentials', () => {
  const text = cliCommand({
    service: 'STS',
    operation: 'AssumeRole',
    input: { RoleArn: 'arn:aws:iam::123456789012:role/sts-workshop/r', RoleSessionName: 'learner', DurationSeconds: 900, SerialNumber: 'arn:aws:iam::123456789012:mfa/sts-workshop/d', TokenCode: '123456' },
    signer: { accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', kind: 'access-key', principal: 'IAM user stsw-abc-user' },
    endpoint: SANDBOX,
  });
  assert.equal(
    text.split('\n').at(-1),
    'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/sts-workshop/r --role-session-name learner --duration-seconds 900 --serial-number arn:aws:iam::123456789012:mfa/sts-workshop/d --token-code 123456 --endpoint-url http://127.0.0.1:4566',
  );
  assert.match(text, /^# as the access key AKIAZZZZZZZZZZZZZZZZ \(IAM user stsw-abc-user\): export it and its secret/);
  assert.doesNotMatch(text, /--access-key|--secret|--session-token|--profile/);
});

test('policy documents become one compact, quoted JSON argument', () => {
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': "it's" } } }] }, null, 2);
  const line = command({ service: 'IAM', operation: 'CreateRole', input: { RoleName: 'r', Path: '/sts-workshop/', AssumeRolePolicyDocument: doc } });
  assert.equal(
    line,
    `aws iam create-role --role-name r --path /sts-workshop/ --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"it'\\''s"}}}]}'`,
  );
  assert.match(command({ service: 'IAM', operation: 'PutUserPolicy', input: { UserName: 'u', PolicyName: 'p', PolicyDocument: '{ "Version": "2012-10-17" }' } })!, /--policy-document '\{"Version":"2012-10-17"\}'$/);
  assert.match(command({ service: 'STS', operation: 'AssumeRole', input: { Policy: 'not json {' } })!, /--policy 'not json \{'$/, 'a string that is not JSON stays as it is');
});

test('lists and structures go as JSON, booleans as --x / --no-x flags, nulls are left out', () => {
  const line = command({
    service: 'IAM',
    operation: 'CreateUser',
    input: { UserName: 'u', Tags: [{ Key: 'sts-workshop:run', Value: 'abc' }], PermissionsBoundary: undefined, Extra: null },
  });
  assert.equal(line, `aws iam create-user --user-name u --tags '[{"Key":"sts-workshop:run","Value":"abc"}]'`);
  assert.equal(command({ service: 'IAM', operation: 'ListPolicies', input: { Scope: 'Local', OnlyAttached: true } }), 'aws iam list-policies --scope Local --only-attached');
  assert.equal(command({ service: 'IAM', operation: 'ListPolicies', input: { OnlyAttached: false } }), 'aws iam list-policies --no-only-attached');
  assert.equal(
    command({ service: 'STS', operation: 'AssumeRole', input: { PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] } }),
    `aws sts assume-role --policy-arns '[{"arn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}]'`,
  );
});

test('S3 calls use s3api; the CLI\'s renames and required extras are applied', () => {
  assert.equal(command({ service: 'S3Client', operation: 'ListBucketsCommand', input: {}, endpoint: SANDBOX }), 'aws s3api list-buckets --endpoint-url http://127.0.0.1:4566');
  assert.equal(
    command({ service: 'S3', operation: 'CreateBucket', input: { Bucket: 'b', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } } }),
    `aws s3api create-bucket --bucket b --create-bucket-configuration '{"LocationConstraint":"eu-west-1"}'`,
  );
  assert.equal(
    command({ service: 'IAM', operation: 'EnableMFADevice', input: { UserName: 'u', SerialNumber: 'arn:aws:iam::123456789012:mfa/d', AuthenticationCode1: '123456', AuthenticationCode2: '654321' } }),
    'aws iam enable-mfa-device --user-name u --serial-number arn:aws:iam::123456789012:mfa/d --authentication-code-1 123456 --authentication-code-2 654321',
  );
  assert.equal(
    command({ service: 'IAM', operation: 'CreateVirtualMFADevice', input: { VirtualMFADeviceName: 'd', Path: '/sts-workshop/' } }),
    'aws iam create-virtual-mfa-device --virtual-mfa-device-name d --path /sts-workshop/ --outfile mfa-seed.txt --bootstrap-method Base32StringSeed',
  );
});

test('region: always on real AWS, on the sandbox only when it is not the export line\'s us-east-1', () => {
  assert.equal(command({ service: 'STS', operation: 'GetCallerIdentity', input: {}, region: 'eu-west-1' }), 'aws sts get-caller-identity --region eu-west-1');
  assert.equal(command({ service: 'STS', operation: 'GetCallerIdentity', input: {}, region: 'us-east-1', endpoint: SANDBOX }), 'aws sts get-caller-identity --endpoint-url http://127.0.0.1:4566');
  assert.equal(
    command({ service: 'STS', operation: 'GetCallerIdentity', input: {}, region: 'eu-west-1', endpoint: SANDBOX }),
    'aws sts get-caller-identity --region eu-west-1 --endpoint-url http://127.0.0.1:4566',
  );
});

test('a value that starts with "-" is joined to its flag, so the CLI does not read it as an option', () => {
  assert.equal(command({ service: 'IAM', operation: 'GetUser', input: { UserName: '-odd' } }), 'aws iam get-user --user-name=-odd');
  assert.equal(command({ service: 'IAM', operation: 'GetUser', input: { UserName: '-odd name' } }), "aws iam get-user --user-name='-odd name'");
});

test('redaction markers stay markers, with a comment, and never turn into something that looks real', () => {
  const text = cliCommand({
    service: 'IAM',
    operation: 'CreateLoginProfile',
    input: { UserName: 'u', Password: '***SensitiveInformation***' },
  });
  assert.equal(text.split('\n').at(-1), "aws iam create-login-profile --user-name u --password '***SensitiveInformation***'");
  assert.match(text, /^# \[REDACTED…\] stands for a secret/m);
  const redacted = cliCommand({ service: 'STS', operation: 'AssumeRole', input: { Policy: '{"Statement":[{"Sid":"[REDACTED:SessionToken]"}]}' } });
  assert.match(redacted, /--policy '\{"Statement":\[\{"Sid":"\[REDACTED:SessionToken\]"\}\]\}'$/);
  assert.match(redacted, /stands for a secret/);
  assert.doesNotMatch(cliCommand({ service: 'STS', operation: 'GetCallerIdentity', input: {} }), /REDACTED/);
});

test('names that are not plain API names get a comment, not a command', () => {
  assert.match(cliCommand({ service: 'STS[REDACTED:x]', operation: 'GetCallerIdentity', input: {} }), /^# This call has no AWS CLI equivalent/);
  assert.match(cliCommand({ service: 'STS', operation: 'Get; rm -rf /', input: {} }), /^# This call has no AWS CLI equivalent/);
  assert.equal(command({ service: 'STS', operation: 'GetCallerIdentity', input: { 'bad key': 1, __proto__x: 2 } }), 'aws sts get-caller-identity');
  assert.equal(command({ service: 'STS', operation: 'GetCallerIdentity', input: 'not an object' }), 'aws sts get-caller-identity');
});

test('the signer comment names the kind of credentials and never more than the key id', () => {
  assert.equal(signerComment(undefined), '');
  assert.equal(signerComment({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', kind: 'notebook' }), "# as the notebook's own identity");
  const temporary = signerComment({ accessKeyId: 'ASIAQWERTYUIOPASDFGH', kind: 'temporary', principal: 'arn:aws:sts::123456789012:assumed-role/r/s' });
  assert.equal(temporary, '# as the temporary credentials ASIAQWERTYUIOPASDFGH (arn:aws:sts::123456789012:assumed-role/r/s): export them as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN first');
  assert.equal(cliCommand({ service: 'STS', operation: 'GetCallerIdentity', input: {} }), 'aws sts get-caller-identity', 'no comment when the signer is unknown');
});
