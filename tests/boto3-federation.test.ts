/**
 * boto3, the tool CI scripts and SAML sign-in helpers use, against the sandbox's federation:
 * assume_role_with_web_identity with a GitHub-Actions-style token from the sandbox issuer and
 * assume_role_with_saml with an assertion from the sandbox IdP, neither with AWS credentials,
 * then get_caller_identity with each session (tests/compat/federation.py). Like cli-compat,
 * a machine without boto3 skips, which `npm test` counts as a failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as iamSdk from '@aws-sdk/client-iam';
import { SANDBOX_ISSUER } from '../server/sandbox/idp/oidc-issuer.ts';
import { iamSandbox, ACCT } from './support/iam.ts';
import { mintAssertion, mintToken } from './support/identity.ts';

const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;
const { sandbox, iam } = await iamSandbox();
const OIDC = `arn:aws:iam::${ACCT}:oidc-provider/sts-workshop.invalid/oidc`;
const SAML = `arn:aws:iam::${ACCT}:saml-provider/corp-idp`;
const SUB = 'repo:acme/app:ref:refs/heads/main';

const trust = (principal: string, action: string, condition: object) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: principal }, Action: action, Condition: condition }] });

test('boto3 exchanges a web identity token and a SAML assertion for role credentials', { skip: !hasBoto3 && 'no boto3 on this machine (apt-get install python3-boto3)' }, async () => {
  await iam.send(new iamSdk.CreateOpenIDConnectProviderCommand({ Url: SANDBOX_ISSUER, ClientIDList: ['sts.amazonaws.com'] }));
  await iam.send(new iamSdk.CreateSAMLProviderCommand({ Name: 'corp-idp', SAMLMetadataDocument: await (await fetch(`${sandbox.url}/saml/metadata`)).text() }));
  await iam.send(new iamSdk.CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: trust(OIDC, 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'sts-workshop.invalid/oidc:sub': SUB, 'sts-workshop.invalid/oidc:aud': 'sts.amazonaws.com' } }) }));
  await iam.send(new iamSdk.CreateRoleCommand({ RoleName: 'sso-admin', AssumeRolePolicyDocument: trust(SAML, 'sts:AssumeRoleWithSAML', { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }) }));
  const token = await mintToken(sandbox, { sub: SUB, aud: 'sts.amazonaws.com' });
  const assertion = await mintAssertion(sandbox, { Subject: 'alice@example.com', Roles: [`arn:aws:iam::${ACCT}:role/sso-admin,${SAML}`], RoleSessionName: 'alice' });
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  // Asynchronous: the sandbox answers from this very process.
  const result = await promisify(execFile)('python3', ['tests/compat/federation.py'], {
    timeout: 60_000,
    env: { ...clean, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', SANDBOX_URL: sandbox.url, TOKEN: token, ASSERTION: assertion, ACCOUNT: ACCT },
  });
  const out = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
  assert.deepEqual(out.web, { arn: `arn:aws:sts::${ACCT}:assumed-role/deploy/gha-run`, subject: SUB, provider: OIDC, audience: 'sts.amazonaws.com' });
  assert.deepEqual(out.saml, { arn: `arn:aws:sts::${ACCT}:assumed-role/sso-admin/alice`, subject: 'alice@example.com', subjectType: 'persistent', issuer: 'https://sts-workshop.invalid/saml' });
  assert.equal(out.refused, 'InvalidIdentityToken');
});
