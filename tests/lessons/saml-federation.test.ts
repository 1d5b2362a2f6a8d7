/**
 * Lesson "Federation with SAML" through the runner, against the embedded sandbox: a SAML provider
 * from the sandbox IdP's metadata (tagged, no path), a role trusting it for SAML:aud; Alice's
 * signed assertion shown as its issuer, subject, audience, validity and attributes, never whole;
 * AssumeRoleWithSAML sent unsigned (Subject, NameQualifier, the session named after
 * RoleSessionName, its GetCallerIdentity); an edited assertion refused with
 * InvalidIdentityToken 'Response signature invalid' and one from ten minutes earlier with
 * ExpiredTokenException 'Response has expired'; no assertion or secret in the stream; teardown
 * leaving nothing. Steps out of order are refused; on a real account the first step stops and
 * says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import lesson, { type SamlState } from '../../src/lessons/saml-federation/steps.ts';
import type { StepContext } from '../../src/lessons/lesson.ts';
import { run, testNotebook } from '../support/notebook.ts';
import { stepChecks } from '../support/step-checks.ts';

const LESSON = 'saml-federation';
const { ok, refused } = stepChecks(LESSON);
const ACCOUNT = '123456789012';
const ISSUER = 'https://sts-workshop.invalid/saml';

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const account = (nb: Nb) => nb.sandbox!.state.store.accounts.get(ACCOUNT)!;
const ourRoles = (nb: Nb) => [...account(nb).roles.values()].filter((r) => r.path.startsWith('/sts-workshop/'));
const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as SamlState;

test('the whole lesson: provider from metadata, role, Alice signed in and exchanged, edited and old assertions refused, nothing left', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    const provider = await ok(nb, 'create-provider');
    const arn = provider.result.SAMLProviderArn as string;
    assert.match(arn, new RegExp(`^arn:aws:iam::${ACCOUNT}:saml-provider/stsw-[a-z2-7]+-idp$`));
    assert.equal(provider.result.IdPEntityId, ISSUER);
    const stored = account(nb).samlProviders.get(arn)!;
    assert.ok(stored.tags.some((t) => t.Key === 'sts-workshop:run'), JSON.stringify(stored.tags));
    await ok(nb, 'create-provider'); // twice: nothing created twice
    assert.equal(account(nb).samlProviders.size, 1);

    const role = await ok(nb, 'create-role');
    const trust = role.result.trustPolicy.Statement[0];
    assert.deepEqual(trust.Principal, { Federated: arn });
    assert.deepEqual(trust.Condition, { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } });

    const signIn = await ok(nb, 'sign-in');
    const shown = signIn.result.assertion;
    assert.equal(shown.Issuer, ISSUER);
    assert.equal(shown.Subject, 'alice@example.com');
    assert.equal(shown.Audience, 'https://signin.aws.amazon.com/saml');
    assert.deepEqual(shown.Attributes['https://aws.amazon.com/SAML/Attributes/Role'], [`${role.result.Arn},${arn}`]);
    assert.deepEqual(shown.Attributes['https://aws.amazon.com/SAML/Attributes/RoleSessionName'], ['alice@example.com']);
    assert.equal(Date.parse(shown.NotOnOrAfter) - Date.parse(shown.NotBefore), 300_000);
    assert.ok(Date.parse(signIn.result.earlier.NotOnOrAfter) < Date.parse(shown.NotBefore), 'the earlier one has expired');

    const assumed = await ok(nb, 'assume-role');
    assert.equal(assumed.result.Subject, 'alice@example.com');
    assert.equal(assumed.result.SubjectType, 'persistent');
    assert.equal(assumed.result.Issuer, ISSUER);
    assert.equal(assumed.result.Audience, 'https://signin.aws.amazon.com/saml');
    const name = arn.split('/').at(-1);
    assert.equal(assumed.result.NameQualifier, createHash('sha1').update(`${ISSUER}${ACCOUNT}/${name}`).digest('base64'));
    assert.equal(assumed.result.CallerArn, `arn:aws:sts::${ACCOUNT}:assumed-role/${role.result.RoleName}/alice@example.com`);
    const exchange = assumed.events.find((e: any) => e.type === 'call' && e.operation === 'AssumeRoleWithSAML') as any;
    assert.equal(exchange.httpStatus, 200);
    assert.equal(exchange.signer, undefined, 'sent unsigned: no AWS credentials');

    const tampered = await refused(nb, 'tampered-refused', 'InvalidIdentityTokenException', 'Response signature invalid');
    const expired = await refused(nb, 'expired-refused', 'ExpiredTokenException', 'Response has expired');

    const state = stateOf(nb);
    const everything = JSON.stringify([signIn.events, assumed.events, tampered.events, expired.events]);
    for (const secret of [state.assertion!, state.oldAssertion!, state.session!.secretAccessKey, state.session!.sessionToken!]) {
      assert.ok(!everything.includes(secret), 'an assertion or secret in the stream');
    }
    assert.ok(!/PHNhbWxwOlJlc3BvbnNl|<samlp:Response|SignatureValue/.test(everything), 'part of an assertion in the stream');

    const delRole = await ok(nb, 'delete-role');
    assert.deepEqual(delRole.result.deleted, [role.result.Arn]);
    const delProvider = await ok(nb, 'delete-provider');
    assert.deepEqual(delProvider.result.deleted, [arn]);
    assert.equal(account(nb).samlProviders.size, 0);
    assert.deepEqual(ourRoles(nb), []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
    assert.deepEqual(nb.workshop.stateOf(LESSON), {});
  } finally {
    await nb.close();
  }
});

test('steps out of order are refused; the provider alone is torn down', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    for (const [step, needs] of [
      ['sign-in', /Create a role that trusts the SAML provider/],
      ['assume-role', /Sign in at the identity provider/],
      ['expired-refused', /Sign in at the identity provider/],
    ] as const) {
      const res = await run(nb, LESSON, step);
      assert.equal(res.status, 409, step);
      assert.match((await res.json()).error.message, needs);
    }
    await ok(nb, 'create-provider');
    const nothing = await ok(nb, 'delete-role');
    assert.deepEqual(nothing.result.deleted, []);
    await ok(nb, 'delete-provider');
    assert.equal(account(nb).samlProviders.size, 0);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
  } finally {
    await nb.close();
  }
});

test('on a real account the first step stops and says what the sandbox IdP stands in for', async () => {
  const ctx = { aws: { target: 'aws', config: () => ({ region: 'us-east-1', credentials: { accessKeyId: 'AKIA', secretAccessKey: 'x' } }) }, state: {} } as unknown as StepContext<SamlState>;
  await assert.rejects(lesson.step('create-provider').run(ctx), /On a real AWS account this notebook has no SAML identity provider/);
});
