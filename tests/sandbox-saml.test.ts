/**
 * SAML federation against the real SDK v3 clients: IAM SAML providers (create from the sandbox
 * IdP's metadata, get, list, update, tags, delete, and their errors) and AssumeRoleWithSAML
 * called with no credentials: success (either order of the Role attribute's pair), the trust
 * policy's saml:sub condition refusing another subject, a tampered, an expired, a stale, a
 * wrongly addressed and a foreign assertion, a role the assertion does not grant, and a bad
 * RoleSessionName.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as iamSdk from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { credsOf, fails, iamSandbox, ACCT } from './support/iam.ts';
import { anonymousSts, mintAssertion } from './support/identity.ts';

const { sandbox, iam } = await iamSandbox();
const sts = anonymousSts(sandbox);
const metadata = await (await fetch(`${sandbox.url}/saml/metadata`)).text();
const PROVIDER = `arn:aws:iam::${ACCT}:saml-provider/corp-idp`;
const ROLE = `arn:aws:iam::${ACCT}:role/sso-admin`;
const DENIED = 'Not authorized to perform sts:AssumeRoleWithSAML';

await iam.send(new iamSdk.CreateSAMLProviderCommand({ Name: 'corp-idp', SAMLMetadataDocument: metadata }));
await iam.send(new iamSdk.CreateRoleCommand({
  RoleName: 'sso-admin',
  AssumeRolePolicyDocument: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: PROVIDER },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub_type': 'persistent' }, StringLike: { 'saml:sub': '*@example.com' } },
    }],
  }),
}));

const mint = (more: Record<string, string | string[]> = {}) =>
  mintAssertion(sandbox, { Subject: 'alice@example.com', Roles: [`${ROLE},${PROVIDER}`], RoleSessionName: 'alice', ...more });
const assume = (assertion: string, principal = PROVIDER) => sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: ROLE, PrincipalArn: principal, SAMLAssertion: assertion }));

test('a signed assertion is exchanged for role credentials, without any AWS credentials', async () => {
  const out = await assume(await mint());
  assert.equal(out.Subject, 'alice@example.com');
  assert.equal(out.SubjectType, 'persistent');
  assert.equal(out.Issuer, 'https://sts-workshop.invalid/saml');
  assert.equal(out.Audience, 'https://signin.aws.amazon.com/saml');
  assert.match(out.NameQualifier ?? '', /^[A-Za-z0-9+/]{27}=$/);
  assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCT}:assumed-role/sso-admin/alice`);
  const me = await new STSClient(sandbox.config(credsOf(out))).send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, `arn:aws:sts::${ACCT}:assumed-role/sso-admin/alice`);
  const remaining = out.Credentials!.Expiration!.getTime() - Date.now();
  assert.ok(remaining > 3500_000 && remaining <= 3600_000, 'one hour by default');
});

test('the Role attribute may name the provider first', async () => {
  const out = await assume(await mint({ Roles: [`${PROVIDER},${ROLE}`] }));
  assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCT}:assumed-role/sso-admin/alice`);
});

test("another subject is refused by the trust policy's saml:sub condition", async () => {
  await fails(assume(await mint({ Subject: 'mallory@elsewhere.example' })), 'AccessDenied', 403, DENIED);
  await fails(assume(await mint({ SubjectType: 'transient' })), 'AccessDenied', 403, DENIED);
});

test('a tampered assertion fails its signature', async () => {
  const xml = Buffer.from(await mint({ Subject: 'bob@elsewhere.example' }), 'base64').toString();
  const forged = Buffer.from(xml.replace('bob@elsewhere.example', 'alice@example.com')).toString('base64');
  await fails(assume(forged), 'InvalidIdentityToken', 400, 'Response signature invalid');
});

test('an expired assertion, and one older than five minutes, are ExpiredTokenException', async () => {
  await fails(assume(await mint({ IssuedOffsetSeconds: '-120', ExpiresInSeconds: '60' })), 'ExpiredTokenException', 400, 'Response has expired');
  await fails(assume(await mint({ IssuedOffsetSeconds: '-400', ExpiresInSeconds: '3600' })), 'ExpiredTokenException', 400, 'Token must be redeemed within 5 minutes of issuance');
});

test('an assertion for another audience, or a role it does not grant, is refused', async () => {
  await fails(assume(await mint({ Audience: 'https://elsewhere.example/saml' })), 'InvalidIdentityToken', 400, /^Audience restriction is not met/);
  await fails(assume(await mint({ Roles: [`arn:aws:iam::${ACCT}:role/other,${PROVIDER}`] })), 'IDPRejectedClaim', 403, /^The identity provider \(IdP\) reported that authentication failed/);
});

test('a RoleSessionName outside AWS’s pattern is InvalidIdentityToken', async () => {
  await fails(assume(await mint({ RoleSessionName: 'a b' })), 'InvalidIdentityToken', 400, 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
});

test('an assertion from an IdP other than the provider’s is refused', async () => {
  const foreign = metadata.replace('entityID="https://sts-workshop.invalid/saml"', 'entityID="https://idp.elsewhere.example"');
  await iam.send(new iamSdk.CreateSAMLProviderCommand({ Name: 'elsewhere', SAMLMetadataDocument: foreign }));
  await fails(assume(await mint(), `arn:aws:iam::${ACCT}:saml-provider/elsewhere`), 'InvalidIdentityToken', 400, 'Issuer not present in specified provider');
});

test('SAML providers: get, list, update, tags, delete, and their errors', async () => {
  const arn = `arn:aws:iam::${ACCT}:saml-provider/second`;
  const created = await iam.send(new iamSdk.CreateSAMLProviderCommand({ Name: 'second', SAMLMetadataDocument: metadata, Tags: [{ Key: 'team', Value: 'it' }] }));
  assert.equal(created.SAMLProviderArn, arn);
  await fails(iam.send(new iamSdk.CreateSAMLProviderCommand({ Name: 'second', SAMLMetadataDocument: metadata })), 'EntityAlreadyExists', 409, 'Provider with name second already exists.');
  await fails(iam.send(new iamSdk.CreateSAMLProviderCommand({ Name: 'broken', SAMLMetadataDocument: `<x>${' '.repeat(1000)}</x>` })), 'InvalidInput', 400, 'Could not parse metadata');
  const got = await iam.send(new iamSdk.GetSAMLProviderCommand({ SAMLProviderArn: arn }));
  assert.equal(got.SAMLMetadataDocument, metadata);
  assert.ok(got.ValidUntil! > got.CreateDate!);
  assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'it' }]);
  const updated = await iam.send(new iamSdk.UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: metadata.replace('<md:EntityDescriptor ', '<md:EntityDescriptor validUntil="2099-01-01T00:00:00Z" ') }));
  assert.equal(updated.SAMLProviderArn, arn);
  assert.equal((await iam.send(new iamSdk.GetSAMLProviderCommand({ SAMLProviderArn: arn }))).ValidUntil?.toISOString(), '2099-01-01T00:00:00.000Z');
  await iam.send(new iamSdk.UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['team'] }));
  assert.deepEqual((await iam.send(new iamSdk.ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags, []);
  const list = await iam.send(new iamSdk.ListSAMLProvidersCommand({}));
  assert.ok(list.SAMLProviderList?.some((p) => p.Arn === arn));
  await iam.send(new iamSdk.DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
  await fails(iam.send(new iamSdk.GetSAMLProviderCommand({ SAMLProviderArn: arn })), 'NoSuchEntity', 404, `Manifest not found for arn ${arn}`);
});

test('the sandbox IdP signs in to the caller’s own account only: an assertion for another account’s role is refused', async () => {
  const other = 'arn:aws:iam::210987654321:role/their-admin,arn:aws:iam::210987654321:saml-provider/their-idp';
  await assert.rejects(
    mintAssertion(sandbox, { Subject: 'mallory@example.com', Roles: [`${ROLE},${PROVIDER}`, other], RoleSessionName: 'mallory' }),
    /403 .*AccessDenied.*signs in to the caller's own account only, and arn:aws:iam::210987654321:role\/their-admin is in account 210987654321/s,
  );
});
