import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgeStates, edgeText, edgesOf, opMatches, signerName, type CallFact, type DiagramEdge, type DiagramNode } from './edge-match.ts';

// The "Assume a role" diagram.
const nodes: DiagramNode[] = [
  { id: 'role', kind: 'role' },
  { id: 'user', kind: 'user', credential: 'userKey' },
  { id: 's3', kind: 's3' },
  { id: 'sts', kind: 'sts' },
  { id: 'session', kind: 'session', credential: 'session' },
];
const edges: DiagramEdge[] = [
  { from: 'role', to: 'user', label: 'trusts', ops: [] },
  { from: 'user', to: 's3', label: 'ListBuckets', ops: ['s3:ListBuckets'] },
  { from: 'user', to: 'sts', label: 'AssumeRole', ops: ['sts:AssumeRole'] },
  { from: 'sts', to: 'session', label: 'issues', ops: ['sts:AssumeRole'] },
  { from: 'session', to: 's3', label: 'ListBuckets', ops: ['s3:ListBuckets', 's3:CreateBucket'] },
];
const known = [
  { name: 'notebook', accessKeyId: 'AKIAADMIN' },
  { name: 'userKey', accessKeyId: 'AKIAUSER' },
  { name: 'session', accessKeyId: 'ASIASESSION' },
];
const as = (accessKeyId: string, kind = 'access-key') => ({ accessKeyId, kind });

test('operation patterns', () => {
  assert.equal(opMatches('sts:AssumeRole', 'STS', 'AssumeRole'), true);
  assert.equal(opMatches('sts:AssumeRole', 'STS', 'AssumeRoleWithSAML'), false);
  assert.equal(opMatches('iam:List*', 'IAM', 'ListUsers'), true);
  assert.equal(opMatches('iam:List*', 'S3', 'ListBuckets'), false);
  assert.equal(opMatches('s3:*', 'S3', 'PutObject'), true);
  assert.equal(opMatches('nonsense', 'S3', 'PutObject'), false);
});

test('the signer decides which edge a call travels', () => {
  assert.equal(signerName(as('AKIAX', 'notebook'), known), 'notebook');
  assert.equal(signerName(as('ASIASESSION', 'temporary'), known), 'session');
  assert.equal(signerName(as('ASIAUNKNOWN', 'temporary'), known), undefined);
  assert.equal(signerName(undefined, known), undefined);
  const list = (call: Partial<CallFact>) => edgesOf({ service: 'S3', operation: 'ListBuckets', ok: true, ...call }, nodes, edges, known);
  assert.deepEqual(list({ signer: as('AKIAUSER'), ok: false }), [1]);
  assert.deepEqual(list({ signer: as('ASIASESSION', 'temporary') }), [4]);
  assert.deepEqual(list({ signer: as('ASIAUNKNOWN', 'temporary') }), [], 'an unknown signer lights no credential edge');
  assert.deepEqual(list({}), [], 'nor does a call without a signer');
});

test('STS issuing: only when the call succeeded', () => {
  const assume = (ok: boolean) => edgesOf({ service: 'STS', operation: 'AssumeRole', ok, signer: as('AKIAUSER') }, nodes, edges, known);
  assert.deepEqual(assume(true), [2, 3]);
  assert.deepEqual(assume(false), [2]);
});

test('two issuing edges for one operation: the one whose target holds what was issued', () => {
  const mfaNodes: DiagramNode[] = [
    { id: 'user', kind: 'user', credential: 'userKey' },
    { id: 'sts', kind: 'sts' },
    { id: 'mfaSession', kind: 'session', credential: 'mfaSession' },
    { id: 'plainSession', kind: 'session', credential: 'plainSession' },
  ];
  const mfaEdges: DiagramEdge[] = [
    { from: 'user', to: 'sts', label: 'GetSessionToken', ops: ['sts:GetSessionToken'] },
    { from: 'sts', to: 'mfaSession', label: 'with a code', ops: ['sts:GetSessionToken'] },
    { from: 'sts', to: 'plainSession', label: 'without a code', ops: ['sts:GetSessionToken'] },
  ];
  const call: CallFact = { service: 'STS', operation: 'GetSessionToken', ok: true, signer: as('AKIAUSER'), issued: 'ASIAPLAIN' };
  const before = [{ name: 'userKey', accessKeyId: 'AKIAUSER' }];
  assert.deepEqual(edgesOf(call, mfaNodes, mfaEdges, before), [0], 'not known yet: the user edge only');
  assert.deepEqual(edgesOf(call, mfaNodes, mfaEdges, [...before, { name: 'plainSession', accessKeyId: 'ASIAPLAIN' }]), [0, 2]);
});

test('a run: the last call on an edge decides, with the words it shows', () => {
  const calls: CallFact[] = [
    { service: 'STS', operation: 'AssumeRole', ok: false, error: 'AccessDenied', signer: as('AKIAUSER') },
    { service: 'STS', operation: 'AssumeRole', ok: true, signer: as('AKIAUSER') },
    { service: 'S3', operation: 'CreateBucket', ok: false, error: 'AccessDenied', signer: as('ASIASESSION', 'temporary') },
  ];
  const states = edgeStates(calls, nodes, edges, known);
  assert.deepEqual(states.get(2), { state: 'allowed', operation: 'AssumeRole', calls: 2 });
  assert.deepEqual(states.get(3), { state: 'allowed', operation: 'AssumeRole', calls: 1 });
  assert.deepEqual(states.get(4), { state: 'denied', operation: 'CreateBucket', error: 'AccessDenied', calls: 1 });
  assert.equal(states.has(1), false);
  assert.equal(edgeText(edges[2], states.get(2)!), '✓ allowed');
  assert.equal(edgeText(edges[4], states.get(4)!), '✗ CreateBucket denied');
});

test('an edge with `on`: only calls whose input names that resource travel it', () => {
  // The "Session tags" diagram: Alice's session reads alpha's role and is refused beta's.
  const tagNodes: DiagramNode[] = [
    { id: 'alice', kind: 'session', credential: 'developer' },
    { id: 'alpha', kind: 'role' },
    { id: 'beta', kind: 'role' },
  ];
  const tagEdges: DiagramEdge[] = [
    { from: 'alice', to: 'alpha', label: 'reads', ops: ['iam:GetRole'], on: 'alpha-app' },
    { from: 'alice', to: 'beta', label: 'denied', ops: ['iam:GetRole'], on: 'beta-app' },
  ];
  const tagKnown = [{ name: 'developer', accessKeyId: 'ASIADEV' }];
  const read = (RoleName: string, ok: boolean) => ({ service: 'IAM', operation: 'GetRole', ok, signer: as('ASIADEV', 'temporary'), names: [RoleName] });
  assert.deepEqual(edgesOf(read('sts-workshop-tags-alpha-app-x1', true), tagNodes, tagEdges, tagKnown), [0]);
  assert.deepEqual(edgesOf(read('sts-workshop-tags-beta-app-x1', false), tagNodes, tagEdges, tagKnown), [1]);
  assert.deepEqual(edgesOf({ ...read('x', true), names: undefined }, tagNodes, tagEdges, tagKnown), [], 'a call without input names lights neither');
  const states = edgeStates([read('sts-workshop-tags-alpha-app-x1', true), read('sts-workshop-tags-beta-app-x1', false)], tagNodes, tagEdges, tagKnown);
  assert.deepEqual([...states].map(([i, s]) => [i, s.state]), [[0, 'allowed'], [1, 'denied']]);
});
