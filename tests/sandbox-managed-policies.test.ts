/**
 * The AWS managed policies in the sandbox carry AWS's own documents and versions, and evaluate
 * as AWS's do: ReadOnlyAccess reads across services but writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetPolicyCommand, GetPolicyVersionCommand, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { iamSandbox } from './support/iam.ts';
import { evaluate } from '../server/sandbox/policy/evaluate.ts';
import { parsePolicy } from '../server/sandbox/policy/parse.ts';

const { sandbox, iam } = await iamSandbox();

test('AWS managed policies are listed under Scope=AWS with AWS ids and versions', async () => {
  const listed = await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }));
  const names = listed.Policies!.map((p) => p.PolicyName);
  for (const name of ['AdministratorAccess', 'AmazonS3ReadOnlyAccess', 'IAMReadOnlyAccess', 'ReadOnlyAccess']) assert.ok(names.includes(name), name);
  const readOnly = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  assert.equal(readOnly.Policy!.PolicyId, 'ANPAILL3HVNFSB6DCOWYQ');
  assert.match(readOnly.Policy!.DefaultVersionId!, /^v\d+$/);
  assert.ok(Number(readOnly.Policy!.DefaultVersionId!.slice(1)) > 100, 'ReadOnlyAccess has been revised many times by AWS');
});

test('ReadOnlyAccess is AWS\'s full document: reads across many services, no writes', async () => {
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', VersionId: (await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))).Policy!.DefaultVersionId }));
  const document = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!));
  const actions = document.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
  assert.ok(actions.length > 500, `${actions.length} actions`);
  const parsed = parsePolicy(decodeURIComponent(version.PolicyVersion!.Document!), 'identity');
  const decide = (action: string) =>
    evaluate({ request: { principal: { arn: 'arn:aws:iam::123456789012:user/u', accountId: '123456789012' }, action, resource: '*', keys: {} }, identityPolicies: [parsed] }).decision;
  for (const action of ['s3:ListAllMyBuckets', 'iam:ListUsers', 'ec2:DescribeInstances', 'sts:GetCallerIdentity']) assert.equal(decide(action), 'Allowed', action);
  for (const action of ['s3:PutObject', 'iam:CreateUser', 'ec2:RunInstances', 'sts:AssumeRole']) assert.equal(decide(action), 'ImplicitlyDenied', action);
});
