/**
 * The clean-up knows IAM's OIDC and SAML identity providers, which have no path: a provider
 * that carries the sts-workshop:run tag (what a crashed web-identity or saml-federation run
 * leaves) is found by GET /api/cleanup and removed by POST /api/cleanup; an untagged provider
 * (an account's own, GitHub Actions' say) is neither listed nor removed, even when a ledger
 * record names it; a record whose provider IAM never got is closed; and teardown's
 * deleteIdentityProvider refuses an untagged provider, saying so, and closes its record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
} from '@aws-sdk/client-iam';
import { deleteIdentityProvider } from '../src/lessons/shared/teardown.ts';
import { testNotebook } from './support/notebook.ts';

const ACCOUNT = '123456789012';
const TAGS = [{ Key: 'sts-workshop:run', Value: 'crashed' }];

type Nb = Awaited<ReturnType<typeof testNotebook>>;

function adminIam(nb: Nb) {
  const t = nb.target;
  return new IAMClient({ region: t.region, endpoint: t.endpoint, credentials: t.credentials as never });
}

async function providers(iam: IAMClient) {
  const oidc = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? [];
  const saml = (await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? [];
  return [...oidc, ...saml].map((p) => p.Arn).sort();
}

test('tagged identity providers are found and removed; an account’s own are left alone', async () => {
  const nb = await testNotebook();
  try {
    const iam = adminIam(nb);
    const ledger = nb.workshop.ledgerFor('web-identity', 'crashed');
    const metadata = await (await fetch(`${nb.target.endpoint}/saml/metadata`)).text();

    // What a run killed right after its create calls leaves: ledger intents and tagged providers.
    const ours = `arn:aws:iam::${ACCOUNT}:oidc-provider/sts-workshop.invalid/oidc`;
    await ledger.intend({ kind: 'oidc-provider', name: ours, arn: ours });
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://sts-workshop.invalid/oidc', ClientIDList: ['sts.amazonaws.com'], Tags: TAGS }));
    const samlArn = `arn:aws:iam::${ACCOUNT}:saml-provider/stsw-crashed-idp`;
    await iam.send(new CreateSAMLProviderCommand({ Name: 'stsw-crashed-idp', SAMLMetadataDocument: metadata, Tags: TAGS }));
    // The account's own provider, untagged; a ledger record names it (a create that found it there).
    const theirs = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }));
    await ledger.intend({ kind: 'oidc-provider', name: theirs, arn: theirs });
    // A create that never reached IAM.
    const never = `arn:aws:iam::${ACCOUNT}:saml-provider/stsw-crashed-never`;
    await ledger.intend({ kind: 'saml-provider', name: never, arn: never });

    const look = await (await nb.request('/api/cleanup')).json();
    const found = look.leftovers.map((l: { kind: string; name: string; source: string }) => `${l.kind} ${l.name} ${l.source}`).sort();
    assert.deepEqual(found, [`oidc-provider ${ours} both`, `saml-provider ${samlArn} iam`]);

    const swept = await nb.request('/api/cleanup', { method: 'POST', body: '{}' });
    assert.equal(swept.status, 200, await swept.clone().text());
    const result = await swept.json();
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.remaining, []);
    assert.deepEqual(await providers(iam), [theirs], 'only the account’s own provider is left');
    const outstanding = (await ledger.outstanding()).map((r) => r.name);
    assert.deepEqual(outstanding, [theirs], 'the never-created record is closed; the untagged one is kept, as for a user or role');

    // Removing the record that names the untagged provider deletes nothing, says why and closes it.
    await assert.rejects(deleteIdentityProvider(iam, ledger, 'oidc-provider', theirs), /has no sts-workshop:run tag, so it is not the workshop's: left alone/);
    assert.deepEqual(await providers(iam), [theirs]);
    assert.deepEqual(await ledger.outstanding(), []);
  } finally {
    await nb.close();
  }
});
