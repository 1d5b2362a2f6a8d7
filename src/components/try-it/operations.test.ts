import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, isOffered, OPERATIONS, sdkClasses, TRACKED } from './operations.ts';

test('the operations come from the SDK packages, less the streamed answers', () => {
  assert.ok(OPERATIONS.sts.includes('GetCallerIdentity') && OPERATIONS.sts.includes('AssumeRole'));
  assert.ok(OPERATIONS.iam.length > 100 && OPERATIONS.iam.includes('CreateUser'));
  assert.ok(OPERATIONS.s3.includes('ListBuckets') && OPERATIONS.s3.includes('PutObject'));
  assert.equal(isOffered('s3', 'GetObject'), false, 'a stream answer is not offered');
  assert.equal(isOffered('sts', 'Eval'), false);
  assert.equal(isOffered('iam', '$'), false);
  for (const [service, ops] of Object.entries(OPERATIONS)) {
    assert.deepEqual([...ops].sort(), ops, `${service} sorted`);
    for (const op of ops) assert.match(op, /^[A-Z][A-Za-z0-9]+$/);
  }
  for (const name of TRACKED) {
    const [service, op] = name.split(':') as ['iam', string];
    assert.ok(isOffered(service, op), name);
  }
});

test('each operation is classified by what it does to the account', () => {
  assert.equal(classify('sts', 'GetCallerIdentity'), 'reads');
  assert.equal(classify('sts', 'AssumeRole'), 'reads');
  assert.equal(classify('iam', 'SimulatePrincipalPolicy'), 'reads');
  assert.equal(classify('s3', 'HeadBucket'), 'reads');
  assert.equal(classify('iam', 'CreateUser'), 'tracked');
  assert.equal(classify('iam', 'AttachRolePolicy'), 'tracked');
  assert.equal(classify('iam', 'CreateGroup'), 'untracked');
  assert.equal(classify('iam', 'AddUserToGroup'), 'untracked');
  assert.equal(classify('s3', 'CreateBucket'), 'untracked');
  assert.equal(classify('s3', 'PutObject'), 'untracked');
  assert.equal(classify('iam', 'DeleteUser'), 'changes');
  assert.equal(classify('iam', 'TagRole'), 'changes');
});

test('the SDK classes of an offered operation, and nothing else', () => {
  const { Client, Command } = sdkClasses('sts', 'GetCallerIdentity');
  assert.equal(Client.name, 'STSClient');
  assert.equal(Command.name, 'GetCallerIdentityCommand');
  assert.throws(() => sdkClasses('s3', 'GetObject'));
  assert.throws(() => sdkClasses('iam', 'constructor'));
});
