/**
 * Lesson "Web identity: CI credentials without stored keys" through the runner, against the
 * embedded sandbox: the OIDC provider for the sandbox's issuer (tagged, no path) and a role
 * trusting it for one repository's main branch (aud and sub); two tokens minted by the sandbox
 * issuer, shown as claims only; AssumeRoleWithWebIdentity sent unsigned, allowed for main (the
 * session's GetCallerIdentity) and refused for the feature branch with AWS's exact AccessDenied;
 * no token or secret in the stream; teardown leaving nothing. Then: a provider the account
 * already had is used and left alone; steps out of order are refused; on a real account the
 * token step stops and says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateOpenIDConnectProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import lesson, { type WebIdentityState } from '../../src/lessons/web-identity/steps.ts';
import type { StepContext } from '../../src/lessons/lesson.ts';
import { run, runToEnd, testNotebook } from '../support/notebook.ts';
import { withSandbox } from '../support/sandbox.ts';

const LESSON = 'web-identity';
const ACCOUNT = '123456789012';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/sts-workshop.invalid/oidc`;
const MAIN = 'repo:octo-org/octo-repo:ref:refs/heads/main';

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const account = (nb: Nb) => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const ourRoles = (nb: Nb) => [...account(nb).roles.values()].filter((r) => r.path.startsWith('/sts-workshop/'));
const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as WebIdentityState;

async function ok(nb: Nb, step: string) {
  const outcome = await runToEnd(nb, LESSON, step);
  assert.equal(outcome.end.status, 'succeeded', `${step}: ${JSON.stringify(outcome.error ?? outcome.events.at(-1))}`);
  return outcome;
}

test('the whole lesson: provider, role for main, two tokens, main allowed, the branch refused, nothing left', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    const provider = await ok(nb, 'create-provider');
    assert.equal(provider.result.OpenIDConnectProviderArn, PROVIDER);
    assert.equal(provider.result.Url, 'https://sts-workshop.invalid/oidc');
    const stored = account(nb).oidcProviders.get(PROVIDER)!;
    assert.deepEqual(stored.clientIds, ['sts.amazonaws.com']);
    assert.ok(stored.tags.some((t) => t.Key === 'sts-workshop:run'), JSON.stringify(stored.tags));
    await ok(nb, 'create-provider'); // twice: nothing created twice
    assert.equal(account(nb).oidcProviders.size, 1);

    const role = await ok(nb, 'create-role');
    const trust = role.result.trustPolicy.Statement[0];
    assert.deepEqual(trust.Principal, { Federated: PROVIDER });
    assert.deepEqual(trust.Condition.StringEquals, { 'sts-workshop.invalid/oidc:aud': 'sts.amazonaws.com', 'sts-workshop.invalid/oidc:sub': MAIN });
    assert.equal(ourRoles(nb).length, 1);

    const tokens = await ok(nb, 'get-tokens');
    assert.deepEqual(Object.keys(tokens.result), ['main', 'feature']);
    assert.equal(tokens.result.main.iss, 'https://sts-workshop.invalid/oidc');
    assert.equal(tokens.result.main.sub, MAIN);
    assert.equal(tokens.result.feature.sub, 'repo:octo-org/octo-repo:ref:refs/heads/feature');
    assert.equal(tokens.result.main.aud, 'sts.amazonaws.com');
    assert.equal(Date.parse(tokens.result.main.exp) - Date.parse(tokens.result.main.iat), 900_000);

    const assumed = await ok(nb, 'assume-role');
    assert.equal(assumed.result.SubjectFromWebIdentityToken, MAIN);
    assert.equal(assumed.result.Audience, 'sts.amazonaws.com');
    assert.equal(assumed.result.Provider, PROVIDER);
    assert.match(assumed.result.AccessKeyId, /^ASIA/);
    assert.equal(assumed.result.CallerArn, `arn:aws:sts::${ACCOUNT}:assumed-role/${role.result.RoleName}/github-actions-main`);
    const exchange = assumed.events.find((e: any) => e.type === 'call' && e.operation === 'AssumeRoleWithWebIdentity') as any;
    assert.equal(exchange.httpStatus, 200);
    assert.equal(exchange.signer, undefined, 'sent unsigned: no AWS credentials');

    const refused = await runToEnd(nb, LESSON, 'other-branch-refused');
    assert.equal(refused.end.status, 'expected-failure', JSON.stringify(refused.events.at(-1)));
    assert.equal(refused.error.name, 'AccessDenied');
    assert.equal(refused.error.message, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');

    const state = stateOf(nb);
    const everything = JSON.stringify([tokens.events, assumed.events, refused.events]);
    for (const secret of [state.mainToken!, state.featureToken!, state.session!.secretAccessKey, state.session!.sessionToken!]) {
      assert.ok(!everything.includes(secret), 'a token or secret in the stream');
      // The JWT's signature part alone is a secret's worth too.
      assert.ok(!everything.includes(secret.split('.').at(-1)!), 'part of a token in the stream');
    }

    const delRole = await ok(nb, 'delete-role');
    assert.deepEqual(delRole.result.deleted, [role.result.Arn]);
    const delProvider = await ok(nb, 'delete-provider');
    assert.deepEqual(delProvider.result.deleted, [PROVIDER]);
    assert.equal(account(nb).oidcProviders.size, 0);
    assert.deepEqual(ourRoles(nb), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
    assert.deepEqual(nb.workshop.stateOf(LESSON), {});
  } finally {
    await nb.close();
  }
});

test('a provider the account already had is used and left alone; steps out of order are refused', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    for (const [step, needs] of [
      ['assume-role', /Create a role that trusts main of one repository/],
      ['other-branch-refused', /Exchange the main token for role credentials/],
    ] as const) {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 409, step);
      assert.match((await res.json()).error.message, needs);
    }
    const t = nb.target;
    const iam = new IAMClient({ region: t.region, endpoint: t.endpoint, credentials: t.credentials as never });
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://sts-workshop.invalid/oidc', ClientIDList: ['sts.amazonaws.com'] }));

    const provider = await ok(nb, 'create-provider');
    assert.equal(provider.result.note, 'It was there already: used, left alone.');
    assert.ok(!provider.events.some((e: any) => e.type === 'call' && e.operation === 'CreateOpenIDConnectProvider'));
    await ok(nb, 'create-role');
    await ok(nb, 'get-tokens');
    await ok(nb, 'assume-role');
    // Teardown steps have no order; the provider's first, while the run still has its role.
    const kept = await ok(nb, 'delete-provider');
    assert.deepEqual(kept.result.deleted, []);
    assert.ok(kept.events.some((e: any) => e.type === 'log' && e.text === `Left alone: ${PROVIDER} was there before this lesson.`), JSON.stringify(kept.events));
    assert.ok(!kept.events.some((e: any) => e.type === 'call' && e.operation === 'DeleteOpenIDConnectProvider'));
    await ok(nb, 'delete-role');
    assert.ok(account(nb).oidcProviders.has(PROVIDER), 'the account’s own provider is still there');
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  } finally {
    await nb.close();
  }
});

test('on a real account the issuer is GitHub Actions’, and the token step stops and says why', async () => {
  // A real-account notebook (--target aws), with a sandbox standing in for AWS as the SDK's
  // default chain would find it (tests/real-account.test.ts does the same).
  const sandbox = await withSandbox();
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ENDPOINT_URL: sandbox.url, AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: sandbox.admins[0].accessKeyId, AWS_SECRET_ACCESS_KEY: sandbox.admins[0].secretAccessKey });
  delete process.env.AWS_PROFILE;
  const nb = await testNotebook({ lessons: [lesson], env: { WORKSHOP_TARGET: 'aws', WORKSHOP_CONFIRM_ACCOUNT: ACCOUNT } });
  try {
    assert.equal(nb.target.kind, 'aws');
    const github = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const provider = await ok(nb, 'create-provider');
    assert.equal(provider.result.OpenIDConnectProviderArn, github);
    assert.equal(provider.result.Url, 'https://token.actions.githubusercontent.com');
    const role = await ok(nb, 'create-role');
    assert.deepEqual(role.result.trustPolicy.Statement[0].Condition.StringEquals, {
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': MAIN,
    });
    const tokens = await runToEnd(nb, LESSON, 'get-tokens');
    assert.equal(tokens.end.status, 'failed');
    assert.match(tokens.error.message, /^On a real AWS account this notebook has no OpenID Connect issuer to get a token from: GitHub Actions gives one to a workflow job/);
    await ok(nb, 'delete-role');
    const deleted = await ok(nb, 'delete-provider');
    assert.deepEqual(deleted.result.deleted, [github]);
    assert.equal(sandbox.state.store.accounts.get(ACCOUNT)!.oidcProviders.size, 0);
  } finally {
    await nb.close();
    await sandbox.close();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
});

test('the token step alone, on a real account, stops before any call', async () => {
  const ctx = { aws: { target: 'aws', config: () => ({ region: 'us-east-1', credentials: { accessKeyId: 'AKIA', secretAccessKey: 'x' } }) }, state: {} } as unknown as StepContext<WebIdentityState>;
  await assert.rejects(lesson.step('get-tokens').run(ctx), /On a real AWS account this notebook has no OpenID Connect issuer/);
});
