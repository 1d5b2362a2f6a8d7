import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, describeSession } from './session.ts';

test('sandbox session reads calmly', () => {
  assert.deepEqual(describeSession({ target: 'sandbox', accountId: '123456789012', region: 'us-east-1', arn: 'arn:aws:iam::123456789012:user/workshop' }), {
    state: 'sandbox',
    text: 'Offline sandbox · account 123456789012 · us-east-1',
    detail: 'arn:aws:iam::123456789012:user/workshop',
  });
});

test('real AWS session is a warning', () => {
  const view = describeSession({ target: 'aws', accountId: '111122223333', region: 'eu-west-1', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/me' });
  assert.equal(view.state, 'aws');
  assert.equal(view.text, 'REAL AWS · account 111122223333 · eu-west-1');
});

test('an unknown target is treated as real AWS, never as the sandbox', () => {
  const mystery = { target: 'mystery', accountId: '', region: '', arn: '' } as unknown as Parameters<typeof describeSession>[0];
  assert.equal(describeSession(mystery).state, 'aws');
  assert.equal(describeSession(mystery).text, 'REAL AWS');
});

test('failures explain what to do', () => {
  assert.equal(describeFailure(401).state, 'unauthorized');
  assert.match(describeFailure(401).text, /URL the terminal printed/);
  assert.equal(describeFailure(0).state, 'unreachable');
  assert.equal(describeFailure(500).state, 'error');
});

test('in a workshop room the learner’s name leads, then their own account', () => {
  const view = describeSession({ target: 'sandbox', accountId: '210987654321', region: 'us-east-1', arn: 'arn:aws:iam::210987654321:user/workshop-admin', room: { role: 'learner', name: 'Ada' } });
  assert.equal(view.text, 'Ada · Offline sandbox · account 210987654321 · us-east-1');
  const facilitator = describeSession({ target: 'sandbox', accountId: '123456789012', region: 'us-east-1', arn: '', room: { role: 'facilitator' } });
  assert.equal(facilitator.text, 'Facilitator · Offline sandbox · account 123456789012 · us-east-1');
});
