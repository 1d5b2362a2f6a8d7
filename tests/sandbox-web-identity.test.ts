/**
 * Web identity federation against the real SDK v3 clients: IAM OpenID Connect providers (create,
 * get, list, client ids, thumbprints, tags, delete, with IAM's errors) and AssumeRoleWithWebIdentity
 * called with no credentials, as a CI runner calls it, exchanging a token from the sandbox's own
 * OIDC issuer (GitHub Actions' claims) for role credentials: success, a token for another branch
 * refused by the trust policy's `:sub` condition, another audience, an unknown issuer, a tampered
 * and an expired token, a missing role, and `aws:FederatedProvider` in the session's requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as iamSdk from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SANDBOX_ISSUER } from '../server/sandbox/idp/oidc-issuer.ts';
import { credsOf, fails, iamSandbox, ACCT } from './support/iam.ts';
import { anonymousSts, mintToken } from './support/identity.ts';

const { sandbox, iam } = await iamSandbox();
const sts = anonymousSts(sandbox);
const PROVIDER = `arn:aws:iam::${ACCT}:oidc-provider/sts-workshop.invalid/oidc`;
const MAIN = 'repo:acme/app:ref:refs/heads/main';
const DENIED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

const trust = {
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Principal: { Federated: PROVIDER },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'sts-workshop.invalid/oidc:aud': 'sts.amazonaws.com' }, StringLike: { 'sts-workshop.invalid/oidc:sub': 'repo:acme/app:ref:refs/heads/main' } },
  }],
};

await iam.send(new iamSdk.CreateOpenIDConnectProviderCommand({ Url: SANDBOX_ISSUER, ClientIDList: ['sts.amazonaws.com'], Tags: [{ Key: 'ci', Value: 'github' }] }));
await iam.send(new iamSdk.CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: JSON.stringify(trust) }));
await iam.send(new iamSdk.PutRolePolicyCommand({
  RoleName: 'deploy',
  PolicyName: 'list-roles-from-this-provider',
  PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:FederatedProvider': PROVIDER } } }] }),
}));

const assume = (token: string, role = 'deploy') =>
  sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/${role}`, RoleSessionName: 'ci-run-42', WebIdentityToken: token }));

test('a CI token for main is exchanged for role credentials, without any AWS credentials', async () => {
  const token = await mintToken(sandbox, { sub: MAIN, aud: 'sts.amazonaws.com', repository: 'acme/app' });
  const out = await assume(token);
  assert.equal(out.SubjectFromWebIdentityToken, MAIN);
  assert.equal(out.Audience, 'sts.amazonaws.com');
  assert.equal(out.Provider, PROVIDER);
  assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCT}:assumed-role/deploy/ci-run-42`);
  assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:ci-run-42$/);
  assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA/);
  const session = new STSClient(sandbox.config(credsOf(out)));
  const me = await session.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, `arn:aws:sts::${ACCT}:assumed-role/deploy/ci-run-42`);
  // The session's requests carry aws:FederatedProvider: the role's policy conditioned on it allows.
  const roles = await new iamSdk.IAMClient(sandbox.config(credsOf(out))).send(new iamSdk.ListRolesCommand({}));
  assert.ok(roles.Roles?.some((r) => r.RoleName === 'deploy'));
});

test("a token for another branch is refused by the trust policy's sub condition", async () => {
  const token = await mintToken(sandbox, { sub: 'repo:acme/app:ref:refs/heads/feature', aud: 'sts.amazonaws.com' });
  await fails(assume(token), 'AccessDenied', 403, DENIED);
});

test('a role that does not exist is refused alike', async () => {
  const token = await mintToken(sandbox, { sub: MAIN, aud: 'sts.amazonaws.com' });
  await fails(assume(token, 'nope'), 'AccessDenied', 403, DENIED);
});

test('a token for another audience is InvalidIdentityToken', async () => {
  const token = await mintToken(sandbox, { sub: MAIN, aud: 'sigstore' });
  await fails(assume(token), 'InvalidIdentityToken', 400, 'Incorrect token audience');
});

test('a token from an issuer with no provider in the account is InvalidIdentityToken', async () => {
  const token = await mintToken(sandbox, { sub: MAIN, aud: 'sts.amazonaws.com', iss: 'https://token.actions.githubusercontent.com' });
  await fails(assume(token), 'InvalidIdentityToken', 400, 'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com');
});

test('a tampered token fails its signature; a token that is no JWT fails too', async () => {
  const token = await mintToken(sandbox, { sub: 'repo:acme/app:ref:refs/heads/feature', aud: 'sts.amazonaws.com' });
  const [header, , signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ iss: SANDBOX_ISSUER, sub: MAIN, aud: 'sts.amazonaws.com', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
  const invalid = /^The web identity token that was passed could not be validated by AWS\./;
  await fails(assume(`${header}.${forged}.${signature}`), 'InvalidIdentityToken', 400, invalid);
  await fails(assume('not-a-jwt'), 'InvalidIdentityToken', 400, invalid);
});

test('an expired token is ExpiredTokenException, in epoch seconds', async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = await mintToken(sandbox, { sub: MAIN, aud: 'sts.amazonaws.com', iat: now - 7200, exp: now - 3600 });
  await fails(assume(token), 'ExpiredTokenException', 400, new RegExp(`^Token expired: current date/time \\d+ must be before the expiration date/time ${now - 3600}$`));
});

test('validation comes first, in AWS wording', async () => {
  await fails(
    sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/deploy`, RoleSessionName: 'x', WebIdentityToken: 'abcd' })),
    'ValidationError', 400, "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
  );
});

test('the sandbox issuer publishes its discovery document and JWKS', async () => {
  const discovery = await (await fetch(`${sandbox.url}/oidc/.well-known/openid-configuration`)).json();
  assert.equal(discovery.issuer, SANDBOX_ISSUER);
  const jwks = await (await fetch(discovery.jwks_uri)).json();
  assert.equal(jwks.keys[0].kty, 'RSA');
  assert.equal(jwks.keys[0].d, undefined, 'no private part');
});

test('OIDC providers: get, list, client ids, thumbprints, tags, delete, and their errors', async () => {
  const url = 'https://token.example.com/ci';
  const arn = `arn:aws:iam::${ACCT}:oidc-provider/token.example.com/ci`;
  const created = await iam.send(new iamSdk.CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['a'], ThumbprintList: ['0123456789abcdef0123456789abcdef01234567'] }));
  assert.equal(created.OpenIDConnectProviderArn, arn);
  await fails(iam.send(new iamSdk.CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['a'] })), 'EntityAlreadyExists', 409, `Provider with url ${url} already exists.`);
  await fails(iam.send(new iamSdk.CreateOpenIDConnectProviderCommand({ Url: 'http://token.example.com' })), 'InvalidInput', 400, /https:\/\//);
  await iam.send(new iamSdk.AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b' }));
  await iam.send(new iamSdk.AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b' }));
  await iam.send(new iamSdk.RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'a' }));
  await iam.send(new iamSdk.UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['ffffffffffffffffffffffffffffffffffffffff'] }));
  await iam.send(new iamSdk.TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'team', Value: 'ci' }] }));
  const got = await iam.send(new iamSdk.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  assert.equal(got.Url, 'token.example.com/ci');
  assert.deepEqual(got.ClientIDList, ['b']);
  assert.deepEqual(got.ThumbprintList, ['ffffffffffffffffffffffffffffffffffffffff']);
  assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'ci' }]);
  assert.ok(got.CreateDate instanceof Date);
  const tags = await iam.send(new iamSdk.ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }));
  assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'ci' }]);
  await iam.send(new iamSdk.UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['team'] }));
  const list = await iam.send(new iamSdk.ListOpenIDConnectProvidersCommand({}));
  assert.deepEqual(list.OpenIDConnectProviderList?.map((p) => p.Arn), [PROVIDER, arn].sort());
  await iam.send(new iamSdk.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  await fails(iam.send(new iamSdk.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntity', 404, `OpenIDConnect Provider not found for arn ${arn}`);
});

test('a deleted provider no longer vouches for its tokens', async () => {
  await iam.send(new iamSdk.CreateOpenIDConnectProviderCommand({ Url: 'https://short-lived.example', ClientIDList: ['x'] }));
  await iam.send(new iamSdk.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: `arn:aws:iam::${ACCT}:oidc-provider/short-lived.example` }));
  const token = await mintToken(sandbox, { sub: MAIN, aud: 'x', iss: 'https://short-lived.example' });
  await fails(assume(token), 'InvalidIdentityToken', 400, 'No OpenIDConnect provider found in your account for https://short-lived.example');
});
