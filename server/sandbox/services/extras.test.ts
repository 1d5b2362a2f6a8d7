/**
 * The listener's dispatch by path (app.ts): `servedByExtras` says a request is the extras'
 * exactly when the extras' Hono app answers it, for every method and path tried (encoded,
 * trailing slash, other case, under and beside each route, signed in the header or the query),
 * so the unsigned routes and the AWS pipeline cannot drift apart. Over a socket, the extras and
 * the pipeline are tested in tests/sandbox-federation.test.ts, sandbox-core and the rest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../sandbox.ts';
import { createSandboxExtras, servedByExtras } from './extras.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'];
const PATHS = [
  '/',
  '/federation',
  '/federation/',
  '/Federation',
  '/%66ederation',
  '/federation?Action=getSigninToken',
  '/federation?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x',
  '/console',
  '/console/',
  '/console/s3/create-bucket',
  '/console/logout',
  '/console/x/y?z=1',
  '/consolex',
  '/console%2Fx',
  '/oidc',
  '/oidc/jwks',
  '/oidc/.well-known/openid-configuration',
  '/saml/metadata',
  '/saml/metadata/',
  '/bucket/key',
];
const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64);

test('servedByExtras is true exactly when the extras app answers', async () => {
  const { state } = createSandbox();
  const extras = createSandboxExtras(state);
  extras.notFound(() => new Response('not mine', { status: 599 }));
  let served = 0;
  for (const method of METHODS) {
    for (const path of PATHS) {
      for (const authorization of [undefined, SIGNED]) {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        const answered = (await extras.request(`http://localhost${path}`, { method, headers })).status !== 599;
        assert.equal(servedByExtras(extras, method, path, 'localhost', authorization), answered, `${method} ${path}${authorization ? ' (signed)' : ''}`);
        if (answered) served++;
      }
    }
  }
  assert.ok(served > 20, `the extras answered ${served} of the requests tried`);
});
