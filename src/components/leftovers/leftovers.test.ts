import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leftoversText } from './leftovers.ts';

test('nothing to say when nothing is left', () => {
  assert.equal(leftoversText([]), undefined);
});

test('counts the top-level resources by kind', () => {
  assert.equal(
    leftoversText([
      { kind: 'user', name: 'a' },
      { kind: 'access-key', name: 'AKIA' },
      { kind: 'role', name: 'r1' },
      { kind: 'role', name: 'r2' },
      { kind: 'policy', name: 'p' },
    ]),
    'Earlier runs (or lessons you have not torn down) left 1 user, 2 roles and 1 policy under /sts-workshop/ in this account.',
  );
  assert.match(leftoversText([{ kind: 'access-key', name: 'AKIA' }])!, /left 1 access key under/);
});

test('identity providers are named as such, and are not said to be under the path when alone', () => {
  assert.equal(
    leftoversText([
      { kind: 'role', name: 'r' },
      { kind: 'oidc-provider', name: 'arn:aws:iam::123456789012:oidc-provider/sts-workshop.invalid/oidc' },
      { kind: 'saml-provider', name: 'arn:aws:iam::123456789012:saml-provider/stsw-x-idp' },
    ]),
    'Earlier runs (or lessons you have not torn down) left 1 role, 1 OIDC provider and 1 SAML provider under /sts-workshop/ in this account.',
  );
  assert.equal(
    leftoversText([{ kind: 'saml-provider', name: 'arn:aws:iam::123456789012:saml-provider/a' }, { kind: 'saml-provider', name: 'arn:aws:iam::123456789012:saml-provider/b' }]),
    'Earlier runs (or lessons you have not torn down) left 2 SAML providers in this account.',
  );
});

test('lesson files are said to be on this machine, not in the account', () => {
  const folder = { kind: 'file', name: '/home/me/.local/state/sts-workshop/lesson-files/sandbox-123456789012/abc' };
  assert.equal(leftoversText([folder]), 'Earlier runs (or lessons you have not torn down) left 1 folder of lesson files on this machine.');
  assert.equal(
    leftoversText([{ kind: 'role', name: 'r' }, folder, { ...folder, name: `${folder.name}x` }]),
    'Earlier runs (or lessons you have not torn down) left 1 role under /sts-workshop/ in this account, and 2 folders of lesson files on this machine.',
  );
});

