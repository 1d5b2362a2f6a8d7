/**
 * STS DecodeAuthorizationMessage with the real SDK v3 clients: the encoded authorization failure
 * message EC2's UnauthorizedOperation carries decodes, for a caller of the same account holding
 * `sts:DecodeAuthorizationMessage`, to AWS's JSON shape (allowed, explicitDeny, the matched Deny
 * statements, failures, the context with principal, action, resource and condition keys), for an
 * implicit deny, an explicit one and a role session. The message is opaque (nothing readable in
 * it) and tamper-proof: an altered message, text the sandbox never encoded and another account's
 * message are InvalidAuthorizationMessageException; AWS's validation and AccessDenied otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCT, credsOf, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';

const OTHER = '210987654321';
const { sandbox, iam } = await iamSandbox({ accountIds: [ACCT, OTHER] });
const sts = (credentials?: Creds) => new STSClient(sandbox.config(credentials));
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The encoded message of the UnauthorizedOperation `credentials` get from DescribeInstances. */
async function refusal(credentials: Creds, region = 'us-east-1'): Promise<string> {
  const error = await new EC2Client({ ...sandbox.config(credentials), region }).send(new DescribeInstancesCommand({})).then(() => assert.fail('allowed'), (e) => e);
  assert.equal(error.name, 'UnauthorizedOperation');
  return /Encoded authorization failure message: ([\w-]+)$/.exec(error.message)![1];
}

const decode = async (message: string, credentials?: Creds) =>
  JSON.parse((await sts(credentials).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: message }))).DecodedMessage!);

const keyValues = (decoded: { context: { conditions: { items: { key: string; values: { items: { value: string }[] } }[] } } }) =>
  Object.fromEntries(decoded.context.conditions.items.map((c) => [c.key, c.values.items.map((v) => v.value)]));

test('an implicit deny decodes to AWS shape: not allowed, no explicit deny, no statements, the request context', async () => {
  const carol = await userWithKey(iam, 'carol');
  const decoded = await decode(await refusal(carol, 'eu-west-1'));
  const { context, ...verdict } = decoded;
  assert.deepEqual(verdict, { allowed: false, explicitDeny: false, matchedStatements: { items: [] }, failures: { items: [] } });
  assert.equal(context.principal.arn, `arn:aws:iam::${ACCT}:user/carol`);
  assert.equal(context.principal.name, 'carol');
  assert.match(context.principal.id, /^AIDA[A-Z2-7]{17}$/);
  assert.equal(context.action, 'ec2:DescribeInstances');
  assert.equal(context.resource, '*');
  const keys = keyValues(decoded);
  assert.deepEqual(keys['ec2:Region'], ['eu-west-1']);
  assert.deepEqual(keys['aws:RequestedRegion'], ['eu-west-1']);
  assert.deepEqual(keys['aws:username'], ['carol']);
});

test('an explicit deny names its statement; a role session decodes with its session principal', async () => {
  const dave = await userWithKey(iam, 'dave');
  await iam.send(new PutUserPolicyCommand({
    UserName: 'dave', PolicyName: 'no-describe',
    PolicyDocument: policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, { Sid: 'NoDescribe', Effect: 'Deny', Action: 'ec2:DescribeInstances', Resource: '*' }),
  }));
  const error = await new EC2Client({ ...sandbox.config(dave), region: 'us-east-1' }).send(new DescribeInstancesCommand({})).catch((e) => e);
  assert.match(error.message, /is not authorized to perform: ec2:DescribeInstances with an explicit deny in an identity-based policy\. Encoded authorization failure message: /);
  const decoded = await decode(/message: ([\w-]+)$/.exec(error.message)![1]);
  assert.equal(decoded.explicitDeny, true);
  assert.deepEqual(decoded.matchedStatements.items, [{
    statementId: 'NoDescribe', effect: 'DENY', principals: { items: [{ value: decoded.context.principal.id }] }, principalGroups: { items: [] },
    actions: { items: [{ value: 'ec2:DescribeInstances' }] }, resources: { items: [{ value: '*' }] }, conditions: { items: [] },
  }]);

  await iam.send(new CreateRoleCommand({ RoleName: 'auditor', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'auditor', PolicyName: 'decode', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' }) }));
  const session = credsOf(await sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/auditor`, RoleSessionName: 'ana' })));
  const own = await decode(await refusal(session), session);
  assert.equal(own.context.principal.arn, `arn:aws:sts::${ACCT}:assumed-role/auditor/ana`);
  assert.match(own.context.principal.id, /^AROA[A-Z2-7]{17}:ana$/);
  assert.equal(own.context.principal.name, undefined);
});

test('the message is opaque, different each time, and refused when altered, made up or from another account', async () => {
  const erin = await userWithKey(iam, 'erin');
  const [first, second] = [await refusal(erin), await refusal(erin)];
  assert.notEqual(first, second);
  assert.deepEqual((await decode(first)).context, (await decode(second)).context);
  assert.ok(!Buffer.from(first, 'base64url').toString('latin1').includes('erin'), 'nothing readable inside');
  const invalid = (message: string, credentials?: Creds) =>
    fails(sts(credentials).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: message })), 'InvalidAuthorizationMessageException', 400, 'Message is not valid');
  const flipped = first.slice(0, 40) + (first[40] === 'A' ? 'B' : 'A') + first.slice(41);
  await invalid(flipped);
  await invalid(`${first}\n`);
  await invalid('not an encoded message');
  await invalid(first, sandbox.admins[1]); // the other account's administrator
});

test('AWS validation, and the caller needs sts:DecodeAuthorizationMessage', async () => {
  const frank = await userWithKey(iam, 'frank');
  const message = await refusal(frank);
  await fails(sts(frank).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: message })), 'AccessDenied', 403,
    `User: arn:aws:iam::${ACCT}:user/frank is not authorized to perform: sts:DecodeAuthorizationMessage on resource: * because no identity-based policy allows the sts:DecodeAuthorizationMessage action`);
  await fails(sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'x'.repeat(10241) })), 'ValidationError', 400,
    /Value '.*' at 'encodedMessage' failed to satisfy constraint: Member must have length less than or equal to 10240$/);
});
