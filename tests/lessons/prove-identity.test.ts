/**
 * Lesson "Prove who you are to someone else" through the runner, against the embedded sandbox:
 * the user's token (a presigned GetCallerIdentity in the EKS format, the verifier's name signed
 * in x-k8s-aws-id) verified with plain fetch and no credentials, learning the user's ARN; the
 * edited date and the replay to another server refused with STS's exact SignatureDoesNotMatch
 * message, a token signed 16 minutes ago with "Signature expired: …", a look-alike endpoint
 * refused by the verifier without a request; the token and its signature never in the stream;
 * the teardown leaves nothing. Also the verifier on its own: its checks refuse before sending.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson, { type ProveIdentityState } from '../../src/lessons/prove-identity/steps.ts';
import { identityToken, TOKEN_PREFIX } from '../../src/lessons/prove-identity/prover.ts';
import { tokenUrl, verifyIdentityToken } from '../../src/lessons/prove-identity/verifier.ts';
import { testNotebook } from '../support/notebook.ts';
import { stepChecks } from '../support/step-checks.ts';

const LESSON = 'prove-identity';
const { ok, refused } = stepChecks(LESSON);
const ACCOUNT = '123456789012';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

type Nb = Awaited<ReturnType<typeof testNotebook>>;

const stateOf = (nb: Nb) => nb.workshop.stateOf(LESSON) as ProveIdentityState;

test('the whole lesson: a token verified without credentials, then edited, replayed, expired and misdirected tokens refused', async () => {
  const nb = await testNotebook({ lessons: [lesson] });
  try {
    const user = await ok(nb, 'create-user');
    await ok(nb, 'create-access-key');

    const made = await ok(nb, 'make-token');
    assert.equal(made.events.filter((e) => e.type === 'call').length, 0, 'signing sends nothing');
    assert.equal(made.result.Endpoint, nb.sandbox!.url);
    assert.equal(made.result.SignedForServer, 'sts-workshop-verifier');
    assert.equal(made.result.Query.Action, 'GetCallerIdentity');
    assert.equal(made.result.Query['X-Amz-SignedHeaders'], 'host;x-k8s-aws-id');
    assert.equal(made.result.Query['X-Amz-Signature'], '(hidden)');
    assert.match(made.result.Query['X-Amz-Credential'], /^AKIA[A-Z2-7]{16}\/\d{8}\/us-east-1\/sts\/aws4_request$/);
    assert.match(made.result.Token, /^k8s-aws-v1\.… \(\d+ characters, hidden\)$/);
    const token = stateOf(nb).token!;
    assert.ok(token.startsWith(TOKEN_PREFIX));

    const verified = await ok(nb, 'verify-token');
    assert.equal(verified.result.Arn, user.result.Arn);
    assert.equal(verified.result.Account, ACCOUNT);
    assert.equal(verified.result.UserId, user.result.UserId);
    assert.equal(verified.result.AskedEndpoint, nb.sandbox!.url);
    // A second time: a token works any number of times within its 15 minutes.
    assert.equal((await ok(nb, 'verify-token')).result.Arn, user.result.Arn);

    await refused(nb, 'edited-date-refused', 'SignatureDoesNotMatch', MISMATCH);
    await refused(nb, 'other-server-refused', 'SignatureDoesNotMatch', MISMATCH);
    await refused(
      nb,
      'expired-refused',
      'SignatureDoesNotMatch',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
    await refused(nb, 'wrong-endpoint-refused', 'UntrustedEndpoint', 'https://sts.amazonaws.com.attacker.invalid is not an STS endpoint this verifier trusts; nothing was sent to it.');

    const signature = tokenUrl(token).searchParams.get('X-Amz-Signature')!;
    const stream = JSON.stringify(await Promise.all(['make-token', 'verify-token', 'edited-date-refused'].map(async (s) => (await nb.request(`/api/lessons/${LESSON}/steps/${s}/last-run`)).text())));
    for (const secret of [token, signature, stateOf(nb).userKey!.secretAccessKey]) {
      assert.ok(!JSON.stringify(made.events).includes(secret), 'a secret in the stream');
      assert.ok(!JSON.stringify(verified.events).includes(secret), 'a secret in the stream');
      assert.ok(!stream.includes(secret), 'a secret in a kept run');
    }

    const deleted = await ok(nb, 'delete-user');
    assert.deepEqual(deleted.result.deleted, [user.result.Arn]);
    const users = [...nb.sandbox!.state.store.accounts.get(ACCOUNT)!.users.values()].filter((u) => u.path.startsWith('/sts-workshop/'));
    assert.deepEqual(users, []);
    assert.deepEqual(await nb.workshop.ledgerFor(LESSON, 'x').outstanding(), []);
    assert.deepEqual(nb.workshop.stateOf(LESSON), {});

    // The key is gone, so the token it signed is refused too.
    const after = await verifyIdentityToken(token, { serverId: 'sts-workshop-verifier', trustedEndpoints: [nb.sandbox!.url] }).catch((e) => e);
    assert.equal(after.name, 'InvalidClientTokenId');
  } finally {
    await nb.close();
  }
});

test('the verifier refuses before sending: not a token, another action, no server name signed, a path or host of the prover’s choosing', async () => {
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const trusted = ['https://sts.amazonaws.com', 'https://sts.eu-west-1.amazonaws.com'];
  let sent = 0;
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async () => {
    sent++;
    return new Response('<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/x</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>');
  }) as typeof fetch;
  try {
    const token = await identityToken(credentials, { endpoint: 'https://sts.eu-west-1.amazonaws.com', region: 'eu-west-1', serverId: 'me' });
    const url = tokenUrl(token);
    assert.equal(url.origin, 'https://sts.eu-west-1.amazonaws.com');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '60');
    const pack = (u: URL) => TOKEN_PREFIX + Buffer.from(u.href).toString('base64url');
    const refusedWith = async (t: string, code: string) => {
      const error = await verifyIdentityToken(t, { serverId: 'me', trustedEndpoints: trusted }).catch((e) => e);
      assert.equal(error.name, code, error.message);
    };
    await refusedWith('Bearer abc', 'MalformedToken');
    const other = new URL(url);
    other.searchParams.set('Action', 'AssumeRole');
    await refusedWith(pack(other), 'WrongAction');
    const extra = new URL(url);
    extra.searchParams.set('RoleArn', 'arn:aws:iam::111122223333:role/x');
    await refusedWith(pack(extra), 'WrongAction');
    const unbound = new URL(url);
    unbound.searchParams.set('X-Amz-SignedHeaders', 'host');
    await refusedWith(pack(unbound), 'NotBoundToServer');
    const path = new URL(url);
    path.pathname = '/redirect';
    await refusedWith(pack(path), 'UntrustedEndpoint');
    for (const host of ['http://sts.amazonaws.com', 'https://sts.amazonaws.com:8443', 'https://sts.amazonaws.com.attacker.invalid', 'https://attacker.invalid']) {
      const moved = new URL(url.href.replace(url.origin, host));
      await refusedWith(pack(moved), 'UntrustedEndpoint');
    }
    assert.equal(sent, 0, 'nothing was sent for a refused token');
    assert.equal((await verifyIdentityToken(token, { serverId: 'me', trustedEndpoints: trusted })).Arn, 'arn:aws:iam::111122223333:user/x');
    assert.equal(sent, 1);
  } finally {
    globalThis.fetch = realFetch;
  }
});
