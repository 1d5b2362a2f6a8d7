/**
 * IAM OpenID Connect providers, the entities web identity federation trusts: Create (the issuer
 * URL, which must begin with https://, its client ids and optional thumbprints; the ARN is
 * `arn:aws:iam::ACCT:oidc-provider/<url without https://>`), Get (the URL without its scheme,
 * as IAM answers), List, Delete, UpdateOpenIDConnectProviderThumbprint, Add/RemoveClientID, and
 * the tag operations, with the model's validation and IAM's limits (100 client ids, 5
 * thumbprints, 100 providers per account). Each is authorized on the provider's ARN.
 * AssumeRoleWithWebIdentity finds providers here by the token's `iss`.
 */
import { entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check, length, required, type Clause } from '../../protocol/validate.ts';
import type { Account, OidcProvider } from '../../store.ts';
import { queryOperation, type Access, type Call } from '../operation.ts';
import { arnClauses } from './names.ts';
import { tagOperations } from './tag-operations.ts';
import { readTags, rejectDuplicateKeys, tagContext, tagOnCreate, tagsOutput } from './tags.ts';

export const EXAMPLE_OIDC_PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/sts-workshop.invalid/oidc';
const MAX_CLIENT_IDS = 100;
const MAX_THUMBPRINTS = 5;
const MAX_PROVIDERS = 100;

export function oidcProviderArn(accountId: string, url: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${url.replace(/^https:\/\//i, '')}`;
}

// AWS's exact NoSuchEntity wording for a missing OIDC provider could not be confirmed.
function providerNotFound(arn: string) {
  return noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
}

function existingProvider(account: Account, arn: string): OidcProvider {
  const provider = account.oidcProviders.get(arn);
  if (!provider) throw providerNotFound(arn);
  return provider;
}

const clientIdClauses = (ids: string[], field: string): Clause[] => ids.map((id, i) => length(id, `${field}.${i + 1}.member`, 1, 255));
const thumbprintClauses = (prints: string[], field: string): Clause[] => prints.map((t, i) => length(t, `${field}.${i + 1}.member`, 40, 40));

function checkThumbprints(prints: string[]): void {
  // InvalidInput for more than five is what AWS documents as the limit; its exact text is unconfirmed.
  if (prints.length > MAX_THUMBPRINTS) throw invalidInput(`Thumbprint list must contain fewer than ${MAX_THUMBPRINTS + 1} entries.`);
  if (prints.some((t) => !/^[0-9a-fA-F]{40}$/.test(t))) throw invalidInput('Thumbprint must be 40 hexadecimal characters.'); // unconfirmed wording
}

/** The provider named by `OpenIDConnectProviderArn`, authorized on that ARN. */
function byArn(params: QueryParams, more: Clause[] = []): { arn: string } {
  const arn = params.get('OpenIDConnectProviderArn');
  check(...arnClauses(arn, 'openIDConnectProviderArn'), ...more);
  return { arn: arn! };
}
const onProvider = (action: string): Access<{ arn: string }> => ({ action, resource: ({ arn }) => arn });

export const createOpenIdConnectProvider = queryOperation({
  input(params) {
    const url = params.get('Url');
    const clientIds = params.strings('ClientIDList');
    const thumbprints = params.strings('ThumbprintList');
    const { tags, clauses } = readTags(params);
    check(required(url, 'url'), length(url, 'url', 1, 255), ...clientIdClauses(clientIds, 'clientIDList'), ...thumbprintClauses(thumbprints, 'thumbprintList'), ...clauses);
    return { url: url!, clientIds, thumbprints, tags };
  },
  access: {
    action: 'iam:CreateOpenIDConnectProvider',
    resource: ({ url }, { principal }) => oidcProviderArn(principal.account.id, url),
    context: ({ tags }) => tagContext(tags),
    alsoRequires: tagOnCreate('iam:TagOpenIDConnectProvider'),
  },
  invoke({ url, clientIds, thumbprints, tags }, { state, principal }) {
    const account = principal.account;
    // IAM insists on an https issuer; the exact InvalidInput text is unconfirmed.
    if (!/^https:\/\/[^/?#\s]+/i.test(url)) throw invalidInput('Invalid URL: the OpenID Connect provider URL must begin with https://');
    checkThumbprints(thumbprints);
    if (clientIds.length > MAX_CLIENT_IDS) throw limitExceeded('Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100'); // unconfirmed wording
    rejectDuplicateKeys(tags);
    const arn = oidcProviderArn(account.id, url);
    // AWS's wording, seen in public reports (terraform EntityAlreadyExists errors).
    if (account.oidcProviders.has(arn)) throw entityAlreadyExists(`Provider with url ${url} already exists.`);
    if (account.oidcProviders.size >= MAX_PROVIDERS) throw limitExceeded('Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100'); // AWS's text and 409, as eksctl's CI logs show them (kubernetes-sigs/secrets-store-csi-driver#634)
    account.oidcProviders.set(arn, { arn, url, clientIds: [...new Set(clientIds)], thumbprints, createDate: new Date(state.clock.now()), tags });
    return { OpenIDConnectProviderArn: arn, Tags: tagsOutput(tags) };
  },
  example: { Url: 'https://token.example.com', ClientIDList: ['sts.amazonaws.com'] },
});

export const getOpenIdConnectProvider = queryOperation({
  input: (params) => byArn(params),
  access: onProvider('iam:GetOpenIDConnectProvider'),
  invoke({ arn }, { principal }) {
    const p = existingProvider(principal.account, arn);
    return { Url: p.url.replace(/^https:\/\//i, ''), ClientIDList: p.clientIds, ThumbprintList: p.thumbprints, CreateDate: p.createDate, Tags: tagsOutput(p.tags) };
  },
  example: { OpenIDConnectProviderArn: EXAMPLE_OIDC_PROVIDER },
});

export const listOpenIdConnectProviders = queryOperation({
  input: () => ({}),
  access: { action: 'iam:ListOpenIDConnectProviders', resource: () => '*' },
  invoke: (_input, { principal }) => ({
    OpenIDConnectProviderList: [...principal.account.oidcProviders.keys()].sort().map((Arn) => ({ Arn })),
  }),
  example: {},
});

export const deleteOpenIdConnectProvider = queryOperation({
  input: (params) => byArn(params),
  access: onProvider('iam:DeleteOpenIDConnectProvider'),
  invoke({ arn }, { principal }) {
    existingProvider(principal.account, arn);
    principal.account.oidcProviders.delete(arn);
    return undefined;
  },
  example: { OpenIDConnectProviderArn: EXAMPLE_OIDC_PROVIDER },
});

export const updateOpenIdConnectProviderThumbprint = queryOperation({
  input(params) {
    const thumbprints = params.strings('ThumbprintList');
    return { ...byArn(params, [thumbprints.length === 0 ? required(undefined, 'thumbprintList') : undefined, ...thumbprintClauses(thumbprints, 'thumbprintList')]), thumbprints };
  },
  access: onProvider('iam:UpdateOpenIDConnectProviderThumbprint'),
  invoke({ arn, thumbprints }, { principal }) {
    const provider = existingProvider(principal.account, arn);
    checkThumbprints(thumbprints);
    provider.thumbprints = thumbprints;
    return undefined;
  },
  example: { OpenIDConnectProviderArn: EXAMPLE_OIDC_PROVIDER, ThumbprintList: ['0123456789abcdef0123456789abcdef01234567'] },
});

function clientIdOperation(verb: 'Add' | 'Remove', apply: (provider: OidcProvider, clientId: string) => void) {
  return queryOperation({
    input(params) {
      const clientId = params.get('ClientID');
      return { ...byArn(params, [required(clientId, 'clientID'), length(clientId, 'clientID', 1, 255)]), clientId: clientId! };
    },
    access: onProvider(verb === 'Add' ? 'iam:AddClientIDToOpenIDConnectProvider' : 'iam:RemoveClientIDFromOpenIDConnectProvider'),
    invoke({ arn, clientId }, { principal }) {
      apply(existingProvider(principal.account, arn), clientId);
      return undefined;
    },
    example: { OpenIDConnectProviderArn: EXAMPLE_OIDC_PROVIDER, ClientID: 'example-client' },
  });
}

/** Adding a client id already there changes nothing, as in IAM. */
export const addClientIdToOpenIdConnectProvider = clientIdOperation('Add', (provider, clientId) => {
  if (provider.clientIds.includes(clientId)) return;
  if (provider.clientIds.length >= MAX_CLIENT_IDS) throw limitExceeded('Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100'); // unconfirmed wording
  provider.clientIds.push(clientId);
});

/** Removing a client id that is not there changes nothing, as in IAM. */
export const removeClientIdFromOpenIdConnectProvider = clientIdOperation('Remove', (provider, clientId) => {
  provider.clientIds = provider.clientIds.filter((id) => id !== clientId);
});

const tagOps = tagOperations({
  verb: 'OpenIDConnectProvider',
  idParam: 'OpenIDConnectProviderArn',
  idClauses: (arn) => arnClauses(arn, 'openIDConnectProviderArn'),
  resource: (arn) => arn,
  find: (arn, call: Call) => existingProvider(call.principal.account, arn),
  example: EXAMPLE_OIDC_PROVIDER,
});
export const tagOpenIdConnectProvider = tagOps.tag;
export const untagOpenIdConnectProvider = tagOps.untag;
export const listOpenIdConnectProviderTags = tagOps.listTags;

/** The table entries, for services/iam/index.ts. */
export const OIDC_PROVIDER_OPERATIONS = {
  CreateOpenIDConnectProvider: createOpenIdConnectProvider,
  GetOpenIDConnectProvider: getOpenIdConnectProvider,
  ListOpenIDConnectProviders: listOpenIdConnectProviders,
  DeleteOpenIDConnectProvider: deleteOpenIdConnectProvider,
  UpdateOpenIDConnectProviderThumbprint: updateOpenIdConnectProviderThumbprint,
  AddClientIDToOpenIDConnectProvider: addClientIdToOpenIdConnectProvider,
  RemoveClientIDFromOpenIDConnectProvider: removeClientIdFromOpenIdConnectProvider,
  TagOpenIDConnectProvider: tagOpenIdConnectProvider,
  UntagOpenIDConnectProvider: untagOpenIdConnectProvider,
  ListOpenIDConnectProviderTags: listOpenIdConnectProviderTags,
};
