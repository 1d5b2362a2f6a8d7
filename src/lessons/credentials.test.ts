import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialKind } from './credentials.ts';

test('the kind follows from the principal and the session token', () => {
  assert.equal(credentialKind('arn:aws:sts::123456789012:assumed-role/r/s', true), 'role-session');
  assert.equal(credentialKind('arn:aws:sts::123456789012:federated-user/bob', true), 'federated-user');
  assert.equal(credentialKind('arn:aws:iam::123456789012:user/sts-workshop/u', true), 'session-token');
  assert.equal(credentialKind('arn:aws:iam::123456789012:user/sts-workshop/u', false), 'access-key');
});
