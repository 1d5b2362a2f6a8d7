import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineLesson } from '../../src/lessons/lesson.ts';
import { credentialView, type Held } from './credential-view.ts';

const run = async () => null;
const lesson = defineLesson({
  slug: 'demo',
  title: 'Demo',
  summary: 'A lesson for the view',
  steps: [
    { id: 'make-key', title: 'Make a key', phase: 'setup', run },
    { id: 'assume', title: 'Assume the role', phase: 'usage', requires: ['make-key'], run },
    { id: 'use', title: 'Use the session', phase: 'usage', requires: ['assume'], run },
    { id: 'wait', title: 'Wait', phase: 'usage', requires: ['use'], run },
  ],
});
const NOW = Date.parse('2026-03-01T12:00:00Z');
const notebook = { arn: 'arn:aws:iam::123456789012:user/workshop-admin', credentials: { accessKeyId: 'AKIAADMIN', secretAccessKey: 'admin-secret' } };

function view(state: Record<string, unknown>, held: Map<object, Held>, now = NOW) {
  return credentialView({ lesson, state, held: (v) => held.get(v), notebook, now });
}

test('lists the notebook, then what the state holds, without a secret', () => {
  const userKey = { accessKeyId: 'AKIAUSER', secretAccessKey: 'user-secret' };
  const session = { accessKeyId: 'ASIASESSION', secretAccessKey: 'session-secret', sessionToken: 'session-token', expiration: new Date(NOW + 90_500) };
  const held = new Map<object, Held>([
    [userKey, { label: "The user's key", principal: 'arn:aws:iam::123456789012:user/sts-workshop/u', step: 'make-key' }],
    [session, { label: 'Role session', principal: 'arn:aws:sts::123456789012:assumed-role/r/s', step: 'assume' }],
  ]);
  const answer = view({ userKey, session, roleArn: 'arn:aws:iam::123456789012:role/r', unheld: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' } }, held);
  assert.equal(answer.now, '2026-03-01T12:00:00.000Z');
  assert.deepEqual(
    answer.credentials.map((c) => [c.name, c.kind, c.accessKeyId]),
    [
      ['notebook', 'notebook', 'AKIAADMIN'],
      ['userKey', 'access-key', 'AKIAUSER'],
      ['session', 'role-session', 'ASIASESSION'],
    ],
  );
  const role = answer.credentials[2];
  assert.equal(role.secondsLeft, 90);
  assert.equal(role.expired, false);
  assert.equal(role.expiration, new Date(NOW + 90_500).toISOString());
  assert.deepEqual(role.heldBy, { id: 'assume', title: 'Assume the role' });
  assert.deepEqual(role.neededBy, [{ id: 'use', title: 'Use the session' }], 'direct dependants only');
  assert.equal(answer.credentials[1].expiration, undefined, 'a long-term key has no expiry');
  const text = JSON.stringify(answer);
  for (const secret of ['admin-secret', 'user-secret', 'session-secret', 'session-token']) assert.ok(!text.includes(secret), secret);
});

test('expired on the target clock; gone once the state lets go', () => {
  const session = { accessKeyId: 'ASIAS', secretAccessKey: 's', sessionToken: 't', expiration: new Date(NOW + 10_000) };
  const held = new Map<object, Held>([[session, { label: 'Role session', principal: 'arn:aws:sts::1:assumed-role/r/s', step: 'assume' }]]);
  const state: Record<string, unknown> = { session };
  const later = view(state, held, NOW + 130_000).credentials[1];
  assert.equal(later.expired, true);
  assert.equal(later.secondsLeft, -120);
  // A step moved the expiry (the sandbox aged the session): the view follows the same object.
  session.expiration = new Date(NOW - 1000);
  assert.equal(view(state, held).credentials[1].expired, true);
  state.session = undefined;
  assert.deepEqual(view(state, held).credentials.map((c) => c.name), ['notebook']);
  // A copy is not the held object.
  assert.deepEqual(view({ session: { ...session } }, held).credentials.map((c) => c.name), ['notebook']);
});

test('a notebook on a provider chain shows its principal only', () => {
  const answer = credentialView({ lesson, state: {}, held: () => undefined, notebook: { arn: 'arn:aws:sts::1:assumed-role/admin/me', credentials: async () => ({ accessKeyId: 'A', secretAccessKey: 'B' }) }, now: NOW });
  assert.deepEqual(answer.credentials, [{ name: 'notebook', label: 'The notebook', kind: 'notebook', principal: 'arn:aws:sts::1:assumed-role/admin/me', expired: false, neededBy: [] }]);
});
